/**
 * Kith's domain types: what adapters return and what elements show.
 *
 * Every feature of the roadmap has its types here so that adapters, stores and events agree from the
 * start. Times are ISO-8601 strings (JSON-safe); HTML fields are already rendered from Markdown by the
 * adapter (server or memory) and are sanitised again by the element before they reach the DOM.
 */

/** Roles come only from the signed member token. */
export type Role = 'customer' | 'staff' | 'expert' | 'moderator';

/** Content a member can vote on, flag or follow. */
export type TargetType = 'question' | 'answer' | 'idea' | 'comment' | 'review';

/** `1` up (or "helpful", or an idea vote), `-1` down (or "not helpful"), `0` withdraws the vote. */
export type VoteValue = 1 | -1 | 0;

/** Claims of the member token (JWT HS256 signed by the vendor's server). */
export interface MemberClaims {
  /** Site id. */
  aud: string;
  /** Member id. */
  sub: string;
  name: string;
  avatar?: string;
  email?: string;
  roles?: Role[];
  /** Product ids the member bought: the only source of "verified purchase". */
  purchases?: string[];
  groups?: string[];
  iat?: number;
  exp?: number;
}

/** The public face of a member, as shown next to everything they write. */
export interface MemberSummary {
  id: string;
  name: string;
  avatar?: string;
  roles: Role[];
  reputation: number;
  trustLevel: TrustLevel;
  /** Set when the member erased their account: shown as "a former member". */
  erased?: boolean;
}

export type TrustLevel = 0 | 1 | 2 | 3 | 4;

export type BadgeTier = 'bronze' | 'silver' | 'gold';

/**
 * What Kith counts per member, for badge rules and trust levels (see `core/reputation.ts`). Only
 * visible content counts.
 */
export type MemberMetric =
  | 'questions'
  | 'answers'
  | 'acceptedAnswers'
  | 'ideas'
  | 'ideasShipped'
  | 'comments'
  | 'reviews'
  /** "Helpful" votes on the member's reviews. */
  | 'helpfulVotes'
  /** Up votes on the member's questions, answers and ideas (not their own). */
  | 'upvotes'
  /** Distinct days on which the member wrote anything (UTC). */
  | 'activeDays'
  | 'reputation'
  /** Questions, answers, ideas, comments and reviews. */
  | 'posts'
  /** Flags other members raised on the member's content. */
  | 'flagsAgainst';

export const MEMBER_METRICS: readonly MemberMetric[] = [
  'questions',
  'answers',
  'acceptedAnswers',
  'ideas',
  'ideasShipped',
  'comments',
  'reviews',
  'helpfulVotes',
  'upvotes',
  'activeDays',
  'reputation',
  'posts',
  'flagsAgainst',
];

export interface Badge {
  slug: string;
  /** The site's name for it (English by default; elements translate the default badges). */
  name: string;
  description: string;
  tier: BadgeTier;
}

/** A badge rule (site settings `badges`): awarded once when `metric` reaches `threshold`. */
export interface BadgeRule extends Badge {
  metric: MemberMetric;
  threshold: number;
}

export interface BadgeAward {
  badge: Badge;
  awardedAt: string;
  /** What earned it: `metric` had reached `value` (≥ the rule's `threshold`). */
  cause: { metric: MemberMetric; value: number; threshold: number };
}

/**
 * One of the four components of a member's tie strength. `figures` are what the sentence is made of,
 * so an element can say it in the reader's language; `explanation` is the English sentence.
 */
export interface TieStrengthComponent {
  /** 0..1 for the bar. */
  score: number;
  /** One sentence explaining the figure (English). */
  explanation: string;
  figures: Record<string, number>;
}

/**
 * How strongly a member is tied to the community (see `core/reputation.ts` `tieStrength`):
 * - `time`: tenure and distinct active days (`figures: { tenureDays, activeDays }`);
 * - `intensity`: interactions per week over the last four weeks (`{ perWeek, interactions }`);
 * - `trust`: accepted answers and helpful votes per contribution (`{ accepted, helpful, contributions }`);
 * - `reciprocity`: help given against help received (`{ given, received }`).
 */
