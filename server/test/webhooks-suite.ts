/**
 * Escalation and webhooks, run once per database (webhooks.pglite.test.ts, webhooks.postgres.test.ts):
 * settings, the escalation sweep (once per question, also when two sweeps race), escalating by hand,
 * resolution by a staff answer, the staff webhook API with its URL rules, and deliveries to local
 * receivers (signatures, retries with backoff, timeouts, the log, redelivery, pings).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import { escalateDueQuestions } from '../src/domain/escalation.js';
import { isForbiddenAddress } from '../src/http/safe-request.js';
import { escalationJob } from '../src/jobs/escalation.js';
import type { JobContext } from '../src/jobs/runner.js';
import { backoffMs, createWebhookJob } from '../src/jobs/webhooks.js';
import { silentLogger } from '../src/log.js';
import {
  castTokens,
  client,
  countRows,
  expectStatus as ok,
  posts,
  suiteDatabase,
  type Body,
  type Client,
  type TestDatabase,
} from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  requests: Received[];
  close(): Promise<void>;
}

/**
 * A local webhook receiver; `respond` decides per request (its index from 0): a status, or `'hang'`
 * (never answers).
 */
export async function startReceiver(
  respond: (index: number) => number | 'hang' = () => 200,
): Promise<Receiver> {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const index = requests.length;
      requests.push({ headers: req.headers, body, at: Date.now() });
      const answer = respond(index);
      if (answer === 'hang') return;
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Standard Webhooks verification, written from the spec (not from the server's code): the secret's
 * base64 after `whsec_` is the key; the signed content is `{id}.{timestamp}.{body}`; the header lists
 * space-separated `v1,<base64>` signatures; the timestamp is within five minutes.
 */
export function verifySignature(secret: string, received: Received): boolean {
  const id = received.headers['webhook-id'] as string;
  const timestamp = received.headers['webhook-timestamp'] as string;
  const signatures = String(received.headers['webhook-signature'] ?? '').split(' ');
  if (!id || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${id}.${timestamp}.${received.body}`)
    .digest('base64');
  return signatures.includes(`v1,${expected}`);
}

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}

export function webhooksSuite(name: string, open: () => Promise<TestDatabase>): void {
  describe(`Escalation and webhooks on ${name}`, () => {
    let db: Database;
    let api: Client;
    let devApi: Client;
    let ada: string;
    let ben: string;
    let sam: string;
    const receivers: Receiver[] = [];

    const jobContext = (env: Record<string, string> = {}): JobContext => ({
      db,
      log: silentLogger,
      dev: true,
      env: { KITH_WEBHOOK_RETRY_MS: '100', KITH_WEBHOOK_TIMEOUT_MS: '2000', ...env },
    });
    const receiver = async (respond?: (index: number) => number | 'hang') => {
      const r = await startReceiver(respond);
      receivers.push(r);
      return r;
    };

    // Registered first, so that the receivers close before the database does.
    after(async () => {
      await Promise.all(receivers.map((r) => r.close()));
    });
    suiteDatabase(open, async (opened) => {
      ({ db, api } = opened);
      devApi = client(db, { dev: true });
      ({ ada, ben, sam } = await castTokens({ ada: { name: 'Ada' } }));
    });

    const post = posts(() => api, {
      question: { topic: 'sku-1', body: 'It is **big** & <heavy>.' },
      answer: { body: 'It fits.' },
    });
    const ask = (tok: string, title = 'Does it fit a 2 m tent?', pageUrl?: string) =>
      post.ask(tok, { title, ...(pageUrl && { pageUrl }) });
    const answer = (tok: string, questionId: string) => post.answer(tok, questionId);
    const escalate = (tok: string, questionId: string) =>
      api.request('POST', `/v1/questions/${questionId}/escalate`, { token: tok });
    const thread = (tok: string | null, questionId: string) =>
      ok(api.request('GET', `/v1/questions/${questionId}`, { token: tok })).then((b) => b.question);
    const age = (questionId: string, interval: string) =>
      db.query(`UPDATE questions SET created_at = now() - $2::interval WHERE id = $1`, [
        questionId,
        interval,
      ]);
    const events = (type: string) => countRows(db, 'community_events', 'type = $1', [type]);
    const settings = (patch: Record<string, unknown>) =>
      api.request('PATCH', '/v1/site/settings', { token: sam, body: { settings: patch } });
    const subscribe = (events: string[], url: string, app = devApi) =>
      ok(app.request('POST', '/v1/webhooks', { token: sam, body: { url, events } }), 201);

    // ---- settings ----------------------------------------------------------------------------------

    it('shows escalation defaults and validates the settings with field messages', async () => {
      const shown = await ok(api.request('GET', '/v1/site/settings', { token: sam }));
      assert.deepEqual(shown.settings.escalation, { after: '24h', askerAfter: '2h' });

      for (const [patch, field] of [
        [{ after: '5x' }, 'settings.escalation.after'],
        [{ after: '-1h' }, 'settings.escalation.after'],
        [{ askerAfter: 'off' }, 'settings.escalation.askerAfter'],
        [{ askerAfter: 120 }, 'settings.escalation.askerAfter'],
        [{ after: '400d' }, 'settings.escalation.after'],
        [{ soon: '1h' }, 'settings.escalation'],
      ] as const) {
        const r = await settings({ escalation: patch });
        assert.equal(r.status, 400, JSON.stringify(patch));
        assert.ok(r.body.error.fields[field], `${field}: ${JSON.stringify(r.body.error)}`);
      }
      const bad = await settings({ escalation: { after: '5x' } });
      assert.match(bad.body.error.fields['settings.escalation.after'], /like "24h".*"off"/);

      const changed = await ok(settings({ escalation: { after: 'off', askerAfter: '30m' } }));
      assert.deepEqual(changed.settings.escalation, { after: 'off', askerAfter: '30m' });
      const merged = await ok(settings({ escalation: { after: '3d' } }));
      assert.deepEqual(merged.settings.escalation, { after: '3d', askerAfter: '30m' });
    });

    // ---- the sweep -----------------------------------------------------------------------------------

    it('escalates each old unanswered visible question exactly once, even when sweeps race', async () => {
      const old = await ask(ada, 'Old and unanswered');
      const answered = await ask(ada, 'Old but answered');
      const fresh = await ask(ada, 'New');
      const hidden = await ask(ben, 'Old and hidden');
      await answer(ben, answered.id);
      for (const q of [old, answered, hidden]) await age(q.id, '25 hours');
      await db.query(`UPDATE questions SET visibility = 'hidden' WHERE id = $1`, [hidden.id]);
      const many: string[] = [];
      for (let i = 0; i < 5; i++) many.push((await ask(ben, `Batch ${i}`)).id);
      for (const id of many) await age(id, '2 days');

      const counts = await Promise.all([
        escalateDueQuestions(db),
        escalateDueQuestions(db),
        escalationJob.run(jobContext()).then(() => -1),
      ]);
      assert.ok(counts[0]! + counts[1]! <= 6);
      assert.equal(await events('question.escalated'), 6, 'one event per question');
      assert.equal(await escalateDueQuestions(db), 0, 'nothing left to do');
      assert.equal(await events('question.escalated'), 6);

      const q = await thread(null, old.id);
      assert.equal(q.escalatedBy, 'schedule');
      assert.ok(q.escalatedAt);
      assert.equal(q.escalationResolvedAt, null);
      for (const id of [answered.id, fresh.id]) {
        assert.equal((await thread(null, id)).escalatedAt, null);
      }
      const { rows } = await db.query<{ actor: string | null; payload: Body }>(
        `SELECT actor, payload FROM community_events WHERE type = 'question.escalated' AND target_id = $1`,
        [old.id],
      );
      assert.deepEqual(rows, [
        { actor: null, payload: { by: 'schedule', questionAuthor: 'm_ada' } },
      ]);
      const listed = await ok(
        api.request('GET', '/v1/questions?topic=sku-1&sort=newest&limit=100'),
      );
      const item = listed.items.find((i: Body) => i.id === old.id);
      assert.equal(item.escalatedBy, 'schedule');
    });

    it('follows the site: a shorter wait escalates sooner, "off" never', async () => {
      const q = await ask(ada);
      await age(q.id, '2 minutes');
      await ok(settings({ escalation: { after: 'off' } }));
      assert.equal(await escalateDueQuestions(db), 0);
      await ok(settings({ escalation: { after: '3m' } }));
      assert.equal(await escalateDueQuestions(db), 0);
      await ok(settings({ escalation: { after: '1m' } }));
      assert.equal(await escalateDueQuestions(db), 1);
    });

    // ---- by hand --------------------------------------------------------------------------------------

    it('lets the asker escalate after askerAfter, staff any time, once, never after acceptance', async () => {
      const q = await ask(ada);
      const mine = await thread(ada, q.id);
      assert.equal(
        Date.parse(mine.escalatableAt) - Date.parse(mine.createdAt),
        2 * 3600 * 1000,
        'the asker sees when they may escalate',
      );
      assert.equal((await thread(ben, q.id)).escalatableAt, null);
      assert.equal((await thread(null, q.id)).escalatableAt, null);
      assert.equal(q.escalatableAt, mine.escalatableAt, "the write's response carries it too");

      const early = await escalate(ada, q.id);
      assert.equal(early.status, 409);
      assert.match(early.body.error.message, /from \d{4}-\d\d-\d\dT/);
      const other = await escalate(ben, q.id);
      assert.equal(other.status, 403);
      assert.match(other.body.error.message, /Only the person who asked, or staff/);

      await age(q.id, '3 hours');
      const done = await ok(escalate(ada, q.id));
      assert.equal(done.escalatedBy, 'asker');
      assert.ok(done.escalatedAt);
      assert.equal(done.escalatableAt, null);
      const again = await ok(escalate(ada, q.id));
      assert.equal(again.escalatedAt, done.escalatedAt, 'unchanged');
      assert.equal(await events('question.escalated'), 1, 'no second event');
      assert.equal(await escalateDueQuestions(db), 0);

      // Staff, on a new question.
      const staffs = await ask(ben);
      const byStaff = await ok(escalate(sam, staffs.id));
      assert.ok(byStaff.escalatedAt);
      assert.equal(byStaff.escalatedBy, 'staff');
      assert.equal(await events('question.escalated'), 2);

      // An accepted answer: nothing to escalate.
      const settled = await ask(ada);
      const a = await answer(ben, settled.id);
      await ok(
        api.request('PUT', `/v1/questions/${settled.id}/accepted-answer`, {
          token: ada,
          body: { answerId: a.id },
        }),
      );
      assert.equal((await thread(ada, settled.id)).escalatableAt, null);
      const accepted = await escalate(sam, settled.id);
      assert.equal(accepted.status, 409);
      assert.match(accepted.body.error.message, /accepted/);
      assert.equal((await escalate(ada, 'q_nope')).status, 404);
      assert.equal((await api.request('POST', `/v1/questions/${q.id}/escalate`, {})).status, 401);
    });

    it('resolves an escalation with the first staff answer, in its transaction', async () => {
      const q = await ask(ada);
      await ok(escalate(sam, q.id));
      await answer(ben, q.id);
      assert.equal((await thread(null, q.id)).escalationResolvedAt, null, 'a customer answer');
      await answer(sam, q.id);
      const resolved = await thread(null, q.id);
      assert.ok(resolved.escalationResolvedAt);
      assert.ok(resolved.escalatedAt, 'it stays escalated');
      await answer(sam, q.id);
      assert.equal(await events('question.escalation-resolved'), 1);
      // A staff answer to a question never escalated resolves nothing.
      const plain = await ask(ada);
      await answer(sam, plain.id);
      assert.equal((await thread(null, plain.id)).escalationResolvedAt, null);
      assert.equal(await events('question.escalation-resolved'), 1);
    });

    // ---- the staff API -----------------------------------------------------------------------------------

    it('lets staff manage webhooks, and nobody else', async () => {
      const body = { url: 'https://93.184.215.14/hooks', events: ['question.asked'] };
      assert.equal((await api.request('GET', '/v1/webhooks', { token: ada })).status, 403);
      assert.equal((await api.request('POST', '/v1/webhooks', { token: ada, body })).status, 403);
      assert.equal((await api.request('GET', '/v1/webhooks', {})).status, 401);

      const created = await ok(
        api.request('POST', '/v1/webhooks', {
          token: sam,
          body: { ...body, events: ['question.asked', 'question.asked'], description: 'Helpdesk' },
        }),
        201,
      );
      assert.match(created.id, /^wh_/);
      assert.match(created.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
      assert.equal(Buffer.from(created.secret.slice(6), 'base64').length, 32);
      assert.deepEqual(created.events, ['question.asked']);
      assert.equal(created.active, true);
      assert.equal(created.description, 'Helpdesk');

      const listed = await ok(api.request('GET', '/v1/webhooks', { token: sam }));
      assert.equal(listed.items.length, 1);
      assert.equal(listed.items[0].secret, undefined, 'the secret is shown once');

      const changed = await ok(
        api.request('PATCH', `/v1/webhooks/${created.id}`, {
          token: sam,
          body: { events: ['answer.posted', 'question.escalated'], active: false },
        }),
      );
      assert.deepEqual(changed.events, ['answer.posted', 'question.escalated']);
      assert.equal(changed.active, false);
      assert.equal(changed.url, body.url);
      assert.equal(changed.description, 'Helpdesk');
      assert.equal(
        (await api.request('PATCH', `/v1/webhooks/${created.id}`, { token: ada, body: {} })).status,
        403,
      );

      const unknown = await api.request('POST', '/v1/webhooks', {
        token: sam,
        body: { ...body, events: ['question.asked', 'vote.cast'] },
      });
      assert.equal(unknown.status, 400);
      assert.match(
        unknown.body.error.fields['events.1'],
        /Unknown event type\. Use any of question\.asked, answer\.posted.*content\.flagged/,
      );
      const none = await api.request('POST', '/v1/webhooks', {
        token: sam,
        body: { ...body, events: [] },
      });
      assert.equal(none.status, 400);

      assert.equal(
        (await api.request('DELETE', `/v1/webhooks/${created.id}`, { token: ada })).status,
        403,
      );
      assert.equal(
        (await api.request('DELETE', `/v1/webhooks/${created.id}`, { token: sam })).status,
        204,
      );
      assert.equal(
        (await api.request('DELETE', `/v1/webhooks/${created.id}`, { token: sam })).status,
        404,
      );
      assert.equal(
        (await api.request('GET', `/v1/webhooks/${created.id}/deliveries`, { token: sam })).status,
        404,
      );
    });

    it('refuses URLs to private, loopback and reserved addresses (unless in development)', async () => {
      const refused = [
        'http://127.0.0.1:8080/hooks',
        'http://localhost:8080/hooks',
        'http://10.1.2.3/',
        'http://172.20.0.1/',
        'http://192.168.1.1/',
        'http://100.64.0.1/',
        'http://169.254.169.254/latest/meta-data/',
        'http://0.0.0.0/',
        'http://224.0.0.1/',
        'http://[::1]/',
        'http://[::]/',
        'http://[fe80::1]/',
        'http://[fd00::1]/',
        'http://[::ffff:127.0.0.1]/',
        'http://[::ffff:a9fe:a9fe]/',
        'http://[64:ff9b::a00:1]/',
        'http://2130706433/',
        'http://0x7f.1/',
      ];
      for (const url of refused) {
        const r = await api.request('POST', '/v1/webhooks', {
          token: sam,
          body: { url, events: ['question.asked'] },
        });
        assert.equal(r.status, 400, url);
        assert.match(r.body.error.fields.url, /public addresses only/, url);
      }
      for (const [url, message] of [
        ['ftp://example.com/x', /https:\/\//],
        ['https://user:pw@example.com/hooks', /user name or password/],
        ['not a url', /not a URL/],
        [`https://example.com/${'a'.repeat(2000)}`, /2,000|2000/],
      ] as const) {
        const r = await api.request('POST', '/v1/webhooks', {
          token: sam,
          body: { url, events: ['question.asked'] },
        });
        assert.equal(r.status, 400, url);
        assert.match(r.body.error.fields.url, message, url);
      }
      // Changing a URL is checked the same way.
      const good = await subscribe(['question.asked'], 'https://93.184.215.14/hooks', api);
      const patched = await api.request('PATCH', `/v1/webhooks/${good.id}`, {
        token: sam,
        body: { url: 'http://localhost/hooks' },
      });
      assert.equal(patched.status, 400);
      // Development allows local receivers.
      await subscribe(['question.asked'], 'http://localhost:8080/hooks', devApi);

      for (const address of ['8.8.8.8', '93.184.215.14', '2606:4700:4700::1111']) {
        assert.equal(isForbiddenAddress(address), false, address);
      }
      for (const address of ['127.0.0.2', '::ffff:10.0.0.1', '2002:7f00:1::', 'fe80::1%eth0']) {
        assert.equal(isForbiddenAddress(address), true, address);
      }
    });

    // ---- deliveries ---------------------------------------------------------------------------------------

    it('puts deliveries in the outbox with the event, and sends them signed', async () => {
      const r = await receiver();
      const hook = await subscribe(['question.asked', 'question.escalated'], r.url);
      const other = await subscribe(['review.submitted'], r.url);
      const q = await ask(ada, 'Is it waterproof?', 'https://shop.example/p/tent#reviews');
      assert.equal(await countRows(db, 'webhook_deliveries'), 1, 'in the write transaction');
      await answer(ben, q.id); // not subscribed
      assert.equal(await countRows(db, 'webhook_deliveries'), 1);

      const job = createWebhookJob();
      await job.run(jobContext());
      await job.settled();
      assert.equal(r.requests.length, 1);
      const got = r.requests[0]!;
      assert.ok(verifySignature(hook.secret, got), 'verifies with its secret');
      assert.ok(!verifySignature(other.secret, got), 'not with another');
      assert.ok(!verifySignature(hook.secret, { ...got, body: got.body.replace('Ada', 'Eve') }));
      assert.match(got.headers['webhook-id'] as string, /^msg_/);
      assert.equal(got.headers['content-type'], 'application/json');
      assert.equal(got.headers['user-agent'], 'Kith-Webhooks/1');
      const payload = JSON.parse(got.body);
      assert.equal(payload.type, 'question.asked');
      assert.ok(Date.parse(payload.timestamp) <= Date.now());
      assert.equal(payload.data.site, 'test');
      assert.deepEqual(payload.data.question.author, { id: 'm_ada', name: 'Ada' });
      assert.equal(payload.data.question.title, 'Is it waterproof?');
      assert.equal(payload.data.question.topic, 'sku-1');
      assert.equal(payload.data.question.excerpt, 'It is big & <heavy>.');
      assert.equal(
        payload.data.question.pageUrl,
        `https://shop.example/p/tent#kith-question-${q.id}`,
      );

      const log = await ok(
        api.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: sam }),
      );
      assert.equal(log.items.length, 1);
      assert.equal(log.items[0].id, got.headers['webhook-id']);
      assert.equal(log.items[0].status, 'delivered');
      assert.equal(log.items[0].log.length, 1);
      assert.equal(log.items[0].log[0].status, 200);
      assert.ok(log.items[0].log[0].durationMs >= 0);
      assert.equal(
        (await api.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: ada })).status,
        403,
      );

      // A scheduled escalation reaches the helpdesk, with who escalated it.
      await age(q.id, '2 days');
      await db.query('DELETE FROM answers'); // unanswered again
      await escalateDueQuestions(db);
      await job.run(jobContext());
      await job.settled();
      assert.equal(r.requests.length, 2);
      const escalated = JSON.parse(r.requests[1]!.body);
      assert.equal(escalated.type, 'question.escalated');
      assert.equal(escalated.data.by, 'schedule');
      assert.equal(escalated.data.question.escalatedBy, 'schedule');
      assert.equal(escalated.data.actor, null);
      assert.ok(verifySignature(hook.secret, r.requests[1]!));

      // A paused subscription gets nothing new.
      await ok(
        api.request('PATCH', `/v1/webhooks/${hook.id}`, { token: sam, body: { active: false } }),
      );
      await ask(ada);
      assert.equal(await countRows(db, 'webhook_deliveries'), 2);
    });

    it('retries a failing receiver with backoff until it recovers, with the same id and body', async () => {
      const r = await receiver((i) => (i < 2 ? 500 : 204));
      const hook = await subscribe(['question.asked'], r.url);
      await ask(ada);
      const job = createWebhookJob();
      const ctx = jobContext({ KITH_WEBHOOK_RETRY_MS: '150' });
      await until(async () => {
        await job.run(ctx);
        await job.settled();
        return r.requests.length >= 3;
      });
      assert.equal(r.requests.length, 3);
      const ids = new Set(r.requests.map((q) => q.headers['webhook-id']));
      assert.equal(ids.size, 1, 'one webhook-id');
      assert.equal(new Set(r.requests.map((q) => q.body)).size, 1, 'the same bytes');
      assert.ok(r.requests.every((q) => verifySignature(hook.secret, q)));
      const [first, second, third] = r.requests.map((q) => q.at) as [number, number, number];
      assert.ok(second - first >= 150 * 0.75 - 5, `first wait ${second - first} ms`);
      assert.ok(third - second >= 300 * 0.75 - 5, `second wait ${third - second} ms`);

      const log = await ok(
        api.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: sam }),
      );
      const delivery = log.items[0];
      assert.equal(delivery.status, 'delivered');
      assert.equal(delivery.attempts, 3);
      assert.deepEqual(
        delivery.log.map((a: Body) => [a.attempt, a.status]),
        [
          [1, 500],
          [2, 500],
          [3, 204],
        ],
      );
      assert.ok(delivery.deliveredAt);
      await job.run(ctx);
      await job.settled();
      assert.equal(r.requests.length, 3, 'never again once delivered');
    });

    it('gives up after ten attempts, and backs off up to six hours', async () => {
      const r = await receiver(() => 503);
      const hook = await subscribe(['question.asked'], r.url);
      await ask(ada);
      await db.query('UPDATE webhook_deliveries SET attempts = 9');
      const job = createWebhookJob();
      await job.run(jobContext());
      await job.settled();
      const log = await ok(
        api.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: sam }),
      );
      assert.equal(log.items[0].status, 'failed');
      assert.equal(log.items[0].lastStatus, 503);
      assert.equal(log.items[0].nextAttemptAt, null);

      assert.equal(
        backoffMs(1, 30_000, () => 0.5),
        30_000,
      );
      assert.equal(
        backoffMs(4, 30_000, () => 0.5),
        240_000,
      );
      assert.equal(
        backoffMs(12, 30_000, () => 0.99),
        6 * 3600 * 1000,
      );
      assert.ok(backoffMs(2, 1000, () => 0) >= 1500 && backoffMs(2, 1000, () => 0.999) <= 2500);
    });

    it('times out a receiver that never answers without holding up another one', async () => {
      const stuck = await receiver(() => 'hang');
      const fine = await receiver();
      const slow = await subscribe(['question.asked'], stuck.url);
      await subscribe(['question.asked'], fine.url);
      await ask(ada);
      const job = createWebhookJob();
      const started = Date.now();
      await job.run(jobContext({ KITH_WEBHOOK_TIMEOUT_MS: '1000' }));
      await until(() => fine.requests.length === 1, 2000);
      const fineAfter = Date.now() - started;
      assert.ok(fineAfter < 900, `the other receiver got it after ${fineAfter} ms`);
      await until(() => stuck.requests.length === 1, 2000);
      await job.settled();
      assert.ok(Date.now() - started >= 1000);

      const log = await ok(
        api.request('GET', `/v1/webhooks/${slow.id}/deliveries`, { token: sam }),
      );
      const delivery = log.items[0];
      assert.equal(delivery.status, 'pending');
      assert.match(delivery.lastError, /timeout/);
      assert.equal(delivery.log[0].status, null);
      assert.ok(delivery.log[0].durationMs >= 990, String(delivery.log[0].durationMs));
      assert.ok(Date.parse(delivery.nextAttemptAt) > Date.now(), 'a retry is scheduled');
    });

    it('refuses at connect time what the URL check let through (no dev mode)', async () => {
      const r = await receiver();
      const hook = await subscribe(['question.asked'], r.url); // saved in development
      await ask(ada);
      const job = createWebhookJob();
      await job.run({ ...jobContext(), dev: false });
      await job.settled();
      assert.equal(r.requests.length, 0, 'never connected');
      const log = await ok(
        api.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { token: sam }),
      );
      assert.match(log.items[0].lastError, /public addresses only/);
    });

    it('pings, redelivers with the same id, and pages the log', async () => {
      const r = await receiver();
      const hook = await subscribe(['question.asked'], r.url);
      const job = createWebhookJob();
      const pinged = await ok(
        api.request('POST', `/v1/webhooks/${hook.id}/ping`, { token: sam }),
        202,
      );
      assert.equal(
        (await api.request('POST', `/v1/webhooks/${hook.id}/ping`, { token: ada })).status,
        403,
      );
      await job.run(jobContext());
      await job.settled();
      assert.equal(r.requests.length, 1);
      assert.equal(JSON.parse(r.requests[0]!.body).type, 'webhook.ping');
      assert.equal(r.requests[0]!.headers['webhook-id'], pinged.id);
      assert.ok(verifySignature(hook.secret, r.requests[0]!));

      for (let i = 0; i < 3; i++) await ask(ada, `Question ${i}`);
      await job.run(jobContext());
      await job.settled();
      assert.equal(r.requests.length, 4);

      const first = await ok(
        api.request('GET', `/v1/webhooks/${hook.id}/deliveries?limit=3`, { token: sam }),
      );
      assert.equal(first.items.length, 3);
      assert.ok(first.nextCursor);
      const rest = await ok(
        api.request(
          'GET',
          `/v1/webhooks/${hook.id}/deliveries?limit=3&cursor=${first.nextCursor}`,
          { token: sam },
        ),
      );
      assert.deepEqual(
        rest.items.map((d: Body) => d.id),
        [pinged.id],
      );
      assert.equal(rest.nextCursor, null);

      const again = await ok(
        api.request('POST', `/v1/webhooks/${hook.id}/deliveries/${pinged.id}/redeliver`, {
          token: sam,
        }),
        202,
      );
      assert.equal(again.id, pinged.id);
      await job.run(jobContext());
      await job.settled();
      assert.equal(r.requests.length, 5);
      assert.equal(r.requests[4]!.headers['webhook-id'], pinged.id);
      assert.equal(r.requests[4]!.body, r.requests[0]!.body);
      assert.equal(
        (
          await api.request('POST', `/v1/webhooks/${hook.id}/deliveries/msg_nope/redeliver`, {
            token: sam,
          })
        ).status,
        404,
      );
    });
  });
}
