/**
 * SQL for a member's own data: everything stored about them (the export) and erasing them. Every table
 * that names a member is here, once for each purpose: a new table that names members belongs in both
 * lists (the privacy suite searches every table for an erased id).
 */
import type { Queryable } from './database.js';
import { iso } from './rows.js';

/**
 * One kind of record: rows as JSON objects (`to_jsonb`, minus what is internal or belongs to other
 * members), where `$1` is the site and `$2` the member.
 */
const RECORDS: Record<string, string> = {
  questions: `SELECT to_jsonb(t) - 'site' - 'seq' - 'search' - 'text_hash' AS record
    FROM questions t WHERE t.site = $1 AND t.author = $2 ORDER BY t.seq`,
  answers: `SELECT to_jsonb(t) - 'site' - 'seq' - 'text_hash' AS record
    FROM answers t WHERE t.site = $1 AND t.author = $2 ORDER BY t.seq`,
  ideas: `SELECT to_jsonb(t) - 'site' - 'seq' - 'search' - 'trending' - 'text_hash' AS record
    FROM ideas t WHERE t.site = $1 AND t.author = $2 ORDER BY t.seq`,
  comments: `SELECT to_jsonb(t) - 'site' - 'seq' - 'text_hash' AS record
    FROM idea_comments t WHERE t.site = $1 AND t.author = $2 ORDER BY t.seq`,
  // The staff reply stays (it is about the member's review); who wrote it does not.
  reviews: `SELECT to_jsonb(t) - 'site' - 'seq' - 'reply_author' || jsonb_build_object('photos', (
      SELECT coalesce(jsonb_agg(to_jsonb(p) - 'site' - 'image' - 'thumbnail' ORDER BY p.position), '[]')
      FROM photos p WHERE p.site = t.site AND p.review_id = t.id
    )) AS record
    FROM reviews t WHERE t.site = $1 AND t.author = $2 ORDER BY t.seq`,
  // Every upload, attached or not: its metadata, never the bytes.
  photos: `SELECT to_jsonb(t) - 'site' - 'member' - 'image' - 'thumbnail' AS record
    FROM photos t WHERE t.site = $1 AND t.member = $2 ORDER BY t.created_at, t.id`,
  replies: `SELECT jsonb_build_object('review_id', t.id, 'product', t.product, 'body', t.reply_body,
      'created_at', t.reply_created_at, 'updated_at', t.reply_updated_at) AS record
    FROM reviews t WHERE t.site = $1 AND t.reply_author = $2 ORDER BY t.reply_created_at, t.id`,
  statusChanges: `SELECT to_jsonb(t) - 'site' AS record
    FROM idea_status_changes t WHERE t.site = $1 AND t.changed_by = $2 ORDER BY t.id`,
  votes: `SELECT to_jsonb(t) - 'site' AS record
    FROM votes t WHERE t.site = $1 AND t.member = $2 ORDER BY t.created_at, t.target_type, t.target_id`,
  flags: `SELECT to_jsonb(t) - 'site' AS record
    FROM flags t WHERE t.site = $1 AND t.member = $2 ORDER BY t.created_at, t.target_type, t.target_id`,
  follows: `SELECT to_jsonb(t) - 'site' AS record
    FROM idea_followers t WHERE t.site = $1 AND t.member = $2 ORDER BY t.created_at, t.idea_id`,
  questionFollows: `SELECT to_jsonb(t) - 'site' AS record
    FROM question_followers t WHERE t.site = $1 AND t.member = $2 ORDER BY t.created_at, t.question_id`,
  // Without who caused each one and its excerpt (another member, a copy of their post); the mail's
  // lease and attempts are internal.
  notifications: `SELECT to_jsonb(t) - 'site' - 'actor' - 'excerpt' - 'email_due_at' - 'email_attempts'
      AS record
    FROM notifications t WHERE t.site = $1 AND t.member = $2 ORDER BY t.id`,
  // The address from the token's email claim, and whether they unsubscribed from mail.
  email: `SELECT jsonb_build_object('email', t.email, 'unsubscribed_at', t.email_unsubscribed_at)
      AS record
    FROM members t WHERE t.site = $1 AND t.id = $2 AND t.email IS NOT NULL`,
  // The ledger, without who caused each entry (the voter is another member).
  reputation: `SELECT to_jsonb(t) - 'site' - 'cause_actor' AS record
    FROM reputation_events t WHERE t.site = $1 AND t.member = $2 ORDER BY t.id`,
  badges: `SELECT to_jsonb(t) - 'site' AS record
    FROM badge_awards t WHERE t.site = $1 AND t.member = $2 ORDER BY t.awarded_at, t.badge`,
  // What the member did, as recorded (payloads name other members: left out).
  events: `SELECT jsonb_build_object('id', t.id::text, 'type', t.type, 'target_type', t.target_type,
      'target_id', t.target_id, 'created_at', t.created_at) AS record
    FROM community_events t WHERE t.site = $1 AND t.actor = $2 ORDER BY t.id`,
  // Stored write responses, by key (kept a day): which requests, not what they answered.
  requests: `SELECT jsonb_build_object('key', t.key, 'method', t.method, 'path', t.path,
      'status', t.status, 'created_at', t.created_at) AS record
    FROM idempotency_keys t WHERE t.site = $1 AND t.member = $2 ORDER BY t.created_at`,
};

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** snake_case keys → camelCase (nested objects too), timestamps (`…_at`) as ISO-8601 like the API. */
function apiShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(apiShape);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      camel(key),
      key.endsWith('_at') && typeof v === 'string' ? iso(v) : apiShape(v),
    ]),
  );
}

