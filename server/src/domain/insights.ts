/**
 * The community's figures for staff (docs/api.md "Analytics"; the definitions are the doc comments of
 * `InsightsKpis` and `InsightsReport` in src/core/types.ts): Q&A, self-service deflection from the view
 * beacon, ideas, reviews, active and reciprocal members, over `[from, to)` in UTC buckets.
 */
import {
  DEFAULT_IDEA_STATUSES,
  type InsightsBucket,
  type InsightsReport,
  type MetricPoint,
} from '../../../src/core/types.js';
import type { Database } from '../db/database.js';
import * as insightsDb from '../db/insights.js';
import type { SiteRow } from '../db/sites.js';
import { invalidField } from '../errors.js';
import { parseInstant } from '../schemas.js';
import { assertStaff, type Member } from './auth.js';

export interface InsightsContext {
  db: Database;
  site: SiteRow;
  member: Member;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Longest period per bucket: a year of days (leap years included), ten years of weeks or months. */
export const MAX_RANGE_DAYS: Record<InsightsBucket, number> = { day: 366, week: 3660, month: 3660 };

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function points<T>(
  buckets: { bucket: string; value: T }[],
  value: (figures: T) => number | null,
): MetricPoint[] {
  return buckets.map((b) => ({ bucket: b.bucket, value: value(b.value) }));
}

/** Statuses in board order (the lowest position among the site's boards), defaults before custom. */
function funnelOrder(
  statuses: { status: string; position: number | null; count: number }[],
): { status: string; count: number }[] {
  const defaults: readonly string[] = DEFAULT_IDEA_STATUSES;
  const all = [...statuses];
  defaults.forEach((slug, position) => {
    if (!all.some((s) => s.status === slug)) all.push({ status: slug, position, count: 0 });
  });
  const rank = (slug: string): number => {
    const index = defaults.indexOf(slug);
    return index === -1 ? defaults.length : index;
  };
  return all
    .sort(
      (a, b) =>
        (a.position ?? rank(a.status)) - (b.position ?? rank(b.status)) ||
        rank(a.status) - rank(b.status) ||
        (a.status < b.status ? -1 : a.status > b.status ? 1 : 0),
    )
    .map(({ status, count }) => ({ status, count }));
}

export async function insightsReport(
  ctx: InsightsContext,
  input: { from: string; to: string; bucket: InsightsBucket },
): Promise<InsightsReport> {
  assertStaff(ctx.member);
  const from = parseInstant(input.from);
  const to = parseInstant(input.to);
  if (from === null) throw invalidField('from', 'from is a date or a time.');
  if (to === null) throw invalidField('to', 'to is a date or a time.');
  if (to <= from) throw invalidField('to', 'to must come after from.');
  const maxDays = MAX_RANGE_DAYS[input.bucket];
  if (to - from > maxDays * DAY_MS) {
    throw invalidField(
      'to',
      input.bucket === 'day'
        ? `Daily figures cover at most ${maxDays} days; choose a shorter period or weekly or monthly buckets.`
        : `The period is at most ${maxDays} days.`,
    );
  }
  const range: insightsDb.Range = {
    site: ctx.site.id,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucket: input.bucket,
  };
  const { db } = ctx;
  // One after the other: PGlite runs one statement at a time anyway, and a pool is shared.
  const questions = await insightsDb.questionFigures(db, range);
  const escalations = await insightsDb.escalations(db, range);
  const views = await insightsDb.viewFigures(db, range);
  const ideas = await insightsDb.ideaFigures(db, range);
  const reviews = await insightsDb.reviewFigures(db, range);
  const active = await insightsDb.activeMembers(db, range);
  const reciprocal = await insightsDb.reciprocalMembers(db, range);
  const statuses = await insightsDb.ideasByStatus(db, range);
  const topics = await insightsDb.topTopics(db, range);

  const q = questions.total;
  return {
    from: range.from,
    to: range.to,
    bucket: range.bucket,
    kpis: {
      questions: q.questions,
      answerRate: rate(q.answered, q.questions),
      medianFirstAnswerSeconds: q.medianFirstAnswerSeconds,
      communityAnswerShare: rate(q.answeredByCommunity, q.answered),
      escalations: escalations.total,
      viewPageLoads: views.total.viewPageLoads,
      deflectedPageLoads: views.total.deflectedPageLoads,
      deflectionRate: rate(views.total.deflectedPageLoads, views.total.viewPageLoads),
      ideas: ideas.total.ideas,
      ideaVotes: ideas.total.ideaVotes,
      reviews: reviews.total.reviews,
      reviewAverage: reviews.total.reviewAverage,
      activeMembers: active.total,
      reciprocalMembers: reciprocal,
    },
    series: {
      questions: points(questions.buckets, (f) => f.questions),
      answered: points(questions.buckets, (f) => f.answered),
      medianFirstAnswerSeconds: points(questions.buckets, (f) => f.medianFirstAnswerSeconds),
      escalations: points(escalations.buckets, (n) => n),
      deflectedPageLoads: points(views.buckets, (f) => f.deflectedPageLoads),
      ideas: points(ideas.buckets, (f) => f.ideas),
      ideaVotes: points(ideas.buckets, (f) => f.ideaVotes),
      reviews: points(reviews.buckets, (f) => f.reviews),
      reviewAverage: points(reviews.buckets, (f) => f.reviewAverage),
      activeMembers: points(active.buckets, (n) => n),
    },
    ideaFunnel: funnelOrder(statuses),
    topTopics: topics,
  };
}
