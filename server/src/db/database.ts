/**
 * The one database interface the server uses, implemented twice with the same SQL: embedded PGlite
 * (`KITH_DATA_DIR`, the default) and a real PostgreSQL (`DATABASE_URL`, through node-postgres).
 * Parameterised queries only (`$1`, `$2`, …); never build SQL from input.
 */

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows changed by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
}

export interface Database extends Queryable {
  /** `pglite` or `postgres`, for logs and /v1/health. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on a throw). Every write and its
   * `community_events` row go through one of these.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
