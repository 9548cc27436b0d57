/// <reference types="node" />
/**
 * The REST adapter's ideas methods against the routes of docs/api.md, through a fake `fetch` that
 * records each request and answers what the test scripts (ky itself is not mocked).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createRestAdapter } from '../../src/adapters/rest.js';
import type { IdeasAdapter, WriteContext } from '../../src/core/adapter.js';
import {
  ConflictError,
  ForbiddenError,
  KithError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../src/core/errors.js';
import { fakeApi } from './rest-harness.js';

const fake = fakeApi((request) => ({ status: 200, body: { echo: request.path } }));
const { sent } = fake;
const ideas = (): IdeasAdapter => fake.adapter().ideas!;

let keys = 0;
const ctx = (): WriteContext => ({ token: 'tok', idempotencyKey: `key-${++keys}` });

describe('REST ideas: writes', () => {
  it('send the ideas routes with site, token, Idempotency-Key and their JSON bodies', async () => {
    const adapter = ideas();
    const contexts = Array.from({ length: 6 }, ctx);
    const submitted = await adapter.submitIdea(
      { board: 'trail 28', title: 'Lid pocket', body: 'For keys.', pageUrl: 'https://a.b/p' },
      contexts[0]!,
    );
    await adapter.setStatus(
      { ideaId: 'i/1', status: 'planned', response: 'Spring.' },
      contexts[1]!,
    );
    await adapter.comment({ ideaId: 'i1', body: 'Yes!' }, contexts[2]!);
    await adapter.merge({ duplicateId: 'i2', originalId: 'i1' }, contexts[3]!);
    await adapter.configureBoard(
      {
        board: 'trail 28',
        statuses: [{ slug: 'beta', label: 'Beta', order: 4 }],
        voteBudget: null,
      },
      contexts[4]!,
    );
    const followed = await adapter.follow({ ideaId: 'i1', following: false }, contexts[5]!);

    assert.deepEqual(submitted, { echo: '/v1/ideas?site=acme' });
    assert.deepEqual(followed, { echo: '/v1/ideas/i1/following?site=acme' });
    assert.deepEqual(
      sent.map((r) => [r.method, r.path, r.body]),
      [
        [
          'POST',
          '/v1/ideas?site=acme',
          { board: 'trail 28', title: 'Lid pocket', body: 'For keys.', pageUrl: 'https://a.b/p' },
        ],
        ['PUT', '/v1/ideas/i%2F1/status?site=acme', { status: 'planned', response: 'Spring.' }],
        ['POST', '/v1/ideas/i1/comments?site=acme', { body: 'Yes!' }],
        ['POST', '/v1/ideas/i2/merge?site=acme', { originalId: 'i1' }],
        [
          'PUT',
          '/v1/boards/trail%2028?site=acme',
          { statuses: [{ slug: 'beta', label: 'Beta', order: 4 }], voteBudget: null },
        ],
        ['PUT', '/v1/ideas/i1/following?site=acme', { following: false }],
      ],
    );
    sent.forEach((r, i) => {
      assert.equal(r.headers.get('idempotency-key'), contexts[i]!.idempotencyKey);
      assert.equal(r.headers.get('authorization'), 'Bearer tok');
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    });
  });

  it('vote on ideas through PUT /v1/votes', async () => {
    const adapter = createRestAdapter({ api: 'https://kith.example/v1', fetch: fake.fetch });
    await adapter.vote({ targetType: 'idea', targetId: 'i1', value: 0 }, ctx());
    assert.deepEqual(
      sent.map((r) => [r.method, r.path, r.body]),
      [['PUT', '/v1/votes', { targetType: 'idea', targetId: 'i1', value: 0 }]],
    );
  });

  it('refuse the ids "." and ".." without a request', async () => {
    const adapter = ideas();
    await assert.rejects(adapter.setStatus({ ideaId: '..', status: 'done' }, ctx()), NotFoundError);
    await assert.rejects(adapter.follow({ ideaId: '.', following: true }, ctx()), NotFoundError);
    await assert.rejects(
      adapter.configureBoard({ board: '..', voteBudget: 3 }, ctx()),
      NotFoundError,
    );
    assert.equal(sent.length, 0);
  });

  it('map the server’s errors to typed errors', async () => {
    const adapter = ideas();
    const cases = [
      [400, 'validation', ValidationError, { status: 'This board has no such status.' }],
      [401, 'unauthorized', UnauthorizedError, undefined],
      [403, 'forbidden', ForbiddenError, undefined],
      [404, 'not-found', NotFoundError, undefined],
      [409, 'conflict', ConflictError, undefined],
    ] as const;
    for (const [status, code, Type, fields] of cases) {
      fake.answer = () => ({
        status,
        body: { error: { code, message: `no (${status})`, fields } },
      });
      const error = await adapter.setStatus({ ideaId: 'i1', status: 'x' }, ctx()).then(
        () => assert.fail('should fail'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof Type, `${status} → ${Type.name}, got ${String(error)}`);
      assert.equal((error as KithError).message, `no (${status})`);
      if (fields) assert.deepEqual((error as ValidationError).fields, fields);
    }
    fake.answer = () => ({
      status: 409,
      body: { error: { code: 'conflict', message: 'You have no votes left on this board.' } },
    });
    await assert.rejects(
      createRestAdapter({ api: 'https://kith.example/v1', fetch: fake.fetch }).vote(
        { targetType: 'idea', targetId: 'i1', value: 1 },
        ctx(),
      ),
      (e: unknown) => e instanceof ConflictError && e.message.includes('no votes left'),
    );
  });
});

describe('REST ideas: reads', () => {
  it('go through the batched bootstrap call', async () => {
    fake.answer = (request) => {
      const reads = JSON.parse(new URL(request.path, 'https://x').searchParams.get('requests')!);
      return {
        status: 200,
        body: { results: reads.map((read: unknown) => ({ ok: true, data: read })) },
      };
    };
    const adapter = createRestAdapter({ api: 'https://kith.example/v1', fetch: fake.fetch });
    const requests = [
      { kind: 'ideas', board: 'b', sort: 'trending', status: 'planned', limit: 5 },
      { kind: 'idea', ideaId: 'i1', commentLimit: 10 },
      { kind: 'board', board: 'b' },
    ] as const;
    const outcomes = await adapter.read(requests, {});
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.method, 'GET');
    assert.match(sent[0]!.path, /^\/v1\/bootstrap\?/);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? o.data : null)),
      requests,
    );
  });
});
