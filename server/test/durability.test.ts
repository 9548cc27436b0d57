/**
 * The data directory's lock, and durability: acknowledged writes are there after reopening PGlite, and
 * after the server is killed with SIGKILL (on PGlite and on PostgreSQL).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DataDirLockedError, lockDataDir } from '../src/db/lock.js';
import { migrate } from '../src/db/migrate.js';
import { PgliteDatabase } from '../src/db/pglite.js';
import { getSite } from '../src/db/sites.js';
import { createSite, originAllowed, setSite } from '../src/domain/sites.js';
import { repoRoot, serverRoot } from '../src/paths.js';
import { client, resetDatabase, runCli, token } from './helpers.js';
import { startPostgres } from './pg-cluster.js';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kith-test-'));
  temps.push(dir);
  return dir;
}
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** One PGlite data dir for the file (initdb takes seconds): each test leaves it closed and unlocked. */
let shared: string | undefined;
async function pgliteDir(): Promise<string> {
  if (!shared) {
    shared = tempDir();
    const db = await PgliteDatabase.open({ dataDir: shared });
    await migrate(db);
    await db.close();
  }
  return shared;
}

/** A pid that certainly belongs to no running process. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('the data dir lock', () => {
  it('refuses a second opener and names the pid holding it', async () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    assert.equal(readFileSync(path.join(dir, 'kith.lock'), 'utf8').trim(), String(process.pid));
    assert.throws(
      () => lockDataDir(dir),
      (error: Error) => {
        assert.ok(error instanceof DataDirLockedError);
        assert.match(error.message, new RegExp(`data dir ${dir} is in use by pid ${process.pid}`));
        return true;
      },
    );
    lock.release();
    lockDataDir(dir).release();

    // Another live process holds it (pid 1 always runs): refused.
    writeFileSync(path.join(dir, 'kith.lock'), '1\n');
    assert.throws(() => lockDataDir(dir), /is in use by pid 1\b/);
    // A dead process held it: taken over.
    const stale = await deadPid();
    writeFileSync(path.join(dir, 'kith.lock'), `${stale}\n`);
    const taken = lockDataDir(dir);
    assert.equal(readFileSync(path.join(dir, 'kith.lock'), 'utf8').trim(), String(process.pid));
    taken.release();
  });

  it('is held by PGlite while open and released on close', async () => {
    const dir = await pgliteDir();
    const db = await PgliteDatabase.open({ dataDir: dir });
    await assert.rejects(PgliteDatabase.open({ dataDir: dir }), /is in use by pid/);
    await db.close();
    const again = await PgliteDatabase.open({ dataDir: dir });
    await again.close();
  });
});

describe('PGlite durability', () => {
  it('keeps acknowledged writes and site changes across a reopen', async () => {
    const dir = await pgliteDir();
    let db = await PgliteDatabase.open({ dataDir: dir });
    await migrate(db);
    await resetDatabase(db);
    const api = client(db);
    const ada = await token('m_ada');
    const ben = await token('m_ben');
    const q = await api.request('POST', '/v1/questions', {
      token: ada,
      body: { topic: 'sku-1', title: 'Durable?' },
    });
    assert.equal(q.status, 201);
    const a = await api.request('POST', `/v1/questions/${q.body.id}/answers`, {
      token: ben,
      body: { body: 'Yes.' },
    });
    assert.equal(
      (
        await api.request('PUT', '/v1/votes', {
          token: ada,
          body: { targetType: 'answer', targetId: a.body.id, value: 1 },
        })
      ).status,
      200,
    );
    await createSite(db, { id: 'acme', origins: ['https://acme.example', 'http://localhost:*'] });
    await setSite(db, 'acme', [
      'rateLimits.writesPerMinutePerMember=5',
      '+origin=https://b.example',
      '-origin=https://acme.example',
    ]);
    await db.close();

    db = await PgliteDatabase.open({ dataDir: dir });
    assert.deepEqual(await migrate(db), [], 'migrations are recorded');
    const reopened = client(db);
    const thread = await reopened.request('GET', `/v1/questions/${q.body.id}?site=test`);
    assert.equal(thread.status, 200);
    assert.equal(thread.body.question.title, 'Durable?');
    assert.equal(thread.body.answers.items[0].upvotes, 1);
    const acme = (await getSite(db, 'acme'))!;
    assert.deepEqual(acme.allowedOrigins, ['http://localhost:*', 'https://b.example']);
    assert.deepEqual(acme.settings, { rateLimits: { writesPerMinutePerMember: 5 } });
    assert.ok(originAllowed(acme, 'http://localhost:8080'));
    assert.ok(!originAllowed(acme, 'http://localhost.evil.example'));
    assert.ok(!originAllowed(acme, 'https://acme.example'));
    await assert.rejects(
      setSite(db, 'acme', ['rateLimits.writesPerMinutePerMember=0']),
      /At least 1/,
    );
    await db.close();
  });
});

// ---- the real server, killed with SIGKILL ----------------------------------------------------------

interface Spawned {
  child: ChildProcess;
  url: string;
}

function startServer(env: Record<string, string>): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(serverRoot, 'src/main.ts')],
      {
        cwd: repoRoot,
        env: { ...process.env, KITH_DEV: '1', PORT: '0', KITH_LOG_LEVEL: 'warn', ...env },
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

async function killedAfterWrites(env: Record<string, string>, checkLock: boolean): Promise<void> {
  const first = await startServer(env);
  const firstExit = new Promise((resolve) => first.child.on('exit', resolve));
  try {
    if (checkLock) {
      // A second process opening the same data dir is refused while the server runs.
      const { code, stderr } = await runCli('site.ts', ['list'], env);
      assert.equal(code, 1);
      assert.match(stderr, new RegExp(`data dir .* is in use by pid ${first.child.pid}`));
    }
    const minted = await call(first.url, 'POST', '/v1/dev/token?site=demo', {
      member: 'm_kill',
      name: 'Kill Test',
    });
    assert.equal(minted.status, 200);
    const t = minted.body.token as string;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const q = await call(
        first.url,
        'POST',
        '/v1/questions?site=demo',
        { topic: 'durability', title: `Acknowledged ${i}?` },
        t,
      );
      assert.equal(q.status, 201);
      ids.push(q.body.id);
    }
    const a = await call(
      first.url,
      'POST',
      `/v1/questions/${ids[0]}/answers?site=demo`,
      { body: 'Answered.' },
      t,
    );
    assert.equal(a.status, 201);
    const v = await call(
      first.url,
      'PUT',
      '/v1/votes?site=demo',
      { targetType: 'question', targetId: 'q_torso', value: 1 },
      t,
    );
    assert.equal(v.status, 200);
    const accepted = await call(
      first.url,
      'PUT',
      `/v1/questions/${ids[0]}/accepted-answer?site=demo`,
      { answerId: a.body.id },
      t,
    );
    assert.equal(accepted.status, 200);
    first.child.kill('SIGKILL');
    await firstExit;

    const restarted = await startServer(env);
    try {
      const page = await call(
        restarted.url,
        'GET',
        '/v1/questions?site=demo&topic=durability&sort=newest&limit=10',
        undefined,
        t,
      );
      assert.deepEqual(
        page.body.items.map((q: { id: string }) => q.id),
        [...ids].reverse(),
      );
      assert.equal(page.body.items.at(-1).acceptedAnswerId, a.body.id);
      const torso = await call(
        restarted.url,
        'GET',
        '/v1/questions/q_torso?site=demo',
        undefined,
        t,
      );
      assert.equal(torso.body.question.myVote, 1);
      assert.equal(torso.body.question.upvotes, v.body.upvotes);
    } finally {
      restarted.child.kill('SIGTERM');
      await new Promise((resolve) => restarted.child.on('exit', resolve));
    }
  } finally {
    first.child.kill('SIGKILL');
  }
}

describe('the server killed with SIGKILL after acknowledged writes', () => {
  it('keeps every acknowledged write on PGlite (and the stale lock is taken over)', async () => {
    const dir = await pgliteDir();
    await killedAfterWrites({ KITH_DATA_DIR: dir }, true);

    // With the server stopped, the site CLI opens the data dir.
    const created = await runCli(
      'site.ts',
      ['create', 'shop', '--origin', 'https://shop.example'],
      { KITH_DATA_DIR: dir },
    );
    assert.equal(created.code, 0, created.stderr);
    const secret = created.stdout.trim();
    assert.match(secret, /^[\w-]{40,}$/);
    const db = await PgliteDatabase.open({ dataDir: dir });
    try {
      const shop = (await getSite(db, 'shop'))!;
      assert.equal(shop.secret, secret);
      assert.deepEqual(shop.allowedOrigins, ['https://shop.example']);
    } finally {
      await db.close();
    }
  });

  it('keeps every acknowledged write on PostgreSQL', async () => {
    const cluster = await startPostgres();
    try {
      await killedAfterWrites({ KITH_DATA_DIR: tempDir(), DATABASE_URL: cluster.url }, false);
    } finally {
      await cluster.stop();
    }
  });
});
