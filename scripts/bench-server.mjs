/**
 * `npm run bench:server`: requests per second and p99 latency of the reference server on loopback
 * (autocannon), for the bootstrap read and for vote writes of Q&A and of an idea board (1,000 ideas,
 * about 20,000 votes over 90 days, a vote budget), and for product reviews (reads with 24 ratings,
 * review writes on one product), on PGlite and on PostgreSQL, each against a bare
 * Hono "hello world" measured in the same run. Writes its section of BENCHMARKS.md.
 *
 * The server runs in a child process (as in production); autocannon runs here. Rate limits are raised
 * for the run through the staff settings API. Traffic goes to 127.0.0.1 only. The idea board is
 * configured through the API and filled with set-based SQL (see `seedIdeaBoard`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { openDatabase } from '../server/src/db/open.ts';
import { startPostgres } from '../server/test/pg-cluster.ts';
import { writeBenchmarkSection } from './benchmarks-file.mjs';
import { repoRoot } from './serve-static.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 20;
const SECRET = 'bench-only-secret-bench-only-secret';
const SITE = 'demo';
const BOARD = 'bench';
const IDEAS = 1000;
const IDEA_SEED_MEMBERS = 2000;
/** Of every ten seeded ideas (by number), the status: eight count against the budget, two do not. */
const IDEA_STATUSES = [
  'open',
  'open',
  'open',
  'open',
  'open',
  'open',
  'under-review',
  'planned',
  'done',
  'declined',
];
const VOTE_BUDGET = 10;

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

/**
 * A board of `IDEAS` ideas (posted over the last 90 days, authors among `IDEA_SEED_MEMBERS` members)
 * and about 20,000 votes, each cast at a random time between its idea's posting and now; idea n's
 * popularity falls with its rank (n × 389 mod 1000) as 1 / (1 + rank / 50), independent of its age.
 * Counts, followers and status history as the API would have left them; then ANALYZE (PGlite has no
 * autovacuum; on PostgreSQL it would come later). Set-based SQL in one transaction: seconds, where
 * 20,000 API writes would take minutes.
 */
async function seedIdeaBoard(env) {
  const db = await openDatabase(env);
  try {
    await db.transaction(async (tx) => {
      await tx.query('SELECT setseed(0.42)');
      await tx.query(
        `INSERT INTO members (site, id, name)
         SELECT $1, 'm_seed_' || g, 'Seed member ' || g FROM generate_series(0, $2::int - 1) g
         ON CONFLICT DO NOTHING`,
        [SITE, IDEA_SEED_MEMBERS],
      );
      await tx.query(
        `INSERT INTO ideas (site, id, board, author, title, body_source, body_html, status, created_at)
         SELECT $1, 'i_bench_' || g, $2, 'm_seed_' || (g * 7 % $4::int),
           'Idea ' || g || ': a better way to do something', 'Why idea ' || g || ' matters.',
           '<p>Why idea ' || g || ' matters.</p>', ($5::text[])[g % 10 + 1],
           now() - random() * interval '90 days'
         FROM generate_series(0, $3::int - 1) g`,
        [SITE, BOARD, IDEAS, IDEA_SEED_MEMBERS, IDEA_STATUSES],
      );
      // Idea n gets round(2,000 × 0.0655 / (1 + rank / 50)) votes (Σ ≈ 20,000) from distinct members.
      await tx.query(
        `INSERT INTO votes (site, member, target_type, target_id, value, created_at, updated_at)
         SELECT i.site, 'm_seed_' || ((n * 13 + k * 7) % $3::int), 'idea', i.id, 1, t.at, t.at
         FROM ideas i
         CROSS JOIN LATERAL (SELECT substr(i.id, 9)::int AS n) idea
         CROSS JOIN LATERAL generate_series(1, round($3::int * 0.0655 / (1 + (n * 389 % 1000) / 50.0))::int) k
         CROSS JOIN LATERAL (SELECT i.created_at + random() * (now() - i.created_at) AS at) t
         WHERE i.site = $1 AND i.board = $2`,
        [SITE, BOARD, IDEA_SEED_MEMBERS],
      );
      await tx.query(
        `UPDATE ideas i SET upvotes = v.n FROM (
           SELECT target_id, count(*)::int AS n FROM votes
           WHERE site = $1 AND target_type = 'idea' GROUP BY target_id
         ) v WHERE i.site = $1 AND i.board = $2 AND i.id = v.target_id`,
        [SITE, BOARD],
      );
      await tx.query(
        `INSERT INTO idea_followers (site, idea_id, member, created_at)
         SELECT site, id, author, created_at FROM ideas WHERE site = $1 AND board = $2
         UNION ALL
         SELECT v.site, v.target_id, v.member, v.created_at FROM votes v
         JOIN ideas i ON i.site = v.site AND i.id = v.target_id
         WHERE v.site = $1 AND v.target_type = 'idea' AND i.board = $2 AND v.member <> i.author
         ON CONFLICT DO NOTHING`,
        [SITE, BOARD],
      );
      await tx.query(
        `INSERT INTO idea_status_changes (site, idea_id, from_status, to_status, response_source,
           response_html, changed_by, changed_at)
         SELECT site, id, 'open', status, 'We looked at this.', '<p>We looked at this.</p>',
           'm_bench_staff', created_at + (now() - created_at) / 2
         FROM ideas WHERE site = $1 AND board = $2 AND status <> 'open'`,
        [SITE, BOARD],
      );
    });
    await db.query('ANALYZE');
    const { rows } = await db.query(
      `SELECT count(*)::int AS votes, min(v.created_at) AS oldest FROM votes v
       JOIN ideas i ON i.site = v.site AND i.id = v.target_id
       WHERE v.site = $1 AND v.target_type = 'idea' AND i.board = $2`,
      [SITE, BOARD],
    );
    return { votes: Number(rows[0].votes), oldest: new Date(rows[0].oldest) };
  } finally {
    await db.close();
  }
}

