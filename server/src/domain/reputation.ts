/**
 * Reputation, badges and trust levels, kept in every write's transaction (`performWrite` calls
 * {@link reconcileWrite} after the write ran).
 *
 * The ledger is state-based: for each post the write's community events touched, the points each
 * (member, reason, cause) SHOULD hold are derived from the post as the write left it (its votes, its
 * acceptance, its status, its visibility: a post that is not visible holds none), compared with the
 * ledger's sum for that key, and the difference is appended (and added to `members.reputation`). So a
 * withdrawn or changed vote, a moved acceptance, a status changed back, a hidden post each write the
 * reversing entry, and a retry or a repeated event writes nothing.
 *
 * Concurrency: reconciling a post first locks its row (`FOR NO KEY UPDATE`), and every write that
 * changes what a post's points follow from holds that lock, or one it takes before, until COMMIT:
 * a vote's count update locks the voted post; an acceptance locks the question, then (here) the
 * answers gaining and losing the mark; a status change or an idea vote locks the idea; a merge locks
 * both ideas; moderation locks the post. Under READ COMMITTED each statement after the lock sees every
 * earlier reconciliation of the post committed, so two reconciliations never write the same difference.
 * Posts are locked in one order (type, then id).
 *
 * Member rows are locked last, in order of id: at the end of every write, each member it concerns (the
 * actor, the authors of the posts touched, whoever gained or lost points or was flagged) has their
 * reputation changed (and the actor their `last_seen_at`) in one row update each. A write holds no
 * member row while it waits for a post (`upsertMember` takes an advisory lock, not the row), so these
 * locks cannot form a cycle. Trust levels and badges follow in a short transaction of its own after
 * COMMIT ({@link refreshMembers}, called by `performWrite`): it locks the members' rows (in order of id)
 * and reads their metrics from everything committed, while no post is locked; a vote is reconciled for
 * its voter's entries only, so a vote on a busy post reads neither all its votes nor all its ledger.
 */
import {
  DEFAULT_BADGES,
  DEFAULT_POINTS,
  DEFAULT_TRUST_LEVELS,
  PLANNED_STATUSES,
  badgeRules,
  badgesEarned,
  trustLevelOf,
  type ReputationReason,
  type TrustThreshold,
} from '../../../src/core/reputation.js';
import type { Badge, BadgeRule, TrustLevel } from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import { collectedEvents, insertEvent } from '../db/events.js';
import { touchMember } from '../db/members.js';
import * as repDb from '../db/reputation.js';
import type { SiteRow } from '../db/sites.js';

// ---- settings ------------------------------------------------------------------------------------------

/** Points per reason: the site's `reputation` settings over the defaults. */
export function pointsOf(site: SiteRow): Record<ReputationReason, number> {
  const stored = (site.settings.reputation ?? {}) as Partial<Record<ReputationReason, number>>;
  const points = { ...DEFAULT_POINTS };
  for (const reason of Object.keys(points) as ReputationReason[]) {
    const value = stored[reason];
    if (typeof value === 'number' && Number.isInteger(value)) points[reason] = value;
  }
  return points;
}

/** Badge rules: the site's `badges` over the defaults (a `threshold: 0` removes one). */
export function badgeRulesOf(site: SiteRow): BadgeRule[] {
  return badgeRules(site.settings.badges as BadgeRule[] | undefined);
}

/** Trust levels: the site's `trustLevels` (per level, per figure) over the defaults. */
export function trustLevelsOf(site: SiteRow): Record<1 | 2 | 3 | 4, TrustThreshold> {
  const stored = (site.settings.trustLevels ?? {}) as Partial<
    Record<string, Partial<TrustThreshold>>
  >;
  const levels = { ...DEFAULT_TRUST_LEVELS };
  for (const n of [1, 2, 3, 4] as const) levels[n] = { ...levels[n], ...stored[String(n)] };
  return levels;
}

/** What a badge is called on this site (a removed rule keeps its default's or its slug's name). */
export function badgeOf(site: SiteRow, slug: string, tier: Badge['tier']): Badge {
  const all = [...DEFAULT_BADGES, ...((site.settings.badges as BadgeRule[] | undefined) ?? [])];
  const rule = all.reverse().find((r) => r.slug === slug);
  return {
    slug,
    name: rule?.name ?? slug,
    description: rule?.description ?? '',
    tier,
  };
}

// ---- the points a post should hold ---------------------------------------------------------------------

export interface DesiredEntry extends repDb.LedgerKey {
  points: number;
}

