/// <reference types="node" />
/**
 * The REST adapter's reviews, uploads, flags and moderation against the routes of docs/api.md, on a
 * local `node:http` server that records each request (multipart bodies included) and answers what
 * the test scripts. Nothing inside ky is mocked.
 */
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';

import { createRestAdapter, type RestAdapterOptions } from '../../src/adapters/rest.js';
import type { KithAdapter, ReadRequest, WriteContext } from '../../src/core/adapter.js';
import {
  ConflictError,
  ForbiddenError,
  KithError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from '../../src/core/errors.js';
import type { Photo, Review } from '../../src/core/types.js';
import { startHttpServer } from '../support/http-server.js';

// ---- the fake API ---------------------------------------------------------------------------------

interface Received {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let server: Awaited<ReturnType<typeof startHttpServer>>;
let origin: string;
let received: Received[] = [];
let reply: (request: Received) => {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
};

before(async () => {
  server = await startHttpServer((req, body, res) => {
    const request = {
      method: req.method!,
      url: new URL(req.url!, 'http://fake'),
      headers: req.headers,
      body,
    };
    received.push(request);
    const answer = reply(request);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
  origin = server.origin;
});

after(() => server.close());

beforeEach(() => {
  received = [];
  reply = () => ({ status: 200, body: {} });
});

const rest = (options: Partial<RestAdapterOptions> = {}): KithAdapter =>
  createRestAdapter({ api: `${origin}/v1`, site: 'acme', retry: 0, ...options });

let keys = 0;
const ctx = (): WriteContext => ({ token: 'tok', idempotencyKey: `key-${++keys}` });

const json = (request: Received): unknown => JSON.parse(request.body.toString('utf8'));

/** A multipart body, parsed as a browser or the server would. */
const formOf = (request: Received): Promise<FormData> =>
  new Response(new Uint8Array(request.body), {
    headers: { 'content-type': request.headers['content-type']! },
  }).formData();

/** A photo as the server sends it: URLs relative to the API base. */
const photo = (id: string): Photo => ({
  id,
  url: `photos/${id}?site=acme`,
  thumbnailUrl: `photos/${id}/thumbnail?site=acme`,
  width: 800,
  height: 600,
});

const reviewWith = (photos: Photo[]): Review =>
  ({ id: 'r_1', product: 'sku-1', rating: 4, photos }) as unknown as Review;

const absolute = (id: string) => ({
  url: `${origin}/v1/photos/${id}?site=acme`,
  thumbnailUrl: `${origin}/v1/photos/${id}/thumbnail?site=acme`,
});

// ---- tests ----------------------------------------------------------------------------------------

describe('REST reviews: writes', () => {
  it('post a review as JSON with site, token and Idempotency-Key; photo URLs come back absolute', async () => {
    reply = () => ({
      status: 201,
      body: reviewWith([photo('ph_1'), { ...photo('ph_2'), url: 'https://cdn.example/x.jpg' }]),
    });
    const context = ctx();
    const input = {
      product: 'sku-1',
      rating: 4 as const,
      title: 'Roomy',
      body: 'Fits.',
      photoIds: ['ph_1', 'ph_2'],
      pageUrl: 'https://shop.example/p',
    };
    const review = await rest().reviews!.submitReview(input, context);
    const [request] = received;
    assert.deepEqual(
      [request!.method, request!.url.pathname + request!.url.search],
      ['POST', '/v1/reviews?site=acme'],
    );
    assert.deepEqual(json(request!), input);
    assert.equal(request!.headers['idempotency-key'], context.idempotencyKey);
    assert.equal(request!.headers.authorization, 'Bearer tok');
    assert.match(request!.headers['content-type'] ?? '', /^application\/json/);
    assert.deepEqual(review.photos, [
      { ...photo('ph_1'), ...absolute('ph_1') },
      {
        ...photo('ph_2'),
        url: 'https://cdn.example/x.jpg',
        thumbnailUrl: absolute('ph_2').thumbnailUrl,
      },
    ]);
  });

  it('put a staff reply to /v1/reviews/{id}/reply', async () => {
    reply = () => ({ status: 200, body: reviewWith([photo('ph_9')]) });
    const adapter = rest();
    const replied = await adapter.reviews!.reply({ reviewId: 'r/1', body: 'Thanks!' }, ctx());
    assert.deepEqual(
      received.map((r) => [r.method, r.url.pathname + r.url.search, json(r)]),
      [['PUT', '/v1/reviews/r%2F1/reply?site=acme', { body: 'Thanks!' }]],
    );
    assert.equal(replied.photos[0]!.url, absolute('ph_9').url);
    await assert.rejects(
      adapter.reviews!.reply({ reviewId: '..', body: 'x' }, ctx()),
      NotFoundError,
    );
    assert.equal(received.length, 1, 'the id ".." is refused without a request');
  });

  it('upload a photo as multipart: field `file` with the File’s name, and the alt text', async () => {
    reply = () => ({ status: 201, body: { ...photo('ph_3'), alt: 'Side pocket' } });
    const context = ctx();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const uploadPhoto = rest().reviews!.uploadPhoto as (
      file: Blob,
      ctx: WriteContext,
      input?: { alt?: string },
    ) => Promise<Photo>;
    const uploaded = await uploadPhoto(
      new File([bytes], 'pocket.jpg', { type: 'image/jpeg' }),
      context,
      { alt: 'Side pocket' },
    );
    const [request] = received;
    assert.deepEqual(
      [request!.method, request!.url.pathname + request!.url.search],
      ['POST', '/v1/uploads?site=acme'],
    );
    assert.match(request!.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
    assert.equal(request!.headers['idempotency-key'], context.idempotencyKey);
    assert.equal(request!.headers.authorization, 'Bearer tok');
    const form = await formOf(request!);
    const file = form.get('file') as File;
    assert.equal(file.name, 'pocket.jpg');
    assert.equal(file.type, 'image/jpeg');
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), bytes);
    assert.equal(form.get('alt'), 'Side pocket');
    assert.deepEqual(uploaded, { ...photo('ph_3'), alt: 'Side pocket', ...absolute('ph_3') });

    await uploadPhoto(new Blob([bytes]), ctx());
    const second = await formOf(received[1]!);
    assert.deepEqual([...second.keys()], ['file'], 'no alt field without alt text');
  });

  it('send the same upload again under the same key when the server asks for a retry', async () => {
    let calls = 0;
    reply = () =>
      ++calls === 1
        ? { status: 503, body: { error: { code: 'internal' } }, headers: { 'retry-after': '0' } }
        : { status: 201, body: photo('ph_4') };
    const context = ctx();
    await rest({ retry: 1 }).reviews!.uploadPhoto(new File(['GIF89a…'], 'a.gif'), context);
    assert.equal(received.length, 2);
    assert.deepEqual(
      received.map((r) => r.headers['idempotency-key']),
      [context.idempotencyKey, context.idempotencyKey],
    );
    assert.deepEqual(received[1]!.body, received[0]!.body);
  });

  it('flag and moderate through /v1/flags and /v1/moderation/actions', async () => {
    reply = (request) => ({
      status: 200,
      body: { ...(json(request) as object), visibility: 'hidden' },
    });
    const adapter = rest();
    const flag = { targetType: 'answer', targetId: 'a_1', reason: 'spam', note: 'Ads.' } as const;
    const action = {
      action: 'hide',
      targetType: 'review',
      targetId: 'r_1',
      reason: 'Off-topic.',
    } as const;
    const contexts = [ctx(), ctx()];
    await adapter.moderation!.flag(flag, contexts[0]!);
    const acted = await adapter.moderation!.act(action, contexts[1]!);
    assert.equal(acted.visibility, 'hidden');
    assert.deepEqual(
      received.map((r) => [r.method, r.url.pathname + r.url.search, json(r)]),
      [
        ['POST', '/v1/flags?site=acme', flag],
        ['POST', '/v1/moderation/actions?site=acme', action],
      ],
    );
    received.forEach((r, i) =>
      assert.equal(r.headers['idempotency-key'], contexts[i]!.idempotencyKey),
    );
  });
});

describe('REST reviews: reads', () => {
  it('go through one bootstrap call; review photos get absolute URLs, in the items and `mine`', async () => {
    reply = (request) => {
      const reads = JSON.parse(request.url.searchParams.get('requests')!) as ReadRequest[];
      return {
        status: 200,
        body: {
          results: reads.map((read) =>
            read.kind === 'reviews'
              ? {
                  ok: true,
                  data: {
                    items: [reviewWith([photo('ph_5')])],
                    nextCursor: null,
                    total: 1,
                    summary: { product: 'sku-1', average: 4, count: 1 },
                    mine: reviewWith([photo('ph_6')]),
                  },
                }
              : { ok: true, data: [{ product: 'sku-1', average: 4, count: 1 }] },
          ),
        },
      };
    };
    const requests: ReadRequest[] = [
      { kind: 'reviews', product: 'sku-1', sort: 'helpful', stars: 4, limit: 10 },
      { kind: 'ratings', products: ['sku-1', 'sku-2'] },
    ];
    const [reviews, ratings] = await rest().read(requests, { token: 'tok' });
    assert.equal(received.length, 1);
    assert.equal(received[0]!.url.pathname, '/v1/bootstrap');
    assert.deepEqual(JSON.parse(received[0]!.url.searchParams.get('requests')!), requests);
    assert.equal(received[0]!.headers.authorization, 'Bearer tok');
    assert.ok(reviews!.ok && ratings!.ok, 'both slots answered');
    const page = reviews.data as { items: Review[]; mine: Review | null; total: number };
    assert.deepEqual(page.items[0]!.photos, [{ ...photo('ph_5'), ...absolute('ph_5') }]);
    assert.deepEqual(page.mine!.photos, [{ ...photo('ph_6'), ...absolute('ph_6') }]);
    assert.equal(page.total, 1);
    assert.deepEqual(ratings.data, [{ product: 'sku-1', average: 4, count: 1 }]);
  });

  it('leave a page without photos as it is, and a failed slot as its typed error', async () => {
    reply = () => ({
      status: 200,
      body: {
        results: [
          { ok: true, data: { items: [], nextCursor: null, total: 0, mine: null } },
          { ok: false, error: { code: 'validation', message: 'Bad.', fields: { stars: 'x' } } },
        ],
      },
    });
    const request: ReadRequest = { kind: 'reviews', product: 'p', sort: 'newest', limit: 5 };
    const [ok, failed] = await rest().read([request, { ...request, stars: 9 as never }], {});
    assert.ok(ok!.ok, 'the first slot answered');
    assert.deepEqual(ok.data, { items: [], nextCursor: null, total: 0, mine: null });
    assert.ok(!failed!.ok && failed.error instanceof ValidationError, String(failed));
    assert.deepEqual((failed.error as ValidationError).fields, { stars: 'x' });
  });
});

describe('REST reviews: errors', () => {
  const refusal = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
    status,
    body: { error: { code, message: `no (${status})`, ...extra } },
  });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => assert.fail('should fail'),
      (error: unknown) => error as KithError,
    );

  it('map the server’s answers to typed errors', async () => {
    const adapter = rest();
    const submit = () =>
      adapter.reviews!.submitReview({ product: 'p', rating: 5, title: '', body: 'x' }, ctx());
    reply = () => refusal(400, 'validation', { fields: { rating: 'Choose 1 to 5 stars.' } });
    const invalid = await failure(submit());
    assert.ok(invalid instanceof ValidationError, String(invalid));
    assert.deepEqual(invalid.fields, { rating: 'Choose 1 to 5 stars.' });
    assert.equal(invalid.message, 'no (400)');

    const cases = [
      [403, 'forbidden', ForbiddenError],
      [404, 'not-found', NotFoundError],
      [409, 'conflict', ConflictError],
      [500, 'internal', NetworkError],
    ] as const;
    for (const [status, code, Type] of cases) {
      reply = () => refusal(status, code);
      const error = await failure(adapter.reviews!.reply({ reviewId: 'r_1', body: 'x' }, ctx()));
      assert.ok(error instanceof Type, `${status} → ${Type.name}, got ${String(error)}`);
    }

    reply = () => ({ ...refusal(429, 'rate-limited'), headers: { 'retry-after': '60' } });
    const limited = await failure(
      adapter.moderation!.flag({ targetType: 'review', targetId: 'r_1', reason: 'spam' }, ctx()),
    );
    assert.ok(limited instanceof RateLimitedError, String(limited));
    assert.equal(limited.retryAfter, 60);
  });

  it('refuse a too-large upload (413) as a validation error', async () => {
    reply = () => refusal(413, 'validation');
    const error = await failure(rest().reviews!.uploadPhoto(new Blob(['x']), ctx()));
    assert.ok(error instanceof ValidationError, String(error));
    assert.equal(error.message, 'no (413)');
  });

  it('report an expired token on every write', async () => {
    let expired = 0;
    const adapter = rest({ onAuthExpired: () => expired++ });
    reply = () => refusal(401, 'unauthorized', { expired: true });
    const writes = [
      adapter.reviews!.submitReview({ product: 'p', rating: 5, title: '', body: 'x' }, ctx()),
      adapter.reviews!.uploadPhoto(new Blob(['x']), ctx()),
      adapter.moderation!.act(
        { action: 'approve', targetType: 'idea', targetId: 'i_1', reason: 'Fine.' },
        ctx(),
      ),
    ];
    for (const write of writes) {
      const error = await failure(write);
      assert.ok(error instanceof UnauthorizedError && error.expired, String(error));
    }
    assert.equal(expired, 3);
  });
});