/** The server in a child process on `env`'s port; resolves once it answers /v1/health. */
async function startKith(env) {
  const child = run(['--import', 'tsx', 'server/src/main.ts'], env);
  try {
    await waitForHealth(`http://127.0.0.1:${env.PORT}/v1/health`, child);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return child;
}

/** A staff or member write through the API; throws unless it succeeds. */
async function send(base, method, p, body, bearer) {
  const res = await fetch(`${base}${p}?site=${SITE}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** autocannon's `requests` for PUT /v1/votes, a random member of `voters` and body each time. */
/** Writes by random members of `voters`, each with its own idempotency key. */
const writeRequests = (method, voters, body) => [
  {
    method,
    setupRequest: (req) => {
      const voter = voters[Math.floor(Math.random() * voters.length)];
      return {
        ...req,
        headers: {
          authorization: `Bearer ${voter.token}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify(body(voter)),
      };
    },
  },
];

const voteRequests = (voters, body) => writeRequests('PUT', voters, body);

const bootstrapUrl = (base, requests) =>
  `${base}/bootstrap?site=${SITE}&requests=${encodeURIComponent(JSON.stringify(requests))}`;

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
  let child = await startKith(env);
  const base = `http://127.0.0.1:${port}/v1`;
  try {
    const staff = await token('m_bench_staff', ['staff']);
    await send(
      base,
      'PATCH',
      '/site/settings',
      {
        settings: {
          rateLimits: {
            writesPerMinutePerMember: 1_000_000,
            writesPerMinutePerIp: 1_000_000,
            readsPerMinutePerIp: 1_000_000,
          },
        },
      },
      staff,
    );

    // A question with an answer to vote on, and the page's first read.
    const asker = await token('m_bench_asker');
    const question = await send(
      base,
      'POST',
      '/questions',
      { topic: 'bench', title: 'Bench question', body: 'Body' },
      asker,
    );
    const answer = await send(
      base,
      'POST',
      `/questions/${question.id}/answers`,
      { body: 'An answer to vote on' },
      await token('m_bench_answerer'),
    );
    const read = summary(
      await cannon({
        url: bootstrapUrl(base, [
          { kind: 'questions', topic: 'bench', sort: 'active', limit: 20 },
          { kind: 'thread', questionId: question.id, answerLimit: 20 },
        ]),
      }),
    );

    const voters = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => ({ token: await token(`m_voter_${i}`) })),
    );
    const write = summary(
      await cannon({
        url: `${base}/votes?site=${SITE}`,
        requests: voteRequests(voters, () => ({
          targetType: 'answer',
          targetId: answer.id,
          value: Math.random() < 0.5 ? 1 : -1,
        })),
      }),
    );

    // The idea board: its vote budget through the API, its ideas and votes by SQL (PGlite allows one
    // process per data dir: the server stops meanwhile).
    await send(base, 'PUT', `/boards/${BOARD}`, { voteBudget: VOTE_BUDGET }, staff);
    if (!database) await stop(child);
    const seeded = await seedIdeaBoard(env);
    if (!database) child = await startKith(env);

    // What <kith-ideas board="bench"> asks for on a page load, signed out.
    const ideasRead = (sort) =>
      cannon({
        url: bootstrapUrl(base, [
          { kind: 'ideas', board: BOARD, sort, status: null, limit: 20 },
          { kind: 'board', board: BOARD },
        ]),
      }).then(summary);
    const top = await ideasRead('top');
    const trending = await ideasRead('trending');

    // 200 members, each toggling votes on ten ideas that count against the budget (so no vote is
    // refused: a member never holds more than ten); ideas are shared by two or three members.
    const budgeted = Array.from({ length: IDEAS }, (_, n) => n).filter(
      (n) => !['done', 'declined'].includes(IDEA_STATUSES[n % 10]),
    );
    const ideaVoters = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => ({
        token: await token(`m_idea_voter_${i}`),
        ideas: Array.from(
          { length: VOTE_BUDGET },
          (_, j) => budgeted[(i * 10 + j) % budgeted.length],
        ),
      })),
    );
    const ideaWrite = summary(
      await cannon({
        url: `${base}/votes?site=${SITE}`,
        requests: voteRequests(ideaVoters, (voter) => ({
          targetType: 'idea',
          targetId: `i_bench_${voter.ideas[Math.floor(Math.random() * voter.ideas.length)]}`,
          value: Math.random() < 0.5 ? 1 : 0,
        })),
      }),
    );

    // Reviews: 300 reviews of one product and one of each of 23 more, then what a product page
    // (<kith-reviews> + 24 <kith-rating> tiles) reads, and reviews posted and edited by 200 members
    // (each write locks the product's aggregate row).
    const reviewers = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => ({ token: await token(`m_reviewer_${i}`) })),
    );
    const products = Array.from({ length: 24 }, (_, i) => `bench-product-${i}`);
    const reviewBody = (n) => ({
      product: products[0],
      rating: 1 + (n % 5),
      title: `Review ${n}`,
      body: 'Carried it for a week; the hip belt is comfortable and the pockets are deep enough.',
    });
    for (let i = 0; i < reviewers.length; i += 20) {
      await Promise.all(
        reviewers
          .slice(i, i + 20)
          .map((r, j) => send(base, 'POST', '/reviews', reviewBody(i + j), r.token)),
      );
    }
    await Promise.all(
      products
        .slice(1)
        .map((product, i) =>
          send(base, 'POST', '/reviews', { ...reviewBody(i), product }, reviewers[i].token),
        ),
    );
    const reviewsRead = summary(
      await cannon({
        url: bootstrapUrl(base, [
          { kind: 'reviews', product: products[0], sort: 'helpful', limit: 20 },
          { kind: 'ratings', products },
        ]),
      }),
    );
    const reviewWrite = summary(
      await cannon({
        url: `${base}/reviews?site=${SITE}`,
        requests: writeRequests('POST', reviewers.slice(0, 200), () =>
          reviewBody(Math.floor(Math.random() * 1000)),
        ),
      }),
    );
    return { read, write, top, trending, ideaWrite, seeded, reviewsRead, reviewWrite };
  } finally {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [];
let seededNote = '';
const fmt = (x) => Math.round(x).toLocaleString('en-US');
async function measure(label, database) {
  const hello = await helloWorld();
  const { read, write, top, trending, ideaWrite, seeded, reviewsRead, reviewWrite } =
    await benchServer(database);
  const row = (request, r) =>
    `| ${label} | ${request} | ${fmt(r.rps)} | ${r.p99} ms | ${fmt(hello.rps)} | ${Math.round((r.rps / hello.rps) * 100)} % | ${r.errors} |`;
  rows.push(
    row('bootstrap read (2 requests)', read),
    row('vote write', write),
    row('ideas bootstrap read, `top` (2 requests)', top),
    row('ideas bootstrap read, `trending` (2 requests)', trending),
    row('idea vote write (vote budget)', ideaWrite),
    row('reviews bootstrap read, `helpful` + ratings of 24 products (2 requests)', reviewsRead),
    row('review write (create or edit; product aggregate locked)', reviewWrite),
  );
  seededNote = `${fmt(seeded.votes)} votes, the oldest ${Math.round((Date.now() - seeded.oldest.getTime()) / 86_400_000)} days old`;
  console.log(rows.slice(-7).join('\n'));
  console.log(`idea board: ${seededNote}`);
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
    `Q&A: one question with one answer; votes by 200 members (±1 on the answer). Ideas: the board \`${BOARD}\``,
    `with a vote budget of ${VOTE_BUDGET}, ${fmt(IDEAS)} ideas posted over the last 90 days and ${seededNote}`,
    `(cast by ${fmt(IDEA_SEED_MEMBERS)} members, each at a random time after its idea was posted, popularity`,
    'independent of age), with counts, followers and status history as the API leaves them; made with',
    'set-based SQL in one transaction (the server stopped meanwhile on PGlite) and then ANALYZE, after the',
    'board and its budget were configured through the API. The reads are what `<kith-ideas>` sends on a page',
    'load (`ideas` limit 20 + `board`), signed out; the idea votes (1 or 0) come from 200 members, each on',
    `ten ideas that count against the budget (so none is refused and each takes the budget's advisory lock).`,
    'Reviews: 300 reviews of one product and one review of each of 23 more, posted through the API; the',
    'read is what a product page with `<kith-reviews>` and 24 `<kith-rating>` tiles sends; the writes are',
    'reviews posted by 200 members (after their first, each edits it), all on one product.',
    '',
    '| database | request | requests/s | p99 latency | hello world requests/s | ratio | errors |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n'),
);
