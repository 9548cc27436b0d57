/**
 * Embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly) with a persistent data directory.
 *
 * The data directory (`KITH_DATA_DIR`, default `.kith-data/`) holds `pgdata/` (the database),
 * `kith.lock` (the pid of the process using it) and, in development, `dev-site.secret`. PGlite is one
 * connection: one statement at a time, and a transaction holds it until COMMIT, so that plain queries
 * wait for it (transactions are serialised).
 *
 * Statements are prepared once per SQL text (a named statement, as node-postgres does with `name`) and
 * then only bound and executed: PGlite's own `query()` parses, describes and plans every statement on
 * every call, which costs more than running it. Everything goes through PGlite's public wire-protocol
 * entry (`execProtocolStream`) and its own parameter serialisers and result parsers, so values read and
 * write exactly as with `query()`.
 */
import path from 'node:path';
import { PGlite, parse as pgliteParse, protocol, type Results } from '@electric-sql/pglite';
import type { Database, QueryResult, Queryable } from './database.js';
import { lockDataDir, type DataDirLock } from './lock.js';

const { serialize } = protocol;
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

/** Prepared statements kept (per SQL text); past this, statements are parsed each time. */
const MAX_PREPARED = 500;

interface Prepared {
  /** `''`: the unnamed statement (parsed again on every use). */
  name: string;
  paramTypes: number[];
  /** The statement's RowDescription, or `null` when it returns no rows. */
  rowDescription: BackendMessage | null;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Runs functions one at a time, in the order they came. */
class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.catch(() => {});
    return result;
  }
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
  /** The one connection: a transaction holds it from BEGIN to COMMIT. */
  readonly #connection = new Serial();
  readonly #prepared = new Map<string, Prepared>();
  #closing = false;
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

  /** Runs protocol messages; a database error is thrown after the closing Sync has been processed. */
  #send(messages: Uint8Array[]): Promise<BackendMessage[]> {
    return this.#pg.execProtocolStream(concat(messages), { syncToFs: false });
  }

  async #prepare(sql: string): Promise<Prepared> {
    const known = this.#prepared.get(sql);
    if (known) return known;
    const name = this.#prepared.size < MAX_PREPARED ? `kith_${this.#prepared.size + 1}` : '';
    const replies = await this.#send([
      serialize.parse({ name, text: sql }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    ]);
    const statement: Prepared = {
      name,
      paramTypes: pgliteParse.parseDescribeStatementResults(replies),
      rowDescription: replies.find((m) => m.name === 'rowDescription') ?? null,
    };
    if (name) this.#prepared.set(sql, statement);
    return statement;
  }

  /** One statement on the connection (the caller holds it). */
  async #run<Row>(
    sql: string,
    params: unknown[] = [],
  ): Promise<QueryResult<Row> & { command: string | undefined }> {
    if (this.#closed) throw new Error('The database is closed.');
    const statement = await this.#prepare(sql);
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serializer = this.#pg.serializers[statement.paramTypes[i]!];
      return serializer ? serializer(param) : String(param);
    });
    const replies = await this.#send([
      serialize.bind({ statement: statement.name, values }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    const [result] = pgliteParse.parseResults(
      statement.rowDescription ? [statement.rowDescription, ...replies] : replies,
      this.#pg.parsers,
    ) as [Results<Row> & { command?: string }];
    return {
      rows: result.rows,
      rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
      command: result.command,
    };
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
    return this.#connection.run(async () => {
      const { rows, rowCount } = await this.#run<Row>(sql, params);
      return { rows, rowCount };
    });
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#connection.run(async () => {
      await this.#run('BEGIN');
      let open = true;
      const tx: Queryable = {
        query: async <Row>(sql: string, params?: unknown[]) => {
          if (!open) throw new Error('The transaction is closed.');
          const { rows, rowCount } = await this.#run<Row>(sql, params);
          return { rows, rowCount };
        },
      };
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        open = false;
        await this.#run('ROLLBACK');
        throw error;
      }
      open = false;
      // COMMIT of a transaction that failed (an error the callback caught) rolls it back.
      const { command } = await this.#run('COMMIT');
      if (command === 'ROLLBACK') throw new Error('The transaction failed and was rolled back.');
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    try {
      // After what is queued already; anything queued later finds the database closed.
      await this.#connection.run(() => {
        this.#closed = true;
        return this.#pg.close();
      });
    } finally {
      this.#lock?.release();
    }
  }
}
