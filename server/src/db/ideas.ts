/**
 * SQL for ideas: insert, pages (three sorts; search; status filter), one idea, a detail's comments,
 * history and merged duplicates, status changes (with their notifications), comments, followers,
 * merges and the vote budget's count.
 */
import type {
  Idea,
  IdeaComment,
  IdeaSort,
  IdeaStatusChange,
  Visibility,
} from '../../../src/core/types.js';
import type { Queryable } from './database.js';
import { runPage, searchSql, type TextSearch } from './lists.js';
import { plainExcerpt, postLink } from '../text.js';
import { ideaFollowers, insertNotifications } from './notifications.js';
import {
  AUTHOR_COLUMNS,
  afterRow,
  authorFrom,
  iso,
  parameters,
  postFrom,
  viewerColumns,
  visibleTo,
  voteValue,
  type AuthorRow,
  type PostRow,
} from './rows.js';

/** Statuses whose votes do not count against a budget (the idea is closed). */
export const CLOSED_STATUSES = ['done', 'declined'];

interface OfficialResponseRow extends AuthorRow {
  body_html: string;
  created_at: string;
}

interface Raw extends PostRow {
  board: string;
  title: string;
  upvotes: number;
  status: string;
  comment_count: number;
  merged_into: string | null;
  seq: string;
  my_vote: number;
  following: boolean;
  official_response: OfficialResponseRow | null;
  /** Pages only: how many ideas match (the same on every row). */
  total?: number;
}

/** The latest response of the idea `i`'s status changes, as one JSON object (or NULL). */
const OFFICIAL_RESPONSE = `(SELECT row_to_json(r) FROM (
    SELECT c.response_html AS body_html, c.changed_at AS created_at, ${AUTHOR_COLUMNS}
    FROM idea_status_changes c JOIN members m ON m.site = c.site AND m.id = c.changed_by
    WHERE c.site = i.site AND c.idea_id = i.id AND c.response_html IS NOT NULL
    ORDER BY c.id DESC LIMIT 1
  ) r)`;

/**
 * The idea and its author, with the viewer's vote and whether they follow it; `viewer` is the
 * placeholder of their id, `null` when nobody is signed in. Pages add their total (`extra`).
 */
function selectFrom(viewer: string | null, extra = ''): string {
  const mine = viewerColumns('i', 'idea', viewer);
  const following =
    viewer === null
      ? 'false'
      : `EXISTS (SELECT 1 FROM idea_followers f
           WHERE f.site = i.site AND f.idea_id = i.id AND f.member = ${viewer})`;
  return `SELECT ${extra}i.id, i.board, i.title, i.body_html, i.page_url, i.visibility, i.upvotes,
      i.status, i.comment_count, i.merged_into, i.created_at, i.updated_at, i.seq::text AS seq,
      ${AUTHOR_COLUMNS}, ${mine.columns}, ${following} AS following,
      ${OFFICIAL_RESPONSE} AS official_response
    FROM ideas i
    JOIN members m ON m.site = i.site AND m.id = i.author
    ${mine.join}`;
}

function fromRow(row: Raw, viewer: string | null): Idea {
  const upvotes = Number(row.upvotes);
  const response = row.official_response;
  return {
    ...postFrom(row, viewer),
    score: upvotes,
    upvotes,
    downvotes: 0,
    myVote: voteValue(row.my_vote),
    board: row.board,
    title: row.title,
    status: row.status,
    commentCount: Number(row.comment_count),
    officialResponse: response
      ? {
          bodyHtml: response.body_html,
          author: authorFrom(response),
          createdAt: iso(response.created_at),
        }
      : null,
    mergedInto: row.merged_into,
    following: row.following === true,
  };
}

export interface NewIdea {
  site: string;
  id: string;
  board: string;
  author: string;
  title: string;
  bodySource: string;
  bodyHtml: string;
  pageUrl: string | null;
  /** Seeds only; defaults: `open`, now. */
  status?: string;
  createdAt?: string | null;
  /** `held`: a guest's post, waiting for a moderator (domain/spam.ts); default `visible`. */
  visibility?: Extract<Visibility, 'visible' | 'held'>;
  /** The duplicate check's key (domain/spam.ts `hashOfText`). */
  textHash?: string | null;
}

