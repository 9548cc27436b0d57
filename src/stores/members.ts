/**
 * Member stores: the cards `<kith-badge>` shows (every card asking in the same task shares one
 * `members` read of up to 100 ids, inside the page's one batched read), a member's profile (read on
 * demand), leaderboards, and a member's own data (export, erasure).
 *
 * Reputation and badges change with other people's writes: after every successful write of a session
 * (`recordWrite`, the stores' one choke point for writes), the cards, profiles and leaderboards that
 * have a subscriber, in every session on the same adapter, are read again in one batched read; what
 * did not change keeps its object, and a card or profile that gained badges tells `onBadgeAwarded`.
 * The hook is registered when the first of these stores is made, so pages without member elements
 * never load this module.
 */
import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { MembersAdapter } from '../core/adapter.js';
import { UnsupportedError, toKithError, type KithError } from '../core/errors.js';
import type {
  Badge,
  LeaderboardEntry,
  LeaderboardPeriod,
  MemberCard,
  MemberExport,
  MemberProfile,
} from '../core/types.js';
import { batchedRead, type Merge } from './batch.js';
import { onWrite } from './cache.js';
import type { Session } from './session.js';

export interface MemberCardState {
  status: 'loading' | 'ready' | 'error';
  /** `null` when ready: no such member (never took part, or erased). */
  card: MemberCard | null;
  error: KithError | null;
}

export interface MemberProfileState {
  status: 'loading' | 'ready' | 'error';
  profile: MemberProfile | null;
  error: KithError | null;
}

export interface LeaderboardState {
  status: 'loading' | 'ready' | 'error';
  entries: LeaderboardEntry[];
  error: KithError | null;
}

export interface LeaderboardQuery {
  period: LeaderboardPeriod;
  topic?: string;
  board?: string;
  limit: number;
}

export interface BadgeAwardedEvent {
  session: Session;
  memberId: string;
  /** The badges the member did not have (of a card: those new among its top badges). */
  badges: Badge[];
}

/** One cached read. */
interface Entry<S extends { status: string; error: KithError | null }> {
  session: Session;
  store: WritableAtom<S>;
  /** Reads and shows the result. */
  fetch(): Promise<void>;
  /** The read on its way, which a reload joins. */
  running: Promise<void> | null;
  /** Missed a refresh while nobody was subscribed: reads again when next asked for. */
  stale: boolean;
}

type CardEntry = Entry<MemberCardState>;
type ProfileEntry = Entry<MemberProfileState>;
type BoardEntry = Entry<LeaderboardState>;

const cards = new Map<string, CardEntry>();
const profiles = new Map<string, ProfileEntry>();
const boards = new Map<string, BoardEntry>();

/** Ids per `members` request (the adapter's limit). */
const IDS_PER_READ = 100;

