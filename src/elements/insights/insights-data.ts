/**
 * What `<kith-insights>` derives from a report without the DOM: the series it knows (their order and
 * units), ISO dates (the range in the date inputs is inclusive, the report's `to` is exclusive), and
 * the CSV export.
 */
import type { MessageKey } from '../../core/i18n.js';
import type { InsightsBucket, InsightsKpis, InsightsReport } from '../../core/types.js';

export const BUCKETS: readonly InsightsBucket[] = ['day', 'week', 'month'];
/** The longest range shown by day (a year and a day); longer ranges are grouped by week or month. */
export const MAX_DAY_BUCKETS = 366;

/** How a figure is measured: counts sum over buckets; times and averages do not. */
export type SeriesUnit = 'count' | 'seconds' | 'average';

/** The report's series in the order the dashboard and the CSV show them. */
export const SERIES: readonly { key: string; unit: SeriesUnit }[] = [
  { key: 'questions', unit: 'count' },
  { key: 'answered', unit: 'count' },
  { key: 'medianFirstAnswerSeconds', unit: 'seconds' },
  { key: 'escalations', unit: 'count' },
  { key: 'deflectedPageLoads', unit: 'count' },
  { key: 'ideas', unit: 'count' },
  { key: 'ideaVotes', unit: 'count' },
  { key: 'reviews', unit: 'count' },
  { key: 'reviewAverage', unit: 'average' },
  { key: 'activeMembers', unit: 'count' },
];

export const unitOf = (key: string): SeriesUnit =>
  SERIES.find((s) => s.key === key)?.unit ?? 'count';

// ---- dates ----------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → UTC milliseconds; `null` unless a real calendar date. */
export function parseDate(value: string | null | undefined): number | null {
  const m = ISO_DATE.exec(value?.trim() ?? '');
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDate(ms) === value!.trim() ? ms : null;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return isoDate(parseDate(date)! + days * DAY_MS);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to)! - parseDate(from)!) / DAY_MS) + 1;
}

/** The viewer's calendar date today (what "last 7 days" counts back from). */
export function today(now = new Date()): string {
  return isoDate(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

// ---- CSV ------------------------------------------------------------------------------------------

type Text = (key: MessageKey, params?: Record<string, string | number>) => string;
type Cell = string | number | null;

/**
 * One CSV field (RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled). Text
 * that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed
 * with `'` (CSV injection): topic names and statuses come from members and vendors.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Records joined with CRLF, as RFC 4180 has them. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A bucket's start as a date when it is a midnight (UTC), else the timestamp as given. */
const bucketCell = (bucket: string) =>
  /T00:00(:00(\.0+)?)?(Z|\+00:00)$/.test(bucket) ? bucket.slice(0, 10) : bucket;

const KPI_ROWS: readonly {
  key: keyof InsightsKpis;
  label: MessageKey;
  unit: SeriesUnit | 'share';
}[] = [
  { key: 'questions', label: 'insights.kpi.questions', unit: 'count' },
  { key: 'answerRate', label: 'insights.kpi.answerRate', unit: 'share' },
  { key: 'medianFirstAnswerSeconds', label: 'insights.kpi.medianFirstAnswer', unit: 'seconds' },
  { key: 'communityAnswerShare', label: 'insights.kpi.communityAnswerShare', unit: 'share' },
  { key: 'escalations', label: 'insights.kpi.escalations', unit: 'count' },
  { key: 'viewPageLoads', label: 'insights.csv.viewPageLoads', unit: 'count' },
  { key: 'deflectedPageLoads', label: 'insights.csv.deflectedPageLoads', unit: 'count' },
  { key: 'deflectionRate', label: 'insights.kpi.deflectionRate', unit: 'share' },
  { key: 'ideas', label: 'insights.kpi.ideas', unit: 'count' },
  { key: 'ideaVotes', label: 'insights.kpi.ideaVotes', unit: 'count' },
  { key: 'reviews', label: 'insights.kpi.reviews', unit: 'count' },
  { key: 'reviewAverage', label: 'insights.csv.reviewAverage', unit: 'average' },
  { key: 'activeMembers', label: 'insights.kpi.activeMembers', unit: 'count' },
  { key: 'reciprocalMembers', label: 'insights.kpi.reciprocalMembers', unit: 'count' },
];

/** The series the report has: the known ones in their order, then any others by name. */
export function seriesKeys(report: InsightsReport): string[] {
  const known = SERIES.map((s) => s.key).filter((k) => report.series[k]);
  const others = Object.keys(report.series)
    .filter((k) => !known.includes(k))
    .sort();
  return [...known, ...others];
}

export function seriesLabel(t: Text, key: string): string {
  return SERIES.some((s) => s.key === key) ? t(`insights.series.${key}` as MessageKey) : key;
}

/**
 * The whole report as CSV, figures as the backend gave them (rates 0–1, times in seconds; the
 * headings say so): every series by bucket, then the headline figures, the idea funnel and the top
 * topics, each block after an empty line and with its own heading row.
 */
export function insightsCsv(report: InsightsReport, t: Text): string {
  const keys = seriesKeys(report);
  const heading = (key: string) => {
    const label = seriesLabel(t, key);
    return unitOf(key) === 'seconds' ? t('insights.csv.seconds', { label }) : label;
  };
  const byBucket = new Map<string, Cell[]>();
  keys.forEach((key, i) => {
    for (const point of report.series[key] ?? []) {
      let row = byBucket.get(point.bucket);
      if (!row) byBucket.set(point.bucket, (row = keys.map(() => null)));
      row[i] = point.value;
    }
  });
  const buckets = [...byBucket.keys()].sort((a, b) => Date.parse(a) - Date.parse(b));
  const kpiLabel = ({ label, unit }: (typeof KPI_ROWS)[number]) => {
    const text = t(label);
    if (unit === 'share') return t('insights.csv.share', { label: text });
    return unit === 'seconds' ? t('insights.csv.seconds', { label: text }) : text;
  };
  const rows: Cell[][] = [
    [t('insights.csv.bucket'), ...keys.map(heading)],
    ...buckets.map((b) => [bucketCell(b), ...byBucket.get(b)!]),
    [],
    [t('insights.csv.figure'), t('insights.csv.value')],
    [t('insights.csv.from'), report.from],
    [t('insights.csv.toExclusive'), report.to],
    [t('insights.csv.bucketSize'), t(`insights.bucket.${report.bucket}`)],
    ...KPI_ROWS.map((row) => [kpiLabel(row), report.kpis[row.key]]),
    [],
    [t('insights.funnel.status'), t('insights.funnel.ideas')],
    ...report.ideaFunnel.map((s) => [s.status, s.count]),
    [],
    [t('insights.topics.topic'), t('insights.topics.questions'), t('insights.topics.answered')],
    ...report.topTopics.map((topic) => [topic.topic, topic.questions, topic.answered]),
  ];
  return toCsv(rows);
}
