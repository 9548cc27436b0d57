/**
 * Applies the numbered SQL files of `server/migrations/` (`001_init.sql`, `002_….sql`, …) in order,
 * each in one transaction, and records them in `schema_migrations`. Several instances starting at once
 * against one PostgreSQL take turns through an advisory lock; a file already applied is skipped.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { migrationsDir } from '../paths.js';
import type { Database } from './database.js';
import { splitSqlStatements } from './split-sql.js';

/** An arbitrary constant: the advisory lock every Kith instance takes while migrating. */
const MIGRATION_LOCK = 7_263_001;

export interface Migration {
  version: number;
  name: string;
  file: string;
}

export async function listMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_[\w-]+\.sql$/.test(f)).sort();
  const migrations = files.map((file) => {
    const version = Number.parseInt(file, 10);
    return { version, name: file.replace(/^\d+_|\.sql$/g, ''), file: path.join(dir, file) };
  });
  const seen = new Set<number>();
  for (const m of migrations) {
    if (seen.has(m.version)) throw new Error(`Two migrations have the number ${m.version}.`);
    seen.add(m.version);
  }
  return migrations;
}

/** Applies what is missing; returns the versions applied now. */
export async function migrate(db: Database, dir = migrationsDir): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of await listMigrations(dir)) {
    const sql = await readFile(migration.file, 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (done.rows.length) return false;
      for (const statement of splitSqlStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
