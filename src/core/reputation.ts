/**
 * Reputation, badges, trust levels and tie strength: the rules, shared by the reference server and the
 * memory adapter so that both count the same way. Sites change the numbers in their settings
 * (`reputation`, `badges`, `trustLevels`); what is counted and how is here.
 */
import type {
  BadgeRule,
  MemberMetric,
  TieStrength,
  TieStrengthComponent,
  TrustLevel,
} from './types.js';

/**
 * Why a member gained or lost points, each worth a site-configurable number of points. Each ledger entry
 * names the post it is about and who caused it (the voter, the asker), so undoing the cause (a vote
 * withdrawn, an acceptance moved, a status changed back, the post hidden) writes the reversing entry.
 */
export type ReputationReason =
  | 'question.upvoted'
  | 'question.downvoted'
  | 'answer.upvoted'
  | 'answer.downvoted'
  /** To the answer's author. */
  | 'answer.accepted'
  /** To the asker who accepted an answer (not their own). */
  | 'accept.given'
  /** A "helpful" vote on the member's review. */
  | 'review.helpful'
  /** A vote on the member's idea (not their own). */
  | 'idea.upvoted'
  /** The member's idea reached `planned` (or a later status: `in-progress`, `done`). */
  | 'idea.planned'
  /** The member's idea shipped (`done`). */
  | 'idea.done';

export const DEFAULT_POINTS: Readonly<Record<ReputationReason, number>> = {
  'question.upvoted': 5,
  'question.downvoted': -2,
  'answer.upvoted': 10,
  'answer.downvoted': -2,
  'answer.accepted': 15,
  'accept.given': 2,
  'review.helpful': 5,
  'idea.upvoted': 2,
  'idea.planned': 20,
  'idea.done': 30,
};

export const REPUTATION_REASONS = Object.keys(DEFAULT_POINTS) as ReputationReason[];

/** Idea statuses that count as planned (the idea keeps its `idea.planned` points through them). */
export const PLANNED_STATUSES: readonly string[] = ['planned', 'in-progress', 'done'];

/** The default badges; a site adds rules, or changes one by its `slug` (settings `badges`). */
export const DEFAULT_BADGES: readonly BadgeRule[] = [
  {
    slug: 'first-question',
    name: 'Curious',
    description: 'Asked a first question.',
    tier: 'bronze',
    metric: 'questions',
    threshold: 1,
  },
  {
    slug: 'first-answer',
    name: 'First Answer',
    description: 'Answered a first question.',
    tier: 'bronze',
    metric: 'answers',
    threshold: 1,
  },
  {
    slug: 'first-review',
    name: 'Reviewer',
    description: 'Reviewed a first product.',
    tier: 'bronze',
    metric: 'reviews',
    threshold: 1,
  },
  {
    slug: 'problem-solver',
    name: 'Problem Solver',
    description: 'Five answers accepted as the solution.',
    tier: 'silver',
    metric: 'acceptedAnswers',
    threshold: 5,
  },
  {
    slug: 'helpful-reviewer',
    name: 'Helpful Reviewer',
    description: 'Reviews marked helpful ten times.',
    tier: 'silver',
    metric: 'helpfulVotes',
    threshold: 10,
  },
  {
    slug: 'visionary',
    name: 'Visionary',
    description: 'Suggested an idea that shipped.',
    tier: 'gold',
    metric: 'ideasShipped',
    threshold: 1,
  },
  {
    slug: 'regular',
    name: 'Regular',
    description: 'Active on 30 different days.',
    tier: 'gold',
    metric: 'activeDays',
    threshold: 30,
  },
];

/**
 * The default badges with a site's rules over them (settings `badges`: a list of rules; one with a
 * default's `slug` replaces it, `threshold: 0` removes it).
 */
export function badgeRules(site: readonly BadgeRule[] | undefined): BadgeRule[] {
  const rules = new Map(DEFAULT_BADGES.map((rule) => [rule.slug, rule]));
  for (const rule of site ?? []) rules.set(rule.slug, rule);
  return [...rules.values()].filter((rule) => rule.threshold > 0);
}

/** The rules that `metrics` satisfy. */
export function badgesEarned(
  rules: readonly BadgeRule[],
  metrics: Readonly<Record<MemberMetric, number>>,
): BadgeRule[] {
  return rules.filter((rule) => metrics[rule.metric] >= rule.threshold);
}

const TIER_ORDER = { gold: 0, silver: 1, bronze: 2 } as const;

/** Gold first, then silver, then bronze; newest first within a tier (for `MemberCard.topBadges`). */
export function byTier<T extends { badge: { tier: keyof typeof TIER_ORDER }; awardedAt: string }>(
  awards: readonly T[],
): T[] {
  return [...awards].sort(
    (a, b) =>
      TIER_ORDER[a.badge.tier] - TIER_ORDER[b.badge.tier] || b.awardedAt.localeCompare(a.awardedAt),
  );
}