export interface TieStrength {
  time: TieStrengthComponent;
  intensity: TieStrengthComponent;
  trust: TieStrengthComponent;
  reciprocity: TieStrengthComponent;
}

/** What `<kith-badge>` shows: the summary plus the member's best badges. */
export interface MemberCard extends MemberSummary {
  /** Gold first, then silver, then bronze; newest first within a tier; at most 3. */
  topBadges: Badge[];
  badgeCount: number;
}

export interface ContributionRef {
  targetType: TargetType;
  targetId: string;
  title: string;
  pageUrl?: string;
  createdAt: string;
}

export interface MemberProfile extends MemberCard {
  joinedAt: string;
  /** Every badge, newest first. */
  badges: BadgeAward[];
  tieStrength: TieStrength;
  recent: ContributionRef[];
}

/** Everything Kith stores about a member (`MembersAdapter.exportMine`), as plain JSON. */
export interface MemberExport {
  exportedAt: string;
  site: string;
  member: MemberProfile;
  /** One array per kind of record: questions, answers, ideas, comments, reviews, votes, flags, follows, reputation (the ledger), badges, notifications. */
  records: Record<string, unknown[]>;
}

export interface LeaderboardEntry {
  member: MemberSummary;
  points: number;
  rank: number;
}

export type LeaderboardPeriod = 'week' | 'month' | 'all';

/** Moderation state shared by every kind of content. */
export type Visibility = 'visible' | 'held' | 'hidden' | 'deleted';

/**
 * What the server changed in a post as it was stored, and says so: `links-as-text` — the author's
 * trust level (0, a first post) does not allow links or images yet, so they were written as text;
 * `held` — the post waits for a moderator before anyone else sees it (a guest's post).
 */
export type PostNotice = 'links-as-text' | 'held';

/** Fields every post (question, answer, idea, comment, review) has. */
export interface PostBase {
  id: string;
  author: MemberSummary;
  /** Markdown source, returned to the author for editing. */
  bodySource?: string;
  /** HTML rendered from Markdown at write time; sanitised again before display. */
  bodyHtml: string;
  createdAt: string;
  updatedAt?: string;
  /** The page the post was written on (`page-url`), so links lead back to it. */
  pageUrl?: string;
  visibility?: Visibility;
  /** Only in the response to the write that stored the post. */
  notices?: PostNotice[];
}

export interface Votable {
  score: number;
  /** Count of up votes (ideas show this; Q&A shows the score). */
  upvotes: number;
  downvotes: number;
  /** The signed-in member's vote, `0` when none or when signed out. */
  myVote: VoteValue;
}

export type QuestionSort = 'active' | 'newest' | 'top' | 'unanswered';
export const QUESTION_SORTS: readonly QuestionSort[] = ['active', 'newest', 'top', 'unanswered'];

export interface Question extends PostBase, Votable {
  topic: string;
  title: string;
  answerCount: number;
  acceptedAnswerId: string | null;
  /** Time of the last answer or edit, for the `active` sort. */
  activeAt: string;
  /** Set once the question was handed to the vendor's support (unanswered too long, or the asker asked). */
  escalatedAt?: string | null;
  /** Who escalated it: the site's schedule (`escalation.after`), the asker ("I still need help") or staff. */
  escalatedBy?: EscalationSource | null;
  /** Set when a staff answer resolved the escalation (the question stays marked as escalated). */
  escalationResolvedAt?: string | null;
  /**
   * For the signed-in asker only: from when they may escalate by hand (the site's shorter wait);
   * `null` when they cannot (not the asker, already escalated, or an answer is accepted).
   */
  escalatableAt?: string | null;
}

export type EscalationSource = 'schedule' | 'asker' | 'staff';

export interface Answer extends PostBase, Votable {
  questionId: string;
  accepted: boolean;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; `null` when this is the last. */
  nextCursor: string | null;
  /** Total number of items across all pages. */
  total: number;
}

