/// <reference types="node" />
/**
 * The REST adapter's analytics: the staff insights read (`GET /insights`) and the view beacon
 * (`POST /events/views`: text/plain, keepalive, no token, no cookies, errors swallowed), through a
 * fake `fetch` that records each request.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ForbiddenError, UnauthorizedError } from '../../src/core/errors.js';
import type { ViewBatch } from '../../src/core/types.js';
import { fakeApi } from './rest-harness.js';

const fake = fakeApi();
const { sent } = fake;
const adapter = (fetchImpl: typeof fetch = fake.fetch) => fake.adapter({ fetch: fetchImpl });
const ctx = { token: 'staff-token' };
const batch: ViewBatch = {
  pageLoad: '2f1b7c1e-3a4d-4e5f-8a9b-0c1d2e3f4a5b',
  events: [{ type: 'question-opened', questionId: 'q_1' }],
};

/** Lets the fire-and-forget request run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('REST adapter: insights', () => {
  it('GETs /insights with the period, the bucket and the staff token', async () => {
    const report = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
    fake.answer = () => ({ status: 200, body: report });
    const got = await adapter().moderation!.insights!(
      { from: '2026-03-01', to: '2026-04-01', bucket: 'week' },
      ctx,
    );
    assert.deepEqual(got, report);
    assert.equal(sent.length, 1);
    const url = new URL(sent[0]!.url);
    assert.equal(sent[0]!.method, 'GET');
    assert.equal(url.pathname, '/v1/insights');
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      site: 'acme',
      from: '2026-03-01',
      to: '2026-04-01',
      bucket: 'week',
    });
    assert.equal(sent[0]!.headers.get('authorization'), 'Bearer staff-token');
  });

  it('leaves the bucket to the server when none is asked for', async () => {
    await adapter().moderation!.insights!({ from: '2026-03-01', to: '2026-03-08' }, ctx);
    assert.equal(new URL(sent[0]!.url).searchParams.has('bucket'), false);
  });

  it("maps the server's refusals to typed errors", async () => {
    fake.answer = () => ({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Staff only.' } },
    });
    await assert.rejects(
      adapter().moderation!.insights!({ from: '2026-03-01', to: '2026-03-08' }, ctx),
      (error: unknown) => error instanceof ForbiddenError && error.message === 'Staff only.',
    );
    fake.answer = () => ({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'Sign in.' } },
    });
    await assert.rejects(
      adapter().moderation!.insights!({ from: '2026-03-01', to: '2026-03-08' }, {}),
      UnauthorizedError,
    );
  });
});

describe('REST adapter: the view beacon', () => {
  it('POSTs the batch as text/plain with keepalive, without cookies or a token', async () => {
    fake.answer = () => ({ status: 204, body: null });
    adapter().recordViews!(batch);
    await settle();
    assert.equal(sent.length, 1);
    const beacon = sent[0]!;
    assert.equal(beacon.url, 'https://kith.example/v1/events/views?site=acme');
    assert.equal(beacon.method, 'POST');
    assert.deepEqual(JSON.parse(beacon.text), batch);
    const { headers } = beacon;
    assert.equal(headers.get('content-type'), 'text/plain;charset=UTF-8');
    assert.equal(headers.get('authorization'), null);
    assert.equal(headers.get('idempotency-key'), null);
    assert.equal(beacon.credentials, 'omit');
    assert.equal(beacon.keepalive, true);
  });

  it('swallows failures: a network error, a refusal, a fetch that throws', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      assert.doesNotThrow(() =>
        adapter(() => Promise.reject(new TypeError('Failed to fetch'))).recordViews!(batch),
      );
      fake.answer = () => ({
        status: 429,
        body: { error: { code: 'rate-limited', message: 'Wait.' } },
      });
      assert.doesNotThrow(() => adapter().recordViews!(batch));
      assert.doesNotThrow(() =>
        adapter(() => {
          throw new TypeError('fetch is not a function');
        }).recordViews!(batch),
      );
      await settle();
      await settle();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.deepEqual(unhandled, []);
  });
});
