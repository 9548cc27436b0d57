/**
 * The memory adapter: a complete Q&A, ideas and reviews backend inside the browser, for demos, tests
 * and prototypes. State lives in `localStorage` (or any storage given, or only in memory) and follows
 * the rules the reference server enforces, so that a page built against it behaves the same against
 * the real thing. Each feature beyond Q&A is a part that loads on its first use, so a Q&A page does
 * not download it: ideas (`./memory/ideas.ts`), reviews (`./memory/reviews.ts`), flags and moderation
 * (`./memory/moderation.ts`), photos (`./memory/photos.ts`, images in IndexedDB), members
 * (`./memory/members.ts`: reputation, badges, trust levels, cards, profiles, leaderboards, export and
 * erasure; it loads on the first write or the first read of members, and counts
 * after every write, so that the authors shown with posts carry current figures); they share the
 * state and helpers of `./memory/state.ts`. Q&A's writes are a part too (`./memory/qa.ts`, loaded by
 * the first), so that a reader of questions does not download them.
 *
 * Differences from the server, on purpose:
 * - the member token is decoded but its signature is not verified (there is no secret in a browser);
 * - reads never fail because of the token: an invalid, expired or foreign token reads as signed out;
 * - search keeps the questions (ideas) in which every term occurs (in the title or the Markdown source,
 *   case insensitive) and ranks them by where the terms occur (title over body), then by score (the
 *   ideas' sort), then newest;
 * - no `community_events` are recorded; notifications of status changes are kept in the state (the
 *   latest 1000) until the notifications feature reads them;
 * - photos are re-encoded by the browser's canvas and served as `blob:` URLs; uploads need IndexedDB
 *   (or an adapter that keeps its state in memory) and fail with `UnsupportedError` elsewhere (Node).
 *
 * Seeds are taken as they are (their `bodyHtml` is not rendered again). A seeded post's `upvotes` and
 * `downvotes` are assumed to include the seeded votes on it (and are raised to their number if lower);
 * `answerCount` is counted from the seeded answers; `accepted` answers set the question's
 * `acceptedAnswerId` when the question does not name one. Seeded ideas keep their `status` and
 * `mergedInto`; their `commentCount`, `officialResponse` and `following` are derived from the seeded
 * comments, status changes and followers. A seeded vote without `createdAt` counts as cast at seeding.
 * Seeded reviews keep their figures and reply and carry no photos. Only visible answers count.
 * Seeded members keep their `reputation` (what their seeded posts and votes do not explain counts as
 * earned before the seed); their `trustLevel` is counted, and their badges are awarded on first use.
 *
 * Trust levels count as on the server, with the default levels (there are no site settings): a member
 * at level 0 (no post yet; not staff or moderator) writes links and images as text, and the write's
 * result carries `notices: ["links-as-text"]` when there were any; a flag from level 3 up holds the post.
 *
 * The `community` read answers from the options `guidelines`, `guests` and `minSubmitSeconds` (the
 * site's moderation settings on the server; defaults: none, no guests, 0). Every post passes the spam
 * guards' honeypot and minimum time with the server's messages (the other guards are the server's
 * alone), and where guests are allowed, a post without a token but with a guest's name is stored
 * `held` (`notices: ["held"]`) by a new guest member. Who writes a post, and its guards, is a part too
 * (`./memory/poster.ts`, loaded by the first post).
 */
import type {
  AdapterOptions,
  ComposeExtras,
  IdeasAdapter,
  KithAdapter,
  MembersAdapter,
  ModerationAdapter,
  NotificationsAdapter,
  ReadOutcome,
  ReadRequest,
  ReadResult,
  RequestContext,
  ReviewsAdapter,
  WriteContext,
} from '../core/adapter.js';
import {
  ForbiddenError,
  NetworkError,
  NotFoundError,
  UnauthorizedError,
  UnsupportedError,
  ValidationError,
  toKithError,
} from '../core/errors.js';
import { decodeClaims, isExpired, isStaff } from '../core/token.js';
import type {
  Answer,
  CommunityInfo,
  Idea,
  IdeaComment,
  IdeaStatusChange,
  IdeaStatusDefinition,
  MemberClaims,
  MemberSummary,
  Page,
  Photo,
  PostBase,
  Question,
  QuestionSort,
  QuestionThread,
  Review,
  TargetType,
  Votable,
  VoteValue,
} from '../core/types.js';
import {
  byNewest,
  copySummary,
  emptyState,
  flagKey,
  followKey,
  followQuestion,
  isRecord,
  isVisibleTo,
  newId,
  paginate,
  parseCursor,
  parseLimit,
  relevance,
  renderPost,
  scoreOf,
  searchTerms,
  time,
  voteKey,
  type IdeasBackend,
  type MembersBackend,
  type MemoryState,
  type ModerationBackend,
  type NotificationsBackend,
  type ReviewsBackend,
  type StoredAnswer,
  type StoredBadgeAward,
  type StoredBoard,
  type StoredFlag,
  type StoredIdea,
  type StoredIdeaComment,
  type StoredMember,
  type StoredModerationAction,
  type StoredNotification,
  type StoredPhoto,
  type StoredPost,
  type StoredQuestion,
  type StoredReview,
  type StoredStatusChange,
  type StoredVote,
  type TwoStepWrite,
  type VotableType,
} from './memory/state.js';
import type { GuestClaims } from './memory/poster.js';
import type { QaHost } from './memory/qa.js';

export interface MemorySeed {
  members?: MemberSummary[];
  questions?: Question[];
  answers?: Answer[];
  /** Idea votes are `value: 1`; `createdAt` (default: when seeded) feeds the `trending` sort. */
  votes?: {
    memberId: string;
    targetType: TargetType;
    targetId: string;
    value: 1 | -1;
    createdAt?: string;
  }[];
  boards?: { slug: string; voteBudget: number | null; statuses?: IdeaStatusDefinition[] }[];
  ideas?: Idea[];
  ideaComments?: IdeaComment[];
  /** Oldest first. */
  ideaStatusChanges?: (IdeaStatusChange & { ideaId: string })[];
  followers?: { ideaId: string; memberId: string }[];
  /**
   * Reviews as shown (counts included; `upvotes`/`downvotes` are the helpful votes, also listed in
   * `votes` with `targetType: 'review'`); `photos` empty (the seed carries no images).
   */
  reviews?: Review[];
}

