/**
 * The memory adapter's state and the pure helpers its Q&A part (`../memory.ts`) and its parts loaded
 * on first use (`./ideas.ts`, `./reviews.ts`, `./moderation.ts`, `./photos.ts`) share: stored shapes,
 * limits, ids, visibility, search, pages and validation.
 */
import type {
  IdeasAdapter,
  ModerationAdapter,
  NotificationsAdapter,
  ReadRequest,
  ReviewsAdapter,
  VoteInput,
  VoteResult,
} from '../../core/adapter.js';
import { ValidationError } from '../../core/errors.js';
import type {
  AuditAction,
  AuditEntry,
  Badge,
  BadgeAward,
  EscalationSource,
  FlagReason,
  IdeaStatusDefinition,
  MemberClaims,
  MemberExport,
  MemberSummary,
  ModerationItem,
  Notification,
  NotificationsPage,
  Page,
  Photo,
  PostBase,
  PostNotice,
  QueueReason,
  Stars,
  TargetType,
  TrustLevel,
  Visibility,
  Votable,
} from '../../core/types.js';

/** Markdown → HTML at write time; the renderer (and its Markdown library) loads on the first write. */
export async function render(source: string): Promise<string> {
  const { renderMarkdown } = await import('../../core/markdown.js');
  return renderMarkdown(source);
}

/**
 * A member's post as they may write it: with links, or (`mayLink` false: trust level 0) with its links
 * and images as text, and the notice `links-as-text` when there were any.
 */
export async function renderPost(
  source: string,
  mayLink: boolean,
): Promise<{ html: string; notices?: PostNotice[] }> {
  if (mayLink) return { html: await render(source) };
  const { renderWithoutLinks } = await import('../../core/markdown.js');
  return renderWithoutLinks(source);
}

export type VotableType = 'question' | 'answer' | 'idea' | 'review';

export interface StoredMember {
  /** `reputation` and `trustLevel` as `./members.ts` last computed them (after every write). */
  summary: MemberSummary;
  joinedAt: string;
  /**
   * Points not explained by the state: a seeded member's reputation earned before the seed (the seed's
   * figure minus what its posts and votes are worth). Unset until `./members.ts` first counts.
   */
  reputationBase?: number;
  /** A guest: a signed-out visitor who posted where the site allows it (their posts are held). */
  guest?: boolean;
  /** Until when the member cannot write (`./moderation.ts` suspends; `../memory.ts` refuses). */
  suspendedUntil?: string | null;
}

export interface StoredPost {
  id: string;
  authorId: string;
  bodySource?: string;
  bodyHtml: string;
  createdAt: string;
  updatedAt?: string;
  pageUrl?: string;
  visibility?: Visibility;
  upvotes: number;
  downvotes: number;
  /** Insertion order: breaks ties between equal timestamps. */
  seq: number;
}

export interface StoredQuestion extends StoredPost {
  topic: string;
  title: string;
  answerCount: number;
  acceptedAnswerId: string | null;
  activeAt: string;
  escalatedAt?: string | null;
  escalatedBy?: EscalationSource | null;
  /** When a staff answer came after the escalation. */
  escalationResolvedAt?: string | null;
  /** When and by whom the accepted answer was accepted (unset for seeded acceptances). */
  acceptedAt?: string;
  acceptedBy?: string;
}

export interface StoredAnswer extends StoredPost {
  questionId: string;
}

export interface StoredVote {
  memberId: string;
  targetType: VotableType;
  targetId: string;
  value: 1 | -1;
  /**
   * When the vote was cast (idea votes: `trending` weighs recent ones more; every vote: the
   * leaderboard's period). Unset for seeded votes other than idea votes: they count from the post's time.
   */
  createdAt?: string;
}

export interface StoredIdea extends StoredPost {
  board: string;
  title: string;
  status: string;
  mergedInto: string | null;
}

/** A comment on an idea; its vote counts stay 0. */
export interface StoredIdeaComment extends StoredPost {
  ideaId: string;
  /** Set when a merge moved it here from a duplicate. */
  fromIdeaId?: string;
}

