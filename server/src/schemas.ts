/**
 * The zod schemas of the API: they validate every input (with field-level messages) and, through
 * @hono/zod-openapi, make `/v1/openapi.json`. Response schemas describe the shapes of
 * `src/core/types.ts` for the document; handlers return those types.
 */
import { z } from '@hono/zod-openapi';
import { REPUTATION_REASONS } from '../../src/core/reputation.js';
import {
  DEFAULT_IDEA_STATUSES,
  IDEA_SORTS,
  MAX_REVIEW_PHOTOS,
  QUESTION_SORTS,
  REVIEW_SORTS,
  MEMBER_METRICS,
  type MemberMetric,
} from '../../src/core/types.js';

export const LIMITS = {
  title: 200,
  body: 20_000,
  topic: 200,
  pageUrl: 2_000,
  id: 200,
  query: 500,
  statusLabel: 40,
  statuses: 20,
  maxVoteBudget: 1000,
  maxStatusOrder: 1000,
  maxPageSize: 100,
  defaultPageSize: 20,
  bootstrapRequests: 20,
  jsonBytes: 64 * 1024,
  reviewReply: 5_000,
  ratingsProducts: 100,
  flagNote: 500,
  moderationReason: 500,
  memberCards: 100,
  badges: 100,
} as const;

const atMost = (n: number): string => `At most ${n.toLocaleString('en-US')} characters.`;

/**
 * PostgreSQL text cannot hold U+0000: user text keeps a visible U+FFFD in its place (as CommonMark
 * does) instead of failing the write.
 */
export const withoutNul = (text: string): string => text.replace(/\u0000/g, '\uFFFD');

// ---- shared pieces --------------------------------------------------------------------------------

export const SiteQuery = z.object({
  site: z
    .string({ error: 'Which site? Add ?site=<id>.' })
    .min(1, 'Which site? Add ?site=<id>.')
    .max(63, 'Unknown site.')
    .openapi({ param: { name: 'site', in: 'query' }, example: 'demo' }),
});

const Id = (what: string) =>
  z
    .string({ error: `Which ${what}?` })
    .min(1, `Which ${what}?`)
    .max(LIMITS.id, atMost(LIMITS.id));

export const IdParam = z.object({
  id: Id('item').openapi({ param: { name: 'id', in: 'path' }, example: 'q_torso' }),
});

/** Page sizes: a whole number ≥ 1; larger than 100 reads as 100. */
const PageSize = (field: string) =>
  z.coerce
    .number({ error: `${field} must be a whole number.` })
    .int(`${field} must be a whole number.`)
    .min(1, `${field} must be at least 1.`)
    .transform((n) => Math.min(n, LIMITS.maxPageSize))
    .default(LIMITS.defaultPageSize);

const Cursor = z.string().max(40, 'Unknown cursor.');

