/// <reference types="node" />
/**
 * The REST adapter's moderation methods (actions, the staff queue and audit log) against the routes of
 * docs/api.md "Moderation", through a fake `fetch` that records each request (ky itself is not mocked).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ConflictError, ForbiddenError, UnauthorizedError } from '../../src/core/errors.js';
import { fakeApi } from './rest-harness.js';

const fake = fakeApi();
const { sent } = fake;
let expired = 0;
const adapter = () => fake.adapter({ onAuthExpired: () => expired++ });
const write = { token: 'staff-token', idempotencyKey: 'key-1' };
const read = { token: 'staff-token' };
const EMPTY = { items: [], nextCursor: null, total: 0 };

describe('REST adapter: moderation actions', () => {
  it('POSTs a member suspension with its duration, token and idempotency key', async () => {
    const result = {
      targetType: 'member',
      targetId: 'm/1',
      visibility: 'visible',
      suspendedUntil: '2026-12-09T10:00:00.000Z',
    };
    fake.answer = () => ({ status: 200, body: result });
    const input = {
      action: 'suspend' as const,
      targetType: 'member' as const,
      targetId: 'm/1',
      reason: 'Spam links',
      duration: 48,
    };
    assert.deepEqual(await adapter().moderation!.act(input, write), result);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.method, 'POST');
    assert.equal(sent[0]!.pathname, '/v1/moderation/actions');
    assert.equal(sent[0]!.query.get('site'), 'acme');
    assert.deepEqual(sent[0]!.body, input);
    assert.equal(sent[0]!.headers.get('authorization'), 'Bearer staff-token');
    assert.equal(sent[0]!.headers.get('idempotency-key'), 'key-1');
  });

  it('maps a refused action to typed errors with the server’s message', async () => {
    const input = {
      action: 'suspend' as const,
      targetType: 'member' as const,
      targetId: 'm_sam',
      reason: 'x',
      duration: 1,
    };
    fake.answer = () => ({
      status: 409,
      body: { error: { code: 'conflict', message: 'Staff and moderators cannot be suspended.' } },
    });
    await assert.rejects(
      adapter().moderation!.act(input, write),
      (error: unknown) =>
        error instanceof ConflictError && /cannot be suspended/.test(error.message),
    );
    fake.answer = () => ({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Only staff.' } },
    });
    await assert.rejects(adapter().moderation!.act(input, write), ForbiddenError);
  });
});

describe('REST adapter: moderation queue and audit log', () => {
  it('GETs the queue with limit, cursor and reason, leaving out what is not set', async () => {
    const page = {
      items: [{ targetType: 'answer', targetId: 'a1', reason: 'flagged' }],
      nextCursor: 'q.1.0.2',
      total: 3,
    };
    fake.answer = () => ({ status: 200, body: page });
    const moderation = adapter().moderation!;
    assert.deepEqual(await moderation.queue!({ limit: 20 }, read), page);
    await moderation.queue!({ limit: 5, cursor: 'q.1.0.2', reason: 'guest' }, read);
    await moderation.queue!({ limit: 5, cursor: null, reason: null }, read);
    assert.deepEqual(
      sent.map((s) => [s.method, s.pathname, Object.fromEntries(s.query)]),
      [
        ['GET', '/v1/moderation/queue', { site: 'acme', limit: '20' }],
        [
          'GET',
          '/v1/moderation/queue',
          { site: 'acme', limit: '5', cursor: 'q.1.0.2', reason: 'guest' },
        ],
        ['GET', '/v1/moderation/queue', { site: 'acme', limit: '5' }],
      ],
    );
    assert.equal(sent[0]!.headers.get('authorization'), 'Bearer staff-token');
    assert.equal(sent[0]!.body, undefined);
  });

  it('GETs the audit log page by page', async () => {
    fake.answer = () => ({ status: 200, body: EMPTY });
    const moderation = adapter().moderation!;
    assert.deepEqual(await moderation.audit!({ limit: 50, cursor: 's.17' }, read), EMPTY);
    assert.equal(sent[0]!.pathname, '/v1/moderation/audit');
    assert.deepEqual(Object.fromEntries(sent[0]!.query), {
      site: 'acme',
      limit: '50',
      cursor: 's.17',
    });
  });

  it('reports an expired token to the host and rejects, and a customer’s 403 as ForbiddenError', async () => {
    expired = 0;
    fake.answer = () => ({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'Expired.', expired: true } },
    });
    await assert.rejects(adapter().moderation!.queue!({ limit: 20 }, read), UnauthorizedError);
    assert.equal(expired, 1);
    fake.answer = () => ({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Only staff can do that.' } },
    });
    await assert.rejects(adapter().moderation!.audit!({ limit: 20 }, read), ForbiddenError);
    assert.equal(expired, 1);
  });
});
