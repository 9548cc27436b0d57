/**
 * SQL for flags and moderation, generic over every kind of content (questions, answers, ideas, idea
 * comments, reviews): finding a post with the post its thread hangs on, locking what counts it,
 * changing its visibility, its parent's count of visible children, members' flags (open until staff
 * decide), suspensions, the staff queue and the audit log.
 */
import type {
  FlagReason,
  MemberSummary,
  QueueReason,
  Role,
  TargetType,
  Visibility,
} from '../../../src/core/types.js';
import type { Queryable } from './database.js';
import { AUTHOR_COLUMNS, authorFrom, iso, isoOrNull, type AuthorRow } from './rows.js';

interface ContentTable {
  table: string;
  /**
   * What the content belongs to: the column naming it, its table, whether it is a post whose
   * visibility the content's reachability depends on (a question, an idea), and the column counting
   * its visible children (products keep an aggregate instead: db/reviews.ts).
   */
  parent: { column: string; table: string; post: boolean; counter: string | null } | null;
}

const CONTENT: Record<TargetType, ContentTable> = {
  question: { table: 'questions', parent: null },
  answer: {
    table: 'answers',
    parent: { column: 'question_id', table: 'questions', post: true, counter: 'answer_count' },
  },
  idea: { table: 'ideas', parent: null },
  comment: {
    table: 'idea_comments',
    parent: { column: 'idea_id', table: 'ideas', post: true, counter: 'comment_count' },
  },
  review: {
    table: 'reviews',
    parent: { column: 'product', table: 'products', post: false, counter: null },
  },
};

export interface ContentRef {
  author: string;
  visibility: Visibility;
  /** The question of an answer, the idea of a comment, the product of a review; `null` otherwise. */
  parentId: string | null;
  /** The question or idea whose thread the content is in: readable only while that post is. */
  parentPost: { author: string; visibility: Visibility } | null;
}

