/**
 * Escalation and webhooks with several servers on one PostgreSQL: two instances running the jobs
 * escalate each question once and a receiver gets each escalation once, signed; and a server killed
 * with SIGKILL while a receiver holds a delivery open sends it again after a restart, with the same
 * `webhook-id` and body.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PostgresDatabase } from '../src/db/postgres.js';
import { signMemberToken } from '../src/domain/auth.js';
import { createSite } from '../src/domain/sites.js';
import { startServer, type RunningServer } from '../src/main.js';
import { createLogger } from '../src/log.js';
import { repoRoot, serverRoot } from '../src/paths.js';
import { HIGH_LIMITS } from './helpers.js';
import { startPostgres, type PostgresCluster } from './pg-cluster.js';
import { startReceiver, verifySignature, type Receiver } from './webhooks-suite.js';

const SECRET = 'cluster-secret-0123456789-abcdefghij';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(25);
  }
}

async function call(
  url: string,
  method: string,
  pathname: string,
  body?: unknown,
  bearer?: string,
) {
  const res = await fetch(`${url}${pathname}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(bearer && { authorization: `Bearer ${bearer}` }),
      'idempotency-key': randomUUID(),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies freely
  return { status: res.status, body: (await res.json()) as any };
}

const staffToken = (site: string) =>
  signMemberToken(SECRET, { site, member: 'm_staff', name: 'Staff', roles: ['staff'] });
const memberToken = (site: string, member: string) =>
  signMemberToken(SECRET, { site, member, name: member, roles: ['customer'] });

describe('webhooks with several servers on one PostgreSQL', () => {
  let pg: PostgresCluster;
  let db: PostgresDatabase;
  const receivers: Receiver[] = [];
  let env: Record<string, string>;

  before(async () => {
    pg = await startPostgres();
    env = {
      DATABASE_URL: pg.url,
      KITH_DEV: '1',
      KITH_DEV_SECRET: 'dev-secret-0123456789-abcdefghijklmnop',
      PORT: '0',
      KITH_LOG_LEVEL: 'error',
      KITH_JOBS_INTERVAL_MS: '100',
      KITH_WEBHOOK_RETRY_MS: '200',
    };
  });
  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await db?.close();
    await pg?.stop();
  });

  it('two instances escalate each question once, and the receiver gets each once, signed', async () => {
    const servers: RunningServer[] = [];
    try {
      // One after the other: the first migrates and seeds the demo site.
      for (let i = 0; i < 2; i++) {
        servers.push(await startServer({ ...env }, createLogger('error')));
      }
      db = await PostgresDatabase.open({ connectionString: pg.url, max: 4 });
      await createSite(db, {
        id: 'acme',
        secret: SECRET,
        settings: { rateLimits: HIGH_LIMITS, escalation: { after: '1s' } },
      });
      const receiver = await startReceiver();
      receivers.push(receiver);
      const staff = await staffToken('acme');
      const hook = await call(
        servers[0]!.url,
        'POST',
        '/v1/webhooks?site=acme',
        { url: receiver.url, events: ['question.escalated'] },
        staff,
      );
      assert.equal(hook.status, 201, JSON.stringify(hook.body));

      const ids: string[] = [];
      const askers = await Promise.all([0, 1, 2, 3].map((i) => memberToken('acme', `m_${i}`)));
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const q = await call(
            servers[i % 2]!.url,
            'POST',
            '/v1/questions?site=acme',
            { topic: 'tents', title: `Question ${i}?`, pageUrl: 'https://acme.example/tents' },
            askers[i % 4],
          );
          assert.equal(q.status, 201, JSON.stringify(q.body));
          ids.push(q.body.id);
        }),
      );

      await until(() => receiver.requests.length >= 20, 20_000);
      // Several more rounds of both instances' jobs: nothing more may come.
      await sleep(1000);
      assert.equal(receiver.requests.length, 20);
      const seen = receiver.requests.map((r) => JSON.parse(r.body).data.question.id as string);
      assert.deepEqual([...seen].sort(), [...ids].sort());
      assert.equal(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size, 20);
      for (const request of receiver.requests) {
        assert.ok(verifySignature(hook.body.secret, request));
        const payload = JSON.parse(request.body);
        assert.equal(payload.type, 'question.escalated');
        assert.equal(payload.data.by, 'schedule');
        assert.match(
          payload.data.question.pageUrl,
          /^https:\/\/acme\.example\/tents#kith-question-q_/,
        );
      }
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM community_events
         WHERE site = 'acme' AND type = 'question.escalated'`,
      );
      assert.equal(Number(rows[0]!.n), 20);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it('sends a delivery again after the server died mid-request, with the same webhook-id', async () => {
    const timeouts = { KITH_WEBHOOK_TIMEOUT_MS: '1500' }; // a lease of 3 s
    const receiver = await startReceiver((i) => (i === 0 ? 'hang' : 200));
    receivers.push(receiver);
    await createSite(db, { id: 'kill', secret: SECRET, settings: { rateLimits: HIGH_LIMITS } });

    const first = await spawnServer({ ...env, ...timeouts });
    let restarted: Spawned | undefined;
    try {
      const hook = await call(
        first.url,
        'POST',
        '/v1/webhooks?site=kill',
        { url: receiver.url, events: ['question.asked'] },
        await staffToken('kill'),
      );
      assert.equal(hook.status, 201);
      const q = await call(
        first.url,
        'POST',
        '/v1/questions?site=kill',
        { topic: 'tents', title: 'Will it arrive?' },
        await memberToken('kill', 'm_kim'),
      );
      assert.equal(q.status, 201);
      await until(() => receiver.requests.length === 1, 10_000);
      const exited = new Promise((resolve) => first.child.on('exit', resolve));
      first.child.kill('SIGKILL');
      await exited;

      const { rows } = await db.query<{ status: string; attempts: number; logged: number }>(
        `SELECT status, attempts,
           (SELECT count(*)::int FROM webhook_attempts a WHERE a.delivery = d.id) AS logged
         FROM webhook_deliveries d WHERE site = 'kill'`,
      );
      assert.deepEqual(rows, [{ status: 'pending', attempts: 1, logged: 0 }]);

      restarted = await spawnServer({ ...env, ...timeouts });
      await until(() => receiver.requests.length === 2, 15_000);
      const [lost, sent] = receiver.requests as [
        (typeof receiver.requests)[0],
        (typeof receiver.requests)[0],
      ];
      assert.equal(sent.headers['webhook-id'], lost.headers['webhook-id']);
      assert.equal(sent.body, lost.body);
      assert.ok(verifySignature(hook.body.secret, sent));
      await until(async () => {
        const done = await db.query<{ status: string }>(
          `SELECT status FROM webhook_deliveries WHERE site = 'kill'`,
        );
        return done.rows[0]!.status === 'delivered';
      }, 5000);
    } finally {
      first.child.kill('SIGKILL');
      if (restarted) {
        const gone = new Promise((resolve) => restarted!.child.on('exit', resolve));
        restarted.child.kill('SIGTERM');
        await gone;
      }
    }
  });
});

interface Spawned {
  child: ChildProcess;
  url: string;
}

function spawnServer(env: Record<string, string>): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(serverRoot, 'src/main.ts')],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in time.\n${out}\n${err}`));
    }, 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Kith demo: (http:\/\/\S+)\/demo\//.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it was ready.\n${out}\n${err}`));
    });
  });
}