export async function insertIdea(db: Queryable, idea: NewIdea): Promise<void> {
  await db.query(
    `INSERT INTO ideas (site, id, board, author, title, body_source, body_html, page_url, status,
       created_at, visibility, text_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10::timestamptz, now()), $11, $12)`,
    [
      idea.site,
      idea.id,
      idea.board,
      idea.author,
      idea.title,
      idea.bodySource,
      idea.bodyHtml,
      idea.pageUrl,
      idea.status ?? 'open',
      idea.createdAt ?? null,
      idea.visibility ?? 'visible',
      idea.textHash ?? null,
    ],
  );
}

/** An idea visible to the viewer (merged duplicates too: the caller resolves them). */
export async function selectIdea(
  db: Queryable,
  site: string,
  id: string,
  viewer: string | null,
): Promise<Idea | null> {
  const { rows } = await db.query<Raw>(
    `${selectFrom(viewer === null ? null : '$3')}
     WHERE i.site = $1 AND i.id = $2 AND ${visibleTo('i', '$3')}`,
    [site, id, viewer],
  );
  return rows[0] ? fromRow(rows[0], viewer) : null;
}

export interface IdeaPageQuery {
  site: string;
  board: string;
  sort: IdeaSort;
  status: string | null;
  limit: number;
  viewer: string | null;
  /** `top`, `newest`: the `seq` of the last idea of the previous page. */
  afterSeq: string | null;
  /** `trending` and search: how many ideas the previous pages showed. */
  offset: number;
  search: TextSearch | null;
}

const ORDER: Record<IdeaSort, { order: string; keys: string | null }> = {
  top: { order: 'i.upvotes DESC, i.created_at DESC, i.seq DESC', keys: 'upvotes, created_at, seq' },
  newest: { order: 'i.created_at DESC, i.seq DESC', keys: 'created_at, seq' },
  // Σ over the idea's votes of 0.5 ^ (age in days / 7), in the order of `ideas.trending` (migration
  // 004: the same order at any moment, kept up to date by a trigger on votes). Paged by offset.
  trending: { order: 'i.trending DESC, i.upvotes DESC, i.created_at DESC, i.seq DESC', keys: null },
};

/** Lists with their order: keyset (`top`, `newest`) or offset (`trending`, search). */
export const pagedByOffset = (sort: IdeaSort, searching: boolean): boolean =>
  searching || ORDER[sort].keys === null;

/**
 * One page of a board's listed ideas (never merged duplicates), one more than `limit` to tell
 * whether more follow, and the total.
 */
export async function selectIdeaPage(
  db: Queryable,
  query: IdeaPageQuery,
): Promise<{ items: Idea[]; seqs: string[]; total: number }> {
  const { params, param } = parameters([query.site, query.board, query.viewer]);
  const filters = ['i.site = $1', 'i.board = $2', visibleTo('i', '$3'), 'i.merged_into IS NULL'];
  if (query.status !== null) filters.push(`i.status = ${param(query.status)}`);
  const search = query.search && searchSql('i', query.search, param);
  if (search) filters.push(search.filter);
  const where = filters.join(' AND ');
  const count = {
    sql: `SELECT count(*)::int AS total FROM ideas i WHERE ${where}`,
    params: [...params],
  };
  const select = selectFrom(query.viewer === null ? null : '$3', `(${count.sql}) AS total, `);
  const { order, keys } = ORDER[query.sort];

  let sql: string;
  if (pagedByOffset(query.sort, search !== null)) {
    sql = `${select} WHERE ${where}
      ORDER BY ${search ? `${search.rank} DESC, ` : ''}${order}
      LIMIT ${param(query.limit + 1)} OFFSET ${param(query.offset)}`;
  } else {
    const after =
      query.afterSeq === null || keys === null
        ? ''
        : afterRow('i', 'ideas', keys, param(query.afterSeq));
    sql = `${select} WHERE ${where}${after} ORDER BY ${order} LIMIT ${param(query.limit + 1)}`;
  }
  return runPage<Raw, Idea>(
    db,
    { sql, params },
    count,
    query.afterSeq !== null || query.offset > 0,
    (row) => fromRow(row, query.viewer),
  );
}

// ---- one idea, for writes ------------------------------------------------------------------------

export interface IdeaRef {
  id: string;
  board: string;
  author: string;
  title: string;
  status: string;
  visibility: Visibility;
  mergedInto: string | null;
  pageUrl: string | null;
}