/** The points each (member, reason, cause) should hold for the post, from its facts (pure). */
export function desiredPoints(
  type: repDb.ScoredType,
  facts: repDb.PostFacts,
  points: Readonly<Record<ReputationReason, number>>,
): DesiredEntry[] {
  if (!facts.visible || facts.merged) return [];
  const out: DesiredEntry[] = [];
  const add = (member: string, reason: ReputationReason, causeActor: string | null) => {
    if (points[reason] !== 0) out.push({ member, reason, causeActor, points: points[reason] });
  };
  const author = facts.author;
  for (const vote of facts.votes) {
    if (vote.member === author) continue;
    if (type === 'question' || type === 'answer') {
      add(author, `${type}.${vote.value === 1 ? 'upvoted' : 'downvoted'}`, vote.member);
    } else if (vote.value === 1) {
      add(author, type === 'review' ? 'review.helpful' : 'idea.upvoted', vote.member);
    }
  }
  if (type === 'answer' && facts.accepted && facts.asker !== null) {
    add(author, 'answer.accepted', facts.asker);
    if (facts.asker !== author) add(facts.asker, 'accept.given', facts.asker);
  }
  if (type === 'idea' && facts.status !== null) {
    if (PLANNED_STATUSES.includes(facts.status)) add(author, 'idea.planned', null);
    if (facts.status === 'done') add(author, 'idea.done', null);
  }
  return out;
}

const keyOf = (k: repDb.LedgerKey) => JSON.stringify([k.member, k.reason, k.causeActor]);

/**
 * Brings the post's ledger to what its current state earns (the caller holds the post's lock, see
 * above); returns the author and each member's change of points.
 */
export async function reconcilePost(
  tx: Queryable,
  site: SiteRow,
  post: repDb.PostRef,
  sourceEvent: string | null,
  at: string | null = null,
  /**
   * Only the keys this member causes: after their vote, the only change (a post with many votes is not
   * read whole for each one). Both sides are limited alike, so the difference is the same.
   */
  cause?: string,
): Promise<{ author: string | null; deltas: Map<string, number> }> {
  const deltas = new Map<string, number>();
  const facts = await repDb.postFacts(tx, site.id, post, cause);
  const desired = (facts ? desiredPoints(post.type, facts, pointsOf(site)) : []).filter(
    (e) => cause === undefined || e.causeActor === cause,
  );
  // Per key: what it should hold minus what the ledger holds.
  const diff = new Map<string, DesiredEntry>();
  const held = await repDb.ledgerOfPost(tx, site.id, post, cause);
  // Held keys first (in the order they were first written), so that a reversal precedes what replaces it.
  for (const [entry, sign] of [
    ...held.map((e) => [e, -1] as const),
    ...desired.map((e) => [e, 1] as const),
  ]) {
    const key = keyOf(entry);
    const before = diff.get(key);
    diff.set(key, { ...entry, points: (before?.points ?? 0) + sign * entry.points });
  }
  const entries: repDb.LedgerEntry[] = [];
  for (const entry of diff.values()) {
    if (entry.points === 0) continue;
    entries.push({
      ...entry,
      targetType: post.type,
      targetId: post.id,
      sourceEvent,
      scope: facts?.scope ?? null,
    });
    deltas.set(entry.member, (deltas.get(entry.member) ?? 0) + entry.points);
  }
  await repDb.insertEntries(tx, site.id, entries, at);
  return { author: facts?.author ?? null, deltas };
}

// ---- trust levels and badges -----------------------------------------------------------------------------

/** Staff and moderators are always trusted; everyone else earns their level. */
export function trustLevelFor(
  site: SiteRow,
  state: Pick<repDb.MemberState, 'roles' | 'metrics'>,
): TrustLevel {
  if (state.roles.includes('staff') || state.roles.includes('moderator')) return 4;
  return trustLevelOf(state.metrics, trustLevelsOf(site));
}

/**
 * Recomputes the members' trust levels (stored when changed) and awards the badges they earned and do
 * not hold yet, each with a `badge.awarded` event.
 */
