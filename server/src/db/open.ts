/** Opens the database the environment names: `DATABASE_URL` (PostgreSQL) or PGlite in `KITH_DATA_DIR`. */
import type { Logger } from 'pino';
import { dataDirFromEnv } from '../paths.js';
import type { Database } from './database.js';
import { PgliteDatabase } from './pglite.js';
import { PostgresDatabase } from './postgres.js';

export async function openDatabase(
  env: NodeJS.ProcessEnv = process.env,
  log?: Logger,
): Promise<Database> {
  const url = env.DATABASE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new Error('DATABASE_URL must be a postgres:// URL.');
    return PostgresDatabase.open({
      connectionString: url,
      onError: (error) => log?.warn({ err: error }, 'idle database connection failed'),
    });
  }
  return PgliteDatabase.open({ dataDir: dataDirFromEnv(env) });
}