/**
 * The idea (without locking it, or locked: `FOR KEY SHARE` to follow it, `FOR NO KEY UPDATE` for
 * changes of its counts and status, `FOR UPDATE` to merge it), or `null`.
 */
export async function findIdea(
  db: Queryable,
  site: string,
  id: string,
  lock: '' | 'FOR KEY SHARE' | 'FOR NO KEY UPDATE' | 'FOR UPDATE' = '',
): Promise<IdeaRef | null> {
  const { rows } = await db.query<IdeaRef>(
    `SELECT id, board, author, title, status, visibility, merged_into AS "mergedInto",
       page_url AS "pageUrl"
     FROM ideas WHERE site = $1 AND id = $2 ${lock}`,
    [site, id],
  );
  return rows[0] ?? null;
}

// ---- detail --------------------------------------------------------------------------------------

interface CommentRaw extends PostRow {
  idea_id: string;
  from_idea_id: string | null;
  seq: string;
  total?: number;
}

function commentFrom(row: CommentRaw, viewer: string | null): IdeaComment {
  return {
    ...postFrom(row, viewer),
    ideaId: row.idea_id,
    ...(row.from_idea_id && { fromIdeaId: row.from_idea_id }),
  };
}

/** A comment and its author; the Markdown source for its author (`viewer`: their placeholder). */
function commentSelect(viewer: string | null, extra = ''): string {
  const source = viewer === null ? 'NULL' : `CASE WHEN c.author = ${viewer} THEN c.body_source END`;
  return `SELECT ${extra}c.id, c.idea_id, c.from_idea_id, c.body_html, c.page_url, c.visibility,
      c.created_at, c.updated_at, c.seq::text AS seq, ${AUTHOR_COLUMNS}, ${source} AS body_source
    FROM idea_comments c
    JOIN members m ON m.site = c.site AND m.id = c.author`;
}

/** A page of the idea's comments visible to the viewer, oldest first (one more than `limit`). */
export async function selectComments(
  db: Queryable,
  query: { site: string; ideaId: string; viewer: string | null; limit: number; offset: number },
): Promise<{ items: IdeaComment[]; seqs: string[]; total: number }> {
  const where = `c.site = $1 AND c.idea_id = $2 AND ${visibleTo('c', '$3')}`;
  const count = `SELECT count(*)::int AS total FROM idea_comments c WHERE ${where}`;
  return runPage<CommentRaw, IdeaComment>(
    db,
    {
      sql: `${commentSelect(query.viewer === null ? null : '$3', `(${count}) AS total, `)}
        WHERE ${where} ORDER BY c.created_at, c.seq LIMIT $4 OFFSET $5`,
      params: [query.site, query.ideaId, query.viewer, query.limit, query.offset],
    },
    { sql: count, params: [query.site, query.ideaId, query.viewer] },
    query.offset > 0,
    (row) => commentFrom(row, query.viewer),
  );
}

export async function selectComment(
  db: Queryable,
  site: string,
  id: string,
  viewer: string,
): Promise<IdeaComment | null> {
  const { rows } = await db.query<CommentRaw>(
    `${commentSelect('$3')} WHERE c.site = $1 AND c.id = $2`,
    [site, id, viewer],
  );
  return rows[0] ? commentFrom(rows[0], viewer) : null;
}

/** The idea's status changes, oldest first. */
export async function selectHistory(
  db: Queryable,
  site: string,
  ideaId: string,
): Promise<IdeaStatusChange[]> {
  const { rows } = await db.query<
    AuthorRow & {
      from_status: string | null;
      to_status: string;
      response_html: string | null;
      changed_at: Date;
    }
  >(
    `SELECT c.from_status, c.to_status, c.response_html, c.changed_at, ${AUTHOR_COLUMNS}
     FROM idea_status_changes c JOIN members m ON m.site = c.site AND m.id = c.changed_by
     WHERE c.site = $1 AND c.idea_id = $2 ORDER BY c.id`,
    [site, ideaId],
  );
  return rows.map((row) => {
    const changedBy = authorFrom(row);
    const changedAt = iso(row.changed_at);
    return {
      from: row.from_status,
      to: row.to_status,
      ...(row.response_html !== null && {
        response: { bodyHtml: row.response_html, author: changedBy, createdAt: changedAt },
      }),
      changedAt,
      changedBy,
    };
  });
}

