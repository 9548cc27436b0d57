/** Test helpers: an app over a database, member tokens, and requests as a browser or script sends them. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, beforeEach } from 'node:test';
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

/** The test site's settings unless a suite says otherwise: no limits, badges or guards in the way. */
export const TEST_SETTINGS: Record<string, unknown> = {
  rateLimits: HIGH_LIMITS,
  trustLevels: NEW_MEMBERS_LINK,
  badges: NO_BADGES,
  moderation: NO_DUPLICATE_CHECK,
};

/** Empties every table and creates the test site. */
export async function resetDatabase(
  db: Database,
  settings: Record<string, unknown> = TEST_SETTINGS,
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
export type Body = any;

export interface Reply<T = Body> {
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

/** Who plays in the suites: customers, `sam` on the staff and `mo` a moderator. */
const CAST = {
  ada: {},
  ben: {},
  cleo: {},
  cy: {},
  dan: {},
  erin: {},
  tia: {},
  sam: { roles: ['staff'], name: 'Sam (staff)' },
  mo: { roles: ['moderator'], name: 'Mo (moderator)' },
} satisfies Record<string, Parameters<typeof token>[1]>;

export type CastMember = keyof typeof CAST;

/** A token for each member of the cast (`m_ada` for `ada`); `claims` change a member's. */
export async function castTokens(
  claims: Partial<Record<CastMember, Parameters<typeof token>[1]>> = {},
): Promise<Record<CastMember, string>> {
  const names = Object.keys(CAST) as CastMember[];
  const tokens = await Promise.all(
    names.map((name) => token(`m_${name}`, { ...CAST[name], ...claims[name] })),
  );
  return Object.fromEntries(names.map((name, i) => [name, tokens[i]!])) as Record<
    CastMember,
    string
  >;
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

/** The reply's body once its status is `status`; otherwise a failed assertion showing the body. */
export async function expectStatus(res: Promise<Reply> | Reply, status = 200): Promise<Body> {
  const r = await res;
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}

type Fields = Record<string, unknown>;

/**
 * The fields each kind of post is written with unless a call gives its own (a kind given here replaces
 * the built-in fields of that kind entirely), and the reason given with staff actions.
 */
export interface PostDefaults {
  question?: Fields;
  answer?: Fields;
  idea?: Fields;
  comment?: Fields;
  review?: Fields;
  reason?: string;
}

const POST_DEFAULTS: Required<PostDefaults> = {
  question: { topic: 'sku-1', title: 'Does it fit?', body: '' },
  answer: { body: 'Yes.' },
  idea: { board: 'roadmap', title: 'Dark mode', body: '' },
  comment: { body: 'Yes please.' },
  review: { product: 'sku-1', rating: 4, title: 'Good pack', body: 'Fits well.' },
  reason: 'Spam',
};

/**
 * The writes the suites make, through the client `api` returns (a function, as suites open their
 * client in `before`). Questions, answers, ideas and comments must be created (201) and give their
 * body; reviews, votes, flags and staff actions give the reply, for the suite to check.
 */
export function posts(api: () => Client, defaults: PostDefaults = {}) {
  const fields = { ...POST_DEFAULTS, ...defaults };
  const create = (tok: string, path: string, body: Fields) =>
    expectStatus(api().request('POST', path, { token: tok, body }), 201);
  const review = (tok: string, given: Fields = {}, key?: string) =>
    api().request('POST', '/v1/reviews', {
      token: tok,
      body: { ...fields.review, ...given },
      ...(key && { key }),
    });
  return {
    ask: (tok: string, given: Fields = {}) =>
      create(tok, '/v1/questions', { ...fields.question, ...given }),
    answer: (tok: string, questionId: string, given: Fields = {}) =>
      create(tok, `/v1/questions/${questionId}/answers`, { ...fields.answer, ...given }),
    submitIdea: (tok: string, given: Fields = {}) =>
      create(tok, '/v1/ideas', { ...fields.idea, ...given }),
    comment: (tok: string, ideaId: string, given: Fields = {}) =>
      create(tok, `/v1/ideas/${ideaId}/comments`, { ...fields.comment, ...given }),
    review,
    /** A review written (201) or edited (200), as returned. */
    async postReview(tok: string, given: Fields = {}): Promise<Body> {
      const res = await review(tok, given);
      assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
      return res.body;
    },
    vote: (tok: string, targetType: string, targetId: string, value = 1, key?: string) =>
      api().request('PUT', '/v1/votes', {
        token: tok,
        body: { targetType, targetId, value },
        ...(key && { key }),
      }),
    flag: (tok: string, targetType: string, targetId: string, reason = 'spam', note?: string) =>
      api().request('POST', '/v1/flags', {
        token: tok,
        body: { targetType, targetId, reason, ...(note !== undefined && { note }) },
      }),
    act: (
      tok: string,
      action: string,
      targetType: string,
      targetId: string,
      reason = fields.reason,
      duration?: number,
    ) =>
      api().request('POST', '/v1/moderation/actions', {
        token: tok,
        body: { action, targetType, targetId, reason, ...(duration !== undefined && { duration }) },
      }),
  };
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

export interface SuiteOptions {
  /** The site's settings after each reset (`TEST_SETTINGS` when left out). */
  settings?: Record<string, unknown>;
  /** Options for the app the API client talks to. */
  app?: Partial<AppOptions>;
}

/**
 * The hooks every database suite registers: `open` the database before its tests and hand it, with an
 * API client on it, to `ready`; close it after them; empty it before each test.
 */
export function suiteDatabase(
  open: () => Promise<TestDatabase>,
  ready: (opened: { db: Database; api: Client }) => void | Promise<void>,
  options: SuiteOptions = {},
): void {
  let handle: TestDatabase | undefined;
  before(async () => {
    handle = await open();
    await ready({ db: handle.db, api: client(handle.db, options.app) });
  });
  after(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetDatabase(handle!.db, options.settings);
  });
}
