/**
 * The memory adapter's state and the pure helpers its Q&A part (`../memory.ts`) and its ideas part
 * (`./ideas.ts`, loaded on the first ideas call) share: stored shapes, limits, ids, visibility,
 * search, pages and validation.
 */
import type { IdeasAdapter, ReadRequest, VoteInput, VoteResult } from '../../core/adapter.js';
import { ValidationError } from '../../core/errors.js';
import type {
  IdeaStatusDefinition,
  MemberClaims,
  MemberSummary,
  Notification,
  Page,
  PostBase,
  Visibility,
  Votable,
} from '../../core/types.js';

/** Markdown → HTML at write time; the renderer (and its Markdown library) loads on the first write. */
export async function render(source: string): Promise<string> {
  const { renderMarkdown } = await import('../../core/markdown.js');
  return renderMarkdown(source);
}

export type VotableType = 'question' | 'answer' | 'idea';

export interface StoredMember {
  summary: MemberSummary;
  joinedAt: string;
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
}

export interface StoredAnswer extends StoredPost {
  questionId: string;
}

export interface StoredVote {
  memberId: string;
  targetType: VotableType;
  targetId: string;
  value: 1 | -1;
  /** When the vote was cast (idea votes: `trending` weighs recent ones more). */
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
  /** {@link followKey}s. */
  followers: Set<string>;
  /** Oldest first; delivering and reading them comes with the notifications feature. */
  notifications: StoredNotification[];
  /** Results of writes by idempotency key, oldest first. */
  idempotency: Map<string, unknown>;
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
    notifications: [],
    idempotency: new Map(),
  };
}

/* @__NO_SIDE_EFFECTS__ */
export function voteKey(memberId: string, targetType: VotableType, targetId: string): string {
  return `${memberId}\u0000${targetType}\u0000${targetId}`;
}

/* @__NO_SIDE_EFFECTS__ */
export function followKey(ideaId: string, memberId: string): string {
  return `${ideaId}\u0000${memberId}`;
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

// ---- the ideas part's view of the adapter ------------------------------------------------------

/** What the ideas part needs from the adapter that loads it. */
export interface IdeasHost {
  /** The current state (another adapter on the same storage may have replaced it since). */
  readonly state: MemoryState;
  now(): Date;
  authorOf(memberId: string): MemberSummary;
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

export type IdeaWrites = {
  [K in keyof IdeasAdapter]-?: TwoStepWrite<
    Parameters<IdeasAdapter[K]>[0],
    Awaited<ReturnType<IdeasAdapter[K]>>
  >;
};

export interface IdeasBackend {
  read(
    request: Extract<ReadRequest, { kind: 'ideas' | 'idea' | 'board' }>,
    viewerId: string | null,
  ): unknown;
  vote: TwoStepWrite<VoteInput, VoteResult>;
  writes: IdeaWrites;
}