/** The content (without locking it), or `null`. */
export async function findContent(
  db: Queryable,
  site: string,
  type: TargetType,
  id: string,
): Promise<ContentRef | null> {
  const { table, parent } = CONTENT[type];
  const post = parent?.post === true;
  const { rows } = await db.query<{
    author: string;
    visibility: Visibility;
    parent_id: string | null;
    parent_author: string | null;
    parent_visibility: Visibility | null;
  }>(
    `SELECT t.author, t.visibility, ${parent ? `t.${parent.column}` : 'NULL'} AS parent_id,
       ${post ? 'p.author' : 'NULL'} AS parent_author,
       ${post ? 'p.visibility' : 'NULL'} AS parent_visibility
     FROM ${table} t
     ${post ? `JOIN ${parent!.table} p ON p.site = t.site AND p.id = t.${parent!.column}` : ''}
     WHERE t.site = $1 AND t.id = $2`,
    [site, id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    author: row.author,
    visibility: row.visibility,
    parentId: row.parent_id,
    parentPost:
      row.parent_author !== null && row.parent_visibility !== null
        ? { author: row.parent_author, visibility: row.parent_visibility }
        : null,
  };
}

/**
 * Locks what counts the content of this type (its question, idea or product) until the transaction
 * ends; every change of that count takes the same lock first.
 */
export async function lockParent(
  db: Queryable,
  site: string,
  type: TargetType,
  parentId: string,
): Promise<void> {
  const { parent } = CONTENT[type];
  if (!parent) return;
  await db.query(`SELECT 1 FROM ${parent.table} WHERE site = $1 AND id = $2 FOR NO KEY UPDATE`, [
    site,
    parentId,
  ]);
}

/**
 * Sets the content's visibility; returns the one it had, or `null` when it is no longer under
 * `parentId` (an idea's comments move with a merge) or gone.
 */
export async function setVisibility(
  db: Queryable,
  site: string,
  type: TargetType,
  id: string,
  parentId: string | null,
  visibility: Visibility,
): Promise<Visibility | null> {
  const { table, parent } = CONTENT[type];
  const under = parent ? ` AND ${parent.column} = $4` : '';
  const { rows } = await db.query<{ previous: Visibility }>(
    `WITH old AS (
       SELECT visibility FROM ${table} WHERE site = $1 AND id = $2${under} FOR UPDATE
     )
     UPDATE ${table} t SET visibility = $3 FROM old
     WHERE t.site = $1 AND t.id = $2
     RETURNING old.visibility AS previous`,
    parent ? [site, id, visibility, parentId] : [site, id, visibility],
  );
  return rows[0]?.previous ?? null;
}

/** Adds `delta` to the count of visible children the parent keeps (answers, comments), if any. */
export async function countVisibleChildren(
  db: Queryable,
  site: string,
  type: TargetType,
  parentId: string,
  delta: number,
): Promise<void> {
  const counter = CONTENT[type].parent?.counter;
  if (!counter || delta === 0) return;
  await db.query(
    `UPDATE ${CONTENT[type].parent!.table} SET ${counter} = ${counter} + $3
     WHERE site = $1 AND id = $2`,
    [site, parentId, delta],
  );
}

export interface FlagRow {
  site: string;
  member: string;
  targetType: TargetType;
  targetId: string;
  reason: FlagReason;
  note: string | null;
}

/**
 * Flags and staff decisions on one post take turns on this lock (held until COMMIT), taken before
 * anything else of the post is locked: the count of open flags that holds a post is then exact, and a
 * decision settles every flag raised before it.
 */
export async function lockFlagsOf(
  db: Queryable,
  site: string,
  type: TargetType,
  id: string,
): Promise<void> {
  // Class 8: apart from the members' (7) and the single-key locks.
  await db.query(
    `SELECT pg_advisory_xact_lock(8, hashtext($1::text || ':' || $2::text || ':' || $3::text))`,
    [site, type, id],
  );
}

/**
 * The member's flag on the target (a second one updates the first; one settled by a staff decision
 * opens again as a new flag). Returns the earlier reason, and the post's open flags now (one per
 * member) — exact under {@link lockFlagsOf}.
 */
export async function upsertFlag(
  db: Queryable,
  flag: FlagRow,
): Promise<{ previous: FlagReason | null; open: number }> {
  const { rows } = await db.query<{ previous: FlagReason | null; others: number }>(
    `WITH previous AS (
       SELECT reason FROM flags
       WHERE site = $1 AND member = $2 AND target_type = $3 AND target_id = $4
     ), flagged AS (
       INSERT INTO flags (site, member, target_type, target_id, reason, note)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (site, member, target_type, target_id)
       DO UPDATE SET reason = EXCLUDED.reason, note = EXCLUDED.note, updated_at = now(),
         created_at = CASE WHEN flags.settled_at IS NULL THEN flags.created_at ELSE now() END,
         settled_at = NULL
     )
     SELECT (SELECT reason FROM previous) AS previous,
       (SELECT count(*)::int FROM flags
        WHERE site = $1 AND target_type = $3 AND target_id = $4 AND member <> $2
          AND settled_at IS NULL) AS others`,
    [flag.site, flag.member, flag.targetType, flag.targetId, flag.reason, flag.note],
  );
  return { previous: rows[0]?.previous ?? null, open: Number(rows[0]?.others ?? 0) + 1 };
}

/** A staff decision on the post settles its open flags; returns how many. */
export async function settleFlags(
  db: Queryable,
  site: string,
  type: TargetType,
  id: string,
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE flags SET settled_at = now()
     WHERE site = $1 AND target_type = $2 AND target_id = $3 AND settled_at IS NULL`,
    [site, type, id],
  );
  return rowCount ?? 0;
}

// ---- members: warnings and suspensions ---------------------------------------------------------------

export interface MemberState {
  id: string;
  roles: Role[];
  erased: boolean;
  guest: boolean;
  /** Until when they are suspended, while that is in the future. */
  suspendedUntil: string | null;
}

/**
 * The member a staff action concerns, or `null`. `lockWith`: lock the rows of the member and of the
 * acting staff member now, in order of id (as every write locks member rows), before changing one.
 */
export async function findMemberState(
  db: Queryable,
  site: string,
  id: string,
  lockWith: string | null = null,
): Promise<MemberState | null> {
  const ids = lockWith === null ? [id] : [id, lockWith];
  const { rows } = await db.query<{
    id: string;
    roles: string[];
    erased: boolean;
    guest: boolean;
    suspended_until: Date | null;
  }>(
    `SELECT id, roles, erased_at IS NOT NULL AS erased, guest,
       CASE WHEN suspended_until > now() THEN suspended_until END AS suspended_until
     FROM members WHERE site = $1 AND id = ANY ($2::text[])
     ORDER BY id${lockWith === null ? '' : ' FOR NO KEY UPDATE'}`,
    [site, ids],
  );
  const row = rows.find((r) => r.id === id);
  if (!row) return null;
  return {
    id: row.id,
    roles: row.roles as Role[],
    erased: row.erased,
    guest: row.guest,
    suspendedUntil: isoOrNull(row.suspended_until),
  };
}

/**
 * Suspends the member for `hours` from now (`null`: lifts the suspension); returns the new end. The
 * row must be locked already ({@link findMemberState} with `lockWith`).
 */
export async function setSuspension(
  db: Queryable,
  site: string,
  id: string,
  hours: number | null,
): Promise<string | null> {
  const { rows } = await db.query<{ suspended_until: Date | null }>(
    `UPDATE members
     SET suspended_until = CASE WHEN $3::int IS NULL THEN NULL
       ELSE now() + make_interval(hours => $3::int) END
     WHERE site = $1 AND id = $2
     RETURNING suspended_until`,
    [site, id, hours],
  );
  return isoOrNull(rows[0]?.suspended_until);
}

// ---- the queue -----------------------------------------------------------------------------------

/**
 * How the queue reads each kind of post: its title (an answer's or comment's is its thread's), the
 * page and post its link opens, and the thread it belongs to (`t`).
 */
const QUEUE_SOURCES: {
  type: TargetType;
  table: string;
  thread: { table: string; column: string } | null;
  title: string;
  text: string;
  link: string;
}[] = [
  {
    type: 'question',
    table: 'questions',
    thread: null,
    title: 'p.title',
    text: 'NULL',
    link: 'p.id',
  },
  {
    type: 'answer',
    table: 'answers',
    thread: { table: 'questions', column: 'question_id' },
    title: 't.title',
    text: 'NULL',
    link: 't.id',
  },
  { type: 'idea', table: 'ideas', thread: null, title: 'p.title', text: 'NULL', link: 'p.id' },
  {
    type: 'comment',
    table: 'idea_comments',
    thread: { table: 'ideas', column: 'idea_id' },
    title: 't.title',
    text: 'NULL',
    link: 't.id',
  },
  {
    type: 'review',
    table: 'reviews',
    thread: null,
    title: `coalesce(nullif(p.title, ''), p.product)`,
    text: 'p.body',
    link: 'p.id',
  },
];

/**
 * Two branches per kind, each driven by an index: its held posts (a partial index), and its visible
 * posts with open flags (from the few open flags). A post in a deleted thread is left out.
 */
function queueBranches(): string {
  return QUEUE_SOURCES.flatMap((source, rank) => {
    const { type, table, thread } = source;
    const columns = `'${type}'::text AS target_type, ${rank} AS rank, p.seq, p.id, p.author,
      ${source.title} AS title, p.body_html, ${source.text} AS body_text,
      ${thread ? 'coalesce(t.page_url, p.page_url)' : 'p.page_url'} AS link_page,
      ${source.link} AS link_id, p.visibility, p.created_at, f.first_at`;
    const threadJoin = thread
      ? `JOIN ${thread.table} t ON t.site = p.site AND t.id = p.${thread.column}
         AND t.visibility <> 'deleted'`
      : '';
    return [
      `SELECT ${columns} FROM ${table} p ${threadJoin}
       LEFT JOIN open_flags f ON f.target_type = '${type}' AND f.target_id = p.id
       WHERE p.site = $1 AND p.visibility = 'held'`,
      `SELECT ${columns} FROM open_flags f
       JOIN ${table} p ON p.site = $1 AND p.id = f.target_id ${threadJoin}
       WHERE f.target_type = '${type}' AND p.visibility = 'visible'`,
    ];
  }).join('\n     UNION ALL\n     ');
}

/** Where a page of the queue continues: after the post with these keys. */
export interface QueueKey {
  /** When the post began to wait (its first open flag, or when it was written), in µs since 1970. */
  waitingUs: string;
  rank: number;
  seq: string;
}

export interface QueueRow {
  key: QueueKey;
  targetType: TargetType;
  targetId: string;
  title: string;
  /** Sanitised HTML (`bodyText` for a review: its plain text). */
  bodyHtml: string;
  bodyText: string | null;
  linkPage: string | null;
  linkId: string;
  author: MemberSummary;
  guest: boolean;
  authorSuspendedUntil: string | null;
  reason: QueueReason;
  visibility: Visibility;
  createdAt: string;
  flags: { reason: FlagReason; count: number }[];
  notes: string[];
  flaggedAt: string | null;
}

/**
 * A page of the queue, longest waiting first (one row more than `limit`), and its total. `reason`
 * narrows it to `guest` (held guests' posts), `held` (other held posts) or `flagged` (visible posts
 * with open flags).
 */
export async function selectQueue(
  db: Queryable,
  query: { site: string; limit: number; after: QueueKey | null; reason: QueueReason | null },
): Promise<{ rows: QueueRow[]; total: number }> {
  const params: unknown[] = [query.site, query.reason, query.limit + 1];
  let after = '';
  if (query.after) {
    params.push(query.after.waitingUs, query.after.rank, query.after.seq);
    after = ' AND (waiting_us, rank, seq) > ($4::bigint, $5::int, $6::bigint)';
  }
  const { rows } = await db.query<
    AuthorRow & {
      target_type: TargetType;
      rank: number;
      seq: string;
      id: string;
      title: string;
      body_html: string;
      body_text: string | null;
      link_page: string | null;
      link_id: string;
      visibility: Visibility;
      created_at: Date;
      guest: boolean;
      reason: QueueReason;
      waiting_us: string;
      total: number;
      suspended_until: Date | null;
      flag_counts: { reason: FlagReason; count: number }[] | null;
      notes: string[] | null;
      flagged_at: Date | null;
    }
  >(
    `WITH open_flags AS (
       SELECT target_type, target_id, min(created_at) AS first_at
       FROM flags WHERE site = $1 AND settled_at IS NULL
       GROUP BY target_type, target_id
     ), posts AS (
     ${queueBranches()}
     ), queue AS (
       SELECT c.*, m.guest,
         CASE WHEN c.visibility = 'held' AND m.guest THEN 'guest'
           WHEN c.visibility = 'held' THEN 'held' ELSE 'flagged' END AS reason,
         (extract(epoch FROM coalesce(c.first_at, c.created_at)) * 1000000)::bigint AS waiting_us
       FROM posts c JOIN members m ON m.site = $1 AND m.id = c.author
     ), listed AS (
       SELECT * FROM queue WHERE ($2::text IS NULL OR reason = $2::text)
     ), page AS (
       SELECT * FROM listed WHERE TRUE${after}
       ORDER BY waiting_us, rank, seq LIMIT $3
     )
     SELECT page.target_type, page.rank, page.seq::text AS seq, page.id, page.title, page.body_html,
       page.body_text, page.link_page, page.link_id, page.visibility, page.created_at, page.guest,
       page.reason, page.waiting_us::text AS waiting_us,
       (SELECT count(*)::int FROM listed) AS total,
       ${AUTHOR_COLUMNS},
       CASE WHEN m.suspended_until > now() THEN m.suspended_until END AS suspended_until,
       (SELECT json_agg(json_build_object('reason', r.reason, 'count', r.n)
          ORDER BY r.n DESC, r.reason)
        FROM (SELECT reason, count(*)::int AS n FROM flags
              WHERE site = $1 AND target_type = page.target_type AND target_id = page.id
                AND settled_at IS NULL
              GROUP BY reason) r) AS flag_counts,
       ARRAY(SELECT note FROM flags
             WHERE site = $1 AND target_type = page.target_type AND target_id = page.id
               AND settled_at IS NULL AND note IS NOT NULL
             ORDER BY coalesce(updated_at, created_at) DESC LIMIT 5) AS notes,
       (SELECT max(coalesce(updated_at, created_at)) FROM flags
        WHERE site = $1 AND target_type = page.target_type AND target_id = page.id
          AND settled_at IS NULL) AS flagged_at
     FROM page JOIN members m ON m.site = $1 AND m.id = page.author
     ORDER BY page.waiting_us, page.rank, page.seq`,
    params,
  );
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (!rows[0] && query.after) {
    // Past the end: the count on its own.
    total = (await selectQueue(db, { ...query, after: null, limit: 0 })).total;
  }
  return {
    total,
    rows: rows.map((row) => ({
      key: { waitingUs: String(row.waiting_us), rank: Number(row.rank), seq: String(row.seq) },
      targetType: row.target_type,
      targetId: row.id,
      title: row.title,
      bodyHtml: row.body_html,
      bodyText: row.body_text,
      linkPage: row.link_page,
      linkId: row.link_id,
      author: authorFrom(row),
      guest: row.guest,
      authorSuspendedUntil: isoOrNull(row.suspended_until),
      reason: row.reason,
      visibility: row.visibility,
      createdAt: iso(row.created_at),
      flags: (row.flag_counts ?? []).map((f) => ({ reason: f.reason, count: Number(f.count) })),
      notes: row.notes ?? [],
      flaggedAt: isoOrNull(row.flagged_at),
    })),
  };
}

// ---- the audit log -------------------------------------------------------------------------------

/** The community events the audit log lists (migration 011 indexes them). */
export const AUDIT_EVENT_TYPES = [
  'content.held',
  'content.approved',
  'content.hidden',
  'content.deleted',
  'member.warned',
  'member.suspended',
  'member.unsuspended',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditRow {
  id: string;
  type: AuditEventType;
  actor: MemberSummary | null;
  targetType: TargetType | 'member';
  targetId: string;
  subject: MemberSummary | null;
  payload: Record<string, unknown>;
  /** The post's sanitised HTML now (`bodyText` for a review), when the target is a post. */
  bodyHtml: string | null;
  bodyText: string | null;
  at: string;
}

/** The author columns of a member joined as `alias`, named `<prefix>_*` (two members per row). */
const memberColumns = (alias: string, prefix: string) =>
  AUTHOR_COLUMNS.replace(/\bm\./g, `${alias}.`).replace(/\bauthor_/g, `${prefix}_`);

function memberFrom(row: Record<string, unknown>, prefix: string): MemberSummary | null {
  if (row[`${prefix}_id`] === null || row[`${prefix}_id`] === undefined) return null;
  const author = Object.fromEntries(
    Object.entries(row)
      .filter(([key]) => key.startsWith(`${prefix}_`))
      .map(([key, value]) => [`author_${key.slice(prefix.length + 1)}`, value]),
  ) as unknown as AuthorRow;
  return authorFrom(author);
}

/** A page of the site's moderation events, newest first (one row more than `limit`), and the total. */
export async function selectAudit(
  db: Queryable,
  query: { site: string; limit: number; beforeId: string | null },
): Promise<{ rows: AuditRow[]; total: number }> {
  const types = [...AUDIT_EVENT_TYPES];
  const params: unknown[] = [query.site, types, query.limit + 1];
  if (query.beforeId !== null) params.push(query.beforeId);
  const post = (type: TargetType, table: string, column: string) =>
    `WHEN '${type}' THEN (SELECT ${column} FROM ${table} WHERE site = $1 AND id = page.target_id)`;
  const { rows } = await db.query<Record<string, unknown>>(
    `WITH page AS (
       SELECT id, type, actor, target_type, target_id, payload, created_at
       FROM community_events
       WHERE site = $1 AND type = ANY ($2::text[])${query.beforeId === null ? '' : ' AND id < $4::bigint'}
       ORDER BY id DESC LIMIT $3
     )
     SELECT page.id::text AS id, page.type, page.target_type, page.target_id, page.payload,
       page.created_at,
       (SELECT count(*)::int FROM community_events WHERE site = $1 AND type = ANY ($2::text[]))
         AS total,
       ${memberColumns('a', 'actor')},
       ${memberColumns('s', 'subject')},
       CASE page.target_type
         ${post('question', 'questions', 'body_html')}
         ${post('answer', 'answers', 'body_html')}
         ${post('idea', 'ideas', 'body_html')}
         ${post('comment', 'idea_comments', 'body_html')}
         ${post('review', 'reviews', 'body_html')}
       END AS body_html,
       CASE WHEN page.target_type = 'review'
         THEN (SELECT body FROM reviews WHERE site = $1 AND id = page.target_id) END AS body_text
     FROM page
     LEFT JOIN members a ON a.site = $1 AND a.id = page.actor
     LEFT JOIN members s ON s.site = $1 AND s.id = CASE WHEN page.target_type = 'member'
       THEN page.target_id ELSE page.payload ->> 'targetAuthor' END
     ORDER BY page.id DESC`,
    params,
  );
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (!rows[0] && query.beforeId !== null) {
    total = (await selectAudit(db, { ...query, beforeId: null, limit: 0 })).total;
  }
  return {
    total,
    rows: rows.map((row) => ({
      id: String(row.id),
      type: row.type as AuditEventType,
      actor: memberFrom(row, 'actor'),
      targetType: row.target_type as TargetType | 'member',
      targetId: String(row.target_id),
      subject: memberFrom(row, 'subject'),
      payload: (row.payload ?? {}) as Record<string, unknown>,
      bodyHtml: (row.body_html as string | null) ?? null,
      bodyText: (row.body_text as string | null) ?? null,
      at: iso(row.created_at),
    })),
  };
}

/**
 * The creation event (`type`) of a guest's post that was never announced: no approval recorded for it
 * yet (guests' posts are held from the start). `null` otherwise.
 */
export async function unannouncedCreation(
  db: Queryable,
  site: string,
  targetType: TargetType,
  targetId: string,
  type: string,
): Promise<{ actor: string | null; payload: Record<string, unknown> } | null> {
  const { rows } = await db.query<{ actor: string | null; payload: Record<string, unknown> }>(
    `SELECT e.actor, e.payload FROM community_events e
     JOIN members m ON m.site = e.site AND m.id = e.actor AND m.guest
     WHERE e.site = $1 AND e.target_type = $2 AND e.target_id = $3 AND e.type = $4
       AND NOT EXISTS (
         SELECT 1 FROM community_events x
         WHERE x.site = $1 AND x.target_type = $2 AND x.target_id = $3
           AND x.type = 'content.approved'
       )
     ORDER BY e.id
     LIMIT 1`,
    [site, targetType, targetId, type],
  );
  return rows[0] ?? null;
}
