/**
 * The `KithAdapter` interface: everything the elements need from a backend.
 *
 * Reads go through one batched call, `read()`, so that the store layer can coalesce the reads of every
 * element on a page into one request (the REST adapter maps it to the server's bootstrap endpoint).
 * Writes are one method each, carry an idempotency key, and resolve with the stored entity.
 * Errors are the typed errors of `./errors.ts`.
 *
 * Feature groups beyond Q&A (ideas, reviews, members, notifications, moderation) are optional so that an
 * integrator can implement only what their pages use; a store calling a missing group reports an
 * `UnsupportedError` on the element.
 */
import type {
  Answer,
  AuditEntry,
  Board,
  CommunityInfo,
  ComposeGuard,
  Flag,
  GuestAuthor,
  Idea,
  IdeaComment,
  IdeaDetail,
  IdeaSort,
  IdeaStatusDefinition,
  IdeaStatusSlug,
  InsightsBucket,
  InsightsReport,
  LeaderboardEntry,
  LeaderboardPeriod,
  MemberCard,
  MemberExport,
  MemberProfile,
  ModerationAction,
  ModerationItem,
  FeedRef,
  NotificationsPage,
  Page,
  Photo,
  QueueReason,
  Question,
  QuestionSort,
  QuestionThread,
  RatingSummary,
  Review,
  ReviewSort,
  Stars,
  TargetType,
  Visibility,
  ViewBatch,
  VoteValue,
} from './types.js';

/** Passed with every call: who is asking. */
export interface RequestContext {
  /** The member token, when signed in. */
  token?: string | null;
  signal?: AbortSignal;
}

/** Writes also carry an idempotency key: a retry with the same key returns the first result. */
export interface WriteContext extends RequestContext {
  idempotencyKey: string;
}

/** One read; `kind` selects the shape of its result in {@link ReadResultMap}. */
export type ReadRequest =
  | {
      kind: 'questions';
      topic: string;
      sort: QuestionSort;
      limit: number;
      cursor?: string | null;
      /** Full-text search over titles and bodies. */
      query?: string;
    }
  | { kind: 'thread'; questionId: string; answerLimit: number; answerCursor?: string | null }
  | { kind: 'member'; memberId: string }
  /** Many `<kith-badge>` on one page: one request for all their members (≤ 100); unknown ids are left out. */
  | { kind: 'members'; ids: string[] }
  | {
      kind: 'ideas';
      board: string;
      sort: IdeaSort;
      status?: IdeaStatusSlug | null;
      query?: string;
      limit: number;
      cursor?: string | null;
    }
  | { kind: 'idea'; ideaId: string; commentLimit: number; commentCursor?: string | null }
  | { kind: 'board'; board: string }
  | {
      kind: 'reviews';
      product: string;
      sort: ReviewSort;
      stars?: Stars | null;
      limit: number;
      cursor?: string | null;
    }
  /** Many `<kith-rating>` on one page: one request for all their products (≤ 100). */
  | { kind: 'ratings'; products: string[] }
  | {
      kind: 'leaderboard';
      period: LeaderboardPeriod;
      topic?: string;
      board?: string;
      limit: number;
    }
  /** The signed-in member's notifications, newest first (signed out: an empty page, `unread: 0`). */
  | { kind: 'notifications'; limit: number; cursor?: string | null }
  /** What compose forms show and send: guidelines, guests allowed, the spam guard's minimum time. */
  | { kind: 'community' };

export type ReadKind = ReadRequest['kind'];

export interface ReadResultMap {
  questions: Page<Question>;
  thread: QuestionThread;
  member: MemberProfile;
  members: MemberCard[];
  ideas: Page<Idea>;
  idea: IdeaDetail;
  board: Board;
  /** `mine`: the signed-in member's own review of the product (to edit), whatever the filter. */
  reviews: Page<Review> & { summary: RatingSummary; mine: Review | null };
  ratings: RatingSummary[];
  leaderboard: LeaderboardEntry[];
  notifications: NotificationsPage;
  community: CommunityInfo;
}

export type ReadResult<K extends ReadKind = ReadKind> = ReadResultMap[K];

/** The outcome of one read in a batch: a batch never fails as a whole because one read failed. */
export type ReadOutcome<K extends ReadKind = ReadKind> =
  { ok: true; data: ReadResult<K> } | { ok: false; error: import('./errors.js').KithError };