/** Every card's member in one request (up to 100), each card picking its own. */
const mergeMembers: Merge<'members'> = {
  merge(into, add) {
    const ids = [...new Set([...into.ids, ...add.ids])];
    return ids.length <= IDS_PER_READ ? { kind: 'members', ids } : null;
  },
  pick: (data, own) => data.filter((card) => own.ids.includes(card.id)),
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function reread<S extends { status: string; error: KithError | null }>(
  entry: Entry<S>,
): Promise<void> {
  entry.stale = false;
  const run = entry.fetch().finally(() => {
    if (entry.running === run) entry.running = null;
  });
  return (entry.running = run);
}

/**
 * Shows a read's outcome: a result equal to what is shown keeps its object; a failed re-read keeps
 * what is shown (the next refresh tries again).
 */
async function settle<S extends { status: string; error: KithError | null }>(
  store: WritableAtom<S>,
  read: Promise<Omit<S, 'status' | 'error'>>,
  failed: Omit<S, 'status' | 'error'>,
): Promise<{ before: S; after: S } | null> {
  const before = store.get();
  try {
    const data = await read;
    const after = { ...data, status: 'ready', error: null } as unknown as S;
    if (before.status === 'ready' && same(before, after)) return null;
    store.set(after);
    return { before, after };
  } catch (error) {
    if (before.status !== 'ready')
      store.set({ ...failed, status: 'error', error: toKithError(error) } as unknown as S);
    return null;
  }
}

/** The cached entry, made (and read) on first use; read again when stale or failed. */
function cachedEntry<S extends { status: string; error: KithError | null }>(
  entries: Map<string, Entry<S>>,
  key: string,
  session: Session,
  loading: S,
  fetch: (entry: Entry<S>) => Promise<void>,
): Entry<S> {
  hookWrites();
  let entry = entries.get(key);
  if (!entry) {
    const created: Entry<S> = {
      session,
      store: atom(loading),
      fetch: () => fetch(created),
      running: null,
      stale: false,
    };
    entries.set(key, (entry = created));
    void reread(entry);
  } else if (!entry.running && (entry.stale || entry.store.get().status === 'error')) {
    if (entry.store.get().status === 'error') entry.store.set(loading);
    void reread(entry);
  }
  return entry;
}

// ---- badges awarded -----------------------------------------------------------------------------

const badgeListeners = new Set<(e: BadgeAwardedEvent) => void>();
/** Badge count last seen per session and member: an award is told once, by a card or a profile. */
const badgeCounts = new Map<string, number>();

/**
 * Listens for badges a refresh shows a member to have gained (once per member and change); returns
 * the function that stops listening.
 */
export function onBadgeAwarded(listener: (e: BadgeAwardedEvent) => void): () => void {
  badgeListeners.add(listener);
  return () => void badgeListeners.delete(listener);
}

function noticeBadges(
  session: Session,
  before: { badgeCount: number; slugs: string[] } | null,
  after: { id: string; badgeCount: number; badges: Badge[] },
): void {
  const key = `${session.key}|${after.id}`;
  const seen = badgeCounts.get(key);
  badgeCounts.set(key, Math.max(seen ?? 0, after.badgeCount));
  if (seen === undefined || after.badgeCount <= seen || !before) return;
  const event = {
    session,
    memberId: after.id,
    badges: after.badges.filter((b) => !before.slugs.includes(b.slug)),
  };
  for (const listener of [...badgeListeners]) {
    try {
      listener(event);
    } catch (error) {
      console.error(error);
    }
  }
}

// ---- cards, profiles, leaderboards --------------------------------------------------------------

/**
 * A member's card. Every card asked for in the same task shares one `members` read (100 ids per
 * request); an unknown member is `ready` with `card: null`.
 */
export function memberCard(session: Session, id: string): ReadableAtom<MemberCardState> {
  const loading: MemberCardState = { status: 'loading', card: null, error: null };
  return cachedEntry(cards, `${session.key}|${id}`, session, loading, async (entry) => {
    const changed = await settle(
      entry.store,
      batchedRead(session, { kind: 'members', ids: [id] }, mergeMembers).then(([card]) => ({
        card: card ?? null,
      })),
      { card: null },
    );
    const card = changed?.after.card;
    if (!card) return;
    const old = changed.before.status === 'ready' ? changed.before.card : null;
    noticeBadges(
      session,
      old && { badgeCount: old.badgeCount, slugs: old.topBadges.map((b) => b.slug) },
      { id: card.id, badgeCount: card.badgeCount, badges: card.topBadges },
    );
  }).store;
}

/** A member's profile (every badge, tie strength, recent contributions), read when first asked for. */
export function memberProfile(session: Session, id: string): ReadableAtom<MemberProfileState> {
  return profileEntry(session, id).store;
}

function profileEntry(session: Session, id: string): ProfileEntry {
  const loading: MemberProfileState = { status: 'loading', profile: null, error: null };
  return cachedEntry(profiles, `${session.key}|${id}`, session, loading, async (entry) => {
    const changed = await settle(
      entry.store,
      batchedRead(session, { kind: 'member', memberId: id }).then((profile) => ({ profile })),
      { profile: null },
    );
    const profile = changed?.after.profile;
    if (!profile) return;
    const old = changed.before.status === 'ready' ? changed.before.profile : null;
    noticeBadges(
      session,
      old && { badgeCount: old.badgeCount, slugs: old.badges.map((a) => a.badge.slug) },
      {
        id: profile.id,
        badgeCount: profile.badgeCount,
        badges: profile.badges.map((a) => a.badge),
      },
    );
  });
}

/**
 * Reads a member's profile again (the retry of its error state; a shown profile stays until the new
 * one is there). Joins a read already on its way.
 */
export function reloadMemberProfile(session: Session, id: string): Promise<void> {
  const existed = profiles.has(`${session.key}|${id}`);
  const entry = profileEntry(session, id);
  if (!existed || entry.running) return entry.running ?? Promise.resolve();
  return reread(entry);
}

/** A leaderboard: members by points in the period (staff are not ranked). */
export function leaderboard(session: Session, q: LeaderboardQuery): ReadableAtom<LeaderboardState> {
  const request = {
    kind: 'leaderboard' as const,
    period: q.period,
    ...(q.topic && { topic: q.topic }),
    ...(q.board && { board: q.board }),
    limit: q.limit,
  };
  const loading: LeaderboardState = { status: 'loading', entries: [], error: null };
  const key = `${session.key}|${JSON.stringify(request)}`;
  return cachedEntry(boards, key, session, loading, async (entry) => {
    await settle(
      entry.store,
      batchedRead(session, request).then((entries) => ({ entries })),
      { entries: [] },
    );
  }).store;
}

/**
 * Reads every card, profile and leaderboard of the session that has a subscriber again, in one
 * batched read; the others read again when next asked for.
 */
export function refreshMembers(session: Session): void {
  for (const entries of [cards, profiles, boards] as Map<string, Entry<never>>[]) {
    for (const entry of entries.values()) {
      if (entry.session.key !== session.key) continue;
      if (entry.store.lc > 0) void reread(entry);
      else entry.stale = true;
    }
  }
}

// ---- after writes -------------------------------------------------------------------------------

let hooked = false;
/** The sessions that wrote in this task. */
let writers: Set<Session> | null = null;

/** After a write settles, every session on the writer's adapter refreshes (once per task). */
function afterWrite(session: Session): void {
  if (!writers) {
    const wrote = (writers = new Set());
    setTimeout(() => {
      writers = null;
      const sessions = new Map<string, Session>();
      for (const entries of [cards, profiles, boards] as Map<string, Entry<never>>[]) {
        for (const { session: s } of entries.values()) {
          if ([...wrote].some((w) => w.adapter === s.adapter)) sessions.set(s.key, s);
        }
      }
      for (const s of sessions.values()) refreshMembers(s);
    }, 0);
  }
  writers.add(session);
}

function hookWrites(): void {
  if (!hooked) hooked = !!onWrite(afterWrite);
}

// ---- own data -----------------------------------------------------------------------------------

function membersOf(session: Session): MembersAdapter {
  const members = session.adapter.members;
  if (!members) throw new UnsupportedError('members');
  return members;
}

/** Everything stored about the signed-in member. */
export async function exportMine(session: Session): Promise<MemberExport> {
  return membersOf(session).exportMine({ token: session.token });
}

/**
 * Erases a member (the signed-in member themself, or anyone for staff): their posts stay, shown as
 * from "a former member". The member stores read again; lists showing their posts show the new name
 * when next read.
 */
export async function eraseMember(session: Session, memberId: string): Promise<void> {
  await membersOf(session).erase(
    { memberId },
    { token: session.token, idempotencyKey: globalThis.crypto.randomUUID() },
  );
  afterWrite(session);
}