/** A board's own statuses: custom ones and overrides of default ones (the defaults are implied). */
export interface StoredBoard {
  slug: string;
  voteBudget: number | null;
  statuses: IdeaStatusDefinition[];
}

export interface StoredStatusChange {
  ideaId: string;
  from: string | null;
  to: string;
  response?: { bodyHtml: string; authorId: string; createdAt: string };
  changedAt: string;
  changedBy: string;
}

/** A review; its body is plain text (`bodyHtml` the escaped paragraphs), never Markdown. */
export interface StoredReview extends StoredPost {
  product: string;
  rating: Stars;
  title: string;
  body: string;
  verifiedPurchase: boolean;
  /** Uploads of the author ({@link StoredPhoto}), in order. */
  photoIds: string[];
  reply?: StoredReply;
}

export interface StoredReply {
  body: string;
  bodyHtml: string;
  authorId: string;
  createdAt: string;
  updatedAt?: string;
}

/** What the state knows of an upload; the image and its thumbnail are in `./photos.ts`'s store. */
export interface StoredPhoto {
  id: string;
  memberId: string;
  width: number;
  height: number;
  alt?: string;
  createdAt: string;
}

/** One member's flag on one post (flagging again replaces it). */
export interface StoredFlag {
  memberId: string;
  targetType: TargetType;
  targetId: string;
  reason: FlagReason;
  note?: string;
  createdAt: string;
  /** When staff decided on the post (approve, hide, delete): a settled flag no longer counts. */
  settledAt?: string;
}

/** An entry of the audit log: a staff member's action, or `hold` (by flags; no actor). */
export interface StoredModerationAction {
  /** Unset in entries stored before the audit log. */
  id?: string;
  action: AuditAction;
  actorId: string | null;
  targetType: TargetType | 'member';
  targetId: string;
  /** The post's author, or the member warned or suspended. */
  subjectId?: string | null;
  reason: string;
  /** `suspend`: until when. */
  until?: string | null;
  /** The post's text when acted on (a deleted post has none after). */
  excerpt?: string;
  at: string;
}

/** A badge as awarded: once per member and badge, when first seen earned. */
export interface StoredBadgeAward extends BadgeAward {
  memberId: string;
  badge: Badge;
}

/** A notification, and whom it is for. */
export interface StoredNotification extends Notification {
  memberId: string;
}

/** Maps, not plain objects: ids come from users, and `__proto__` is a valid member id. */
export interface MemoryState {
  seq: number;
  members: Map<string, StoredMember>;
  questions: Map<string, StoredQuestion>;
  answers: Map<string, StoredAnswer>;
  votes: Map<string, StoredVote>;
  boards: Map<string, StoredBoard>;
  ideas: Map<string, StoredIdea>;
  ideaComments: Map<string, StoredIdeaComment>;
  /** Oldest first. */
  statusChanges: StoredStatusChange[];
  /** Idea follows: {@link followKey}s. */
  followers: Set<string>;
  /** Question id → the members following it (asking, answering and voting follow). */
  questionFollowers: Map<string, Set<string>>;
  /** Oldest first, the latest 1000 (`./notifications.ts`). */
  notifications: StoredNotification[];
  reviews: Map<string, StoredReview>;
  photos: Map<string, StoredPhoto>;
  /** By {@link flagKey}. */
  flags: Map<string, StoredFlag>;
  /** Oldest first, the latest 1000. */
  moderation: StoredModerationAction[];
  /** Results of writes by idempotency key, oldest first. */
  idempotency: Map<string, unknown>;
  /** Oldest first. */
  badgeAwards: StoredBadgeAward[];
  /**
   * Whether members' reputations, trust levels and badges were counted since the state last changed
   * (a fresh seed is not): `../memory.ts` has `./members.ts` count them after every write.
   */
  membersSynced: boolean;
}

export const MAX_TITLE = 200;
export const MAX_TOPIC = 200;
export const MAX_BODY = 20000;
export const MAX_PAGE_URL = 2048;
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

// ---- pure helpers -------------------------------------------------------------------------------

