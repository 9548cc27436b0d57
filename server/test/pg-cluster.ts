/**
 * A throwaway PostgreSQL cluster for the server tests: a real `postgres` from the system's binaries
 * (scripts/ensure-postgres.mjs finds them, and installs Debian's package when missing and root), in a
 * temp dir, on a free port, listening on 127.0.0.1 only, with trust authentication for user `kith`.
 *
 *   const pg = await startPostgres();   // ≈ 1–2 s, mostly initdb; + CREATE DATABASE kith_test
 *   … DATABASE_URL = pg.url …           // postgres://kith@127.0.0.1:PORT/kith_test
 *   await pg.stop();                    // immediate shutdown, temp dir removed
 *
 * Each call starts its own cluster (own dir, own port), so test files may run concurrently. It never
 * skips: when a cluster cannot start, it throws with the tail of initdb's or the server's log.
 *
 * Nothing outlives the test process: clusters still running are stopped on process exit (also after an
 * uncaught exception) and on SIGINT/SIGTERM/SIGHUP; and a tiny detached watchdog per cluster stops it
 * and removes its dir if the test process dies without running any handler (SIGKILL, OOM killer).
 *
 * Running as root (CI containers), initdb and postgres refuse to run, so the cluster runs as the
 * `postgres` OS user (which Debian's package creates): the temp dir is chowned to it and the binaries
 * are spawned with its uid/gid. Otherwise everything runs as the current user.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** `postgres://kith@127.0.0.1:PORT/kith_test` (trust authentication: no password). */
  url: string;
  /** Stops the server (immediate shutdown) and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** The OS user the cluster runs as: `undefined` = the current user. */
interface RunAs {
  uid: number;
  gid: number;
}

interface Live {
  dir: string;
  data: string;
  pgCtl: string;
  runAs: RunAs | undefined;
  watchdogPid: number | undefined;
}

const USER = 'kith';
const DATABASE = 'kith_test';
/** Unix socket paths are limited to 107 bytes; `/.s.PGSQL.65535` takes 16 of them. */
const MAX_SOCKET_DIR = 90;

const live = new Set<Live>();
const portsHandedOut = new Set<number>();
let binDir: Promise<string> | undefined;

/**
 * Starts a fresh cluster and creates database `kith_test` in it.
 *
 * Settings are for test speed only: `fsync`, `synchronous_commit` and `full_page_writes` are off, so
 * a crash of PostgreSQL itself (or of the machine) could lose or corrupt data. The durability tests
 * still hold: they SIGKILL the Kith server, not PostgreSQL, and a write PostgreSQL acknowledged is
 * visible to every later connection as long as PostgreSQL keeps running. (Benchmarks that should
 * reflect production numbers need a cluster with these settings left at their defaults.)
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const bin = await (binDir ??= findBin());
  const runAs = postgresUser();
  const dir = mkdtempSync(path.join(tempBase(runAs), 'kith-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'postgres.log');
  const cluster: Live = {
    dir,
    data,
    pgCtl: path.join(bin, 'pg_ctl'),
    runAs,
    watchdogPid: undefined,
  };
  live.add(cluster);
  installExitHandlers();

  try {
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    cluster.watchdogPid = startWatchdog(cluster);

    const initdbArgs = ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--no-sync'];
    // C.UTF-8, as PGlite uses; machines without that locale get plain C.
    let init = await run(path.join(bin, 'initdb'), [...initdbArgs, '--locale=C.UTF-8'], cluster);
    if (init.code !== 0 && /locale/i.test(init.output)) {
      rmSync(data, { recursive: true, force: true });
      init = await run(path.join(bin, 'initdb'), [...initdbArgs, '--no-locale'], cluster);
    }
    if (init.code !== 0) {
      throw new Error(`initdb failed (exit ${init.code}):\n${tail(init.output)}`);
    }

    // In the config file rather than `pg_ctl -o`, which goes through a shell (quoting of the path).
    appendFileSync(
      path.join(data, 'postgresql.conf'),
      [
        '',
        '# Kith test cluster (server/test/pg-cluster.ts).',
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir.replace(/'/g, "''")}'`,
        // Tests trade durability for speed; benchmarks (`durable: true`) keep the defaults.
        ...(options.durable
          ? []
          : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
        '',
      ].join('\n'),
    );

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const start = await run(
        cluster.pgCtl,
        ['-D', data, '-l', log, '-o', `-p ${port}`, '-w', '-t', '60', 'start'],
        cluster,
      );
      if (start.code === 0) break;
      const serverLog = readLog(log);
      // Another process took the port between our probe and the server's bind: try another one.
      if (attempt < 5 && /could not bind|already in use/i.test(serverLog)) continue;
      throw new Error(
        `pg_ctl start failed (exit ${start.code}):\n${tail(start.output)}\n` +
          `--- ${log} ---\n${tail(serverLog)}`,
      );
    }

    const admin = new pg.Client({ host: '127.0.0.1', port, user: USER, database: 'postgres' });
    try {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end().catch(() => {});
    }

    return {
      url: `postgres://${USER}@127.0.0.1:${port}/${DATABASE}`,
      stop: () => stop(cluster),
    };
  } catch (error) {
    const serverLog = readLog(log);
    await stop(cluster).catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Could not start a throwaway PostgreSQL cluster (in ${dir}, now removed): ${message}` +
        (serverLog && !message.includes(`--- ${log} ---`)
          ? `\n--- ${log} ---\n${tail(serverLog)}`
          : ''),
      { cause: error },
    );
  }
}

async function findBin(): Promise<string> {
  // A computed specifier: the script lives outside the server's TypeScript program (no .d.ts).
  const script = new URL('../../scripts/ensure-postgres.mjs', import.meta.url).href;
  const { findPostgresBin } = (await import(script)) as { findPostgresBin: () => string };
  return findPostgresBin();
}

/** As root: the `postgres` user's ids (initdb and postgres refuse root). Else undefined. */
function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = (flag: string) => {
    const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    return r.status === 0 ? Number(r.stdout.trim()) : NaN;
  };
  const uid = ids('-u');
  const gid = ids('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error(
      'Running as root, the test PostgreSQL cluster must run as the "postgres" OS user, which does ' +
        'not exist. Install Debian\'s "postgresql" package (it creates the user), or create one: ' +
        'useradd --system --user-group postgres',
    );
  }
  return { uid, gid };
}