export async function refreshMembers(
  tx: Queryable,
  site: SiteRow,
  members: Iterable<string>,
  sourceEvent: string | null,
): Promise<void> {
  const ids = [...new Set(members)].sort();
  // Two refreshes of one member take turns (in order of id, so they cannot deadlock), each reading
  // every write committed before it.
  await repDb.lockMembers(tx, site.id, ids);
  const states = await repDb.memberStates(tx, site.id, ids);
  const rules = badgeRulesOf(site);
  for (const state of states) {
    const level = trustLevelFor(site, state);
    if (level !== state.trustLevel) await repDb.setTrustLevel(tx, site.id, state.id, level);
    for (const rule of badgesEarned(rules, state.metrics)) {
      if (state.badges.has(rule.slug)) continue;
      const awarded = await repDb.insertAward(tx, site.id, {
        member: state.id,
        badge: rule.slug,
        tier: rule.tier,
        cause: {
          metric: rule.metric,
          value: state.metrics[rule.metric],
          threshold: rule.threshold,
        },
        sourceEvent,
      });
      if (!awarded) continue;
      await insertEvent(tx, {
        site: site.id,
        type: 'badge.awarded',
        actor: null,
        targetType: 'member',
        targetId: state.id,
        payload: { badge: rule.slug, tier: rule.tier },
      });
    }
  }
}

// ---- after a write ----------------------------------------------------------------------------------------

const SCORED: ReadonlySet<string> = new Set(['question', 'answer', 'idea', 'review']);

/** The posts whose points an event may have changed. */
function postsTouchedBy(event: repDb.EventRow): repDb.PostRef[] {
  const target = (): repDb.PostRef[] =>
    SCORED.has(event.targetType)
      ? [{ type: event.targetType as repDb.ScoredType, id: event.targetId }]
      : [];
  const answer = (id: unknown): repDb.PostRef[] =>
    typeof id === 'string' ? [{ type: 'answer', id }] : [];
  switch (event.type) {
    case 'vote.cast':
    case 'idea.status-changed':
    case 'content.hidden':
    case 'content.approved':
    case 'content.held':
    case 'content.deleted':
      return target();
    case 'answer.accepted':
    case 'answer.unaccepted':
      return [...answer(event.payload.answerId), ...answer(event.payload.previousAnswerId)];
    case 'idea.merged': {
      const original = event.payload.originalId;
      return [
        ...target(),
        ...(typeof original === 'string' ? [{ type: 'idea' as const, id: original }] : []),
      ];
    }
    default:
      return [];
  }
}

/**
 * Runs in the write's transaction after the write: reconciles the ledger of every post the write's
 * events touched, then updates the members it concerns (reputation, trust level, badges).
 */
export async function reconcileWrite(
  tx: Queryable,
  site: SiteRow,
  actor: string,
): Promise<{ members: string[]; sourceEvent: string | null }> {
  const events = await repDb.eventsByIds(tx, collectedEvents(tx));
  // Per post: the event, and the voter when votes alone touched it (`null`: reconcile it whole).
  const posts = new Map<string, { post: repDb.PostRef; event: string; cause: string | null }>();
  const members = new Set<string>([actor]);
  for (const event of events) {
    for (const post of postsTouchedBy(event)) {
      const key = `${post.type}\u0000${post.id}`;
      const cause = event.type === 'vote.cast' ? event.actor : null;
      const before = posts.get(key);
      posts.set(key, {
        post,
        event: event.id,
        cause: before && before.cause !== cause ? null : cause,
      });
    }
    // Whose metrics the event changed (flags against, up votes received, visible posts).
    const { targetAuthor } = event.payload;
    if (typeof targetAuthor === 'string') members.add(targetAuthor);
  }
  const deltas = new Map<string, number>();
  for (const key of [...posts.keys()].sort()) {
    const { post, event, cause } = posts.get(key)!;
    await repDb.lockPost(tx, site.id, post);
    const result = await reconcilePost(tx, site, post, event, null, cause ?? undefined);
    if (result.author !== null) members.add(result.author);
    for (const [member, delta] of result.deltas) {
      deltas.set(member, (deltas.get(member) ?? 0) + delta);
      members.add(member);
    }
  }
  const ids = [...members].sort();
  for (const member of ids) {
    await touchMember(tx, site.id, member, deltas.get(member) ?? 0, member === actor);
  }
  return { members: ids, sourceEvent: events.at(-1)?.id ?? null };
}

/**
 * Derives the ledger of every post of the site from its state (the demo seed, which inserts votes and
 * acceptances directly), sets each member's reputation to their ledger's sum, then trust levels and
 * badges of every member. Idempotent.
 */
export async function reconcileSite(tx: Queryable, site: SiteRow): Promise<void> {
  for (const post of await repDb.allScoredPosts(tx, site.id)) {
    await reconcilePost(tx, site, post, null);
  }
  await repDb.resetReputationFromLedger(tx, site.id);
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM members WHERE site = $1', [
    site.id,
  ]);
  await refreshMembers(
    tx,
    site,
    rows.map((r) => r.id),
    null,
  );
}