const PageUrl = z
  .string()
  .max(LIMITS.pageUrl, atMost(LIMITS.pageUrl))
  .refine((value) => {
    try {
      const { protocol } = new URL(value);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  }, 'The page address must be an http(s) URL.');

/** A topic or board slug: they come into being on first write. */
const Slug = (what: string) =>
  z
    .string({ error: `A ${what} is required.` })
    .trim()
    .min(1, `A ${what} is required.`)
    .max(LIMITS.topic, atMost(LIMITS.topic))
    .transform(withoutNul);

const Topic = Slug('topic');
const Board = Slug('board');

const Title = (prompt: string) =>
  z
    .string({ error: prompt })
    .trim()
    .min(1, prompt)
    .max(LIMITS.title, atMost(LIMITS.title))
    .transform(withoutNul);

/** Markdown, possibly empty. */
const Markdown = z
  .string({ error: 'The text must be text.' })
  .max(LIMITS.body, atMost(LIMITS.body))
  .default('')
  .transform(withoutNul);

/** Markdown that must say something. */
const Reply = (prompt: string) =>
  z
    .string({ error: prompt })
    .max(LIMITS.body, atMost(LIMITS.body))
    .refine((s) => s.trim().length > 0, prompt)
    .transform(withoutNul);

/**
 * What every post may carry besides its content (`ComposeExtras` of src/core/adapter.ts): the spam
 * guard's figures, and a guest's name where the site allows guests (domain/spam.ts, domain/guests.ts).
 */
const ComposeExtras = {
  guard: z
    .object({
      honeypot: z.string({ error: 'honeypot is text.' }).optional(),
      elapsedMs: z
        .number({ error: 'elapsedMs is a number of milliseconds.' })
        .nonnegative('elapsedMs is a number of milliseconds.')
        .optional(),
    })
    .optional()
    .openapi({
      description:
        "The form's hidden honeypot field (left empty by people) and the milliseconds since it opened.",
    }),
  guest: z
    .object({
      name: z
        .string({ error: 'Enter your name.' })
        .trim()
        .min(1, 'Enter your name.')
        .max(80, atMost(80))
        .transform(withoutNul),
      email: z
        .string({ error: 'The e-mail address is text.' })
        .trim()
        .max(254, atMost(254))
        .optional(),
    })
    .optional()
    .openapi({
      description:
        'Without a token, where the site allows guests: who is posting (the e-mail is never shown). The post is held for review.',
    }),
};

const Sort = z.enum(QUESTION_SORTS as [string, ...string[]], {
  error: `Use one of ${QUESTION_SORTS.join(', ')}.`,
});

// ---- requests -------------------------------------------------------------------------------------

export const QuestionsQuery = SiteQuery.extend({
  topic: Topic,
  sort: Sort.default('active'),
  limit: PageSize('limit'),
  cursor: Cursor.optional(),
  q: z.string().max(LIMITS.query, atMost(LIMITS.query)).optional(),
});

export const ThreadQuery = SiteQuery.extend({
  answerLimit: PageSize('answerLimit'),
  answerCursor: Cursor.optional(),
});

export const AskBody = z
  .object({
    topic: Topic,
    title: Title('Enter a title for your question.'),
    body: Markdown,
    pageUrl: PageUrl.optional(),
    ...ComposeExtras,
  })
  .openapi('AskQuestion');

export const AnswerBody = z
  .object({
    body: Reply('Write an answer first.'),
    pageUrl: PageUrl.optional(),
    ...ComposeExtras,
  })
  .openapi('PostAnswer');

export const VoteBody = z
  .object({
    targetType: z.enum(['question', 'answer', 'idea', 'review'], {
      error: 'Only questions, answers, ideas and reviews can be voted on here.',
    }),
    targetId: Id('post'),
    value: z.union([z.literal(1), z.literal(-1), z.literal(0)], {
      error: 'A vote is 1, -1 or 0.',
    }),
  })
  .refine((vote) => !(vote.targetType === 'idea' && vote.value === -1), {
    message: 'An idea vote is 1 (vote) or 0 (withdraw).',
    path: ['value'],
  })
  .openapi('Vote');

// ---- ideas ----------------------------------------------------------------------------------------

const IdeaSort = z.enum(IDEA_SORTS as [string, ...string[]], {
  error: `Use one of ${IDEA_SORTS.join(', ')}.`,
});

const STATUS_SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const StatusSlug = z
  .string({ error: 'A status is required.' })
  .regex(
    STATUS_SLUG,
    'A status is 1–40 lowercase letters, digits or "-", starting with a letter or digit.',
  );

export const IdeasQuery = SiteQuery.extend({
  board: Board,
  sort: IdeaSort.default('top'),
  status: z.string().max(40, 'Unknown status.').optional(),
  limit: PageSize('limit'),
  cursor: Cursor.optional(),
  q: z.string().max(LIMITS.query, atMost(LIMITS.query)).optional(),
});

export const IdeaQuery = SiteQuery.extend({
  commentLimit: PageSize('commentLimit'),
  commentCursor: Cursor.optional(),
});

export const BoardParam = z.object({
  slug: Board.openapi({ param: { name: 'slug', in: 'path' }, example: 'aurora-trail-28' }),
});

export const SubmitIdeaBody = z
  .object({
    board: Board,
    title: Title('Enter a title for your idea.'),
    body: Markdown,
    pageUrl: PageUrl.optional(),
    ...ComposeExtras,
  })
  .openapi('SubmitIdea');

export const IdeaCommentBody = z
  .object({
    body: Reply('Write a comment first.'),
    pageUrl: PageUrl.optional(),
    ...ComposeExtras,
  })
  .openapi('PostIdeaComment');

export const StatusBody = z
  .object({
    status: StatusSlug,
    response: Markdown.optional(),
  })
  .openapi('SetIdeaStatus');

export const MergeBody = z.object({ originalId: Id('original idea') }).openapi('MergeIdea');

export const FollowBody = z
  .object({ following: z.boolean({ error: 'following is true or false.' }) })
  .openapi('FollowIdea');

export const StatusDefinition = z
  .object({
    slug: StatusSlug,
    label: z
      .string({ error: 'A label is text.' })
      .trim()
      .min(1, 'A label is required.')
      .max(LIMITS.statusLabel, atMost(LIMITS.statusLabel))
      .transform(withoutNul)
      .optional(),
    color: z
      .string({ error: 'A colour is #rgb or #rrggbb.' })
      .regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'A colour is #rgb or #rrggbb.')
      .optional(),
    order: z
      .number({ error: 'An order is a whole number from 0 to 1000.' })
      .int('An order is a whole number from 0 to 1000.')
      .min(0, 'An order is a whole number from 0 to 1000.')
      .max(LIMITS.maxStatusOrder, 'An order is a whole number from 0 to 1000.'),
  })
  .strict()
  .refine(
    (s) => s.label !== undefined || (DEFAULT_IDEA_STATUSES as readonly string[]).includes(s.slug),
    { message: 'A custom status needs a label.', path: ['label'] },
  );

export const BoardConfigBody = z
  .object({
    statuses: z
      .array(StatusDefinition, { error: 'statuses is a list of statuses.' })
      .max(LIMITS.statuses, `At most ${LIMITS.statuses} statuses.`)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((s, i) => {
          if (seen.has(s.slug))
            ctx.addIssue({
              code: 'custom',
              message: 'This status is listed twice.',
              path: [i, 'slug'],
            });
          seen.add(s.slug);
        });
      })
      .optional(),
    voteBudget: z
      .number({ error: 'A vote budget is a whole number from 1 to 1000, or null.' })
      .int('A vote budget is a whole number from 1 to 1000, or null.')
      .min(1, 'A vote budget is a whole number from 1 to 1000, or null.')
      .max(LIMITS.maxVoteBudget, 'A vote budget is a whole number from 1 to 1000, or null.')
      .nullable()
      .optional(),
  })
  .strict()
  .openapi('ConfigureBoard');

export const AcceptBody = z
  .object({
    answerId: Id('answer').nullable(),
  })
  .openapi('AcceptAnswer');

const PerMinute = z
  .number({ error: 'A whole number of requests per minute.' })
  .int('A whole number of requests per minute.')
  .min(1, 'At least 1 per minute.')
  .max(1_000_000, 'At most 1,000,000 per minute.');

export const RateLimitSettings = z
  .object({
    writesPerMinutePerMember: PerMinute,
    writesPerMinutePerIp: PerMinute,
    readsPerMinutePerIp: PerMinute,
  })
  .strict();

// Reputation settings (rules: src/core/reputation.ts): points per reason, badge rules, trust levels.
const POINTS_MESSAGE = 'Points are a whole number from -1000 to 1000.';
const Points = z
  .number({ error: POINTS_MESSAGE })
  .int(POINTS_MESSAGE)
  .min(-1000, POINTS_MESSAGE)
  .max(1000, POINTS_MESSAGE);
export const ReputationSettings = z
  .object(Object.fromEntries(REPUTATION_REASONS.map((reason) => [reason, Points.optional()])))
  .strict();