export interface QuestionThread {
  question: Question;
  /** Accepted answer first, then by score, then oldest first. */
  answers: Page<Answer>;
  /** The signed-in member follows the question (asking, answering and voting follow it); signed out: false. */
  following?: boolean;
}

// ---- Ideas -------------------------------------------------------------------------------------

export type DefaultIdeaStatus =
  'open' | 'under-review' | 'planned' | 'in-progress' | 'done' | 'declined';
export const DEFAULT_IDEA_STATUSES: readonly DefaultIdeaStatus[] = [
  'open',
  'under-review',
  'planned',
  'in-progress',
  'done',
  'declined',
];

/** Default slugs plus a board's custom slugs. */
export type IdeaStatusSlug = DefaultIdeaStatus | (string & {});

export interface IdeaStatusDefinition {
  slug: IdeaStatusSlug;
  /** Custom statuses carry a label; default statuses are translated by the element. */
  label?: string;
  /** CSS colour; the status is always shown with text too. */
  color?: string;
  order: number;
}

export type IdeaSort = 'top' | 'trending' | 'newest';
export const IDEA_SORTS: readonly IdeaSort[] = ['top', 'trending', 'newest'];

export interface Board {
  slug: string;
  /** The default statuses (possibly recoloured or reordered) and the board's custom ones, by `order`. */
  statuses: IdeaStatusDefinition[];
  /**
   * Votes a member may hold on the board at once; `null` = unlimited. Votes on `done` and `declined`
   * ideas do not count (they return to the member when an idea closes).
   */
  voteBudget: number | null;
  /** The signed-in member's remaining votes, when there is a budget. */
  votesRemaining?: number | null;
}

export interface OfficialResponse {
  bodyHtml: string;
  author: MemberSummary;
  createdAt: string;
}

export interface IdeaStatusChange {
  from: IdeaStatusSlug | null;
  to: IdeaStatusSlug;
  response?: OfficialResponse;
  changedAt: string;
  changedBy: MemberSummary;
}

export interface Idea extends PostBase, Votable {
  board: string;
  title: string;
  status: IdeaStatusSlug;
  commentCount: number;
  officialResponse?: OfficialResponse | null;
  /** Set when merged into another idea: votes count there. */
  mergedInto?: string | null;
  following?: boolean;
}

export interface IdeaComment extends PostBase {
  ideaId: string;
  /** Comments of a merged duplicate stay visible on the original. */
  fromIdeaId?: string;
}

export interface IdeaDetail {
  /** Reading a merged duplicate answers with its original (`idea.id` is then the original's id). */
  idea: Idea;
  /** Oldest first; includes the comments of duplicates merged into this idea. */
  comments: Page<IdeaComment>;
  /** Oldest first. */
  history: IdeaStatusChange[];
  /** Duplicates merged into this idea. */
  mergedIdeas: { id: string; title: string }[];
}

// ---- Reviews ------------------------------------------------------------------------------------

export type ReviewSort = 'helpful' | 'newest' | 'highest' | 'lowest';
export const REVIEW_SORTS: readonly ReviewSort[] = ['helpful', 'newest', 'highest', 'lowest'];

export type Stars = 1 | 2 | 3 | 4 | 5;

export interface Photo {
  id: string;
  /** The re-encoded image (EXIF/GPS stripped), served by Kith with `nosniff`. */
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
  alt?: string;
}

/** Photos a member may attach to one review. */
export const MAX_REVIEW_PHOTOS = 4;
/** Largest upload accepted, in bytes (8 MB). */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

export interface StaffReply {
  /** Plain text, shown as text (line breaks kept). */
  body: string;
  bodyHtml: string;
  author: MemberSummary;
  createdAt: string;
  updatedAt?: string;
}

/**
 * A product review. Reviews are plain text, as with every review service: `body` is shown as text
 * (line breaks kept), so a reviews page needs neither a Markdown parser nor an HTML sanitiser.
 * `bodyHtml` is that text escaped into paragraphs, for feeds and emails. Helpful votes are votes
 * (`targetType: 'review'`): `upvotes` = "helpful", `downvotes` = "not helpful".
 */
