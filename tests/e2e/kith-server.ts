/**
 * The real reference server for end-to-end tests, as a child process (`node --import tsx
 * server/src/main.ts`, as `npm start` runs it in development): KITH_DEV=1 (the site `demo` with its
 * seed, `/demo/` and `/dist/` on the API's own origin, `POST /v1/dev/token`), a fresh temp data dir,
 * a fixed dev secret, PGlite unless a `databaseUrl` is given.
 *
 *   const server = await startKithServer();          // http://127.0.0.1:PORT, fresh data
 *   await page.goto(`${server.url}/demo/`);
 *   await server.stop();                            // SIGTERM, waits for the process to exit
 *   await server.start();                           // again: same port, same data
 *   await server.dispose();                         // stopped, data dir removed
 *
 * "Fresh data" is a copy of data that a server of this worker migrated and seeded earlier (a PGlite data
 * dir copied, or a PostgreSQL database created from a template): the same as a first start, in about
 * 3 s instead of 12. `unseeded: true` starts from nothing instead.
 *
 * Children still running when the test process exits are killed. Also here: a small HTTP client for
 * the API (tokens from the dev endpoint, high rate limits), and the XSS vectors of tests/fixtures/xss/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'pg';
import { test } from 'playwright/test';
import { repoRoot } from '../../scripts/serve-static.mjs';
import { startPostgres, type PostgresCluster } from '../../server/test/pg-cluster.js';

/** The dev site's secret for every server these tests start (tokens survive a restart). */
export const DEV_SECRET = 'kith-e2e-dev-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
export const SITE = 'demo';
const READY = /Kith demo: (http:\/\/\S+?)\/demo\//;
const START_TIMEOUT = 60_000;
const STOP_TIMEOUT = 15_000;

export interface KithServer {
  /** The server's origin, without a trailing slash: `http://127.0.0.1:43123`. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly running: boolean;
  /** Everything the child processes wrote to stdout and stderr, over every start. */
  output(): string;
  /** SIGTERM, then waits for the process to exit; resolves with its exit code (0: a clean shutdown). */
  stop(): Promise<number | null>;
  /** Starts a stopped server again, on the same port and with the same data. */
  start(): Promise<void>;
  /** Stops it (when running) and removes the data dir. */
  dispose(): Promise<void>;
}

const children = new Set<ChildProcess>();
const dataDirs = new Set<string>();
let exitHandler = false;

function killAllOnExit(): void {
  if (exitHandler) return;
  exitHandler = true;
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** Environment of the child: ours, minus anything that would point the server elsewhere. */
function childEnv(
  port: number,
  dataDir: string,
  databaseUrl?: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      key.startsWith('KITH_') ||
      key.startsWith('PG') ||
      ['PORT', 'HOST', 'DATABASE_URL'].includes(key)
    )
      continue;
    env[key] = value;
  }
  return {
    ...env,
    KITH_DEV: '1',
    PORT: String(port),
    KITH_DATA_DIR: dataDir,
    KITH_DEV_SECRET: DEV_SECRET,
    KITH_LOG_LEVEL: 'warn',
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    ...extra,
  };
}

export interface KithServerOptions {
  /** PostgreSQL instead of PGlite. */
  databaseUrl?: string;
  /** More environment for the server (`KITH_JOBS_INTERVAL_MS`, say), over the defaults above. */
  env?: Record<string, string>;
  /** PGlite: an empty data dir (the server migrates and seeds it) rather than a seeded copy. */
  unseeded?: boolean;
}

function newDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kith-e2e-data-'));
  dataDirs.add(dir);
  return dir;
}

/**
 * Playwright fills and sends a form far faster than a person: the templates' demo site turns the
 * spam guard's minimum time (`moderation.minSubmitSeconds`, 3 s by default) off. The spam tests set
 * it again.
 */
