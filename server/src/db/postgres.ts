/**
 * A real PostgreSQL through node-postgres (`DATABASE_URL=postgres://…`). Several server instances may
 * share one database: nothing that must be shared lives in process memory.
 */
import pg from 'pg';
import type { Database, QueryResult, Queryable } from './database.js';

/** Serialisation failures and deadlocks: the whole transaction may simply be tried again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 4;

export interface PostgresOptions {
  connectionString: string;
  /** Pool size (default 10). */
  max?: number;
  /** Called with errors of idle connections (a restarted database, say). */
  onError?: (error: Error) => void;
}

/** Prepared statements kept (per SQL text); past this, statements are parsed each time. */
const MAX_PREPARED = 500;
const statementNames = new Map<string, string>();

/**
 * Each SQL text becomes a named prepared statement: node-postgres prepares it once per connection and
 * afterwards only binds and executes it, so PostgreSQL parses and plans it once, not on every call.
 */
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `kith_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

async function run<Row>(
  client: pg.Pool | pg.PoolClient,
  sql: string,
  params: unknown[] | undefined,
): Promise<QueryResult<Row>> {
  const name = statementName(sql);
  const result = await client.query(
    name ? { name, text: sql, values: params } : { text: sql, values: params },
  );
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
}

export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  #closed = false;

  constructor(options: PostgresOptions) {
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      application_name: 'kith-server',
    });
    this.#pool.on('error', (error) => options.onError?.(error));
  }

  /** Connects once, so that a wrong URL fails at start and not on the first request. */
  static async open(options: PostgresOptions): Promise<PostgresDatabase> {
    const db = new PostgresDatabase(options);
    try {
      await db.query('SELECT 1');
    } catch (error) {
      await db.close();
      throw error;
    }
    return db;
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
    return run<Row>(this.#pool, sql, params);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.#pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection died: don't hand it out again
        }
        const code = (error as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}