const MEMBER_METRIC_NAMES = MEMBER_METRICS as [MemberMetric, ...MemberMetric[]];
const Count = (what: string) =>
  z
    .number({ error: `${what} is a whole number, 0 or more.` })
    .int(`${what} is a whole number, 0 or more.`)
    .min(0, `${what} is a whole number, 0 or more.`)
    .max(1_000_000, `${what} is at most 1,000,000.`);
export const BadgeRuleSchema = z
  .object({
    slug: z
      .string({ error: 'A badge needs a slug.' })
      .regex(
        /^[a-z0-9][a-z0-9-]{0,39}$/,
        'A badge slug is 1–40 lowercase letters, digits or "-", starting with a letter or digit.',
      ),
    name: z
      .string({ error: 'A badge needs a name.' })
      .trim()
      .min(1, 'A badge needs a name.')
      .max(80, atMost(80)),
    description: z.string({ error: 'A badge needs a description.' }).max(300, atMost(300)),
    tier: z.enum(['bronze', 'silver', 'gold'], { error: 'A tier is bronze, silver or gold.' }),
    metric: z.enum(MEMBER_METRIC_NAMES, { error: `Use one of ${MEMBER_METRICS.join(', ')}.` }),
    threshold: Count('A threshold'),
  })
  .strict();
const TrustThresholdSettings = z
  .object({
    posts: Count('posts'),
    activeDays: Count('activeDays'),
    acceptedAnswers: Count('acceptedAnswers'),
    helpfulVotes: Count('helpfulVotes'),
    maxFlagsAgainst: Count('maxFlagsAgainst'),
  })
  .partial()
  .strict();
export const TrustLevelSettings = z
  .object({
    1: TrustThresholdSettings.optional(),
    2: TrustThresholdSettings.optional(),
    3: TrustThresholdSettings.optional(),
    4: TrustThresholdSettings.optional(),
  })
  .strict();

// ---- Webhooks and escalation (docs/webhooks.md) -----------------------------------------------------

/** A whole number with a unit: `90s`, `30m`, `2h`, `3d` (at most 365 days). */
const DURATION = /^([1-9]\d{0,6})([smhd])$/;
const DURATION_MESSAGE =
  'A duration is a whole number with s, m, h or d, like "24h" (at most 365d).';
const MAX_DURATION_MS = 365 * 86_400_000;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a duration like `24h`; `null` when it is not one. */
export function durationMs(value: string): number | null {
  const match = DURATION.exec(value);
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms <= MAX_DURATION_MS ? ms : null;
}

/** Escalation when the site sets nothing: the schedule after a day, the asker after two hours. */
export const DEFAULT_ESCALATION = { after: '24h', askerAfter: '2h' } as const;

const Duration = z
  .string({ error: DURATION_MESSAGE })
  .refine((value) => durationMs(value) !== null, DURATION_MESSAGE);

export const EscalationSettings = z
  .object({
    after: z
      .string({ error: `${DURATION_MESSAGE} Or "off".` })
      .refine((value) => value === 'off' || durationMs(value) !== null, {
        message: `${DURATION_MESSAGE} Or "off".`,
      })
      .optional(),
    askerAfter: Duration.optional(),
  })
  .strict();