/** Duplicates merged into the idea, in the order they were posted. */
export async function selectMergedIdeas(
  db: Queryable,
  site: string,
  ideaId: string,
): Promise<{ id: string; title: string }[]> {
  const { rows } = await db.query<{ id: string; title: string }>(
    'SELECT id, title FROM ideas WHERE site = $1 AND merged_into = $2 ORDER BY seq',
    [site, ideaId],
  );
  return rows.map((r) => ({ id: r.id, title: r.title }));
}

// ---- writes --------------------------------------------------------------------------------------

export interface StatusChange {
  site: string;
  ideaId: string;
  from: string | null;
  to: string;
  responseSource: string | null;
  responseHtml: string | null;
  changedBy: string;
  /** Seeds only: default now; `keepStatus` records the change without setting the idea's status. */
  changedAt?: string | null;
  keepStatus?: boolean;
}

/** Sets the idea's status and appends the change to its history. */
export async function changeStatus(db: Queryable, change: StatusChange): Promise<void> {
  await db.query(
    `WITH history AS (
       INSERT INTO idea_status_changes (site, idea_id, from_status, to_status, response_source,
         response_html, changed_by, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now()))
     )
     UPDATE ideas SET status = $4 WHERE site = $1 AND id = $2 AND NOT $9::boolean`,
    [
      change.site,
      change.ideaId,
      change.from,
      change.to,
      change.responseSource,
      change.responseHtml,
      change.changedBy,
      change.changedAt ?? null,
      change.keepStatus ?? false,
    ],
  );
}

/**
 * A notification for every follower of the idea but `except` (the actor): the idea's title as
 * `title` says, the latest change's official response as the excerpt, a link that opens the idea.
 * An idea that is not visible notifies nobody. Returns how many.
 */
export async function notifyFollowers(
  db: Queryable,
  n: {
    site: string;
    ideaId: string;
    except: string | null;
    kind: string;
    title: string;
    pageUrl: string | null;
  },
): Promise<number> {
  const { rows } = await db.query<{ visible: boolean; response_html: string | null }>(
    `SELECT i.visibility = 'visible' AS visible,
       (SELECT c.response_html FROM idea_status_changes c
        WHERE c.site = i.site AND c.idea_id = i.id ORDER BY c.id DESC LIMIT 1) AS response_html
     FROM ideas i WHERE i.site = $1 AND i.id = $2`,
    [n.site, n.ideaId],
  );
  if (!rows[0]?.visible) return 0;
  return insertNotifications(
    db,
    {
      site: n.site,
      kind: n.kind,
      title: n.title,
      excerpt: plainExcerpt(rows[0].response_html ?? ''),
      actor: n.except,
      targetType: 'idea',
      targetId: n.ideaId,
      pageUrl: postLink(n.pageUrl, 'idea', n.ideaId),
    },
    (await ideaFollowers(db, n.site, n.ideaId)).filter((member) => member !== n.except),
  );
}

export interface NewComment {
  site: string;
  id: string;
  ideaId: string;
  author: string;
  bodySource: string;
  bodyHtml: string;
  pageUrl: string | null;
  /** Seeds only. */
  fromIdeaId?: string | null;
  createdAt?: string | null;
  /** `held`: a guest's post, waiting for a moderator (domain/spam.ts); default `visible`. */
  visibility?: Extract<Visibility, 'visible' | 'held'>;
  /** The duplicate check's key (domain/spam.ts `hashOfText`). */
  textHash?: string | null;
}

/** Inserts a comment and counts it on its idea (a held one counts once approved). */
export async function insertComment(db: Queryable, c: NewComment): Promise<void> {
  await db.query(
    `WITH comment AS (
       INSERT INTO idea_comments (site, id, idea_id, from_idea_id, author, body_source, body_html,
         page_url, created_at, visibility, text_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()), $10, $11)
     )
     UPDATE ideas SET comment_count = comment_count + 1
     WHERE site = $1 AND id = $3 AND $10 = 'visible'`,
    [
      c.site,
      c.id,
      c.ideaId,
      c.fromIdeaId ?? null,
      c.author,
      c.bodySource,
      c.bodyHtml,
      c.pageUrl,
      c.createdAt ?? null,
      c.visibility ?? 'visible',
      c.textHash ?? null,
    ],
  );
}

