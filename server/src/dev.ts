/**
 * Development setup (`KITH_DEV=1`): the dev site's secret (`KITH_DEV_SECRET`, or
 * `$KITH_DATA_DIR/dev-site.secret`, made on first start with mode 0600), the site `demo` with localhost
 * origins, and the demo seed on first start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './db/database.js';
import { loadSeedFile, seedSite } from './domain/seed.js';
import { ensureDevSite, newSecret } from './domain/sites.js';
import { devSecretPath, repoRoot } from './paths.js';

/** The secret without creating anything; `null` when there is none yet. */
export function readDevSecret(env: NodeJS.ProcessEnv, dataDir: string): string | null {
  if (env.KITH_DEV_SECRET) return env.KITH_DEV_SECRET;
  try {
    return readFileSync(devSecretPath(dataDir), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export function ensureDevSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  const existing = readDevSecret(env, dataDir);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const secret = newSecret();
  try {
    writeFileSync(devSecretPath(dataDir), `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return readDevSecret(env, dataDir)!; // another process wrote it first
  }
}

/**
 * Ensures the site `demo`; seeds it from `demo/seed.js`: Q&A when it has no questions, ideas when it
 * has no ideas (so a data dir from before ideas gets them on its next start).
 */
export async function setUpDevSite(
  db: Database,
  secret: string,
  seedFile: string | null = path.join(repoRoot, 'demo', 'seed.js'),
): Promise<{ seeded: boolean }> {
  await ensureDevSite(db, secret);
  if (!seedFile || !existsSync(seedFile)) return { seeded: false };
  return { seeded: await seedSite(db, 'demo', await loadSeedFile(seedFile)) };
}
