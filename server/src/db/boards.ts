/**
 * SQL for idea boards: they come into being on first write with the six default statuses; staff
 * add custom statuses (or relabel, recolour, reorder the defaults) and set a per-member vote budget.
 */
import { DEFAULT_IDEA_STATUSES, type IdeaStatusDefinition } from '../../../src/core/types.js';
import type { Queryable } from './database.js';

export interface BoardRow {
  slug: string;
  voteBudget: number | null;
  /** Sorted by order, then slug. */
  statuses: IdeaStatusDefinition[];
}

/** The statuses of a board that has none stored yet (an unknown board reads as this). */
export const DEFAULT_STATUSES: IdeaStatusDefinition[] = DEFAULT_IDEA_STATUSES.map(
  (slug, order) => ({
    slug,
    order,
  }),
);

/** Creates the board with its default statuses unless it exists (one statement). */
export async function ensureBoard(db: Queryable, site: string, slug: string): Promise<void> {
  await db.query(
    `WITH board AS (
       INSERT INTO boards (site, slug) VALUES ($1, $2) ON CONFLICT (site, slug) DO NOTHING
       RETURNING site, slug
     )
     INSERT INTO board_statuses (site, board, slug, position)
     SELECT board.site, board.slug, s.slug, s.ord - 1
     FROM board, unnest($3::text[]) WITH ORDINALITY AS s (slug, ord)`,
    [site, slug, DEFAULT_IDEA_STATUSES],
  );
}

/** The board and its statuses, or `null` when it does not exist. `lock` locks its row (to configure). */
export async function selectBoard(
  db: Queryable,
  site: string,
  slug: string,
  lock = false,
): Promise<BoardRow | null> {
  const { rows } = await db.query<{ slug: string; vote_budget: number | null }>(
    `SELECT slug, vote_budget FROM boards WHERE site = $1 AND slug = $2${lock ? ' FOR UPDATE' : ''}`,
    [site, slug],
  );
  const board = rows[0];
  if (!board) return null;
  const statuses = await db.query<{
    slug: string;
    label: string | null;
    color: string | null;
    position: number;
  }>(
    `SELECT slug, label, color, position FROM board_statuses
     WHERE site = $1 AND board = $2 ORDER BY position, slug`,
    [site, slug],
  );
  return {
    slug: board.slug,
    voteBudget: board.vote_budget === null ? null : Number(board.vote_budget),
    statuses: statuses.rows.map((s) => ({
      slug: s.slug,
      ...(s.label !== null && { label: s.label }),
      ...(s.color !== null && { color: s.color }),
      order: Number(s.position),
    })),
  };
}

/** The vote budget of the board (`null`: none, or no such board). */
export async function voteBudgetOf(
  db: Queryable,
  site: string,
  slug: string,
): Promise<number | null> {
  const { rows } = await db.query<{ vote_budget: number | null }>(
    'SELECT vote_budget FROM boards WHERE site = $1 AND slug = $2',
    [site, slug],
  );
  const budget = rows[0]?.vote_budget;
  return budget === null || budget === undefined ? null : Number(budget);
}

/** Is `status` one of the board's statuses? */
export async function hasStatus(
  db: Queryable,
  site: string,
  board: string,
  status: string,
): Promise<IdeaStatusDefinition | null> {
  const { rows } = await db.query<{ label: string | null; position: number }>(
    'SELECT label, position FROM board_statuses WHERE site = $1 AND board = $2 AND slug = $3',
    [site, board, status],
  );
  const row = rows[0];
  return row
    ? { slug: status, ...(row.label !== null && { label: row.label }), order: Number(row.position) }
    : null;
}

/** Of the board's custom statuses other than `keep`, those that ideas still have (with how many). */
export async function statusesInUse(
  db: Queryable,
  site: string,
  board: string,
  keep: string[],
): Promise<{ slug: string; ideas: number }[]> {
  const { rows } = await db.query<{ slug: string; ideas: number }>(
    `SELECT status AS slug, count(*)::int AS ideas FROM ideas
     WHERE site = $1 AND board = $2 AND NOT (status = ANY ($3::text[]))
       AND NOT (status = ANY ($4::text[]))
     GROUP BY status ORDER BY status`,
    [site, board, keep, DEFAULT_IDEA_STATUSES],
  );
  return rows.map((r) => ({ slug: r.slug, ideas: Number(r.ideas) }));
}

/**
 * Replaces the board's statuses: the listed ones are stored as given, defaults not listed return to
 * their defaults, custom ones not listed are removed (a foreign key refuses it while an idea has one).
 */
export async function replaceStatuses(
  db: Queryable,
  site: string,
  board: string,
  statuses: IdeaStatusDefinition[],
): Promise<void> {
  const listed = new Set(statuses.map((s) => s.slug));
  const all = [...statuses, ...DEFAULT_STATUSES.filter((s) => !listed.has(s.slug))];
  await db.query(
    `DELETE FROM board_statuses WHERE site = $1 AND board = $2 AND NOT (slug = ANY ($3::text[]))`,
    [site, board, all.map((s) => s.slug)],
  );
  await db.query(
    `INSERT INTO board_statuses (site, board, slug, label, color, position)
     SELECT $1, $2, s.slug, s.label, s.color, s.position
     FROM unnest($3::text[], $4::text[], $5::text[], $6::int[]) AS s (slug, label, color, position)
     ON CONFLICT (site, board, slug) DO UPDATE SET
       label = EXCLUDED.label, color = EXCLUDED.color, position = EXCLUDED.position`,
    [
      site,
      board,
      all.map((s) => s.slug),
      all.map((s) => s.label ?? null),
      all.map((s) => s.color ?? null),
      all.map((s) => s.order),
    ],
  );
}

export async function setVoteBudget(
  db: Queryable,
  site: string,
  board: string,
  voteBudget: number | null,
): Promise<void> {
  await db.query(
    'UPDATE boards SET vote_budget = $3, updated_at = now() WHERE site = $1 AND slug = $2',
    [site, board, voteBudget],
  );
}
