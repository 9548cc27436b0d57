/**
 * Where the server's files are, found from this module's own location so that the same code works
 * from the TypeScript sources (`server/src/…`, run with tsx) and from the compiled output
 * (`server/dist/server/src/…`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findServerRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
        if (name === '@kith/server') return dir;
      } catch {
        // not ours; keep looking upwards
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('Cannot find the Kith server directory (server/package.json).');
    dir = parent;
  }
}

/** `server/`: holds `migrations/`. */
export const serverRoot = findServerRoot();
/** The repository root: holds `demo/` and `dist/` (served in development). */
export const repoRoot = path.dirname(serverRoot);
export const migrationsDir = path.join(serverRoot, 'migrations');

/** `KITH_DATA_DIR`, default `.kith-data/` relative to the working directory. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.KITH_DATA_DIR || '.kith-data');
}

/** The dev site's secret file inside a data dir. */
export function devSecretPath(dataDir: string): string {
  return path.join(dataDir, 'dev-site.secret');
}
