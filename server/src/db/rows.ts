/** Helpers shared by the SQL modules: turning rows into the API's shapes. */
import type {
  MemberSummary,
  PostBase,
  Role,
  TrustLevel,
  Visibility,
  VoteValue,
} from '../../../src/core/types.js';

/** Timestamps arrive as `Date` from both drivers; the API speaks ISO-8601. */
export function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}

/** Columns of the joined author (`m`), aliased `author_*`. */
export const AUTHOR_COLUMNS = `m.id AS author_id, m.name AS author_name, m.avatar AS author_avatar,
  m.roles AS author_roles, m.reputation AS author_reputation, m.trust_level AS author_trust_level,
  m.erased_at IS NOT NULL AS author_erased`;

export interface AuthorRow {
  author_id: string;
  author_name: string;
  author_avatar: string | null;
  author_roles: string[];
  author_reputation: number;
  author_trust_level: number;
  /** The anonymous member an erased member's records moved to (migration 008). */
  author_erased?: boolean | null;
}

export function authorFrom(row: AuthorRow): MemberSummary {
  return {
    id: row.author_id,
    name: row.author_name,
    ...(row.author_avatar && { avatar: row.author_avatar }),
    roles: row.author_roles as Role[],
    reputation: Number(row.author_reputation),
    trustLevel: Number(row.author_trust_level) as TrustLevel,
    ...(row.author_erased === true && { erased: true }),
  };
}

export function voteValue(value: unknown): VoteValue {
  const n = Number(value);
  return n === 1 ? 1 : n === -1 ? -1 : 0;
}

/** Visible to everyone, or held and shown to its author only. `$viewer` is the parameter text. */
export function visibleTo(alias: string, viewerParam: string): string {
  return `(${alias}.visibility = 'visible' OR (${alias}.visibility = 'held' AND ${alias}.author = ${viewerParam}))`;
}

/**
 * The viewer's own columns of a post `alias` of `targetType`: the Markdown source (their own posts
 * only) and their vote (`my_vote`, through `join`). `viewer` is the placeholder of their id, `null`
 * when nobody is signed in (nothing to look up).
 */
export function viewerColumns(
  alias: string,
  targetType: string,
  viewer: string | null,
): { columns: string; join: string } {
  if (viewer === null) return { columns: 'NULL AS body_source, 0 AS my_vote', join: '' };
  return {
    columns: `CASE WHEN ${alias}.author = ${viewer} THEN ${alias}.body_source END AS body_source,
      coalesce(v.value, 0) AS my_vote`,
    join: `LEFT JOIN votes v ON v.site = ${alias}.site AND v.member = ${viewer}
      AND v.target_type = '${targetType}' AND v.target_id = ${alias}.id`,
  };
}

/** Columns every post row has (besides its kind's own), as {@link viewerColumns} and the author join read them. */
export interface PostRow extends AuthorRow {
  id: string;
  /** Read for its author only. */
  body_source: string | null;
  body_html: string;
  page_url: string | null;
  visibility: Visibility;
  created_at: Date | string;
  updated_at: Date | string | null;
}

/** The fields of {@link PostBase}; the Markdown source goes to its author only (for editing). */
export function postFrom(row: PostRow, viewer: string | null): PostBase {
  return {
    id: row.id,
    author: authorFrom(row),
    ...(viewer !== null && viewer === row.author_id && { bodySource: row.body_source ?? '' }),
    bodyHtml: row.body_html,
    createdAt: iso(row.created_at),
    ...(row.updated_at && { updatedAt: iso(row.updated_at) }),
    ...(row.page_url && { pageUrl: row.page_url }),
    visibility: row.visibility,
  };
}

/**
 * ` AND (keys…) < (the keys of the row with seq = seqParam)`: a keyset page continuing after that row,
 * for an order of `keys` all descending.
 */
export function afterRow(alias: string, table: string, keys: string, seqParam: string): string {
  const mine = keys
    .split(', ')
    .map((k) => `${alias}.${k}`)
    .join(', ');
  return ` AND (${mine}) < (SELECT ${keys} FROM ${table} c WHERE c.site = $1 AND c.seq = ${seqParam}::bigint)`;
}

/** `$n` placeholders for a growing parameter list. */
export function parameters(initial: unknown[]): {
  params: unknown[];
  param: (value: unknown) => string;
} {
  const params = [...initial];
  return {
    params,
    param: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}