/** Every record naming the member, by kind (see {@link RECORDS}). */
export async function selectMemberRecords(
  db: Queryable,
  site: string,
  member: string,
): Promise<Record<string, unknown[]>> {
  const records: Record<string, unknown[]> = {};
  for (const [kind, sql] of Object.entries(RECORDS)) {
    const { rows } = await db.query<{ record: unknown }>(sql, [site, member]);
    records[kind] = rows.map((row) => apiShape(row.record));
  }
  return records;
}

/** Locks the member's row until the transaction ends; `false` when there is no such member. */
export async function lockMember(db: Queryable, site: string, member: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM members WHERE site = $1 AND id = $2 FOR UPDATE`, [
    site,
    member,
  ]);
  return rows.length > 0;
}

export const FORMER_MEMBER_NAME = 'A former member';

/** The write-rate counter of a member (domain/rate-limits.ts). */
const memberBucket = (site: string, member: string) => `w:m:${site}:${member}`;

/**
 * Moves what the member's community relies on (posts, votes, photos, replies, status changes, ledger
 * entries, badges, events) to `anonymous`, a new member with the same reputation, trust level and first
 * time seen; deletes their personal records and their row. `$1` site, `$2` the member, `$3` anonymous.
 */
const ERASE: string[] = [
  `INSERT INTO members (site, id, name, avatar, roles, reputation, trust_level, first_seen_at,
     last_seen_at, erased_at)
   SELECT site, $3, '${FORMER_MEMBER_NAME}', NULL, '{customer}', reputation, trust_level,
     first_seen_at, first_seen_at, now()
   FROM members WHERE site = $1 AND id = $2`,
  `UPDATE questions SET author = $3 WHERE site = $1 AND author = $2`,
  `UPDATE answers SET author = $3 WHERE site = $1 AND author = $2`,
  `UPDATE ideas SET author = $3 WHERE site = $1 AND author = $2`,
  `UPDATE idea_comments SET author = $3 WHERE site = $1 AND author = $2`,
  `UPDATE idea_status_changes SET changed_by = $3 WHERE site = $1 AND changed_by = $2`,
  `UPDATE reviews SET author = $3 WHERE site = $1 AND author = $2`,
  `UPDATE reviews SET reply_author = $3 WHERE site = $1 AND reply_author = $2`,
  `UPDATE votes SET member = $3 WHERE site = $1 AND member = $2`,
  `UPDATE photos SET member = $3 WHERE site = $1 AND member = $2`,
  `UPDATE reputation_events SET member = $3 WHERE site = $1 AND member = $2`,
  `UPDATE reputation_events SET cause_actor = $3 WHERE site = $1 AND cause_actor = $2`,
  `UPDATE badge_awards SET member = $3 WHERE site = $1 AND member = $2`,
  `UPDATE community_events SET actor = $3 WHERE site = $1 AND actor = $2`,
  `UPDATE community_events SET target_id = $3
   WHERE site = $1 AND target_type = 'member' AND target_id = $2`,
  // Payloads name members by id (`targetAuthor`, `questionAuthor`…): the JSON string, exactly.
  `UPDATE community_events
   SET payload = replace(payload::text, to_jsonb($2::text)::text, to_jsonb($3::text)::text)::jsonb
   WHERE site = $1 AND strpos(payload::text, to_jsonb($2::text)::text) > 0`,
  `UPDATE notifications SET actor = $3 WHERE site = $1 AND actor = $2`,
  `DELETE FROM idea_followers WHERE site = $1 AND member = $2`,
  `DELETE FROM question_followers WHERE site = $1 AND member = $2`,
  `DELETE FROM notifications WHERE site = $1 AND member = $2`,
  `DELETE FROM idempotency_keys WHERE site = $1 AND member = $2`,
  `DELETE FROM flags WHERE site = $1 AND member = $2`,
  `DELETE FROM members WHERE site = $1 AND id = $2`,
];

export async function eraseMember(
  db: Queryable,
  site: string,
  member: string,
  anonymous: string,
): Promise<void> {
  for (const sql of ERASE) {
    await db.query(sql, sql.includes('$3') ? [site, member, anonymous] : [site, member]);
  }
  await db.query(`DELETE FROM rate_limit_counters WHERE bucket = $1`, [memberBucket(site, member)]);
}