/** What a member needs for a trust level: every figure at least this (`maxFlagsAgainst`: at most). */
export interface TrustThreshold {
  posts: number;
  activeDays: number;
  acceptedAnswers: number;
  helpfulVotes: number;
  maxFlagsAgainst: number;
}

/** Levels 1–4 (level 0: a member with no post yet). Sites change them in settings `trustLevels`. */
export const DEFAULT_TRUST_LEVELS: Readonly<Record<1 | 2 | 3 | 4, TrustThreshold>> = {
  1: { posts: 1, activeDays: 1, acceptedAnswers: 0, helpfulVotes: 0, maxFlagsAgainst: 5 },
  2: { posts: 5, activeDays: 3, acceptedAnswers: 0, helpfulVotes: 1, maxFlagsAgainst: 3 },
  3: { posts: 20, activeDays: 15, acceptedAnswers: 3, helpfulVotes: 10, maxFlagsAgainst: 1 },
  4: { posts: 50, activeDays: 40, acceptedAnswers: 10, helpfulVotes: 30, maxFlagsAgainst: 0 },
};

/**
 * The trust level that `metrics` earn: the highest level whose thresholds, and every lower level's, are
 * met. (Staff are always trusted: callers check roles first.) `helpfulVotes` here counts helpful votes
 * on reviews and up votes on questions, answers and ideas.
 */
export function trustLevelOf(
  metrics: Readonly<Record<MemberMetric, number>>,
  levels: Readonly<Record<1 | 2 | 3 | 4, TrustThreshold>> = DEFAULT_TRUST_LEVELS,
): TrustLevel {
  let level: TrustLevel = 0;
  for (const n of [1, 2, 3, 4] as const) {
    const t = levels[n];
    const ok =
      metrics.posts >= t.posts &&
      metrics.activeDays >= t.activeDays &&
      metrics.acceptedAnswers >= t.acceptedAnswers &&
      metrics.helpfulVotes + metrics.upvotes >= t.helpfulVotes &&
      metrics.flagsAgainst <= t.maxFlagsAgainst;
    if (!ok) break;
    level = n;
  }
  return level;
}

/** The figures tie strength is computed from (see {@link tieStrength}). */
export interface TieFigures {
  /** Days since the member first took part. */
  tenureDays: number;
  activeDays: number;
  /** Posts and votes in the last 28 days. */
  recentInteractions: number;
  acceptedAnswers: number;
  /** Helpful votes on reviews plus up votes received. */
  helpful: number;
  /** Questions, answers, ideas, comments and reviews. */
  contributions: number;
  /** Answers to others' questions, comments on others' ideas, up and helpful votes given to others. */
  given: number;
  /** The same, received from others. */
  received: number;
}

const clamp = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const plural = (n: number, one: string, other = `${one}s`) => `${n} ${n === 1 ? one : other}`;

function component(
  score: number,
  explanation: string,
  figures: Record<string, number>,
): TieStrengthComponent {
  return { score: Math.round(clamp(score) * 100) / 100, explanation, figures };
}

/**
 * The four components, each 0..1 with one sentence:
 * - time: half tenure (a year is full), half active days (30 is full);
 * - intensity: interactions per week over four weeks (5 a week is full);
 * - trust: accepted answers and helpful votes per contribution (1 each is full);
 * - reciprocity: how even help given and received are (1: as much given as received; 0: none either way).
 */
export function tieStrength(f: TieFigures): TieStrength {
  const perWeek = Math.round((f.recentInteractions / 4) * 10) / 10;
  const earned = f.acceptedAnswers + f.helpful;
  const total = f.given + f.received;
  return {
    time: component(
      (f.tenureDays / 365) * 0.5 + (f.activeDays / 30) * 0.5,
      `Member for ${plural(f.tenureDays, 'day')}, active on ${plural(f.activeDays, 'day')}.`,
      { tenureDays: f.tenureDays, activeDays: f.activeDays },
    ),
    intensity: component(perWeek / 5, `${perWeek} interactions a week over the last four weeks.`, {
      perWeek,
      interactions: f.recentInteractions,
    }),
    trust: component(
      f.contributions ? earned / f.contributions : 0,
      `${plural(f.acceptedAnswers, 'accepted answer')} and ${plural(f.helpful, 'helpful vote')} for ${plural(f.contributions, 'contribution')}.`,
      { accepted: f.acceptedAnswers, helpful: f.helpful, contributions: f.contributions },
    ),
    reciprocity: component(
      total ? 1 - Math.abs(f.given - f.received) / total : 0,
      `Helped others ${plural(f.given, 'time')}, helped by others ${plural(f.received, 'time')}.`,
      { given: f.given, received: f.received },
    ),
  };
}