/**
 * What every post's input may carry besides its content: the spam guards, and for a signed-out
 * visitor where the site allows guests, their name (the post is then held for review).
 */
export interface ComposeExtras {
  guard?: ComposeGuard;
  guest?: GuestAuthor;
}

export interface AskQuestionInput extends ComposeExtras {
  topic: string;
  title: string;
  /** Markdown. */
  body: string;
  pageUrl?: string;
}

export interface PostAnswerInput extends ComposeExtras {
  questionId: string;
  body: string;
  pageUrl?: string;
}

export interface VoteInput {
  targetType: TargetType;
  targetId: string;
  value: VoteValue;
}

export interface VoteResult {
  targetType: TargetType;
  targetId: string;
  /** The member's vote as stored. */
  value: VoteValue;
  score: number;
  upvotes: number;
  downvotes: number;
  /** Remaining votes on the board, for budgeted idea boards. */
  votesRemaining?: number | null;
}

export interface AcceptAnswerInput {
  questionId: string;
  /** `null` withdraws the acceptance. */
  answerId: string | null;
}

/** Q&A, member reads and votes: what every adapter implements. */
export interface KithAdapter {
  /** A short name for diagnostics (`rest`, `memory`, …). */
  readonly name: string;
  /** Answers each request in order; a failed request yields `{ok: false}` in its slot. */
  read(requests: readonly ReadRequest[], ctx: RequestContext): Promise<ReadOutcome[]>;
  askQuestion(input: AskQuestionInput, ctx: WriteContext): Promise<Question>;
  postAnswer(input: PostAnswerInput, ctx: WriteContext): Promise<Answer>;
  /** One vote per member per target; `value: 0` withdraws it. */
  vote(input: VoteInput, ctx: WriteContext): Promise<VoteResult>;
  /** The asker or staff only. Returns the question with its new `acceptedAnswerId`. */
  acceptAnswer(input: AcceptAnswerInput, ctx: WriteContext): Promise<Question>;
  /**
   * "I still need help": the asker hands their unanswered question to the vendor's support, once
   * `escalatableAt` has passed (staff may at any time). Escalating twice changes nothing. Returns the
   * question with `escalatedAt`.
   */
  escalate(input: { questionId: string }, ctx: WriteContext): Promise<Question>;
  /**
   * The view beacon for self-service deflection: fire and forget, without the member's token or
   * cookies. The store never calls it when the browser signals Do Not Track or Global Privacy Control.
   */
  recordViews?(batch: ViewBatch): void;

  ideas?: IdeasAdapter;
  reviews?: ReviewsAdapter;
  members?: MembersAdapter;
  notifications?: NotificationsAdapter;
  moderation?: ModerationAdapter;
}

export interface IdeasAdapter {
  /** The author's vote is cast with it (when their budget allows) and they follow the idea. */
  submitIdea(
    input: { board: string; title: string; body: string; pageUrl?: string } & ComposeExtras,
    ctx: WriteContext,
  ): Promise<Idea>;
  /**
   * Staff only. `status` must be one of the board's statuses; `response` (Markdown) becomes the idea's
   * official response. Kept in the history; every follower but the actor gets a notification.
   */
  setStatus(
    input: { ideaId: string; status: IdeaStatusSlug; response?: string },
    ctx: WriteContext,
  ): Promise<Idea>;
  /** Commenting on a merged duplicate comments on its original; the commenter follows the idea. */
  comment(
    input: { ideaId: string; body: string; pageUrl?: string } & ComposeExtras,
    ctx: WriteContext,
  ): Promise<IdeaComment>;
  /** Staff only. Resolves with the original, its votes and comments now including the duplicate's. */
  merge(input: { duplicateId: string; originalId: string }, ctx: WriteContext): Promise<Idea>;
  /**
   * Staff only. `statuses` replaces the board's custom statuses (and recolours/reorders default ones
   * named in it); `voteBudget` sets or (with `null`) removes the budget. Omitted fields stay.
   */
  configureBoard(
    input: { board: string; statuses?: IdeaStatusDefinition[]; voteBudget?: number | null },
    ctx: WriteContext,
  ): Promise<Board>;
  follow(
    input: { ideaId: string; following: boolean },
    ctx: WriteContext,
  ): Promise<{ following: boolean }>;
}