async function formsAtTestSpeed(origin: string): Promise<void> {
  const staff = await devToken(origin, 'm_e2e_staff', 'E2E Staff', ['staff']);
  const reply = await api(origin, 'PATCH', '/v1/site/settings', {
    token: staff,
    body: { settings: { moderation: { minSubmitSeconds: 0 } } },
  });
  if (reply.status !== 200) {
    throw new Error(`PATCH /v1/site/settings: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
}

/** This worker's PGlite data dir as a server left it after migrating and seeding it. */
let pgliteTemplate: Promise<string> | undefined;

/** A copy of {@link pgliteTemplate} (made on first use). */
async function seededDataDir(): Promise<string> {
  pgliteTemplate ??= startKithServer({ unseeded: true }).then(async (server) => {
    await formsAtTestSpeed(server.url);
    const code = await server.stop();
    if (code !== 0)
      throw new Error(`The template server stopped with ${code}.\n${server.output()}`);
    return server.dataDir;
  });
  const source = await pgliteTemplate;
  const dir = newDataDir();
  cpSync(source, dir, { recursive: true });
  return dir;
}

export async function startKithServer(options: KithServerOptions = {}): Promise<KithServer> {
  killAllOnExit();
  const dataDir = options.databaseUrl || options.unseeded ? newDataDir() : await seededDataDir();
  let output = '';
  let child: ChildProcess | null = null;
  let exited: Promise<number | null> = Promise.resolve(null);
  let url = '';
  let port = 0;

  const launch = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
        cwd: repoRoot,
        env: childEnv(port, dataDir, options.databaseUrl, options.env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      children.add(proc);
      exited = new Promise((done) =>
        proc.once('exit', (code, signal) => {
          children.delete(proc);
          if (child === proc) child = null;
          if (signal) output += `[the server was killed by ${signal}]\n`;
          done(code);
        }),
      );
      let announced = false;
      let ready = false;
      let stdout = '';
      const fail = (why: string) => {
        if (ready) return;
        ready = true;
        clearTimeout(timer);
        proc.kill('SIGKILL');
        reject(new Error(`The Kith server did not start: ${why}\n--- its output ---\n${output}`));
      };
      const timer = setTimeout(() => fail(`not ready in ${START_TIMEOUT} ms`), START_TIMEOUT);
      proc.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        stdout += chunk.toString();
        const match = READY.exec(stdout);
        if (announced || !match) return;
        announced = true;
        const origin = new URL(match[1]!);
        url = origin.origin;
        port = Number(origin.port);
        // Ready once it answers a request: the line is printed before the server installs its
        // SIGTERM handler, so a SIGTERM sent on the line alone could kill it without a clean shutdown.
        fetch(`${url}/v1/health`).then(
          (res) => {
            if (!res.ok) return fail(`GET /v1/health answered ${res.status}`);
            if (ready) return;
            ready = true;
            clearTimeout(timer);
            resolve();
          },
          (error: Error) => fail(`GET /v1/health failed: ${error.message}`),
        );
      });
      proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      proc.once('error', (error) => fail(error.message));
      proc.once('exit', (code, signal) => fail(`it exited (code ${code}, signal ${signal})`));
    });

  const stop = async (): Promise<number | null> => {
    const proc = child as ChildProcess | null;
    if (!proc) return exited;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  await launch();
  return {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    dataDir,
    get running() {
      return child !== null;
    },
    output: () => output,
    stop,
    async start() {
      if (child) throw new Error('The Kith server is already running.');
      const before = url;
      await launch();
      if (url !== before) throw new Error(`The Kith server came back on ${url}, not ${before}.`);
    },
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
      dataDirs.delete(dataDir);
    },
  };
}

let databases = 0;

/** `CREATE DATABASE name [TEMPLATE template]` in the cluster; returns the new database's URL. */
async function createDatabase(clusterUrl: string, template?: string): Promise<string> {
  const url = new URL(clusterUrl);
  const name = `kith_e2e_${++databases}`;
  const admin = new postgres.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
        break;
      } catch (error) {
        // The template's last session may still be closing after its server exited.
        if (!/being accessed by other users/.test(String(error)) || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.href;
}

/** Per cluster: the name of a database a server migrated and seeded (then stopped). */
const templates = new Map<string, Promise<string>>();

/**
 * A new database in the cluster of `clusterUrl`, a test's own (its URL): a copy of the cluster's
 * seeded template, made on first use.
 */
async function freshDatabase(clusterUrl: string): Promise<string> {
  let template = templates.get(clusterUrl);
  if (!template) {
    template = createDatabase(clusterUrl).then(async (url) => {
      const server = await startKithServer({ databaseUrl: url });
      await formsAtTestSpeed(server.url);
      await server.dispose();
      return new URL(url).pathname.slice(1);
    });
    templates.set(clusterUrl, template);
  }
  return createDatabase(clusterUrl, await template);
}

/**
 * Declares the tests of `body` once per database — PGlite, then a throwaway PostgreSQL cluster — each
 * test starting its own server with `start()` (disposed after it; its output attached on failure), on
 * fresh data: a new data dir, or a new database in the cluster. `start({ env })` adds environment.
 */
export function onEachDatabase(
  body: (
    backend: 'pglite' | 'postgres',
    start: (options?: Pick<KithServerOptions, 'env'>) => Promise<KithServer>,
  ) => void,
): void {
  for (const backend of ['pglite', 'postgres'] as const) {
    test.describe(`on ${backend === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, () => {
      let pg: PostgresCluster | undefined;
      let server: KithServer | undefined;

      test.beforeAll(async () => {
        if (backend === 'postgres') pg = await startPostgres();
      });
      test.afterEach(async () => {
        const info = test.info();
        if (server && info.status !== info.expectedStatus) {
          await info.attach('server output', { body: server.output(), contentType: 'text/plain' });
        }
        await server?.dispose();
        server = undefined;
      });
      test.afterAll(async () => {
        await pg?.stop();
      });

      body(backend, async (options = {}) => {
        server = await startKithServer({
          ...options,
          ...(pg && { databaseUrl: await freshDatabase(pg.url) }),
        });
        return server;
      });
    });
  }
}

// ---- the HTTP API from Node ----------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies freely
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * One request to the API of the server at `origin`: `path` like `/v1/questions/q_1` (`site=demo` is
 * added). Writes get a fresh Idempotency-Key unless `key` is given.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies freely
export async function api<T = any>(
  origin: string,
  method: string,
  route: string,
  options: { token?: string; body?: unknown; key?: string } = {},
): Promise<Reply<T>> {
  const url = new URL(route, origin);
  if (!url.searchParams.has('site')) url.searchParams.set('site', SITE);
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (method !== 'GET' && method !== 'HEAD') {
    headers['idempotency-key'] = options.key ?? crypto.randomUUID();
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/**
 * A member token from the dev endpoint, as the demo's member switcher gets one (`purchases`: the
 * products the member bought, for "verified purchase").
 */
export async function devToken(
  origin: string,
  member: string,
  name: string,
  roles: string[] = ['customer'],
  purchases?: string[],
): Promise<string> {
  const reply = await api<{ token: string }>(origin, 'POST', '/v1/dev/token', {
    body: { member, name, roles, ...(purchases && { purchases }) },
  });
  if (reply.status !== 200) {
    throw new Error(
      `POST /v1/dev/token for ${member}: ${reply.status} ${JSON.stringify(reply.body)}`,
    );
  }
  return reply.body.token;
}

/** POSTs a photo to `/v1/uploads` as `multipart/form-data` (as the REST adapter does). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies freely
export async function uploadPhoto<T = any>(
  origin: string,
  token: string,
  file: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> },
): Promise<Reply<T>> {
  const form = new FormData();
  form.set('file', new Blob([file.bytes], { type: file.type }), file.name);
  const res = await fetch(new URL(`/v1/uploads?site=${SITE}`, origin), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

/**
 * Lifts the demo site's rate limits and duplicate-post guard (as staff), so that a test may write
 * thousands of posts, the same text more than once; with `trustNewMembers`, trust level 1 needs
 * nothing and has no link limit, so that a new member's links and images stay links and images (at
 * level 0 the server writes them as text: the XSS tests want them rendered).
 */
export async function raiseRateLimits(
  origin: string,
  { trustNewMembers = false } = {},
): Promise<void> {
  const staff = await devToken(origin, 'm_e2e_staff', 'E2E Staff', ['staff']);
  const reply = await api(origin, 'PATCH', '/v1/site/settings', {
    token: staff,
    body: {
      settings: {
        rateLimits: {
          writesPerMinutePerMember: 1_000_000,
          writesPerMinutePerIp: 1_000_000,
          readsPerMinutePerIp: 1_000_000,
        },
        ...(trustNewMembers && {
          trustLevels: { 1: { posts: 0, activeDays: 0, acceptedAnswers: 0, helpfulVotes: 0 } },
        }),
        moderation: {
          duplicateWindowHours: 0,
          ...(trustNewMembers && { linkLimits: { 1: null } }),
        },
      },
    },
  });
  if (reply.status !== 200) {
    throw new Error(`PATCH /v1/site/settings: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
}

/** `fn` over `items` with at most `limit` calls at a time; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---- the XSS vectors (as tests/e2e/xss.spec.ts loads them) ---------------------------------------
