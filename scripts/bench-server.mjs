/**
 * `npm run bench:server`: requests per second and p99 latency of the reference server on loopback
 * (autocannon), for the bootstrap read and for vote writes, on PGlite and on PostgreSQL, each against a
 * bare Hono "hello world" measured in the same run. Writes its section of BENCHMARKS.md.
 *
 * The server runs in a child process (as in production); autocannon runs here. Rate limits are raised
 * for the run through the staff settings API. Traffic goes to 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { startPostgres } from '../server/test/pg-cluster.ts';
import { writeBenchmarkSection } from './benchmarks-file.mjs';
import { repoRoot } from './serve-static.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 20;
const SECRET = 'bench-only-secret-bench-only-secret';
const SITE = 'demo';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHealth(url, child, timeoutMs = 60_000) {
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`no answer from ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function run(args, env) {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

const token = (sub, roles = ['customer']) =>
  new SignJWT({ name: sub, roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(SITE)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(SECRET));

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
  });
}

const summary = (res) => ({
  rps: res.requests.average,
  p99: res.latency.p99,
  errors: res.errors + res.non2xx,
});

async function helloWorld() {
  const port = await freePort();
  const code = `import { Hono } from 'hono'; import { serve } from '@hono/node-server';
const app = new Hono(); app.get('/', (c) => c.json({ hello: 'world' }));
serve({ fetch: app.fetch, port: ${port}, hostname: '127.0.0.1' });`;
  const child = run(['--input-type=module', '-e', code], {});
  const url = `http://127.0.0.1:${port}/`;
  await waitForHealth(url, child);
  const res = summary(await cannon({ url }));
  await stop(child);
  return res;
}

async function benchServer(database) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kith-bench-'));
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    KITH_DEV: '1',
    KITH_DEV_SECRET: SECRET,
    KITH_DATA_DIR: dataDir,
    KITH_LOG_LEVEL: 'warn',
    ...(database ? { DATABASE_URL: database } : {}),
  };
  const child = run(['--import', 'tsx', 'server/src/main.ts'], env);
  const base = `http://127.0.0.1:${port}/v1`;
  try {
    await waitForHealth(`${base}/health`, child);
    const staff = await token('m_bench_staff', ['staff']);
    const raise = await fetch(`${base}/site/settings?site=${SITE}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${staff}`,
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify({
        settings: {
          rateLimits: {
            writesPerMinutePerMember: 1_000_000,
            writesPerMinutePerIp: 1_000_000,
            readsPerMinutePerIp: 1_000_000,
          },
        },
      }),
    });
    if (!raise.ok)
      throw new Error(`could not raise rate limits: ${raise.status} ${await raise.text()}`);

    // A question with an answer to vote on, and the page's first read.
    const asker = await token('m_bench_asker');
    const post = (p, body, t) =>
      fetch(`${base}${p}?site=${SITE}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${t}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    const question = await post(
      '/questions',
      { topic: 'bench', title: 'Bench question', body: 'Body' },
      asker,
    );
    const answer = await post(
      `/questions/${question.id}/answers`,
      { body: 'An answer to vote on' },
      await token('m_bench_answerer'),
    );
    const requests = JSON.stringify([
      { kind: 'questions', topic: 'bench', sort: 'active', limit: 20 },
      { kind: 'thread', questionId: question.id, answerLimit: 20 },
    ]);
    const readUrl = `${base}/bootstrap?site=${SITE}&requests=${encodeURIComponent(requests)}`;
    const read = summary(await cannon({ url: readUrl }));

    const voters = await Promise.all(Array.from({ length: 200 }, (_, i) => token(`m_voter_${i}`)));
    const write = summary(
      await cannon({
        url: `${base}/votes?site=${SITE}`,
        requests: [
          {
            method: 'PUT',
            setupRequest: (req) => ({
              ...req,
              headers: {
                authorization: `Bearer ${voters[Math.floor(Math.random() * voters.length)]}`,
                'content-type': 'application/json',
                'idempotency-key': crypto.randomUUID(),
              },
              body: JSON.stringify({
                targetType: 'answer',
                targetId: answer.id,
                value: Math.random() < 0.5 ? 1 : -1,
              }),
            }),
          },
        ],
      }),
    );
    return { read, write };
  } finally {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [];
const fmt = (x) => Math.round(x).toLocaleString('en-US');
async function measure(label, database) {
  const hello = await helloWorld();
  const { read, write } = await benchServer(database);
  rows.push(
    `| ${label} | bootstrap read (2 requests) | ${fmt(read.rps)} | ${read.p99} ms | ${fmt(hello.rps)} | ${Math.round((read.rps / hello.rps) * 100)} % | ${read.errors} |`,
    `| ${label} | vote write | ${fmt(write.rps)} | ${write.p99} ms | ${fmt(hello.rps)} | ${Math.round((write.rps / hello.rps) * 100)} % | ${write.errors} |`,
  );
  console.log(rows.slice(-2).join('\n'));
}

await measure('PGlite', null);
const pg = await startPostgres({ durable: true });
try {
  await measure('PostgreSQL', pg.url);
} finally {
  await pg.stop();
}

writeBenchmarkSection(
  'server',
  [
    '## The reference server',
    '',
    `Produced by \`npm run bench:server\` on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}:`,
    `autocannon, ${CONNECTIONS} connections, ${DURATION} s per measurement, loopback; the server in its own process.`,
    'The ratio compares with a bare Hono hello world measured in the same run (goal for reads ≥ 50 %).',
    '',
    '| database | request | requests/s | p99 latency | hello world requests/s | ratio | errors |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n'),
);
