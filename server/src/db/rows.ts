/** Helpers shared by the SQL modules: turning rows into the API's shapes. */
import type { MemberSummary, Role, TrustLevel, VoteValue } from '../../../src/core/types.js';

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
  m.roles AS author_roles, m.reputation AS author_reputation, m.trust_level AS author_trust_level`;

export interface AuthorRow {
  author_id: string;
  author_name: string;
  author_avatar: string | null;
  author_roles: string[];
  author_reputation: number;
  author_trust_level: number;
}

export function authorFrom(row: AuthorRow): MemberSummary {
  return {
    id: row.author_id,
    name: row.author_name,
    ...(row.author_avatar && { avatar: row.author_avatar }),
    roles: row.author_roles as Role[],
    reputation: Number(row.author_reputation),
    trustLevel: Number(row.author_trust_level) as TrustLevel,
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
