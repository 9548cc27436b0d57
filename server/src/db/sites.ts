/** SQL for sites: id, signing secret, allowed origins (the CORS allow-list) and settings. */
import type { Queryable } from './database.js';
import { iso } from './rows.js';

export interface SiteRow {
  id: string;
  secret: string;
  allowedOrigins: string[];
  settings: Record<string, unknown>;
  createdAt: string;
}

interface Raw {
  id: string;
  secret: string;
  allowed_origins: string[];
  settings: Record<string, unknown>;
  created_at: Date;
}

const COLUMNS = 'id, secret, allowed_origins, settings, created_at';

function fromRow(row: Raw): SiteRow {
  return {
    id: row.id,
    secret: row.secret,
    allowedOrigins: row.allowed_origins ?? [],
    settings: row.settings ?? {},
    createdAt: iso(row.created_at),
  };
}

export async function getSite(db: Queryable, id: string): Promise<SiteRow | null> {
  const { rows } = await db.query<Raw>(`SELECT ${COLUMNS} FROM sites WHERE id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function listSites(db: Queryable): Promise<SiteRow[]> {
  const { rows } = await db.query<Raw>(`SELECT ${COLUMNS} FROM sites ORDER BY id`);
  return rows.map(fromRow);
}

/** Inserts a site; returns `null` when one with that id exists already. */
export async function insertSite(
  db: Queryable,
  site: { id: string; secret: string; allowedOrigins: string[]; settings: Record<string, unknown> },
): Promise<SiteRow | null> {
  const { rows } = await db.query<Raw>(
    `INSERT INTO sites (id, secret, allowed_origins, settings)
     VALUES ($1, $2, $3::text[], $4::jsonb)
     ON CONFLICT (id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [site.id, site.secret, site.allowedOrigins, JSON.stringify(site.settings)],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function updateSite(
  db: Queryable,
  id: string,
  change: { secret?: string; allowedOrigins?: string[]; settings?: Record<string, unknown> },
): Promise<SiteRow | null> {
  const { rows } = await db.query<Raw>(
    `UPDATE sites SET
       secret = coalesce($2, secret),
       allowed_origins = coalesce($3::text[], allowed_origins),
       settings = coalesce($4::jsonb, settings)
     WHERE id = $1
     RETURNING ${COLUMNS}`,
    [
      id,
      change.secret ?? null,
      change.allowedOrigins ?? null,
      change.settings === undefined ? null : JSON.stringify(change.settings),
    ],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Locks the site row for a read-modify-write of its settings. */
export async function lockSite(db: Queryable, id: string): Promise<SiteRow | null> {
  const { rows } = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM sites WHERE id = $1 FOR NO KEY UPDATE`,
    [id],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}
