/**
 * Finds the PostgreSQL binaries (`initdb`, `pg_ctl`, `postgres`) with which the server tests start
 * throwaway clusters (server/test/pg-cluster.ts):
 *
 *   1. `KITH_PG_BIN` (the directory holding them), then
 *   2. the newest `/usr/lib/postgresql/<version>/bin` (Debian/Ubuntu), then
 *   3. the directory of `pg_ctl` on PATH (Fedora, Homebrew, …);
 *   4. none found, running as root on Debian/Ubuntu: `apt-get update && apt-get install -y postgresql`
 *      (and stops the cluster the package may start, so nothing is left listening on port 5432);
 *   5. otherwise: throws an Error saying what to install.
 *
 *   node scripts/ensure-postgres.mjs     prints the directory (used by `npm test`)
 *   import { findPostgresBin } from '../../scripts/ensure-postgres.mjs'   (server tests)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS = ['initdb', 'pg_ctl', 'postgres'];
const DEBIAN_ROOT = '/usr/lib/postgresql';

const hasTools = (dir) => TOOLS.every((t) => existsSync(path.join(dir, t)));

const HOW_TO_INSTALL =
  'Install PostgreSQL (any version ≥ 13) and run again:\n' +
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y postgresql\n' +
  '  Fedora/RHEL:    sudo dnf install -y postgresql-server\n' +
  '  macOS:          brew install postgresql\n' +
  `or point KITH_PG_BIN at the directory holding ${TOOLS.join(', ')}: ` +
  'KITH_PG_BIN=/usr/lib/postgresql/15/bin npm test';

function lookup() {
  const fromEnv = process.env.KITH_PG_BIN;
  if (fromEnv) {
    if (!hasTools(fromEnv)) {
      const missing = TOOLS.filter((t) => !existsSync(path.join(fromEnv, t)));
      throw new Error(
        `PostgreSQL not found: KITH_PG_BIN is set to ${fromEnv}, which lacks ${missing.join(', ')}.`,
      );
    }
    return fromEnv;
  }
  if (existsSync(DEBIAN_ROOT)) {
    const newest = readdirSync(DEBIAN_ROOT)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => path.join(DEBIAN_ROOT, v, 'bin'))
      .find(hasTools);
    if (newest) return newest;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !existsSync(path.join(dir, 'pg_ctl')) || !hasTools(dir)) continue;
    // Symlinks (e.g. /usr/local/bin/pg_ctl → /usr/lib/postgresql/15/bin/pg_ctl): their real home.
    const real = path.dirname(realpathSync(path.join(dir, 'pg_ctl')));
    return hasTools(real) ? real : dir;
  }
  return undefined;
}

/** The clusters `pg_lsclusters` (Debian's postgresql-common) reports as online: [version, name]. */
function onlineClusters() {
  const r = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && f[3] === 'online')
    .map((f) => [f[0], f[1]]);
}

function install() {
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  if (!isRoot || !isDebian) throw new Error(`PostgreSQL not found. ${HOW_TO_INSTALL}`);
  const before = new Set(onlineClusters().map((c) => c.join(' ')));
  for (const args of [['update'], ['install', '-y', 'postgresql']]) {
    console.error(`PostgreSQL not found; running: apt-get ${args.join(' ')}`);
    const r = spawnSync('apt-get', args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) {
      throw new Error(
        `PostgreSQL not found, and \`apt-get ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}). ` +
          HOW_TO_INSTALL,
      );
    }
  }
  // Debian's package creates a "main" cluster and, where services may start (systemd), starts it on
  // port 5432. The tests run their own clusters on free ports, so stop the one the install started:
  // nothing should stay listening. (It still starts at boot; `systemctl disable postgresql` if unwanted.)
  for (const [version, name] of onlineClusters()) {
    if (before.has(`${version} ${name}`)) continue;
    console.error(
      `Stopping the cluster the package started: pg_ctlcluster ${version} ${name} stop`,
    );
    spawnSync('pg_ctlcluster', [version, name, 'stop'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
}

/**
 * The directory holding `initdb`, `pg_ctl` and `postgres`; installs PostgreSQL when it may (root on
 * Debian), else throws an Error saying what to install.
 * @param {{ install?: boolean }} [options] `install: false` only looks (returns undefined if none).
 * @returns {string}
 */
export function findPostgresBin({ install: mayInstall = true } = {}) {
  let found = lookup();
  if (!found && mayInstall) {
    install();
    found = lookup();
    if (!found) {
      throw new Error(
        `PostgreSQL not found: apt-get finished, but no ${DEBIAN_ROOT}/<version>/bin holds ` +
          `${TOOLS.join(', ')}. ${HOW_TO_INSTALL}`,
      );
    }
  }
  return /** @type {string} */ (found);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(`PostgreSQL: ${findPostgresBin()}`);
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
}
