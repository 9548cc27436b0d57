/**
 * SQL for `idempotency_keys`: the first response of a write, by member and `Idempotency-Key` (and
 * site, method, path). The key is claimed at the start of the write's transaction and completed at its
 * end, so a concurrent request with the same key waits for the first and then finds its response.
 */
import type { Queryable } from './database.js';

export interface IdempotencyScope {
  site: string;
  member: string;
  key: string;
  method: string;
  path: string;
}

export interface StoredResponse {
  requestHash: string;
  status: number | null;
  response: unknown;
}

const WHERE = 'site = $1 AND member = $2 AND key = $3 AND method = $4 AND path = $5';
const scopeParams = (s: IdempotencyScope): unknown[] => [s.site, s.member, s.key, s.method, s.path];

export async function findResponse(
  db: Queryable,
  scope: IdempotencyScope,
): Promise<StoredResponse | null> {
  const { rows } = await db.query<{
    request_hash: string;
    status: number | null;
    response: unknown;
  }>(
    `SELECT request_hash, status, response FROM idempotency_keys WHERE ${WHERE}`,
    scopeParams(scope),
  );
  const row = rows[0];
  return row
    ? {
        requestHash: row.request_hash,
        status: row.status === null ? null : Number(row.status),
        response: row.response,
      }
    : null;
}

/** Claims the key; `false` when a committed (or, after waiting, just committed) write holds it. */
export async function claimKey(
  db: Queryable,
  scope: IdempotencyScope,
  requestHash: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO idempotency_keys (site, member, key, method, path, request_hash)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (site, member, key, method, path) DO NOTHING`,
    [...scopeParams(scope), requestHash],
  );
  return rowCount > 0;
}

export async function completeKey(
  db: Queryable,
  scope: IdempotencyScope,
  status: number,
  response: unknown,
): Promise<void> {
  await db.query(`UPDATE idempotency_keys SET status = $6, response = $7::jsonb WHERE ${WHERE}`, [
    ...scopeParams(scope),
    status,
    JSON.stringify(response),
  ]);
}

/** Forgets keys older than `hours` (a retry comes within minutes, not days). */
export async function deleteOldKeys(db: Queryable, hours = 24): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
    [hours],
  );
  return rowCount;
}