/* @__NO_SIDE_EFFECTS__ */
export function emptyState(): MemoryState {
  return {
    seq: 0,
    members: new Map(),
    questions: new Map(),
    answers: new Map(),
    votes: new Map(),
    boards: new Map(),
    ideas: new Map(),
    ideaComments: new Map(),
    statusChanges: [],
    followers: new Set(),
    questionFollowers: new Map(),
    notifications: [],
    reviews: new Map(),
    photos: new Map(),
    flags: new Map(),
    moderation: [],
    idempotency: new Map(),
    badgeAwards: [],
    membersSynced: false,
  };
}

/* @__NO_SIDE_EFFECTS__ */
export function voteKey(memberId: string, targetType: VotableType, targetId: string): string {
  return `${memberId}\u0000${targetType}\u0000${targetId}`;
}

/* @__NO_SIDE_EFFECTS__ */
export function flagKey(memberId: string, targetType: TargetType, targetId: string): string {
  return `${memberId}\u0000${targetType}\u0000${targetId}`;
}

/* @__NO_SIDE_EFFECTS__ */
export function followKey(ideaId: string, memberId: string): string {
  return `${ideaId}\u0000${memberId}`;
}

/** Follows or unfollows a question (cheap: Q&A writes call it without loading `./notifications.ts`). */
export function followQuestion(
  state: MemoryState,
  questionId: string,
  memberId: string,
  following: boolean,
): void {
  const members = state.questionFollowers.get(questionId);
  if (following) {
    if (members) members.add(memberId);
    else state.questionFollowers.set(questionId, new Set([memberId]));
  } else if (members?.delete(memberId) && !members.size) {
    state.questionFollowers.delete(questionId);
  }
}

