/// <reference types="node" />
/**
 * The REST adapter's issue-7 methods (escalation, notifications, follows, feeds) against the routes
 * of docs/api.md, through a fake `fetch` that records each request (ky itself is not mocked).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ConflictError, ForbiddenError } from '../../src/core/errors.js';
import { fakeApi } from './rest-harness.js';

const fake = fakeApi();
const { sent } = fake;
const adapter = (api = 'https://kith.example/v1', site: string | null = 'acme') =>
  fake.adapter({ api, site });
const ctx = { token: 'tok', idempotencyKey: 'key-1' };

describe('REST adapter: escalation', () => {
  it('POSTs /questions/{id}/escalate with the token and the idempotency key', async () => {
    fake.answer = () => ({ status: 200, body: { id: 'q/1', escalatedAt: '2026-01-01T00:00:00Z' } });
    const question = await adapter().escalate({ questionId: 'q/1' }, ctx);
    assert.equal(question.escalatedAt, '2026-01-01T00:00:00Z');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.method, 'POST');
    assert.equal(sent[0]!.path, '/v1/questions/q%2F1/escalate?site=acme');
    assert.equal(sent[0]!.headers.get('authorization'), 'Bearer tok');
    assert.equal(sent[0]!.headers.get('idempotency-key'), 'key-1');
  });

  it('maps 409 and 403 to typed errors', async () => {
    fake.answer = () => ({
      status: 409,
      body: { error: { code: 'conflict', message: 'Accepted.' } },
    });
    await assert.rejects(adapter().escalate({ questionId: 'q1' }, ctx), ConflictError);
    fake.answer = () => ({ status: 403, body: { error: { code: 'forbidden', message: 'No.' } } });
    await assert.rejects(adapter().escalate({ questionId: 'q1' }, ctx), ForbiddenError);
  });
});

describe('REST adapter: notifications', () => {
  it('marks read with POST /notifications/read and returns the unread count', async () => {
    fake.answer = () => ({ status: 200, body: { unread: 2 } });
    const notifications = adapter().notifications!;
    assert.deepEqual(await notifications.markRead({ ids: ['n1', 'n2'] }, ctx), { unread: 2 });
    assert.deepEqual(await notifications.markRead({ ids: 'all' }, ctx), { unread: 2 });
    assert.deepEqual(
      sent.map((s) => [s.method, s.path, s.body, s.headers.get('idempotency-key')]),
      [
        ['POST', '/v1/notifications/read?site=acme', { ids: ['n1', 'n2'] }, 'key-1'],
        ['POST', '/v1/notifications/read?site=acme', { ids: 'all' }, 'key-1'],
      ],
    );
  });

  it('follows with PUT /follows', async () => {
    fake.answer = () => ({ status: 200, body: { following: false } });
    const input = { targetType: 'question' as const, targetId: 'q1', following: false };
    assert.deepEqual(await adapter().notifications!.follow(input, ctx), { following: false });
    assert.equal(sent[0]!.method, 'PUT');
    assert.equal(sent[0]!.path, '/v1/follows?site=acme');
    assert.deepEqual(sent[0]!.body, input);
  });

  it('reads the inbox through the bootstrap call', async () => {
    const page = { items: [], nextCursor: null, total: 0, unread: 0 };
    fake.answer = () => ({ status: 200, body: { results: [{ ok: true, data: page }] } });
    const [outcome] = await adapter().read([{ kind: 'notifications', limit: 10 }], {
      token: 'tok',
    });
    assert.deepEqual(outcome, { ok: true, data: page });
    const requests = new URL(`https://x${sent[0]!.path}`).searchParams.get('requests');
    assert.deepEqual(JSON.parse(requests!), [{ kind: 'notifications', limit: 10 }]);
  });

  it('builds feed URLs without a request, keys encoded, absolute', () => {
    const feeds = adapter().notifications!;
    assert.equal(
      feeds.feedUrl!({ kind: 'topic', key: 'sku 1/2' }, {}),
      'https://kith.example/v1/feeds/topics/sku%201%2F2.atom?site=acme',
    );
    assert.equal(
      feeds.feedUrl!({ kind: 'board', key: 'roadmap' }, {}),
      'https://kith.example/v1/feeds/boards/roadmap.atom?site=acme',
    );
    assert.equal(
      adapter('https://kith.example/v1/', 'a&b').notifications!.feedUrl!(
        { kind: 'product', key: 'p1' },
        {},
      ),
      'https://kith.example/v1/feeds/products/p1.atom?site=a%26b',
    );
    assert.equal(sent.length, 0);
  });
});
