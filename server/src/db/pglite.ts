/**
 * Embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly) with a persistent data directory.
 *
 * The data directory (`KITH_DATA_DIR`, default `.kith-data/`) holds `pgdata/` (the database),
 * `kith.lock` (the pid of the process using it) and, in development, `dev-site.secret`. PGlite runs
 * one query at a time; its `transaction()` holds an exclusive mutex, and plain queries wait for it, so
 * transactions are serialised.
 */
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, QueryResult, Queryable } from './database.js';
import { lockDataDir, type DataDirLock } from './lock.js';

interface PgliteLike {
  query<T>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: T[]; affectedRows?: number; rowCount?: number }>;
}

async function run<Row>(
  target: PgliteLike,
  sql: string,
  params: unknown[] | undefined,
): Promise<QueryResult<Row>> {
  const result = await target.query<Row>(sql, params ?? []);
  return {
    rows: result.rows,
    rowCount: result.affectedRows ?? result.rowCount ?? result.rows.length,
  };
}

export interface PgliteOptions {
  /** The data directory; `null` keeps the database in memory (tests), without a lock. */
  dataDir: string | null;
}

export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly dataDir: string | null;
  readonly #pg: PGlite;
  readonly #lock: DataDirLock | null;
  #closed = false;

  private constructor(pg: PGlite, dataDir: string | null, lock: DataDirLock | null) {
    this.#pg = pg;
    this.dataDir = dataDir;
    this.#lock = lock;
  }

  /** Opens (creating on first use) the database; throws `DataDirLockedError` when another process has it. */
  static async open(options: PgliteOptions): Promise<PgliteDatabase> {
    if (options.dataDir === null) return new PgliteDatabase(await PGlite.create(), null, null);
    const dataDir = path.resolve(options.dataDir);
    const lock = lockDataDir(dataDir);
    try {
      const pg = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata') });
      return new PgliteDatabase(pg, dataDir, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
    return run<Row>(this.#pg as PgliteLike, sql, params);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#pg.transaction(async (tx: Transaction) => {
      const queryable: Queryable = {
        query: <Row>(sql: string, params?: unknown[]) => run<Row>(tx as PgliteLike, sql, params),
      };
      return fn(queryable);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#pg.close();
    } finally {
      this.#lock?.release();
    }
  }
}