export interface MemoryAdapterOptions extends AdapterOptions {
  /** Where state persists; default `globalThis.localStorage` if present; `null` keeps it in memory only. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Default `kith-memory:${site ?? 'default'}`. */
  storageKey?: string;
  /** Applied only when the storage holds no state yet (and again by `reset()`). */
  seed?: MemorySeed;
  /** Milliseconds added to every call (default 0). */
  latency?: number;
  /** The clock, for tests. */
  now?: () => Date;
  /**
   * Milliseconds after asking from which the asker may escalate their question by hand ("I still
   * need help"); the site setting `askerAfter` on the server. Default 2 hours.
   */
  escalationAskerAfter?: number;
  /**
   * Open flags from different members that hold a post for review (a flag from trust level 3 up holds
   * it at once); the site setting `moderation.flagsToHold` on the server. Default 3.
   */
  flagsToHold?: number;
  /** Community guidelines for every compose form (plain text); `moderation.guidelines`. Default none. */
  guidelines?: string | null;
  /** Signed-out visitors may post as guests, held for review; `moderation.guests`. Default false. */
  guests?: boolean;
  /**
   * Seconds from a compose form opening (`guard.elapsedMs`) before a post is accepted;
   * `moderation.minSubmitSeconds` (3 on the server). Default 0.
   */
  minSubmitSeconds?: number;
}

/** `uploadPhoto` also takes the photo's text alternative. */
export interface MemoryReviewsAdapter extends ReviewsAdapter {
  uploadPhoto(file: Blob, ctx: WriteContext, input?: { alt?: string }): Promise<Photo>;
}