export interface ReviewsAdapter {
  /**
   * One review per member per product: writing again edits the first (same id). `photoIds` are
   * uploads of this member (≤ 4); `verifiedPurchase` comes from the token's `purchases` claim only.
   */
  submitReview(
    input: {
      product: string;
      rating: Stars;
      title: string;
      body: string;
      photoIds?: string[];
      pageUrl?: string;
    } & ComposeExtras,
    ctx: WriteContext,
  ): Promise<Review>;
  /** Staff only; replying again replaces the reply. Resolves with the review, reply included. */
  reply(input: { reviewId: string; body: string }, ctx: WriteContext): Promise<Review>;
  /**
   * An image (JPEG, PNG, WebP, GIF; ≤ 8 MB; no SVG), re-encoded without EXIF/GPS; `alt`, its text
   * alternative (plain text, ≤ 200).
   */
  uploadPhoto(file: Blob, ctx: WriteContext, input?: { alt?: string }): Promise<Photo>;
}

/** A member's own data (cards, profiles and leaderboards are reads: `members`, `member`, `leaderboard`). */
export interface MembersAdapter {
  /** Everything stored about the signed-in member (`ctx.token` required). */
  exportMine(ctx: RequestContext): Promise<MemberExport>;
  /**
   * Erases a member — the member themself, or staff for anyone: their name, avatar and every personal
   * record go; their posts stay, shown as from "a former member", and every count stays.
   */
  erase(input: { memberId: string }, ctx: WriteContext): Promise<void>;
}

/** Notifications are read with the `notifications` read kind; these are the writes, and feeds. */
export interface NotificationsAdapter {
  /** Marks notifications read; returns the unread count left. */
  markRead(input: { ids: string[] | 'all' }, ctx: WriteContext): Promise<{ unread: number }>;
  /** Follows or unfollows a question or an idea. */
  follow(
    input: { targetType: 'question' | 'idea'; targetId: string; following: boolean },
    ctx: WriteContext,
  ): Promise<{ following: boolean }>;
  /** The absolute URL of an Atom feed, or `null` where the backend has none (the memory adapter). */
  feedUrl?(feed: FeedRef, ctx: RequestContext): string | null;
}

/** A member's flag, or a staff member's moderation action, as acknowledged. */
export interface ModerationResult {
  targetType: TargetType | 'member';
  targetId: string;
  visibility: Visibility;
  /** A member action: until when the member is suspended now (`null`: not suspended). */
  suspendedUntil?: string | null;
}

/**
 * Flags and moderation, generic over every kind of content. Any member flags (once per target, with a
 * reason); enough flags (or one from trust level 3+) hold the post for review. Staff act on posts
 * (`approve`, `hide`, `delete`) and on members (`warn`, `suspend` for `duration` hours, `unsuspend`),
 * always with a reason; every action is in the audit log. Hidden content leaves every count and average.
 */
export interface ModerationAdapter {
  flag(input: Flag, ctx: WriteContext): Promise<ModerationResult>;
  /** For a member action (`targetType: 'member'`), `visibility` in the result is `visible`. */
  act(
    input: {
      action: ModerationAction;
      targetType: TargetType | 'member';
      targetId: string;
      reason: string;
      /** For `suspend`, in hours (1–8760). */
      duration?: number;
    },
    ctx: WriteContext,
  ): Promise<ModerationResult>;
  /** Staff: flagged, held and guests' posts, oldest first. */
  queue?(
    input: { limit: number; cursor?: string | null; reason?: QueueReason | null },
    ctx: RequestContext,
  ): Promise<Page<ModerationItem>>;
  /** Staff: every moderation action, newest first. */
  audit?(
    input: { limit: number; cursor?: string | null },
    ctx: RequestContext,
  ): Promise<Page<AuditEntry>>;
  /** Staff: the community's figures over `[from, to)` (ISO dates), in buckets (default `day`). */
  insights?(
    input: { from: string; to: string; bucket?: InsightsBucket },
    ctx: RequestContext,
  ): Promise<InsightsReport>;
}

/** Builds an adapter for a site; registered by name (`rest`, `memory`) or passed as an instance. */
export type AdapterFactory = (options: AdapterOptions) => KithAdapter;

export interface AdapterOptions {
  /** The versioned API base, e.g. `https://community.acme.com/v1` (REST). */
  api?: string | null;
  site?: string | null;
  /** Adapter-specific settings from `Kith.configure({ adapterOptions })`. */
  [key: string]: unknown;
}
