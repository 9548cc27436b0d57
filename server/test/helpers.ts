/** Test helpers: an app over a database, member tokens, and requests as a browser or script sends them. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SignJWT } from 'jose';
import { createApp, type AppOptions } from '../src/app.js';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { PgliteDatabase } from '../src/db/pglite.js';
import { PostgresDatabase } from '../src/db/postgres.js';
import { insertSite } from '../src/db/sites.js';
import { signMemberToken } from '../src/domain/auth.js';
import { DEFAULT_BADGES } from '../../src/core/reputation.js';
import type { Role } from '../../src/core/types.js';
import { repoRoot, serverRoot } from '../src/paths.js';
import { startPostgres } from './pg-cluster.js';

export const SITE = 'test';
export const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
export const ORIGIN = 'https://shop.example';
/** High enough that only the rate-limit tests meet a limit. */
export const HIGH_LIMITS = {
  writesPerMinutePerMember: 100_000,
  writesPerMinutePerIp: 100_000,
  readsPerMinutePerIp: 100_000,
};
/**
 * Trust level 1 needs nothing here, so that new members' links stay links in tests about other things
 * (trust level 0 writes them as text: the privacy suite tests that with the default levels).
 */
export const NEW_MEMBERS_LINK = {
  1: { posts: 0, activeDays: 0, acceptedAnswers: 0, helpfulVotes: 0 },
};

/**
 * The default badges switched off (`threshold: 0`), so that suites counting community events see one
 * per write (a badge award is an event too); the members suite turns them on.
 */
export const NO_BADGES = DEFAULT_BADGES.map((rule) => ({ ...rule, threshold: 0 }));

/**
 * The duplicate-post guard switched off, so that suites about other things may post the same text
 * twice; the spam suite tests it with the default window.
 */
export const NO_DUPLICATE_CHECK = { duplicateWindowHours: 0 };

const TABLES = [
  'webhook_attempts',
  'webhook_deliveries',
  'webhook_subscriptions',
  'badge_awards',
  'reputation_events',
  'photos',
  'flags',
  'reviews',
  'products',
  'notifications',
  'question_followers',
  'idea_followers',
  'idea_status_changes',
  'idea_comments',
  'ideas',
  'board_statuses',
  'boards',
  'rate_limit_counters',
  'idempotency_keys',
  'community_events',
  'votes',
  'answers',
  'questions',
  'topics',
  'members',
  'sites',
];

/** Empties every table and creates the test site. */
export async function resetDatabase(
  db: Database,
  settings: Record<string, unknown> = {
    rateLimits: HIGH_LIMITS,
    trustLevels: NEW_MEMBERS_LINK,
    badges: NO_BADGES,
    moderation: NO_DUPLICATE_CHECK,
  },
): Promise<void> {
  await db.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  await insertSite(db, {
    id: SITE,
    secret: SECRET,
    allowedOrigins: [ORIGIN, 'http://localhost:*'],
    settings,
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies freely
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Client {
  app: ReturnType<typeof createApp>;
  db: Database;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies freely
  request<T = any>(
    method: string,
    path: string,
    options?: {
      token?: string | null;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
      key?: string;
    },
  ): Promise<Reply<T>>;
}

export function client(db: Database, options: Partial<AppOptions> = {}): Client {
  const app = createApp({ db, siteCacheMs: 0, ...options });
  return {
    app,
    db,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.key) headers['idempotency-key'] = opts.key;
      let body: string | undefined = opts.rawBody;
      if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const url =
        path.includes('site=') || !path.startsWith('/v1/')
          ? path
          : `${path}${path.includes('?') ? '&' : '?'}site=${SITE}`;
      const res = await app.request(url, { method, headers, ...(body !== undefined && { body }) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON
      }
      return { status: res.status, body: parsed as never, headers: res.headers };
    },
  };
}

export function token(
  member: string,
  options: { roles?: Role[]; name?: string; site?: string; secret?: string; email?: string } = {},
): Promise<string> {
  return signMemberToken(options.secret ?? SECRET, {
    site: options.site ?? SITE,
    member,
    name: options.name ?? member.replace(/^m_/, '').toUpperCase(),
    roles: options.roles ?? ['customer'],
    ...(options.email && { email: options.email }),
  });
}

export function expiredToken(member: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: member })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(member)
    .setAudience(SITE)
    .setIssuedAt(now - 7200)
    .setExpirationTime(now - 3600)
    .sign(new TextEncoder().encode(SECRET));
}

export async function countRows(
  db: Database,
  table: string,
  where = 'TRUE',
  params: unknown[] = [],
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
    params,
  );
  return Number(rows[0]!.n);
}

export async function eventTypes(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ type: string }>(
    'SELECT type FROM community_events ORDER BY id',
  );
  return rows.map((r) => r.type);
}

/** Runs a CLI of server/src/cli/ to its end. */
export function runCli(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(serverRoot, 'src/cli', name), ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface TestDatabase {
  db: Database;
  close(): Promise<void>;
}

/**
 * A migrated database for a suite: PGlite in memory, or PostgreSQL on a throwaway cluster of its own
 * (which `close` stops).
 */
export async function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await PgliteDatabase.open({ dataDir: null });
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const cluster = await startPostgres();
  try {
    const db = await PostgresDatabase.open({ connectionString: cluster.url, max: 10 });
    await migrate(db);
    return {
      db,
      close: async () => {
        await db.close();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