/** Follows (or unfollows) the idea; returns whether anything changed. */
export async function setFollowing(
  db: Queryable,
  site: string,
  ideaId: string,
  member: string,
  following: boolean,
): Promise<boolean> {
  const { rowCount } = following
    ? await db.query(
        `INSERT INTO idea_followers (site, idea_id, member) VALUES ($1, $2, $3)
         ON CONFLICT (site, idea_id, member) DO NOTHING`,
        [site, ideaId, member],
      )
    : await db.query(
        'DELETE FROM idea_followers WHERE site = $1 AND idea_id = $2 AND member = $3',
        [site, ideaId, member],
      );
  return rowCount > 0;
}

/**
 * Merges the duplicate into the original (both locked by the caller): the votes move (a member who
 * voted on both keeps one), the counts are recounted from the rows, the comments move (marked with
 * where they came from), the followers combine, and earlier duplicates of the duplicate now point at
 * the original.
 */
export async function mergeIdea(
  db: Queryable,
  site: string,
  duplicateId: string,
  originalId: string,
): Promise<void> {
  const params = [site, duplicateId, originalId];
  await db.query(
    `INSERT INTO votes (site, member, target_type, target_id, value, created_at, updated_at)
     SELECT site, member, target_type, $3, value, created_at, updated_at
     FROM votes WHERE site = $1 AND target_type = 'idea' AND target_id = $2
     ON CONFLICT (site, member, target_type, target_id) DO NOTHING`,
    params,
  );
  await db.query(
    `DELETE FROM votes WHERE site = $1 AND target_type = 'idea' AND target_id = $2`,
    params.slice(0, 2),
  );
  await db.query(
    `UPDATE idea_comments SET idea_id = $3, from_idea_id = coalesce(from_idea_id, $2)
     WHERE site = $1 AND idea_id = $2`,
    params,
  );
  await db.query(
    `INSERT INTO idea_followers (site, idea_id, member, created_at)
     SELECT site, $3, member, created_at FROM idea_followers WHERE site = $1 AND idea_id = $2
     ON CONFLICT (site, idea_id, member) DO NOTHING`,
    params,
  );
  await db.query('DELETE FROM idea_followers WHERE site = $1 AND idea_id = $2', params.slice(0, 2));
  await db.query('UPDATE ideas SET merged_into = $3 WHERE site = $1 AND merged_into = $2', params);
  await db.query(
    `UPDATE ideas SET merged_into = $3, upvotes = 0, comment_count = 0
     WHERE site = $1 AND id = $2`,
    params,
  );
  await recountIdea(db, site, originalId);
}

/** The idea's up votes and visible comments, counted from their rows. */
export async function recountIdea(db: Queryable, site: string, id: string): Promise<void> {
  await db.query(
    `UPDATE ideas i SET
       upvotes = (SELECT count(*) FROM votes v
         WHERE v.site = i.site AND v.target_type = 'idea' AND v.target_id = i.id AND v.value = 1),
       comment_count = (SELECT count(*) FROM idea_comments c
         WHERE c.site = i.site AND c.idea_id = i.id AND c.visibility = 'visible')
     WHERE i.site = $1 AND i.id = $2`,
    [site, id],
  );
}

/**
 * Votes the member holds on the board's open ideas (not done, declined, merged or hidden), but
 * `except`'s.
 */
export async function countHeldVotes(
  db: Queryable,
  site: string,
  board: string,
  member: string,
  except: string | null = null,
): Promise<number> {
  const { rows } = await db.query<{ held: number }>(
    `SELECT count(*)::int AS held FROM votes v
     JOIN ideas i ON i.site = v.site AND i.id = v.target_id
     WHERE v.site = $1 AND v.member = $3 AND v.target_type = 'idea' AND i.board = $2
       AND i.merged_into IS NULL AND NOT (i.status = ANY ($4::text[]))
       AND i.visibility NOT IN ('hidden', 'deleted')
       AND i.id IS DISTINCT FROM $5`,
    [site, board, member, CLOSED_STATUSES, except],
  );
  return Number(rows[0]?.held ?? 0);
}

/** Takes the member's budget lock on the board until the transaction ends. */
export async function lockBudget(
  db: Queryable,
  site: string,
  board: string,
  member: string,
): Promise<void> {
  await db.query(
    `SELECT pg_advisory_xact_lock(hashtext($1::text || ':' || $2::text || ':' || $3::text))`,
    [site, board, member],
  );
}

export async function countIdeas(db: Queryable, site: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM ideas WHERE site = $1',
    [site],
  );
  return Number(rows[0]?.n ?? 0);
}