/**
 * The temp dir's parent: os.tmpdir(), unless the socket path would be too long or (as root) the
 * `postgres` user could not reach it (e.g. TMPDIR under /root); then /tmp.
 */
function tempBase(runAs: RunAs | undefined): string {
  const base = os.tmpdir();
  if (base.length + '/kith-pg-XXXXXX'.length > MAX_SOCKET_DIR) return '/tmp';
  if (runAs) {
    for (let p = base; ; p = path.dirname(p)) {
      // Others need search (x) permission on every ancestor.
      if ((statSync(p).mode & 0o001) === 0) return '/tmp';
      if (path.dirname(p) === p) break;
    }
  }
  return base;
}

function spawnOptions(cluster: Live) {
  // Hermetic: PGDATA, PGPORT, PGHOST… from the caller's environment must not leak into the cluster.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  return { cwd: cluster.dir, env, ...(cluster.runAs ?? {}) };
}

function run(
  command: string,
  args: string[],
  cluster: Live,
): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      ...spawnOptions(cluster),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (e) => resolve({ code: e.message, output: `${output}${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? signal ?? 'unknown', output }));
  });
}

/**
 * A detached shell, as the cluster's user, that waits for this process to end and then stops the
 * cluster and removes its dir; stop() kills it. `[ -d /proc/PID ]` covers `kill -0` failing with
 * EPERM (watchdog as postgres, tests as root).
 */
function startWatchdog(cluster: Live): number | undefined {
  const script =
    'while kill -0 "$KITH_PID" 2>/dev/null || [ -d "/proc/$KITH_PID" ]; do sleep 1; done; ' +
    '"$KITH_PG_CTL" -D "$KITH_PG_DATA" -m immediate -w stop >/dev/null 2>&1; ' +
    'rm -rf "$KITH_PG_DIR"';
  const options = spawnOptions(cluster);
  const child = spawn('/bin/sh', ['-c', script], {
    ...options,
    env: {
      ...options.env,
      KITH_PID: String(process.pid),
      KITH_PG_CTL: cluster.pgCtl,
      KITH_PG_DATA: cluster.data,
      KITH_PG_DIR: cluster.dir,
    },
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => {});
  child.unref();
  return child.pid;
}

function killWatchdog(cluster: Live): void {
  if (cluster.watchdogPid === undefined) return;
  try {
    process.kill(-cluster.watchdogPid, 'SIGKILL'); // its process group: the shell and its `sleep`
  } catch {
    // already gone
  }
  cluster.watchdogPid = undefined;
}

async function stop(cluster: Live): Promise<void> {
  if (!live.delete(cluster)) return;
  killWatchdog(cluster);
  try {
    if (existsSync(path.join(cluster.data, 'postmaster.pid'))) {
      const args = ['-D', cluster.data, '-m', 'immediate', '-w', 'stop'];
      const r = await run(cluster.pgCtl, args, cluster);
      if (r.code !== 0 && existsSync(path.join(cluster.data, 'postmaster.pid'))) {
        throw new Error(
          `pg_ctl stop failed (exit ${r.code}) for ${cluster.data}:\n${tail(r.output)}`,
        );
      }
    }
  } finally {
    rmSync(cluster.dir, { recursive: true, force: true });
  }
}

/** Synchronous, for process exit and signals: every cluster still running. */
function stopAllSync(): void {
  for (const cluster of live) {
    live.delete(cluster);
    killWatchdog(cluster);
    if (existsSync(path.join(cluster.data, 'postmaster.pid'))) {
      spawnSync(cluster.pgCtl, ['-D', cluster.data, '-m', 'immediate', '-w', 'stop'], {
        ...spawnOptions(cluster),
        stdio: 'ignore',
        timeout: 15_000,
      });
    }
    rmSync(cluster.dir, { recursive: true, force: true });
  }
}

let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', stopAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      stopAllSync();
      process.removeListener(signal, onSignal);
      // Alone: die of the signal as if we had not listened. Otherwise the other listeners decide.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => {
        if (portsHandedOut.has(port)) {
          freePort().then(resolve, reject);
        } else {
          portsHandedOut.add(port);
          resolve(port);
        }
      });
    });
  });
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n') || '(no output)';
}