export interface MemoryAdapter extends KithAdapter {
  ideas: IdeasAdapter;
  reviews: MemoryReviewsAdapter;
  moderation: ModerationAdapter & Required<Pick<ModerationAdapter, 'queue' | 'audit'>>;
  members: MembersAdapter;
  /** `feedUrl` is `null`: the memory adapter has no feeds. */
  notifications: Required<NotificationsAdapter>;
  /** Simulate trouble: `offline` fails every call with NetworkError until turned off; `failNext` fails the next n calls; `latency` ms per call. */
  simulate(s: { offline?: boolean; failNext?: number; latency?: number }): void;
  /** Forget all stored state (and re-apply the seed). */
  reset(): void;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

interface SerializedState {
  version: typeof STATE_VERSION;
  seq: number;
  members: StoredMember[];
  questions: StoredQuestion[];
  answers: StoredAnswer[];
  votes: StoredVote[];
  boards: StoredBoard[];
  ideas: StoredIdea[];
  ideaComments: StoredIdeaComment[];
  statusChanges: StoredStatusChange[];
  followers: string[];
  /** Question id and its followers (absent in a state saved before question follows). */
  questionFollowers?: [string, string[]][];
  notifications: StoredNotification[];
  reviews: StoredReview[];
  photos: StoredPhoto[];
  flags: StoredFlag[];
  moderation: StoredModerationAction[];
  idempotency: [string, unknown][];
  badgeAwards?: StoredBadgeAward[];
  membersSynced?: boolean;
}

/**
 * 2: ideas; 3: reviews, photos, flags, moderation. An older state is dropped for the seed, which now
 * has reviews too. (Badge awards came later: a state without them is counted afresh, its members'
 * reputations kept as they are, like a seed's.)
 */
const STATE_VERSION = 3;
const MAX_REMEMBERED_WRITES = 1000;
/** The server's default wait before an asker may escalate by hand. */
const DEFAULT_ASKER_ESCALATION_AFTER = 2 * 60 * 60 * 1000;
const QUESTION_SORT_SLUGS: readonly QuestionSort[] = ['active', 'newest', 'top', 'unanswered'];
/** The parts' writes that make a post: a guest may write them (where allowed), and the guards run. */
const POST_WRITES = new Set(['submitIdea', 'comment', 'submitReview']);
/** The parts' writes that store a member's Markdown post, and where (level 0: without links). */
const MARKDOWN_POSTS: Partial<Record<string, (state: MemoryState) => Map<string, StoredPost>>> = {
  submitIdea: (state) => state.ideas,
  comment: (state) => state.ideaComments,
};

/** The writes a suspended member may still make: their inbox, and erasing their account. */
const OPEN_WHILE_SUSPENDED = new Set(['markRead', 'erase']);

/** The parts' writes that notify someone, and how (the part cannot see `./memory/notifications.ts`). */
const NOTIFY_AFTER: Partial<Record<string, (part: NotificationsBackend, result: never) => void>> = {
  comment: (part, comment: IdeaComment) => part.ideaCommented(comment),
  reply: (part, review: Review) => part.reviewReplied(review),
};

// ---- (de)serialisation and seeding -------------------------------------------------------------

/* @__NO_SIDE_EFFECTS__ */
function serialize(state: MemoryState): string {
  const data: SerializedState = {
    version: STATE_VERSION,
    seq: state.seq,
    members: [...state.members.values()],
    questions: [...state.questions.values()],
    answers: [...state.answers.values()],
    votes: [...state.votes.values()],
    boards: [...state.boards.values()],
    ideas: [...state.ideas.values()],
    ideaComments: [...state.ideaComments.values()],
    statusChanges: state.statusChanges,
    followers: [...state.followers],
    questionFollowers: [...state.questionFollowers].map(([id, members]) => [id, [...members]]),
    notifications: state.notifications,
    reviews: [...state.reviews.values()],
    photos: [...state.photos.values()],
    flags: [...state.flags.values()],
    moderation: state.moderation,
    idempotency: [...state.idempotency.entries()],
    badgeAwards: state.badgeAwards,
    membersSynced: state.membersSynced,
  };
  return JSON.stringify(data);
}

/** The stored state, or `null` when it is missing, corrupt or from another version. */
/* @__NO_SIDE_EFFECTS__ */
function deserialize(raw: string | null): MemoryState | null {
  if (raw === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(data) || data.version !== STATE_VERSION || typeof data.seq !== 'number')
    return null;
  const d = data as unknown as SerializedState;
  const has =
    (...keys: string[]) =>
    (x: unknown): boolean =>
      isRecord(x) && keys.every((key) => typeof x[key] === 'string');
  const checks: [unknown, (x: unknown) => boolean][] = [
    [
      d.members,
      (m) =>
        isRecord(m) &&
        has('id')(m.summary) &&
        Array.isArray((m.summary as MemberSummary).roles) &&
        typeof m.joinedAt === 'string',
    ],
    [d.questions, has('id', 'authorId')],
    [d.answers, has('id', 'questionId')],
    [d.votes, has('memberId')],
    [d.boards, (b) => has('slug')(b) && Array.isArray((b as StoredBoard).statuses)],
    [d.ideas, has('id', 'authorId', 'board', 'status')],
    [d.ideaComments, has('id', 'ideaId')],
    [d.statusChanges, has('ideaId', 'to')],
    [d.followers, (f) => typeof f === 'string'],
    [
      d.questionFollowers ?? [],
      (e) => Array.isArray(e) && typeof e[0] === 'string' && Array.isArray(e[1]),
    ],
    [d.notifications, has('id', 'memberId')],
    [
      d.reviews,
      (r) => has('id', 'authorId', 'product')(r) && Array.isArray((r as StoredReview).photoIds),
    ],
    [d.photos, has('id', 'memberId')],
    [d.flags, has('memberId', 'targetType', 'targetId')],
    [d.moderation, has('targetType', 'targetId')],
    [d.idempotency, (e) => Array.isArray(e) && typeof e[0] === 'string'],
    [
      d.badgeAwards ?? [],
      (a) => has('memberId', 'awardedAt')(a) && has('slug')((a as StoredBadgeAward).badge),
    ],
  ];
  if (!checks.every(([list, ok]) => Array.isArray(list) && list.every(ok))) return null;
  const state = emptyState();
  state.seq = d.seq;
  for (const m of d.members) state.members.set(m.summary.id, m);
  for (const q of d.questions) state.questions.set(q.id, q);
  for (const a of d.answers) state.answers.set(a.id, a);
  for (const v of d.votes) state.votes.set(voteKey(v.memberId, v.targetType, v.targetId), v);
  for (const b of d.boards) state.boards.set(b.slug, b);
  for (const i of d.ideas) state.ideas.set(i.id, i);
  for (const c of d.ideaComments) state.ideaComments.set(c.id, c);
  state.statusChanges = d.statusChanges;
  state.followers = new Set(d.followers);
  for (const [id, members] of d.questionFollowers ?? [])
    state.questionFollowers.set(id, new Set(members));
  state.notifications = d.notifications;
  for (const r of d.reviews) state.reviews.set(r.id, r);
  for (const p of d.photos) state.photos.set(p.id, p);
  for (const f of d.flags) state.flags.set(flagKey(f.memberId, f.targetType, f.targetId), f);
  state.moderation = d.moderation;
  for (const [key, value] of d.idempotency) state.idempotency.set(key, value);
  state.badgeAwards = d.badgeAwards ?? [];
  state.membersSynced = d.membersSynced === true;
  return state;
}

/** The post a vote of `targetType` is for, if that type can be voted on. */
/* @__NO_SIDE_EFFECTS__ */
function votableTarget(
  state: MemoryState,
  targetType: unknown,
  id: string,
): StoredPost | undefined {
  const posts =
    targetType === 'question'
      ? state.questions
      : targetType === 'answer'
        ? state.answers
        : targetType === 'idea'
          ? state.ideas
          : targetType === 'review'
            ? state.reviews
            : undefined;
  return posts?.get(id);
}

/* @__NO_SIDE_EFFECTS__ */
function storedPostFrom(post: PostBase & Partial<Votable>, seq: number): StoredPost {
  let upvotes = Math.max(0, Math.floor(Number(post.upvotes) || 0));
  let downvotes = Math.max(0, Math.floor(Number(post.downvotes) || 0));
  const score = Math.floor(Number(post.score) || 0);
  if (upvotes === 0 && downvotes === 0 && score !== 0) {
    upvotes = Math.max(score, 0);
    downvotes = Math.max(-score, 0);
  }
  return {
    id: post.id,
    authorId: post.author.id,
    ...(post.bodySource !== undefined && { bodySource: post.bodySource }),
    bodyHtml: post.bodyHtml ?? '',
    createdAt: post.createdAt,
    ...(post.updatedAt !== undefined && { updatedAt: post.updatedAt }),
    ...(post.pageUrl !== undefined && { pageUrl: post.pageUrl }),
    ...(post.visibility !== undefined && { visibility: post.visibility }),
    upvotes,
    downvotes,
    seq,
  };
}

/* @__NO_SIDE_EFFECTS__ */
function seedState(seed: MemorySeed | undefined, nowIso: string): MemoryState {
  const state = emptyState();
  if (!seed) return state;
  const joined = (id: string, at: string): void => {
    const member = state.members.get(id);
    if (member && time(at) && time(at) < time(member.joinedAt)) member.joinedAt = at;
  };
  const addMember = (summary: MemberSummary, at?: string): void => {
    if (!state.members.has(summary.id)) {
      state.members.set(summary.id, {
        summary: copySummary({ ...summary, roles: summary.roles ?? ['customer'] }),
        joinedAt: nowIso,
      });
    }
    if (at) joined(summary.id, at);
  };
  for (const member of seed.members ?? []) addMember(member);
  for (const q of seed.questions ?? []) {
    addMember(q.author, q.createdAt);
    state.questions.set(q.id, {
      ...storedPostFrom(q, state.seq++),
      topic: q.topic,
      title: q.title,
      answerCount: 0,
      acceptedAnswerId: null,
      activeAt: q.activeAt ?? q.createdAt,
      ...(q.escalatedAt !== undefined && { escalatedAt: q.escalatedAt }),
      ...(q.escalatedBy !== undefined && { escalatedBy: q.escalatedBy }),
      ...(q.escalationResolvedAt !== undefined && {
        escalationResolvedAt: q.escalationResolvedAt,
      }),
    });
    followQuestion(state, q.id, q.author.id, true);
  }
  for (const a of seed.answers ?? []) {
    const question = state.questions.get(a.questionId);
    if (!question) continue;
    addMember(a.author, a.createdAt);
    state.answers.set(a.id, { ...storedPostFrom(a, state.seq++), questionId: a.questionId });
    followQuestion(state, a.questionId, a.author.id, true);
    if ((a.visibility ?? 'visible') === 'visible') question.answerCount++;
    if (a.accepted && !question.acceptedAnswerId) question.acceptedAnswerId = a.id;
  }
  for (const q of seed.questions ?? []) {
    const wanted = q.acceptedAnswerId;
    const question = state.questions.get(q.id)!;
    if (wanted && state.answers.get(wanted)?.questionId === q.id)
      question.acceptedAnswerId = wanted;
  }
  for (const b of seed.boards ?? []) {
    state.boards.set(b.slug, {
      slug: b.slug,
      voteBudget: b.voteBudget ?? null,
      statuses: (b.statuses ?? []).map((s) => ({ ...s })),
    });
  }
  for (const idea of seed.ideas ?? []) {
    addMember(idea.author, idea.createdAt);
    state.ideas.set(idea.id, {
      ...storedPostFrom(idea, state.seq++),
      downvotes: 0,
      board: idea.board,
      title: idea.title,
      status: idea.status ?? 'open',
      mergedInto: idea.mergedInto ?? null,
    });
  }
  for (const c of seed.ideaComments ?? []) {
    if (!state.ideas.has(c.ideaId)) continue;
    addMember(c.author, c.createdAt);
    state.ideaComments.set(c.id, {
      ...storedPostFrom(c, state.seq++),
      ideaId: c.ideaId,
      ...(c.fromIdeaId !== undefined && { fromIdeaId: c.fromIdeaId }),
    });
  }
  for (const { ideaId, from, to, response, changedAt, changedBy } of seed.ideaStatusChanges ?? []) {
    if (!state.ideas.has(ideaId)) continue;
    addMember(changedBy);
    if (response) addMember(response.author);
    state.statusChanges.push({
      ideaId,
      from: from ?? null,
      to,
      ...(response && {
        response: {
          bodyHtml: response.bodyHtml,
          authorId: response.author.id,
          createdAt: response.createdAt,
        },
      }),
      changedAt,
      changedBy: changedBy.id,
    });
  }
  for (const { ideaId, memberId } of seed.followers ?? []) {
    if (state.ideas.has(ideaId)) state.followers.add(followKey(ideaId, memberId));
  }
  for (const r of seed.reviews ?? []) {
    const reply = r.reply;
    addMember(r.author, r.createdAt);
    if (reply) addMember(reply.author);
    state.reviews.set(r.id, {
      ...storedPostFrom(r, state.seq++),
      product: r.product,
      rating: r.rating,
      title: r.title ?? '',
      body: r.body,
      verifiedPurchase: !!r.verifiedPurchase,
      photoIds: [],
      ...(reply && {
        reply: {
          body: reply.body,
          bodyHtml: reply.bodyHtml,
          authorId: reply.author.id,
          createdAt: reply.createdAt,
          ...(reply.updatedAt !== undefined && { updatedAt: reply.updatedAt }),
        },
      }),
    });
  }
  for (const v of seed.votes ?? []) {
    const isIdea = v.targetType === 'idea';
    if (v.value !== 1 && (v.value !== -1 || isIdea)) continue;
    if (!votableTarget(state, v.targetType, v.targetId)) continue;
    const targetType = v.targetType as VotableType;
    state.votes.set(voteKey(v.memberId, targetType, v.targetId), {
      memberId: v.memberId,
      targetType,
      targetId: v.targetId,
      value: v.value,
      ...((isIdea || v.createdAt) && { createdAt: v.createdAt ?? nowIso }),
    });
  }
  // Seeded figures include the seeded votes; raise them when a seed lists more votes than it counted.
  const counted = new Map<StoredPost, { up: number; down: number }>();
  for (const v of state.votes.values()) {
    const target = votableTarget(state, v.targetType, v.targetId)!;
    const c = counted.get(target) ?? { up: 0, down: 0 };
    if (v.value === 1) c.up++;
    else c.down++;
    counted.set(target, c);
  }
  for (const [target, c] of counted) {
    target.upvotes = Math.max(target.upvotes, c.up);
    target.downvotes = Math.max(target.downvotes, c.down);
  }
  return state;
}

/* @__NO_SIDE_EFFECTS__ */
function defaultStorage(): StorageLike | null {
  try {
    const storage = (globalThis as { localStorage?: StorageLike }).localStorage;
    return storage ?? null;
  } catch {
    return null; // a sandboxed frame or blocked cookies throw on access
  }
}

/* @__NO_SIDE_EFFECTS__ */
function isStorageLike(value: unknown): value is StorageLike {
  return (
    isRecord(value) &&
    typeof value.getItem === 'function' &&
    typeof value.setItem === 'function' &&
    typeof value.removeItem === 'function'
  );
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// ---- the adapter --------------------------------------------------------------------------------

/** Creates a memory adapter; see the module comment for how it differs from the reference server. */
/* @__NO_SIDE_EFFECTS__ */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const site = typeof options.site === 'string' && options.site ? options.site : null;
  const storage: StorageLike | null =
    options.storage === null
      ? null
      : isStorageLike(options.storage)
        ? options.storage
        : defaultStorage();
  const storageKey =
    typeof options.storageKey === 'string' && options.storageKey
      ? options.storageKey
      : `kith-memory:${site ?? 'default'}`;
  const seed = isRecord(options.seed) ? (options.seed as MemorySeed) : undefined;
  const now = typeof options.now === 'function' ? options.now : () => new Date();
  const nonNegative = (n: unknown): number =>
    typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
  const askerAfter =
    options.escalationAskerAfter === undefined
      ? DEFAULT_ASKER_ESCALATION_AFTER
      : nonNegative(options.escalationAskerAfter);
  const community: CommunityInfo = {
    guidelines:
      typeof options.guidelines === 'string' && options.guidelines.trim()
        ? options.guidelines.trim()
        : null,
    guests: options.guests === true,
    minSubmitSeconds: nonNegative(options.minSubmitSeconds),
  };

  let latency = nonNegative(options.latency);
  let offline = false;
  let failNext = 0;
  let warnedAboutStorage = false;

  /** The raw text last read from or written to storage, to notice writes by another instance or tab. */
  let lastRaw: string | null = null;
  /**
   * Every save also writes a short stamp next to the state: another instance (another element, a tab)
   * notices a change by reading the stamp, not by reading and comparing the whole state.
   */
  const stampKey = `${storageKey}:stamp`;
  let lastStamp: string | null = null;
  /** A save is queued (writes that end in the same microtask burst save once). */
  let saveQueued = false;
  let state = load();

  function readStorage(key = storageKey): string | null {
    try {
      return storage ? storage.getItem(key) : null;
    } catch {
      return null;
    }
  }

  function load(): MemoryState {
    lastStamp = readStorage(stampKey);
    const raw = readStorage();
    lastRaw = raw;
    return deserialize(raw) ?? seedState(seed, now().toISOString());
  }

  /** Adopts state written meanwhile by another adapter on the same storage (another element, a tab). */
  function sync(): void {
    // Changes of this instance not saved yet are the newest state.
    if (saveQueued) return;
    const stamp = readStorage(stampKey);
    if (stamp !== null && stamp === lastStamp) return;
    lastStamp = stamp;
    const raw = readStorage();
    if (raw === null || raw === lastRaw) return;
    lastRaw = raw;
    const loaded = deserialize(raw);
    if (loaded) state = loaded;
  }

  /** Saves the state once the current burst of writes is over (before any other task runs). */
  function persist(): void {
    if (!storage || saveQueued) return;
    saveQueued = true;
    queueMicrotask(save);
  }

  function save(): void {
    if (!saveQueued) return;
    saveQueued = false;
    const raw = serialize(state);
    const stamp = Math.random().toString(36);
    try {
      storage!.setItem(storageKey, raw);
      lastRaw = raw;
      storage!.setItem(stampKey, stamp);
      lastStamp = stamp;
    } catch (error) {
      if (!warnedAboutStorage) {
        warnedAboutStorage = true;
        console.warn(
          '[kith] memory adapter: could not save to storage; keeping changes in memory.',
          error,
        );
      }
    }
  }

  /**
   * Every call starts here: latency, simulated failures, cancellation, then fresh state, its members
   * counted. `members`: the call needs the members part (every write does: it counts after it).
   */
  async function enter(
    ctx: RequestContext | undefined,
    members = true,
    notifications = members,
  ): Promise<void> {
    const signal = ctx?.signal;
    signal?.throwIfAborted();
    // Every write may notify someone (a badge it earns, at least).
    if (notifications) await loadNotifications();
    if (latency > 0) await sleep(latency, signal);
    if (offline) throw new NetworkError('The community cannot be reached (simulated: offline).');
    if (failNext > 0) {
      failNext--;
      throw new NetworkError('The community cannot be reached (simulated failure).');
    }
    signal?.throwIfAborted();
    sync();
    // Only what needs members loads their part (a reader of a Q&A list never does): a fresh seed is
    // counted then, and its awards' times are kept, so that the next page shows the same.
    if (members) {
      const part = await loadMembers();
      signal?.throwIfAborted();
      sync();
      if (!state.membersSynced && part.sync()) persist();
    }
  }

  function claimsFrom(token: string | null | undefined): MemberClaims {
    if (!token) throw new UnauthorizedError('Please sign in.');
    const claims = decodeClaims(token);
    if (!claims) throw new UnauthorizedError('The sign-in token is not valid.');
    if (isExpired(claims, now().getTime() / 1000)) {
      throw new UnauthorizedError('Your session has expired. Please sign in again.', {
        expired: true,
      });
    }
    if (site && claims.aud && claims.aud !== site) {
      throw new UnauthorizedError('The sign-in token is for another site.');
    }
    return claims;
  }

  /** The reader: signed in when the token is usable, signed out otherwise (reads never fail on it). */
  function viewerFrom(token: string | null | undefined): string | null {
    try {
      return token ? claimsFrom(token).sub : null;
    } catch {
      return null;
    }
  }

  /**
   * Every write passes here before it changes anything: a suspended member is refused, saying until
   * when (`whileSuspended`: the writes still open to them, such as marking read and erasing).
   */
  function rememberMember(claims: MemberClaims, at: string, whileSuspended = false): void {
    const existing = state.members.get(claims.sub);
    const until = existing?.suspendedUntil;
    if (!whileSuspended && until && time(until) > time(at)) {
      const when = `${until.slice(0, 16).replace('T', ' ')} UTC`;
      throw new ForbiddenError(`Your account is suspended until ${when}.`);
    }
    // Reputation and trust level are counted after the write (./memory/members.ts).
    const roles = claims.roles?.length ? [...claims.roles] : ['customer' as const];
    const summary: MemberSummary = {
      id: claims.sub,
      name: claims.name,
      ...(claims.avatar !== undefined && { avatar: claims.avatar }),
      roles,
      reputation: existing?.summary.reputation ?? 0,
      trustLevel: existing?.summary.trustLevel ?? 0,
    };
    state.members.set(claims.sub, {
      ...existing,
      summary,
      joinedAt: existing?.joinedAt ?? at,
      reputationBase: existing?.reputationBase ?? 0,
      ...((claims as GuestClaims).guest && { guest: true }),
    });
  }

  /**
   * The author of a new post, and its spam guards (`./memory/poster.ts`, loaded on the first write
   * that makes a post).
   */
  const loadPoster = lazyPart(() =>
    import('./memory/poster.js').then((part) => part.createPoster(community, site, claimsFrom)),
  );
  async function posterFrom(
    input: ComposeExtras | null | undefined,
    ctx: WriteContext,
  ): Promise<MemberClaims> {
    return (await loadPoster())(input, ctx);
  }

  function authorOf(id: string): MemberSummary {
    const member = state.members.get(id);
    return member
      ? copySummary(member.summary)
      : { id, name: id, roles: ['customer'], reputation: 0, trustLevel: 0 };
  }

  function myVote(viewerId: string | null, targetType: VotableType, targetId: string): VoteValue {
    if (viewerId === null) return 0;
    return state.votes.get(voteKey(viewerId, targetType, targetId))?.value ?? 0;
  }

  function postBase(post: StoredPost): PostBase {
    return {
      id: post.id,
      author: authorOf(post.authorId),
      ...(post.bodySource !== undefined && { bodySource: post.bodySource }),
      bodyHtml: post.bodyHtml,
      createdAt: post.createdAt,
      ...(post.updatedAt !== undefined && { updatedAt: post.updatedAt }),
      ...(post.pageUrl !== undefined && { pageUrl: post.pageUrl }),
      ...(post.visibility !== undefined && { visibility: post.visibility }),
    };
  }

  function postFields(
    post: StoredPost,
    viewerId: string | null,
    targetType: VotableType,
  ): PostBase & Votable {
    return {
      ...postBase(post),
      score: scoreOf(post),
      upvotes: post.upvotes,
      downvotes: post.downvotes,
      myVote: myVote(viewerId, targetType, post.id),
    };
  }

  function toQuestion(q: StoredQuestion, viewerId: string | null): Question {
    return {
      ...postFields(q, viewerId, 'question'),
      topic: q.topic,
      title: q.title,
      answerCount: q.answerCount,
      acceptedAnswerId: q.acceptedAnswerId,
      activeAt: q.activeAt,
      ...(q.escalatedAt !== undefined && { escalatedAt: q.escalatedAt }),
      ...(q.escalatedBy !== undefined && { escalatedBy: q.escalatedBy }),
      ...(q.escalationResolvedAt !== undefined && {
        escalationResolvedAt: q.escalationResolvedAt,
      }),
      ...(viewerId !== null && { escalatableAt: escalatableAt(q, viewerId) }),
    };
  }

  /** From when the signed-in asker may escalate by hand; `null` when they cannot. */
  function escalatableAt(q: StoredQuestion, viewerId: string): string | null {
    if (q.authorId !== viewerId || q.escalatedAt || q.acceptedAnswerId !== null) return null;
    return new Date(time(q.createdAt) + askerAfter).toISOString();
  }

  function toAnswer(a: StoredAnswer, viewerId: string | null): Answer {
    const question = state.questions.get(a.questionId);
    return {
      ...postFields(a, viewerId, 'answer'),
      questionId: a.questionId,
      accepted: question?.acceptedAnswerId === a.id,
    };
  }

  function withCurrentAuthors(value: unknown): void {
    if (Array.isArray(value)) value.forEach(withCurrentAuthors);
    else if (isRecord(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (isRecord(inner) && typeof inner.id === 'string' && /^(author|changedBy)$/.test(key))
          value[key] = authorOf(inner.id);
        else withCurrentAuthors(inner);
      }
    }
  }

  // -- idempotency: the first result of a write, per member, operation and key

  function writeKey(memberId: string, operation: string, ctx: WriteContext): string | null {
    const key = ctx?.idempotencyKey;
    return typeof key === 'string' && key ? `${memberId}\u0000${operation}\u0000${key}` : null;
  }

  function replay<T>(key: string | null): T | undefined {
    return key !== null && state.idempotency.has(key)
      ? structuredClone(state.idempotency.get(key) as T)
      : undefined;
  }

  /**
   * Keeps a write's result under its key and saves the state, after counting the members again: the
   * authors in the result show the figures the write left.
   */
  function remember<T>(key: string | null, result: T): T {
    const awarded = state.badgeAwards.length;
    if (membersPart?.sync()) withCurrentAuthors(result);
    if (state.badgeAwards.length > awarded)
      notificationsPart?.badgesAwarded(state.badgeAwards.slice(awarded));
    if (key !== null) {
      state.idempotency.set(key, structuredClone(result));
      while (state.idempotency.size > MAX_REMEMBERED_WRITES) {
        state.idempotency.delete(state.idempotency.keys().next().value!);
      }
    }
    persist();
    return result;
  }

  // -- reads

  function readQuestions(
    request: Extract<ReadRequest, { kind: 'questions' }>,
    viewerId: string | null,
  ): Page<Question> {
    if (typeof request.topic !== 'string') {
      throw new ValidationError('A topic is required.', { topic: 'A topic is required.' });
    }
    if (!QUESTION_SORT_SLUGS.includes(request.sort)) {
      throw new ValidationError('Unknown sort order.', {
        sort: `Use one of ${QUESTION_SORT_SLUGS.join(', ')}.`,
      });
    }
    const limit = parseLimit(request.limit, 'limit');
    const offset = parseCursor(request.cursor, 'cursor');
    let matches = [...state.questions.values()].filter(
      (q) => q.topic === request.topic && isVisibleTo(q, viewerId),
    );
    if (request.sort === 'unanswered') matches = matches.filter((q) => q.answerCount === 0);
    const terms = searchTerms(request.query);
    if (terms.length) {
      const ranked = matches
        .map((q) => ({ q, rank: relevance(q, terms) }))
        .filter((r) => r.rank > 0)
        .sort((a, b) => b.rank - a.rank || scoreOf(b.q) - scoreOf(a.q) || byNewest(a.q, b.q));
      matches = ranked.map((r) => r.q);
    } else if (request.sort === 'active') {
      matches.sort((a, b) => time(b.activeAt) - time(a.activeAt) || b.seq - a.seq);
    } else if (request.sort === 'top') {
      matches.sort((a, b) => scoreOf(b) - scoreOf(a) || byNewest(a, b));
    } else {
      matches.sort(byNewest);
    }
    return paginate(matches, offset, limit, (q) => toQuestion(q, viewerId));
  }

  function readThread(
    request: Extract<ReadRequest, { kind: 'thread' }>,
    viewerId: string | null,
  ): QuestionThread {
    const question = state.questions.get(request.questionId);
    if (!question || !isVisibleTo(question, viewerId))
      throw new NotFoundError('This question does not exist.');
    const limit = parseLimit(request.answerLimit, 'answerLimit');
    const offset = parseCursor(request.answerCursor, 'answerCursor');
    const accepted = question.acceptedAnswerId;
    const answers = [...state.answers.values()]
      .filter((a) => a.questionId === question.id && isVisibleTo(a, viewerId))
      .sort(
        (a, b) =>
          Number(b.id === accepted) - Number(a.id === accepted) ||
          scoreOf(b) - scoreOf(a) ||
          time(a.createdAt) - time(b.createdAt) ||
          a.seq - b.seq,
      );
    return {
      question: toQuestion(question, viewerId),
      answers: paginate(answers, offset, limit, (a) => toAnswer(a, viewerId)),
      following: viewerId !== null && !!state.questionFollowers.get(question.id)?.has(viewerId),
    };
  }

  function readOne(
    request: ReadRequest,
    viewerId: string | null,
    ideas: IdeasBackend | null,
    reviews: ReviewsBackend | null,
  ): ReadResult {
    switch (request?.kind) {
      case 'questions':
        return readQuestions(request, viewerId);
      case 'thread':
        return readThread(request, viewerId);
      case 'member':
      case 'members':
      case 'leaderboard':
        if (membersPart) return membersPart.read(request, viewerId) as ReadResult;
        break;
      case 'ideas':
      case 'idea':
      case 'board':
        if (ideas) return ideas.read(request, viewerId) as ReadResult;
        break;
      case 'reviews':
      case 'ratings':
        if (reviews) return reviews.read(request, viewerId) as ReadResult;
        break;
      case 'notifications':
        if (notificationsPart) return notificationsPart.read(request, viewerId);
        break;
      case 'community':
        return { ...community };
      default:
    }
    throw new UnsupportedError(`reading "${String((request as { kind?: unknown })?.kind)}"`);
  }

  // -- the parts beyond Q&A load on their first read or write

  const host: QaHost = {
    get state() {
      return state;
    },
    now,
    authorOf,
    trustLevelOf: (memberId) => membersPart?.trustLevelOf(memberId) ?? 0,
    newPost,
    postBase,
    postFields,
    // What the Q&A writes (./memory/qa.ts) need besides.
    enter: (ctx) => enter(ctx),
    claimsFrom,
    posterFrom,
    writeKey,
    replay,
    remember,
    rememberMember,
    /** Staff and moderators may link in their posts, members from trust level 1 (docs/api.md). */
    mayLink: (claims) => isStaff(claims) || host.trustLevelOf(claims.sub) > 0,
    toQuestion,
    toAnswer,
    askerAfter,
    notifications: () => notificationsPart!,
  };
  const { mayLink } = host;
  /** A part's module, imported once; a chunk that failed to load may load on the next try. */
  function lazyPart<P>(load: () => Promise<P>): () => Promise<P> {
    let part: Promise<P> | undefined;
    return () =>
      (part ??= load().catch((error: unknown) => {
        part = undefined;
        throw toKithError(error);
      }));
  }

  const loadIdeas = lazyPart(() =>
    import('./memory/ideas.js').then((part) => part.createIdeasBackend(host)),
  );
  const loadReviews = lazyPart(() =>
    import('./memory/reviews.js').then((part) => part.createReviewsBackend(host)),
  );
  let membersPart: MembersBackend | null = null;
  const loadMembers = lazyPart(() =>
    import('./memory/members.js').then((part) => (membersPart = part.createMembersBackend(host))),
  );
  let notificationsPart: NotificationsBackend | null = null;
  const loadNotifications = lazyPart(() =>
    import('./memory/notifications.js').then(
      (part) => (notificationsPart = part.createNotificationsBackend(host)),
    ),
  );
  const qaWrites = lazyPart(() =>
    import('./memory/qa.js').then((part) => part.createQaWrites(host)),
  );
  const loadModeration = lazyPart(() =>
    import('./memory/moderation.js').then((part) =>
      part.createModerationBackend(host, {
        flagsToHold: options.flagsToHold,
        community: site ?? undefined,
      }),
    ),
  );
  /** The queue and the audit log: staff reads through the moderation part. */
  async function moderationRead<T>(
    ctx: RequestContext,
    read: (part: ModerationBackend, claims: MemberClaims) => T,
  ): Promise<T> {
    const part = await loadModeration();
    await enter(ctx, true, false);
    return read(part, claimsFrom(ctx?.token));
  }
  let photosLoaded = false;
  const photosDatabase = storage
    ? `kith-memory-photos:${storageKey.replace(/^kith-memory:/, '')}`
    : null;
  const loadPhotos = lazyPart(() =>
    import('./memory/photos.js').then((part) => {
      photosLoaded = true;
      return part.createPhotosBackend(host, photosDatabase);
    }),
  );

  /** A write of a part, with the token, idempotency and persistence of every write. */
  async function partWrite<P, I, T>(
    load: () => Promise<P>,
    operation: string,
    input: I,
    ctx: WriteContext,
    pick: (part: P) => TwoStepWrite<I, T>,
  ): Promise<T> {
    const part = await load();
    await enter(ctx);
    const claims = POST_WRITES.has(operation)
      ? await posterFrom(input as ComposeExtras, ctx)
      : claimsFrom(ctx?.token);
    const key = writeKey(claims.sub, operation, ctx);
    const earlier = replay<T>(key);
    if (earlier !== undefined) return earlier;
    const apply = await pick(part)(input, claims);
    // The part renders with links; a post of a member at level 0 is rendered again without them.
    const posts = MARKDOWN_POSTS[operation];
    const body = (input as { body?: unknown } | null)?.body;
    const rendered =
      posts && !mayLink(claims)
        ? await renderPost(typeof body === 'string' && body.trim() ? body : '', false)
        : null;
    // Another call with the same key may have finished while the Markdown (or a photo) was encoded.
    const meanwhile = replay<T>(key);
    if (meanwhile !== undefined) return meanwhile;
    rememberMember(claims, now().toISOString(), OPEN_WHILE_SUSPENDED.has(operation));
    const result = apply();
    const post = result as PostBase;
    if (posts && rendered?.notices) {
      posts(state).get(post.id)!.bodyHtml = post.bodyHtml = rendered.html;
      post.notices = rendered.notices;
    }
    // A held post (a guest's) says so, and tells nobody until a moderator approves it.
    if (POST_WRITES.has(operation) && post.visibility === 'held')
      post.notices = [...(post.notices ?? []), 'held'];
    else NOTIFY_AFTER[operation]?.(notificationsPart!, result as never);
    return remember(key, result);
  }

  /** The methods of an adapter group whose writes are a part's `writes`. */
  function partMethods<A>(
    load: () => Promise<{ writes: object }>,
    operations: readonly (keyof A & string)[],
    then?: (result: never) => unknown,
  ): A {
    const methods: Record<string, unknown> = {};
    for (const operation of operations) {
      methods[operation] = (input: unknown, ctx: WriteContext) =>
        partWrite(load, operation, input, ctx, (part) => {
          const writes = part.writes as Record<string, TwoStepWrite<unknown, unknown>>;
          return writes[operation]!;
        }).then((result) => (then ? then(result as never) : result));
    }
    return methods as A;
  }

  /** Photos get `blob:` URLs (made anew in each page; remembered results hold stale ones). */
  async function withPhotoUrls<T extends Review | null | undefined>(review: T): Promise<T> {
    if (review?.photos.length) review.photos = await (await loadPhotos()).withUrls(review.photos);
    return review;
  }

  // -- the adapter

  /** The fields every new post starts with. */
  function newPost(
    prefix: string,
    authorId: string,
    valid: { body: string; pageUrl?: string },
    bodyHtml: string,
    at: string,
  ): StoredPost {
    return {
      id: newId(prefix),
      authorId,
      bodySource: valid.body,
      bodyHtml,
      createdAt: at,
      ...(valid.pageUrl !== undefined && { pageUrl: valid.pageUrl }),
      // A guest's post waits for a moderator.
      visibility: state.members.get(authorId)?.guest ? 'held' : 'visible',
      upvotes: 0,
      downvotes: 0,
      seq: state.seq++,
    };
  }

  return {
    name: 'memory',

    async read(requests, ctx) {
      const wants = (...kinds: string[]) =>
        Array.from(requests).some((r) => kinds.includes(r?.kind));
      const ideas = wants('ideas', 'idea', 'board') ? await loadIdeas() : null;
      const reviews = wants('reviews', 'ratings') ? await loadReviews() : null;
      await enter(ctx, wants('member', 'members', 'leaderboard'), wants('notifications'));
      const viewerId = viewerFrom(ctx?.token);
      const outcomes = Array.from(requests, (request): ReadOutcome => {
        try {
          return { ok: true, data: readOne(request, viewerId, ideas, reviews) };
        } catch (error) {
          return { ok: false, error: toKithError(error) };
        }
      });
      for (const [i, outcome] of outcomes.entries()) {
        if (!outcome.ok || requests[i]!.kind !== 'reviews') continue;
        const { items, mine } = outcome.data as ReadResult<'reviews'>;
        await Promise.all([...items, mine].map(withPhotoUrls));
      }
      return outcomes;
    },

    askQuestion: (input, ctx) => qaWrites().then((qa) => qa.askQuestion(input, ctx)),
    postAnswer: (input, ctx) => qaWrites().then((qa) => qa.postAnswer(input, ctx)),
    vote: (input, ctx) =>
      input?.targetType === 'idea'
        ? partWrite(loadIdeas, 'vote', input, ctx, (ideas) => ideas.vote)
        : qaWrites().then((qa) => qa.vote(input, ctx)),
    acceptAnswer: (input, ctx) => qaWrites().then((qa) => qa.acceptAnswer(input, ctx)),
    escalate: (input, ctx) => qaWrites().then((qa) => qa.escalate(input, ctx)),

    ideas: partMethods<IdeasAdapter>(loadIdeas, [
      'submitIdea',
      'setStatus',
      'comment',
      'merge',
      'configureBoard',
      'follow',
    ]),

    reviews: {
      ...partMethods<Omit<ReviewsAdapter, 'uploadPhoto'>>(
        loadReviews,
        ['submitReview', 'reply'],
        withPhotoUrls,
      ),
      async uploadPhoto(file, ctx, input) {
        const photo = await partWrite(
          loadPhotos,
          'uploadPhoto',
          { file, alt: input?.alt },
          ctx,
          (photos) => photos.upload,
        );
        const [withUrl] = await (await loadPhotos()).withUrls([photo]);
        return withUrl ?? photo;
      },
    },

    moderation: {
      ...partMethods<Pick<ModerationAdapter, 'flag' | 'act'>>(loadModeration, ['flag', 'act']),
      queue: (input, ctx) => moderationRead(ctx, (part, claims) => part.queue(input, claims)),
      audit: (input, ctx) => moderationRead(ctx, (part, claims) => part.audit(input, claims)),
    },

    members: {
      async exportMine(ctx) {
        await enter(ctx);
        return membersPart!.exportMine(claimsFrom(ctx?.token), site);
      },
      ...partMethods<Pick<MembersAdapter, 'erase'>>(loadMembers, ['erase'], () => undefined),
    },

    notifications: {
      ...partMethods<Pick<NotificationsAdapter, 'markRead'>>(loadNotifications, ['markRead']),
      async follow(input, ctx) {
        const following = input?.following;
        const result =
          input?.targetType === 'idea'
            ? partWrite(
                loadIdeas,
                'follow',
                { ideaId: input.targetId, following },
                ctx,
                (ideas) => ideas.writes.follow,
              )
            : input?.targetType === 'question'
              ? partWrite(
                  loadNotifications,
                  'followQuestion',
                  { questionId: input.targetId, following },
                  ctx,
                  (part) => part.writes.followQuestion,
                )
              : Promise.reject(
                  new ValidationError('Only questions and ideas can be followed.', {
                    targetType: 'Only questions and ideas can be followed.',
                  }),
                );
        return result;
      },
      feedUrl: () => null,
    },

    simulate(s) {
      if (typeof s?.offline === 'boolean') offline = s.offline;
      if (s?.failNext !== undefined) failNext = Math.max(0, Math.floor(Number(s.failNext) || 0));
      if (s?.latency !== undefined) latency = nonNegative(s.latency);
    },

    reset() {
      try {
        storage?.removeItem(storageKey);
        storage?.removeItem(stampKey);
      } catch {
        // nothing stored, or storage unavailable: forgetting in memory is enough
      }
      saveQueued = false;
      lastRaw = null;
      lastStamp = null;
      state = seedState(seed, now().toISOString());
      if (photosLoaded)
        loadPhotos()
          .then((photos) => photos.clear())
          .catch(() => {}); // the images stay behind; the state no longer names them
      else if (photosDatabase && typeof indexedDB === 'object' && indexedDB)
        indexedDB.deleteDatabase(photosDatabase);
    },
  };
}

export default createMemoryAdapter;