export interface Review extends PostBase, Votable {
  product: string;
  rating: Stars;
  title: string;
  body: string;
  /** From the token's `purchases` claim at write time, never from the browser. */
  verifiedPurchase: boolean;
  photos: Photo[];
  reply?: StaffReply | null;
}

export interface RatingSummary {
  product: string;
  /** Mean of visible ratings, `0` when there are none (shown with one decimal). */
  average: number;
  count: number;
  /** Count per star value. */
  histogram: Record<Stars, number>;
}

// ---- Notifications, flags, moderation, analytics ------------------------------------------------

/**
 * What a member is told about. Kinds (the server's and the memory adapter's): `answer.posted` (a
 * question they follow got an answer), `answer.accepted` (their answer was accepted),
 * `question.escalated` (their question went to support), `idea.status-changed`, `idea.commented`
 * (an idea they follow), `review.replied` (staff replied to their review), `badge.awarded`.
 */
export type NotificationKind =
  | 'answer.posted'
  | 'answer.accepted'
  | 'question.escalated'
  | 'idea.status-changed'
  | 'idea.commented'
  | 'review.replied'
  | 'badge.awarded'
  /** A moderator warned the member (the reason is the excerpt; the title is the community's name). */
  | 'member.warned'
  /** A moderator suspended the member (the reason is the excerpt). */
  | 'member.suspended';

export interface Notification {
  id: string;
  kind: NotificationKind | (string & {});
  /** One line: the post's title (or the badge's name), as text. */
  title: string;
  /** Who caused it, when a member did. */
  actor?: MemberSummary | null;
  /** A short plain-text excerpt (the answer, the comment, the status's response), may be empty. */
  excerpt?: string;
  targetType: TargetType | 'member';
  targetId: string;
  /**
   * Where to read it: the post's stored page URL with the hash that opens it there
   * (`#kith-question-<id>`, `#kith-idea-<id>`), or absent when none was stored.
   */
  pageUrl?: string;
  createdAt: string;
  read: boolean;
}

/** A page of notifications, newest first, with the member's unread count over all of them. */
export interface NotificationsPage extends Page<Notification> {
  unread: number;
}

/** A feed of a topic (questions and answers), a board (ideas and status changes) or a product (reviews). */
export interface FeedRef {
  kind: 'topic' | 'board' | 'product';
  key: string;
}

export type FlagReason = 'spam' | 'offensive' | 'off-topic' | 'other';

export interface Flag {
  targetType: TargetType;
  targetId: string;
  reason: FlagReason;
  note?: string;
}

/**
 * Staff actions: `approve` (visible again, its flags settled), `hide`, `delete` (gone for good, also
 * from its author), `warn` (the author is told, with the reason), `suspend` (the author cannot write
 * until `duration` hours have passed), `unsuspend`.
 */
export type ModerationAction = 'approve' | 'hide' | 'delete' | 'warn' | 'suspend' | 'unsuspend';

/**
 * Why a post is in the moderation queue: `flagged` (flags since the last decision, still visible),
 * `held` (hidden pending review: N flags, or one from trust level 3+), `guest` (a guest's post).
 */
export type QueueReason = 'flagged' | 'held' | 'guest';

export interface ModerationItem {
  targetType: TargetType;
  targetId: string;
  /** The post's title; for an answer or comment, its question's or idea's. Text. */
  title: string;
  /** The post's text, plain, shortened. */
  excerpt: string;
  author: MemberSummary;
  /** The author is a guest (no account): `author.name` is the name they gave. */
  guest?: boolean;
  /** Until when the author is suspended, when they are. */
  authorSuspendedUntil?: string | null;
  /** Open flags (since the last decision) by reason. */
  flags: { reason: FlagReason; count: number }[];
  /** The flaggers' notes, newest first (at most 5). Text. */
  notes: string[];
  reason: QueueReason;
  visibility: Visibility;
  createdAt: string;
  /** The newest open flag. */
  flaggedAt?: string | null;
  /** The page the post was written on, with the hash that opens it. */
  pageUrl?: string;
}