/** The community events a webhook can subscribe to (`webhook.ping` is sent on request only). */
export const WEBHOOK_EVENT_TYPES = [
  'question.asked',
  'answer.posted',
  'answer.accepted',
  'question.escalated',
  'question.escalation-resolved',
  'idea.submitted',
  'idea.status-changed',
  'review.submitted',
  'badge.awarded',
  'content.flagged',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const WebhookUrl = z
  .string({ error: 'A webhook needs a url.' })
  .trim()
  .min(1, 'A webhook needs a url.')
  .max(2000, atMost(2000));
const WebhookEvents = z
  .array(
    z.enum(WEBHOOK_EVENT_TYPES, {
      error: `Unknown event type. Use any of ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
    }),
    { error: 'events is a list of event types.' },
  )
  .min(1, 'Subscribe to at least one event type.')
  .max(WEBHOOK_EVENT_TYPES.length, 'Each event type once.')
  .transform((events) => [...new Set(events)]);
const WebhookDescription = z
  .string({ error: 'The description must be text.' })
  .trim()
  .max(500, atMost(500))
  .transform(withoutNul);

export const WebhookCreateBody = z
  .object({ url: WebhookUrl, events: WebhookEvents, description: WebhookDescription.optional() })
  .strict()
  .openapi('CreateWebhook');

export const WebhookPatchBody = z
  .object({
    url: WebhookUrl.optional(),
    events: WebhookEvents.optional(),
    active: z.boolean({ error: 'active is true or false.' }).optional(),
    description: WebhookDescription.nullable().optional(),
  })
  .strict()
  .openapi('ChangeWebhook');

export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()).openapi({ description: 'Event types (`WEBHOOK_EVENT_TYPES`).' }),
    description: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string().nullable(),
    secret: z
      .string()
      .optional()
      .openapi({ description: '`whsec_…`: only in the response that created the webhook.' }),
  })
  .openapi('Webhook');

export const WebhookListSchema = z.object({ items: z.array(WebhookSchema) }).openapi('Webhooks');

export const WebhookAttemptSchema = z
  .object({
    attempt: z.number().int(),
    startedAt: z.string(),
    durationMs: z.number().int(),
    status: z.number().int().nullable().openapi({ description: "The receiver's HTTP status." }),
    error: z.string().nullable().openapi({ description: 'Why no response came (timeout, …).' }),
  })
  .openapi('WebhookAttempt');

export const WebhookDeliverySchema = z
  .object({
    id: z.string().openapi({ description: 'The `webhook-id` header of every attempt.' }),
    type: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    log: z.array(WebhookAttemptSchema),
  })
  .openapi('WebhookDelivery');

export const WebhookDeliveryPageSchema = z
  .object({ items: z.array(WebhookDeliverySchema), nextCursor: z.string().nullable() })
  .openapi('WebhookDeliveryPage');

export const DeliveriesQuery = SiteQuery.extend({
  limit: PageSize('limit'),
  cursor: Cursor.optional(),
});

export const DeliveryParam = z.object({
  id: Id('webhook').openapi({ param: { name: 'id', in: 'path' }, example: 'wh_abc' }),
  deliveryId: Id('delivery').openapi({
    param: { name: 'deliveryId', in: 'path' },
    example: 'msg_abc',
  }),
});

/** Site settings; features add their own keys. */
export const SiteSettings = z
  .object({
    rateLimits: RateLimitSettings.partial().optional(),
    reputation: ReputationSettings.optional(),
    badges: z
      .array(BadgeRuleSchema)
      .max(LIMITS.badges, `At most ${LIMITS.badges} badge rules.`)
      .refine(
        (rules) => new Set(rules.map((r) => r.slug)).size === rules.length,
        'Each badge slug once.',
      )
      .optional(),
    trustLevels: TrustLevelSettings.optional(),
    escalation: EscalationSettings.optional(),
    /** Moderation and spam guards (`domain/moderation-settings.ts`, docs/api.md "Moderation"). */
    moderation: z
      .object({
        flagsToHold: z.int({ error: 'flagsToHold is a whole number.' }).min(1).max(100).optional(),
        guidelines: z
          .string({ error: 'guidelines is text.' })
          .max(4000, atMost(4000))
          .nullable()
          .optional(),
        guests: z.boolean({ error: 'guests is true or false.' }).optional(),
        minSubmitSeconds: z
          .int({ error: 'minSubmitSeconds is a whole number.' })
          .min(0)
          .max(600)
          .optional(),
        linkLimits: z
          .partialRecord(
            z.enum(['0', '1', '2', '3', '4'], { error: 'Trust levels are 0 to 4.' }),
            z.int({ error: 'A link limit is a whole number or null.' }).min(0).max(100).nullable(),
          )
          .optional(),
        duplicateWindowHours: z
          .int({ error: 'duplicateWindowHours is a whole number.' })
          .min(0)
          .max(24 * 365)
          .optional(),
        bannedWords: z
          .array(z.string().trim().min(1, 'A banned word is not empty.').max(100, atMost(100)))
          .max(1000, 'At most 1000 banned words.')
          .optional(),
      })
      .strict()
      .optional(),
    /** Notification mail (docs/api.md "Email"): off for the site, and the name mail is sent as. */
    email: z
      .object({
        enabled: z.boolean({ error: 'enabled is true or false.' }).optional(),
        name: z
          .string({ error: 'A name is text.' })
          .trim()
          .min(1, 'A name is required.')
          .max(100, atMost(100))
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('SiteSettings');
export type SiteSettings = z.infer<typeof SiteSettings>;

export const SettingsPatchBody = z
  .object({ settings: SiteSettings })
  .strict()
  .openapi('SiteSettingsPatch');

export const DevTokenBody = z
  .object({
    member: Id('member'),
    name: z
      .string({ error: 'A name is required.' })
      .trim()
      .min(1, 'A name is required.')
      .max(200, atMost(200)),
    roles: z
      .array(z.enum(['customer', 'staff', 'expert', 'moderator']))
      .max(4)
      .optional(),
    purchases: z.array(z.string().min(1).max(200)).max(50).optional(),
    avatar: PageUrl.optional(),
    email: z.email({ error: 'Not an email address.' }).max(254, atMost(254)).optional(),
  })
  .openapi('DevTokenRequest');

export const BootstrapQuery = SiteQuery.extend({
  requests: z
    .string({ error: 'Add requests=<JSON array of read requests>.' })
    .min(2, 'Add requests=<JSON array of read requests>.')
    .openapi({ example: '[{"kind":"questions","topic":"sku-1","sort":"active","limit":20}]' }),
});

/** The read requests the bootstrap serves now (`ReadRequest` of src/core/adapter.ts). */
export const QuestionsReadRequest = z.object({
  kind: z.literal('questions'),
  topic: Topic,
  sort: Sort.default('active'),
  limit: PageSize('limit'),
  cursor: Cursor.nullish(),
  query: z.string().max(LIMITS.query, atMost(LIMITS.query)).optional(),
});
export const ThreadReadRequest = z.object({
  kind: z.literal('thread'),
  questionId: Id('question'),
  answerLimit: PageSize('answerLimit'),
  answerCursor: Cursor.nullish(),
});
export const MemberReadRequest = z.object({
  kind: z.literal('member'),
  memberId: Id('member'),
});
export const IdeasReadRequest = z.object({
  kind: z.literal('ideas'),
  board: Board,
  sort: IdeaSort.default('top'),
  status: z.string().max(40, 'Unknown status.').nullish(),
  query: z.string().max(LIMITS.query, atMost(LIMITS.query)).optional(),
  limit: PageSize('limit'),
  cursor: Cursor.nullish(),
});
export const IdeaReadRequest = z.object({
  kind: z.literal('idea'),
  ideaId: Id('idea'),
  commentLimit: PageSize('commentLimit'),
  commentCursor: Cursor.nullish(),
});
export const BoardReadRequest = z.object({
  kind: z.literal('board'),
  board: Board,
});
export const MembersReadRequest = z.object({
  kind: z.literal('members'),
  ids: z
    .array(Id('member'), { error: 'ids is a list of member ids.' })
    .min(1, 'Name at least one member.')
    .max(LIMITS.memberCards, `At most ${LIMITS.memberCards} members at once.`),
});
const LeaderboardPeriod = z.enum(['week', 'month', 'all'], {
  error: 'Use one of week, month, all.',
});
const leaderboardFilter = <T extends { topic?: string | undefined; board?: string | undefined }>(
  query: T,
) => query.topic === undefined || query.board === undefined;
const ONE_FILTER = { message: 'Give a topic or a board, not both.', path: ['board'] };
export const LeaderboardReadRequest = z
  .object({
    kind: z.literal('leaderboard'),
    period: LeaderboardPeriod.default('all'),
    topic: Topic.optional(),
    board: Board.optional(),
    limit: PageSize('limit'),
  })
  .refine(leaderboardFilter, ONE_FILTER);
export const LeaderboardQuery = SiteQuery.extend({
  period: LeaderboardPeriod.default('all'),
  topic: Topic.optional(),
  board: Board.optional(),
  limit: PageSize('limit'),
}).refine(leaderboardFilter, ONE_FILTER);

// ---- responses (for the document) -------------------------------------------------------------

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum([
        'validation',
        'unauthorized',
        'forbidden',
        'not-found',
        'conflict',
        'rate-limited',
        'unsupported',
        'internal',
      ]),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      expired: z.boolean().optional(),
    }),
  })
  .openapi('Error');

const Role = z.enum(['customer', 'staff', 'expert', 'moderator']);

export const MemberSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    avatar: z.string().optional(),
    roles: z.array(Role),
    reputation: z.number().int(),
    trustLevel: z.number().int().min(0).max(4),
    erased: z.boolean().optional(),
  })
  .openapi('MemberSummary');

/** Fields of every post (comments have no votes). */
const PostCore = {
  id: z.string(),
  author: MemberSummarySchema,
  bodySource: z.string().optional().openapi({ description: 'Markdown; only to its author.' }),
  bodyHtml: z.string().openapi({ description: 'Rendered at write time and sanitised.' }),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
  pageUrl: z.string().optional(),
  visibility: z.enum(['visible', 'held', 'hidden', 'deleted']).optional(),
  notices: z
    .array(z.enum(['links-as-text', 'held']))
    .optional()
    .openapi({
      description: "Only in the write's response: what the server changed as it stored it.",
    }),
};

const PostFields = {
  ...PostCore,
  score: z.number().int(),
  upvotes: z.number().int(),
  downvotes: z.number().int(),
  myVote: z.number().int().min(-1).max(1),
};

export const QuestionSchema = z
  .object({
    ...PostFields,
    topic: z.string(),
    title: z.string(),
    answerCount: z.number().int(),
    acceptedAnswerId: z.string().nullable(),
    activeAt: z.string(),
    escalatedAt: z.string().nullable().optional(),
    escalatedBy: z.enum(['schedule', 'asker']).nullable().optional(),
    escalationResolvedAt: z.string().nullable().optional(),
    escalatableAt: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'For the signed-in asker: from when they may escalate by hand.' }),
  })
  .openapi('Question');

export const AnswerSchema = z
  .object({ ...PostFields, questionId: z.string(), accepted: z.boolean() })
  .openapi('Answer');

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: z.number().int() });

export const QuestionPageSchema = pageOf(QuestionSchema).openapi('QuestionPage');

export const ThreadSchema = z
  .object({
    question: QuestionSchema,
    answers: pageOf(AnswerSchema),
    following: z.boolean().optional(),
  })
  .openapi('QuestionThread');

const OfficialResponseSchema = z.object({
  bodyHtml: z.string(),
  author: MemberSummarySchema,
  createdAt: z.string(),
});

export const IdeaSchema = z
  .object({
    ...PostFields,
    board: z.string(),
    title: z.string(),
    status: z.string(),
    commentCount: z.number().int(),
    officialResponse: OfficialResponseSchema.nullable().optional(),
    mergedInto: z.string().nullable().optional(),
    following: z.boolean().optional(),
  })
  .openapi('Idea');

export const IdeaPageSchema = pageOf(IdeaSchema).openapi('IdeaPage');

export const IdeaCommentSchema = z
  .object({ ...PostCore, ideaId: z.string(), fromIdeaId: z.string().optional() })
  .openapi('IdeaComment');

export const IdeaDetailSchema = z
  .object({
    idea: IdeaSchema,
    comments: pageOf(IdeaCommentSchema),
    history: z.array(
      z.object({
        from: z.string().nullable(),
        to: z.string(),
        response: OfficialResponseSchema.optional(),
        changedAt: z.string(),
        changedBy: MemberSummarySchema,
      }),
    ),
    mergedIdeas: z.array(z.object({ id: z.string(), title: z.string() })),
  })
  .openapi('IdeaDetail');

export const BoardSchema = z
  .object({
    slug: z.string(),
    statuses: z.array(
      z.object({
        slug: z.string(),
        label: z.string().optional(),
        color: z.string().optional(),
        order: z.number().int(),
      }),
    ),
    voteBudget: z.number().int().nullable(),
    votesRemaining: z.number().int().nullable().optional(),
  })
  .openapi('Board');

export const FollowResponse = z.object({ following: z.boolean() }).openapi('Following');

const BadgeSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    tier: z.enum(['bronze', 'silver', 'gold']),
  })
  .openapi('Badge');

export const MemberCardSchema = MemberSummarySchema.extend({
  topBadges: z.array(BadgeSchema),
  badgeCount: z.number().int(),
}).openapi('MemberCard');

export const LeaderboardEntrySchema = z
  .object({ member: MemberSummarySchema, points: z.number().int(), rank: z.number().int().min(1) })
  .openapi('LeaderboardEntry');

const TieComponentSchema = z.object({
  score: z.number().min(0).max(1),
  explanation: z.string(),
  figures: z.record(z.string(), z.number()),
});

export const MemberProfileSchema = MemberCardSchema.extend({
  joinedAt: z.string(),
  badges: z.array(
    z.object({
      badge: BadgeSchema,
      awardedAt: z.string(),
      cause: z.object({
        metric: z.enum(MEMBER_METRIC_NAMES),
        value: z.number().int(),
        threshold: z.number().int(),
      }),
    }),
  ),
  tieStrength: z
    .object({
      time: TieComponentSchema,
      intensity: TieComponentSchema,
      trust: TieComponentSchema,
      reciprocity: TieComponentSchema,
    })
    .openapi('TieStrength'),
  recent: z.array(
    z.object({
      targetType: z.enum(['question', 'answer', 'idea', 'comment', 'review']),
      targetId: z.string(),
      title: z.string(),
      pageUrl: z.string().optional(),
      createdAt: z.string(),
    }),
  ),
}).openapi('MemberProfile');

export const VoteResultSchema = z
  .object({
    targetType: z.enum(['question', 'answer', 'idea', 'comment', 'review']),
    targetId: z.string(),
    value: z.number().int().min(-1).max(1),
    score: z.number().int(),
    upvotes: z.number().int(),
    downvotes: z.number().int(),
    votesRemaining: z.number().int().nullable().optional(),
  })
  .openapi('VoteResult');

export const BootstrapResponse = z
  .object({
    results: z.array(
      z.union([
        z.object({ ok: z.literal(true), data: z.unknown() }),
        z.object({
          ok: z.literal(false),
          error: z.object({
            code: z.string(),
            message: z.string(),
            fields: z.record(z.string(), z.string()).optional(),
          }),
        }),
      ]),
    ),
  })
  .openapi('BootstrapResponse');

export const SettingsResponse = z.object({ settings: z.record(z.string(), z.unknown()) });

export const HealthResponse = z.object({
  ok: z.literal(true),
  database: z.enum(['pglite', 'postgres']),
});

export const TokenResponse = z.object({ token: z.string() });

// ---- photos ---------------------------------------------------------------------------------------

const PHOTO_ALT = 200;

/** The upload form. Size, name and type are checked after it, in that order (domain/photos.ts). */
export const UploadForm = z
  .object({
    file: z.file({ error: 'Choose a photo to upload (the form field "file").' }).openapi({
      type: 'string',
      format: 'binary',
      description:
        'JPEG, PNG, WebP or GIF (by its bytes; the declared type is ignored), at most 8 MB.',
    }),
    alt: z
      .string({ error: 'The description (alt) must be text.' })
      .trim()
      .max(PHOTO_ALT, atMost(PHOTO_ALT))
      .transform((text) => withoutNul(text) || undefined)
      .optional()
      .openapi({ description: 'Plain text describing the photo, for screen readers.' }),
  })
  .openapi('PhotoUpload');

export const PhotoParam = z.object({
  id: z
    .string()
    .max(100, 'This photo does not exist.')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'ph_Qm9vdHMgb24gYSBiZW5jaA' }),
});

export const PhotoSchema = z
  .object({
    id: z.string(),
    url: z.string().openapi({
      description:
        'Relative to the API base (`photos/{id}?site=…`): resolve it against `data-api`.',
    }),
    thumbnailUrl: z.string().openapi({ description: '`photos/{id}/thumbnail?site=…`, as `url`.' }),
    width: z.number().int(),
    height: z.number().int(),
    alt: z.string().optional(),
  })
  .openapi('Photo');

// ---- reviews, flags and moderation -----------------------------------------------------------------

const Product = Slug('product');

const ReviewSort = z.enum(REVIEW_SORTS as [string, ...string[]], {
  error: `Use one of ${REVIEW_SORTS.join(', ')}.`,
});

const STARS_MESSAGE = 'A rating is a whole number of stars from 1 to 5.';
const Rating = z
  .number({ error: STARS_MESSAGE })
  .int(STARS_MESSAGE)
  .min(1, STARS_MESSAGE)
  .max(5, STARS_MESSAGE);

/** The stars filter of a list (from a query string or a bootstrap request). */
const StarsFilter = z.coerce
  .number({ error: 'stars is a whole number from 1 to 5.' })
  .int('stars is a whole number from 1 to 5.')
  .min(1, 'stars is a whole number from 1 to 5.')
  .max(5, 'stars is a whole number from 1 to 5.');

const ProductList = z
  .array(Product)
  .min(1, 'Name at least one product.')
  .max(LIMITS.ratingsProducts, `At most ${LIMITS.ratingsProducts} products at once.`);

export const ReviewsQuery = SiteQuery.extend({
  product: Product,
  sort: ReviewSort.default('helpful'),
  stars: StarsFilter.optional(),
  limit: PageSize('limit'),
  cursor: Cursor.optional(),
});

export const RatingsQuery = SiteQuery.extend({
  products: z
    .string({ error: 'Which products? Add products=<id>,<id>….' })
    .transform((list) => list.split(','))
    .pipe(ProductList)
    .openapi({ param: { name: 'products', in: 'query' }, example: 'sku-1,sku-2' }),
});

/** Plain text that must say something (reviews and replies are not Markdown). */
const PlainText = (prompt: string, max: number) =>
  z
    .string({ error: prompt })
    .max(max, atMost(max))
    .refine((s) => s.trim().length > 0, prompt)
    .transform(withoutNul);

/** Fields the server sets (`verifiedPurchase`, counts, the author) are not read from the body. */
export const SubmitReviewBody = z
  .object({
    product: Product,
    rating: Rating,
    title: z
      .string({ error: 'The title must be text.' })
      .trim()
      .max(LIMITS.title, atMost(LIMITS.title))
      .default('')
      .transform(withoutNul),
    body: PlainText('Write your review first.', LIMITS.body),
    photoIds: z
      .array(Id('photo'), { error: 'photoIds is a list of photo ids.' })
      .max(MAX_REVIEW_PHOTOS, `At most ${MAX_REVIEW_PHOTOS} photos per review.`)
      .optional(),
    pageUrl: PageUrl.optional(),
    ...ComposeExtras,
  })
  .openapi('SubmitReview');

export const ReviewReplyBody = z
  .object({ body: PlainText('Write a reply first.', LIMITS.reviewReply) })
  .openapi('ReplyToReview');

const TargetTypeSchema = z.enum(['question', 'answer', 'idea', 'comment', 'review'], {
  error: 'Use one of question, answer, idea, comment, review.',
});

export const FlagBody = z
  .object({
    targetType: TargetTypeSchema,
    targetId: Id('post'),
    reason: z.enum(['spam', 'offensive', 'off-topic', 'other'], {
      error: 'Use one of spam, offensive, off-topic, other.',
    }),
    note: z
      .string({ error: 'The note must be text.' })
      .max(LIMITS.flagNote, atMost(LIMITS.flagNote))
      .transform(withoutNul)
      .optional(),
  })
  .openapi('Flag');

export const ModerationActionBody = z
  .object({
    action: z.enum(['approve', 'hide', 'delete', 'warn', 'suspend', 'unsuspend'], {
      error: 'Use one of approve, hide, delete, warn, suspend, unsuspend.',
    }),
    targetType: z.enum(['question', 'answer', 'idea', 'comment', 'review', 'member'], {
      error: 'Use one of question, answer, idea, comment, review, member.',
    }),
    targetId: Id('item'),
    reason: z
      .string({ error: 'Give a reason.' })
      .trim()
      .min(1, 'Give a reason.')
      .max(LIMITS.moderationReason, atMost(LIMITS.moderationReason))
      .transform(withoutNul),
    duration: z
      .number({ error: 'A duration is a whole number of hours.' })
      .int('A duration is a whole number of hours.')
      .min(1, 'A suspension lasts at least 1 hour.')
      .max(8760, 'A suspension lasts at most 8760 hours (a year).')
      .optional()
      .openapi({ description: '`suspend` (required): hours, 1–8760.' }),
  })
  .openapi('ModerationAction');

export const ReviewsReadRequest = z.object({
  kind: z.literal('reviews'),
  product: Product,
  sort: ReviewSort.default('helpful'),
  stars: StarsFilter.nullish(),
  limit: PageSize('limit'),
  cursor: Cursor.nullish(),
});
export const RatingsReadRequest = z.object({
  kind: z.literal('ratings'),
  products: ProductList,
});

/** Public: what compose forms show and send (`CommunityInfo`). */
export const CommunityReadRequest = z.object({ kind: z.literal('community') });

const StaffReplySchema = z.object({
  body: z.string(),
  bodyHtml: z.string(),
  author: MemberSummarySchema,
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});

export const ReviewSchema = z
  .object({
    ...PostFields,
    bodyHtml: z.string().openapi({ description: 'The plain text escaped into paragraphs.' }),
    product: z.string(),
    rating: z.number().int().min(1).max(5),
    title: z.string(),
    body: z.string().openapi({ description: 'Plain text, shown as text (line breaks kept).' }),
    verifiedPurchase: z.boolean(),
    photos: z.array(PhotoSchema),
    reply: StaffReplySchema.nullable().optional(),
  })
  .openapi('Review');

export const RatingSummarySchema = z
  .object({
    product: z.string(),
    average: z.number(),
    count: z.number().int(),
    histogram: z.object({
      1: z.number().int(),
      2: z.number().int(),
      3: z.number().int(),
      4: z.number().int(),
      5: z.number().int(),
    }),
  })
  .openapi('RatingSummary');

export const ReviewPageSchema = pageOf(ReviewSchema)
  .extend({ summary: RatingSummarySchema, mine: ReviewSchema.nullable() })
  .openapi('ReviewPage');

export const RatingsResponse = z.array(RatingSummarySchema).openapi('Ratings');

export const ModerationResultSchema = z
  .object({
    targetType: z.enum(['question', 'answer', 'idea', 'comment', 'review', 'member']),
    targetId: z.string(),
    visibility: z
      .enum(['visible', 'held', 'hidden', 'deleted'])
      .openapi({ description: 'A member action: `visible`.' }),
    suspendedUntil: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'A member action: until when the member is suspended now.' }),
  })
  .openapi('ModerationResult');

const QueueReasonSchema = z.enum(['flagged', 'held', 'guest'], {
  error: 'Use one of flagged, held, guest.',
});

export const ModerationQueueQuery = SiteQuery.extend({
  limit: PageSize('limit'),
  cursor: Cursor.optional(),
  reason: QueueReasonSchema.optional(),
});

export const ModerationAuditQuery = SiteQuery.extend({
  limit: PageSize('limit'),
  cursor: Cursor.optional(),
});

const FlagReasonSchema = z.enum(['spam', 'offensive', 'off-topic', 'other']);

export const ModerationItemSchema = z
  .object({
    targetType: TargetTypeSchema,
    targetId: z.string(),
    title: z.string().openapi({ description: "An answer's or comment's: its thread's. Text." }),
    excerpt: z.string().openapi({ description: 'Plain text, shortened.' }),
    author: MemberSummarySchema,
    guest: z.boolean().optional(),
    authorSuspendedUntil: z.string().nullable().optional(),
    flags: z.array(z.object({ reason: FlagReasonSchema, count: z.number().int() })),
    notes: z.array(z.string()).openapi({ description: 'Open flags’ notes, newest first (≤ 5).' }),
    reason: QueueReasonSchema,
    visibility: z.enum(['visible', 'held', 'hidden', 'deleted']),
    createdAt: z.string(),
    flaggedAt: z.string().nullable().optional(),
    pageUrl: z.string().optional(),
  })
  .openapi('ModerationItem');

export const ModerationQueuePageSchema = pageOf(ModerationItemSchema).openapi('ModerationQueue');

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    action: z.enum(['hold', 'approve', 'hide', 'delete', 'warn', 'suspend', 'unsuspend']),
    actor: MemberSummarySchema.nullable().openapi({
      description: "`null`: the community's flags held the post.",
    }),
    targetType: z.enum(['question', 'answer', 'idea', 'comment', 'review', 'member']),
    targetId: z.string(),
    subject: MemberSummarySchema.nullable(),
    reason: z.string().openapi({
      description: "The staff member's reason; for `hold`, the reason of the flag that held it.",
    }),
    until: z.string().nullable().optional(),
    excerpt: z.string().optional(),
    at: z.string(),
  })
  .openapi('AuditEntry');

export const AuditPageSchema = pageOf(AuditEntrySchema).openapi('AuditLog');

// ---- Notifications, mail and feeds (docs/api.md "Notifications", "Email", "Feeds") ---------------

export const NotificationsReadRequest = z.object({
  kind: z.literal('notifications'),
  limit: PageSize('limit'),
  cursor: Cursor.nullish(),
});

export const NotificationsQuery = SiteQuery.extend({
  limit: PageSize('limit'),
  cursor: Cursor.optional(),
});

const NOTIFICATION_ID = /^[1-9]\d{0,17}$/;
export const MarkReadBody = z
  .object({
    ids: z.union(
      [
        z
          .array(z.string().regex(NOTIFICATION_ID, 'Unknown notification id.'))
          .max(LIMITS.maxPageSize, `At most ${LIMITS.maxPageSize} ids at once.`),
        z.literal('all'),
      ],
      { error: 'ids is a list of notification ids, or "all".' },
    ),
  })
  .openapi('MarkNotificationsRead');

export const UnreadResponse = z.object({ unread: z.number().int() }).openapi('Unread');

export const FollowTargetBody = z
  .object({
    targetType: z.enum(['question', 'idea'], { error: 'Follow a question or an idea.' }),
    targetId: Id('post'),
    following: z.boolean({ error: 'following is true or false.' }),
  })
  .openapi('Follow');

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({
      example: 'answer.posted',
      description:
        '`answer.posted`, `answer.accepted`, `question.escalated`, `idea.status-changed`, `idea.commented`, `review.replied`, `badge.awarded`.',
    }),
    title: z.string(),
    actor: MemberSummarySchema.nullable().optional(),
    excerpt: z.string().optional(),
    targetType: z.enum(['question', 'answer', 'idea', 'comment', 'review', 'member']),
    targetId: z.string(),
    pageUrl: z.string().optional(),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .openapi('Notification');

export const NotificationsPageSchema = pageOf(NotificationSchema)
  .extend({ unread: z.number().int() })
  .openapi('NotificationsPage');

/** `GET /v1/unsubscribe?site&member&sig` (and its POST): the signed link of every mail. */
export const UnsubscribeQuery = SiteQuery.extend({
  member: z.string().openapi({ param: { name: 'member', in: 'query' } }),
  sig: z.string().openapi({
    param: { name: 'sig', in: 'query' },
    description: "HMAC-SHA256 of the site and member with the site's secret, base64url.",
  }),
});

/** A feed's topic, board or product, percent-encoded, with `.atom`. */
export const FeedParam = z.object({
  file: z
    .string()
    .openapi({ param: { name: 'file', in: 'path' }, example: 'aurora-trail-28.atom' }),
});

// ---- Analytics: the view beacon and the insights (docs/api.md "Analytics") ------------------------

export const VIEW_EVENT_TYPES = ['question-opened', 'suggestion-opened', 'question-asked'] as const;
export const MAX_VIEW_EVENTS = 50;

export const ViewBatchBody = z
  .object({
    pageLoad: z
      .string({ error: 'pageLoad is a random UUID.' })
      .regex(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i, 'pageLoad is a random UUID.'),
    events: z
      .array(
        z.object({
          type: z.enum(VIEW_EVENT_TYPES, { error: `Use one of ${VIEW_EVENT_TYPES.join(', ')}.` }),
          questionId: Id('question'),
        }),
        { error: 'events is a list of { type, questionId }.' },
      )
      .min(1, 'Send at least one event.')
      .max(MAX_VIEW_EVENTS, `At most ${MAX_VIEW_EVENTS} events at once.`),
  })
  .openapi('ViewBatch');

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO date (midnight UTC) or an ISO timestamp with its offset, as epoch ms; `null` if neither. */
export function parseInstant(value: string): number | null {
  const match = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse takes 2026-02-30 for 2 March: the calendar day must exist.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return null;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isFinite(ms) ? ms : null;
}

const Instant = (field: string) => {
  const message = `${field} is a date (2026-03-01) or a time with its offset (2026-03-01T12:00:00Z).`;
  return z
    .string({ error: message })
    .refine((value) => parseInstant(value) !== null, message)
    .openapi({ param: { name: field, in: 'query' }, example: '2026-03-01' });
};

export const InsightsQuery = SiteQuery.extend({
  from: Instant('from'),
  to: Instant('to'),
  bucket: z
    .enum(['day', 'week', 'month'], { error: 'Use one of day, week, month.' })
    .default('day')
    .openapi({ param: { name: 'bucket', in: 'query' } }),
});

const MetricPointSchema = z.object({ bucket: z.string(), value: z.number().nullable() });

export const InsightsReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    bucket: z.enum(['day', 'week', 'month']),
    kpis: z.object({
      questions: z.number().int(),
      answerRate: z.number().nullable(),
      medianFirstAnswerSeconds: z.number().nullable(),
      communityAnswerShare: z.number().nullable(),
      escalations: z.number().int(),
      viewPageLoads: z.number().int(),
      deflectedPageLoads: z.number().int(),
      deflectionRate: z.number().nullable(),
      ideas: z.number().int(),
      ideaVotes: z.number().int(),
      reviews: z.number().int(),
      reviewAverage: z.number().nullable(),
      activeMembers: z.number().int(),
      reciprocalMembers: z.number().int(),
    }),
    series: z.record(z.string(), z.array(MetricPointSchema)),
    ideaFunnel: z.array(z.object({ status: z.string(), count: z.number().int() })),
    topTopics: z.array(
      z.object({ topic: z.string(), questions: z.number().int(), answered: z.number().int() }),
    ),
  })
  .openapi('InsightsReport');

// ---- turning zod errors into field messages -------------------------------------------------------

/** `{ field: message }`, the first message per field; nested paths joined with dots. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : 'body';
    fields[key] ??= issue.message;
  }
  return fields;
}