/* @__NO_SIDE_EFFECTS__ */
export function time(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/* @__NO_SIDE_EFFECTS__ */
export function newId(prefix: string): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return `${prefix}${c.randomUUID()}`;
  // randomUUID needs a secure context; a demo on plain http still has getRandomValues.
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${prefix}${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/* @__NO_SIDE_EFFECTS__ */
export function copySummary(summary: MemberSummary): MemberSummary {
  return { ...summary, roles: [...summary.roles] };
}

/* @__NO_SIDE_EFFECTS__ */
export function isVisibleTo(post: StoredPost, viewerId: string | null): boolean {
  const visibility = post.visibility ?? 'visible';
  if (visibility === 'visible') return true;
  return visibility === 'held' && viewerId !== null && post.authorId === viewerId;
}

/**
 * Visible with its thread: hiding a question hides its answers, hiding an idea its comments (an
 * answer has a `questionId`, a comment an `ideaId`).
 */
/* @__NO_SIDE_EFFECTS__ */
export function isThreadVisibleTo(
  state: MemoryState,
  post: StoredPost,
  viewerId: string | null,
): boolean {
  const parent =
    'questionId' in post
      ? state.questions.get(post.questionId as string)
      : 'ideaId' in post
        ? state.ideas.get(post.ideaId as string)
        : undefined;
  return isVisibleTo(post, viewerId) && (!parent || isVisibleTo(parent, viewerId));
}

/** Text to search in: the Markdown source, or the HTML without its tags for seeded posts. */
/* @__NO_SIDE_EFFECTS__ */
export function searchableBody(post: StoredPost): string {
  return (post.bodySource ?? post.bodyHtml.replace(/<[^>]*>/g, ' ')).toLowerCase();
}

/* @__NO_SIDE_EFFECTS__ */
export function searchTerms(query: string | undefined): string[] {
  return (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/** 0 when a term is missing; otherwise 2 per term in the title, 1 per term in the body. */
/* @__NO_SIDE_EFFECTS__ */
export function relevance(post: StoredPost & { title: string }, terms: readonly string[]): number {
  const title = post.title.toLowerCase();
  const body = searchableBody(post);
  let score = 0;
  for (const term of terms) {
    const inTitle = title.includes(term);
    const inBody = body.includes(term);
    if (!inTitle && !inBody) return 0;
    score += (inTitle ? 2 : 0) + (inBody ? 1 : 0);
  }
  return score;
}

/* @__NO_SIDE_EFFECTS__ */
export function byNewest(a: StoredPost, b: StoredPost): number {
  return time(b.createdAt) - time(a.createdAt) || b.seq - a.seq;
}

/* @__NO_SIDE_EFFECTS__ */
export function scoreOf(post: StoredPost): number {
  return post.upvotes - post.downvotes;
}

export function parseLimit(value: unknown, field: string): number {
  if (value === undefined || value === null) return DEFAULT_LIMIT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValidationError(`${field} must be a positive whole number.`, {
      [field]: `${field} must be a positive whole number.`,
    });
  }
  return Math.min(value, MAX_LIMIT);
}

/** Cursors are offsets written as decimal strings; treat them as opaque outside this module. */
export function parseCursor(value: unknown, field: string): number {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) {
    throw new ValidationError('The page cursor is not valid.', { [field]: 'Unknown cursor.' });
  }
  return Number(value);
}

/* @__NO_SIDE_EFFECTS__ */
export function paginate<S, T>(
  items: readonly S[],
  offset: number,
  limit: number,
  map: (item: S) => T,
): Page<T> {
  const slice = items.slice(offset, offset + limit);
  const end = offset + slice.length;
  return {
    items: slice.map(map),
    nextCursor: end < items.length ? String(end) : null,
    total: items.length,
  };
}

export function validatePageUrl(
  value: unknown,
  fields: Record<string, string>,
): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let ok = typeof value === 'string' && value.length <= MAX_PAGE_URL;
  if (ok) {
    try {
      ok = ['http:', 'https:'].includes(new URL(value as string).protocol);
    } catch {
      ok = false;
    }
  }
  if (!ok) fields.pageUrl = 'The page address must be an http(s) URL.';
  return ok ? (value as string) : undefined;
}

export function throwIfInvalid(fields: Record<string, string>): void {
  const messages = Object.values(fields);
  if (messages.length) throw new ValidationError(messages.join(' '), fields);
}

/* @__NO_SIDE_EFFECTS__ */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A topic, board or product (`field`): any text of 1–200 characters; they come into being on first
 * write.
 */
export function placeIn(value: unknown, field: string, fields: Record<string, string>): string {
  const place = typeof value === 'string' ? value : '';
  if (!place.trim()) fields[field] = `A ${field} is required.`;
  else if (place.length > MAX_TOPIC)
    fields[field] = `The ${field} must be at most ${MAX_TOPIC} characters.`;
  return place;
}

/**
 * Text of at most `max` characters (not counting the blanks around it): `''` when blank, which is
 * refused with the message `required` when given.
 */
export function textIn(
  value: unknown,
  field: string,
  fields: Record<string, string>,
  max: number,
  required?: string,
): string {
  const text = value ?? '';
  if (typeof text !== 'string') fields[field] = 'The text must be text.';
  else if (!text.trim()) {
    if (required) fields[field] = required;
  } else if (text.trim().length > max) {
    fields[field] = `The text must be at most ${max} characters.`;
  }
  return typeof text === 'string' && text.trim() ? text : '';
}

// ---- the parts' view of the adapter -------------------------------------------------------------

/** What a part loaded on first use (ideas, reviews, moderation, photos) needs from the adapter. */
export interface MemoryHost {
  /** The current state (another adapter on the same storage may have replaced it since). */
  readonly state: MemoryState;
  now(): Date;
  authorOf(memberId: string): MemberSummary;
  /**
   * The member's trust level as the members part counts it (loaded by every write; 4 for staff and
   * moderators), never below a new member's.
   */
  trustLevelOf(memberId: string): TrustLevel;
  /** A new post's fields, with a fresh id and sequence number. */
  newPost(
    prefix: string,
    authorId: string,
    valid: { body: string; pageUrl?: string },
    bodyHtml: string,
    at: string,
  ): StoredPost;
  /** The fields every post has, the author resolved. */
  postBase(post: StoredPost): PostBase;
  /** `postBase` plus the vote counts and the viewer's vote. */
  postFields(
    post: StoredPost,
    viewerId: string | null,
    targetType: VotableType,
  ): PostBase & Votable;
}

/**
 * A write in two steps: the promise validates the input and renders Markdown without touching the
 * state; the function it resolves to checks the state, changes it and returns the result (at once,
 * so that no other call runs in between).
 */
export type TwoStepWrite<I, T> = (input: I, claims: MemberClaims) => Promise<() => T>;

/** The two-step form of every write method of an adapter group. */
export type PartWrites<A> = {
  [K in keyof A]-?: A[K] extends
    ((input: infer I, ...rest: never[]) => Promise<infer T>) | undefined
    ? TwoStepWrite<I, T>
    : never;
};

export interface IdeasBackend {
  read(
    request: Extract<ReadRequest, { kind: 'ideas' | 'idea' | 'board' }>,
    viewerId: string | null,
  ): unknown;
  vote: TwoStepWrite<VoteInput, VoteResult>;
  writes: PartWrites<IdeasAdapter>;
}

export interface ReviewsBackend {
  read(
    request: Extract<ReadRequest, { kind: 'reviews' | 'ratings' }>,
    viewerId: string | null,
  ): unknown;
  writes: PartWrites<Pick<ReviewsAdapter, 'submitReview' | 'reply'>>;
}

/** Notifications (`./notifications.ts`): the inbox read, the writes, and what each write notifies. */
export interface NotificationsBackend {
  read(
    request: Extract<ReadRequest, { kind: 'notifications' }>,
    viewerId: string | null,
  ): NotificationsPage;
  /** Question follows; an idea's go through the ideas part (merged duplicates resolve there). */
  writes: PartWrites<Pick<NotificationsAdapter, 'markRead'>> & {
    followQuestion: TwoStepWrite<
      { questionId: string; following: boolean },
      { following: boolean }
    >;
  };
  answerPosted(question: StoredQuestion, answer: StoredAnswer): void;
  answerAccepted(question: StoredQuestion, answerId: string, actorId: string): void;
  questionEscalated(question: StoredQuestion, actorId: string | null): void;
  ideaCommented(comment: { id: string; ideaId: string }): void;
  reviewReplied(review: { id: string }): void;
  badgesAwarded(awards: readonly StoredBadgeAward[]): void;
}

export interface ModerationBackend {
  writes: PartWrites<Pick<ModerationAdapter, 'flag' | 'act'>>;
  /** Staff reads (the claims are checked for staff here). */
  queue(
    input: { limit: number; cursor?: string | null; reason?: QueueReason | null },
    claims: MemberClaims,
  ): Page<ModerationItem>;
  audit(input: { limit: number; cursor?: string | null }, claims: MemberClaims): Page<AuditEntry>;
}

/** Members: cards, profiles, leaderboards, own data; counts reputation, trust levels and badges. */
export interface MembersBackend {
  /**
   * Counts every member's reputation and trust level into their stored summary and awards the badges
   * newly earned; true when that changed the state.
   */
  sync(): boolean;
  /** The member's trust level now (see {@link MemoryHost.trustLevelOf}). */
  trustLevelOf(memberId: string): TrustLevel;
  read(
    request: Extract<ReadRequest, { kind: 'member' | 'members' | 'leaderboard' }>,
    viewerId: string | null,
  ): unknown;
  exportMine(claims: MemberClaims, site: string | null): MemberExport;
  writes: PartWrites<{ erase(input: { memberId: string }): Promise<null> }>;
}

/** Photos for the memory adapter: the images live outside the state (IndexedDB, or memory). */
export interface PhotosBackend {
  /** Checks, re-encodes and stores the image; the second step records it in the state. */
  upload: TwoStepWrite<{ file: Blob; alt?: string }, Photo>;
  /** The photos with working `blob:` URLs; those whose image is gone are left out. */
  withUrls(photos: readonly Photo[]): Promise<Photo[]>;
  /** Forgets every stored image. */
  clear(): Promise<void>;
}