/** What the audit log records: every staff action, and `hold` (automatic, by flags). */
export type AuditAction = ModerationAction | 'hold';

export interface AuditEntry {
  id: string;
  action: AuditAction;
  /** Who acted; `null` for the community's flags holding a post. */
  actor: MemberSummary | null;
  targetType: TargetType | 'member';
  targetId: string;
  /** The member concerned: the post's author, or the member warned or suspended. */
  subject: MemberSummary | null;
  reason: string;
  /** `suspend`: until when. */
  until?: string | null;
  /** The post's text, shortened, when the target is a post. */
  excerpt?: string;
  at: string;
}

/**
 * What a site tells every compose form (the `community` read; public): its community guidelines,
 * whether signed-out visitors may post as guests (their posts held for review), and the spam guard's
 * minimum time between opening a form and sending it.
 */
export interface CommunityInfo {
  /** Plain text (blank lines separate paragraphs), or `null` when the site has none. */
  guidelines: string | null;
  guests: boolean;
  minSubmitSeconds: number;
}

/**
 * Spam guards sent with every post: the value of the form's hidden honeypot field (a person leaves it
 * empty; a bot filling every field does not) and the milliseconds between the form opening and sending.
 */
export interface ComposeGuard {
  honeypot?: string;
  elapsedMs?: number;
}

/** A signed-out visitor posting where the site allows guests: their name (and e-mail, never shown). */
export interface GuestAuthor {
  name: string;
  email?: string;
}

/**
 * The view beacon (self-service deflection; no cookies, no personal data, nothing under Do Not Track
 * or Global Privacy Control). `pageLoad` is a random id per page load, kept nowhere.
 */
export interface ViewBatch {
  pageLoad: string;
  events: ViewEvent[];
}

/**
 * `question-opened`: a question's thread was opened; `suggestion-opened`: a similar question suggested
 * while asking was opened; `question-asked`: a question was posted from this page load.
 */
export interface ViewEvent {
  type: 'question-opened' | 'suggestion-opened' | 'question-asked';
  questionId: string;
}

export type InsightsBucket = 'day' | 'week' | 'month';

/**
 * Headline figures over `[from, to)`. Hidden, held and deleted content counts nowhere. Rates are 0–1;
 * `null` where there is nothing to divide by.
 */
export interface InsightsKpis {
  questions: number;
  /** Share of the period's questions with at least one visible answer (now). */
  answerRate: number | null;
  /** Median seconds from a question to its first visible answer (answered questions of the period). */
  medianFirstAnswerSeconds: number | null;
  /** Of the period's answered questions: share whose first visible answer came from a non-staff member. */
  communityAnswerShare: number | null;
  /** Questions escalated to support in the period. */
  escalations: number;
  /** Page loads that opened a question thread or a suggestion (view beacon). */
  viewPageLoads: number;
  /** Of those: page loads that opened an answered question or a suggestion and asked nothing. */
  deflectedPageLoads: number;
  deflectionRate: number | null;
  ideas: number;
  ideaVotes: number;
  reviews: number;
  reviewAverage: number | null;
  /** Members with at least one write (post, vote, flag…) in the period. */
  activeMembers: number;
  /** Members who in the period both answered someone's question and got an answer from someone. */
  reciprocalMembers: number;
}

export interface MetricPoint {
  /** The bucket's start (ISO-8601, UTC). */
  bucket: string;
  value: number | null;
}

export interface InsightsReport {
  from: string;
  to: string;
  bucket: InsightsBucket;
  kpis: InsightsKpis;
  /**
   * One point per bucket, every bucket present: `questions`, `answered`, `medianFirstAnswerSeconds`,
   * `escalations`, `deflectedPageLoads`, `ideas`, `ideaVotes`, `reviews`, `reviewAverage`,
   * `activeMembers`.
   */
  series: Record<string, MetricPoint[]>;
  /** Visible ideas submitted in the period, by their status now (the board order of statuses). */
  ideaFunnel: { status: string; count: number }[];
  /** Topics by questions asked in the period, most first (at most 10). */
  topTopics: { topic: string; questions: number; answered: number }[];
}
