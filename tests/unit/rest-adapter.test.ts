/// <reference types="node" />
/**
 * The REST adapter against a fake of the HTTP API (docs/api.md): a real `node:http` server that
 * records every request and answers what each test scripts. Nothing inside ky is mocked.
 */
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';

import createRestAdapterDefault, {
  createRestAdapter,
  type RestAdapterOptions,
} from '../../src/adapters/rest.js';
import type {
  AdapterFactory,
  KithAdapter,
  ReadRequest,
  WriteContext,
} from '../../src/core/adapter.js';
import {
  ConfigError,
  ConflictError,
  ForbiddenError,
  KithError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedError,
  ValidationError,
} from '../../src/core/errors.js';
import { startHttpServer } from '../support/http-server.js';

/**
 * `assert.ok(x instanceof T)` with a message: without one, a failing `assert.ok` under tsx makes Node
 * parse the transformed source to quote the expression, which takes minutes on a file this size.
 */
function isA<T>(value: unknown, Type: abstract new (...args: never[]) => T): asserts value is T {
  assert.ok(value instanceof Type, `expected a ${Type.name}, got ${String(value)}`);
}

// ---- the fake API ---------------------------------------------------------------------------------

interface Recorded {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()` when the request arrived. */
  at: number;
}

type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Close the connection without answering: a network error. */
  | 'drop'
  /** Never answer: a timeout. */
  | 'hang';

let server: Awaited<ReturnType<typeof startHttpServer>>;
let base: string;
let requests: Recorded[] = [];
/** Replies used in order, before `respond` is asked. */
let script: Reply[] = [];
let respond: (request: Recorded) => Reply;

/** Answers a bootstrap read slot by slot with `{ ok: true, data: { echo: request } }`. */
function echoBootstrap(request: Recorded): Reply {
  if (request.url.pathname !== '/v1/bootstrap') return { status: 200, body: { path: request.url } };
  const reads = JSON.parse(request.url.searchParams.get('requests') ?? '[]') as ReadRequest[];
  return {
    status: 200,
    body: { results: reads.map((read) => ({ ok: true, data: { echo: read } })) },
  };
}

function errorBody(code: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, ...extra } };
}

before(async () => {
  server = await startHttpServer((req, body, res) => {
    const recorded: Recorded = {
      method: req.method ?? '',
      url: new URL(req.url ?? '/', 'http://fake'),
      headers: req.headers,
      body: body.toString('utf8'),
      at: performance.now(),
    };
    requests.push(recorded);
    const reply = script.shift() ?? respond(recorded);
    if (reply === 'hang') return;
    if (reply === 'drop') {
      req.socket.destroy();
      return;
    }
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status, {
      'content-type': typeof reply.body === 'string' ? 'text/html' : 'application/json',
      ...reply.headers,
    });
    res.end(text);
  });
  base = server.origin;
});

after(() => server.close());

beforeEach(() => {
  requests = [];
  script = [];
  respond = echoBootstrap;
});

function rest(options: Partial<RestAdapterOptions> = {}): KithAdapter {
  return createRestAdapter({ api: `${base}/v1`, site: 'acme', ...options });
}

const questions = (topic: string): ReadRequest => ({
  kind: 'questions',
  topic,
  sort: 'newest',
  limit: 20,
});

const write = (extra: Partial<WriteContext> = {}): WriteContext => ({
  token: 'tok-1',
  idempotencyKey: `key-${Math.random().toString(36).slice(2)}`,
  ...extra,
});

/** A 400 (for example) to every write, so one call shows the error mapping. */
async function failedVote(reply: Reply, options: Partial<RestAdapterOptions> = {}) {
  script = [reply];
  const error = await rest({ retry: 0, ...options })
    .vote({ targetType: 'answer', targetId: 'a1', value: 1 }, write())
    .then(
      () => assert.fail('the vote should have failed'),
      (e: unknown) => e,
    );
  assert.ok(error instanceof KithError, `a KithError, got ${String(error)}`);
  return error;
}

// ---- tests ----------------------------------------------------------------------------------------

describe('createRestAdapter', () => {
  it('refuses to start without a usable api', () => {
    assert.throws(() => createRestAdapter({}), ConfigError);
    assert.throws(() => createRestAdapter({ api: null, site: 'acme' }), ConfigError);
    assert.throws(() => createRestAdapter({ api: '  ' }), ConfigError);
    assert.throws(() => createRestAdapter({ api: 'community.acme.com/v1' }), ConfigError);
    assert.equal(createRestAdapter({ api: 'https://community.acme.com/v1' }).name, 'rest');
    // The factory fits the adapter registry's type.
    const factory: AdapterFactory = createRestAdapter;
    assert.equal(factory({ api: '/v1', site: null }).name, 'rest');
    assert.equal(createRestAdapterDefault, createRestAdapter);
  });
});

describe('read()', () => {
  it('sends one bootstrap GET with site and requests, and maps each slot', async () => {
    const reads: ReadRequest[] = [
      questions('sku-1'),
      { kind: 'thread', questionId: 'q1', answerLimit: 10 },
      { kind: 'member', memberId: 'nobody' },
      { kind: 'board', board: 'roadmap' },
      { kind: 'member', memberId: 'broken' },
      { kind: 'member', memberId: 'missing' },
    ];
    respond = () => ({
      status: 200,
      body: {
        results: [
          { ok: true, data: { items: [], nextCursor: null, total: 0 } },
          { ok: true, data: { question: { id: 'q1' } } },
          { ok: false, error: { code: 'not-found', message: 'No member "nobody".' } },
          { ok: false, error: { code: 'unsupported' } },
          { ok: false, error: { code: 'internal', message: 'Something went wrong.' } },
          // the sixth slot is missing
        ],
      },
    });
    const outcomes = await rest().read(reads, {});

    assert.equal(requests.length, 1);
    const [request] = requests;
    assert.equal(request!.method, 'GET');
    assert.equal(request!.url.pathname, '/v1/bootstrap');
    assert.equal(request!.url.searchParams.get('site'), 'acme');
    assert.deepEqual(JSON.parse(request!.url.searchParams.get('requests')!), reads);
    assert.match(request!.headers.accept ?? '', /application\/json/);
    assert.equal(request!.headers['idempotency-key'], undefined);
    assert.equal(request!.body, '');

    assert.equal(outcomes.length, reads.length);
    assert.deepEqual(outcomes[0], { ok: true, data: { items: [], nextCursor: null, total: 0 } });
    assert.deepEqual(outcomes[1], { ok: true, data: { question: { id: 'q1' } } });
    const errors = outcomes.slice(2).map((o) => (o.ok ? assert.fail('a failed slot') : o.error));
    isA(errors[0], NotFoundError);
    assert.equal(errors[0].message, 'No member "nobody".');
    isA(errors[1], UnsupportedError);
    assert.match(errors[1].message, /reading "board"/);
    isA(errors[2], NetworkError);
    assert.equal(errors[2].message, 'Something went wrong.');
    isA(errors[3], NetworkError);
  });

  it('sends Authorization only with a token', async () => {
    const adapter = rest();
    await adapter.read([questions('a')], {});
    await adapter.read([questions('a')], { token: null });
    await adapter.read([questions('a')], { token: 'abc.def.ghi' });
    assert.deepEqual(
      requests.map((r) => r.headers.authorization),
      [undefined, undefined, 'Bearer abc.def.ghi'],
    );
  });

  it('leaves out site when none is set, and accepts an api with a trailing slash', async () => {
    await createRestAdapter({ api: `${base}/v1/` }).read([questions('a')], {});
    assert.equal(requests[0]!.url.pathname, '/v1/bootstrap');
    assert.equal(requests[0]!.url.searchParams.has('site'), false);
  });

  it('makes no request for no reads', async () => {
    assert.deepEqual(await rest().read([], {}), []);
    assert.equal(requests.length, 0);
  });

  it('splits more than 20 reads into several calls and keeps the order', async () => {
    const reads = Array.from({ length: 25 }, (_, i) => questions(`topic-${i}`));
    const outcomes = await rest().read(reads, {});
    assert.equal(requests.length, 2);
    const sizes = requests
      .map((r) => (JSON.parse(r.url.searchParams.get('requests')!) as unknown[]).length)
      .sort((a, b) => b - a);
    assert.deepEqual(sizes, [20, 5]);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? (o.data as unknown as { echo: ReadRequest }).echo : null)),
      reads,
    );
  });

  it('fails only the slots of a failed call when another call succeeded', async () => {
    const reads = Array.from({ length: 21 }, (_, i) => questions(`topic-${i}`));
    respond = (request) =>
      request.url.searchParams.get('requests')!.includes('"topic-20"')
        ? { status: 404, body: errorBody('not-found', 'Gone.') }
        : echoBootstrap(request);
    const outcomes = await rest().read(reads, {});
    assert.equal(outcomes.length, 21);
    assert.ok(
      outcomes.slice(0, 20).every((o) => o.ok),
      'the first call succeeded',
    );
    const last = outcomes[20]!;
    assert.ok(!last.ok, 'the last slot failed');
    isA(last.error, NotFoundError);
    assert.equal(last.error.message, 'Gone.');
  });

  it('rejects with the mapped error when the whole call fails', async () => {
    respond = () => ({ status: 403, body: errorBody('forbidden', 'This site is closed.') });
    await assert.rejects(rest().read([questions('a')], {}), (error: unknown) => {
      isA(error, ForbiddenError);
      assert.equal(error.message, 'This site is closed.');
      return true;
    });
  });

  it('rejects when the server answers 200 with something that is not JSON', async () => {
    respond = () => ({ status: 200, body: '<!doctype html><title>Welcome</title>' });
    await assert.rejects(rest().read([questions('a')], {}), (error: unknown) => {
      isA(error, NetworkError);
      assert.match(error.message, /not JSON/);
      return true;
    });
    respond = () => ({ status: 200, body: { nothing: true } });
    await assert.rejects(rest().read([questions('a')], {}), NetworkError);
  });

  it('retries a GET after a network error', async () => {
    script = ['drop'];
    const outcomes = await rest().read([questions('a')], {});
    assert.equal(requests.length, 2);
    assert.ok(outcomes[0]!.ok, 'read after the retry');
  });

  it('gives up with a NetworkError when the server cannot be reached', async () => {
    const closed = await startHttpServer(() => {});
    await closed.close();
    const adapter = createRestAdapter({ api: `${closed.origin}/v1`, retry: 1 });
    await assert.rejects(adapter.read([questions('a')], {}), (error: unknown) => {
      isA(error, NetworkError);
      assert.equal(error.retryable, true);
      return true;
    });
  });

  it('calls onAuthExpired once when the token has expired', async () => {
    let calls = 0;
    respond = () => ({
      status: 401,
      body: errorBody('unauthorized', 'Your session has expired.', { expired: true }),
    });
    const reads = Array.from({ length: 30 }, (_, i) => questions(`topic-${i}`));
    await assert.rejects(
      rest({ onAuthExpired: () => calls++ }).read(reads, { token: 'old' }),
      (error: unknown) => error instanceof UnauthorizedError && error.expired,
    );
    assert.equal(requests.length, 2);
    assert.equal(calls, 1);
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const adapter = rest({
      fetch: (input, init) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    await adapter.read([questions('a')], {});
    assert.equal(seen.length, 1);
    assert.match(seen[0]!, /\/v1\/bootstrap\?/);
  });
});

describe('writes', () => {
  it('send the routes of docs/api.md with site, token, Idempotency-Key and a JSON body', async () => {
    const adapter = rest();
    respond = (request) => ({ status: 200, body: { id: 'ok', path: request.url.pathname } });
    const ctx = [write(), write(), write(), write()];

    const asked = await adapter.askQuestion(
      {
        topic: 'sku-1',
        title: 'Does it float?',
        body: 'Asking for a friend.',
        pageUrl: 'https://a.b/p',
      },
      ctx[0]!,
    );
    await adapter.postAnswer({ questionId: 'q 1/2?#', body: 'Yes.' }, ctx[1]!);
    await adapter.vote({ targetType: 'answer', targetId: 'a1', value: -1 }, ctx[2]!);
    await adapter.acceptAnswer({ questionId: 'q1', answerId: null }, ctx[3]!);

    assert.deepEqual(asked, { id: 'ok', path: '/v1/questions' });
    assert.deepEqual(
      requests.map((r) => [r.method, r.url.pathname + r.url.search]),
      [
        ['POST', '/v1/questions?site=acme'],
        ['POST', '/v1/questions/q%201%2F2%3F%23/answers?site=acme'],
        ['PUT', '/v1/votes?site=acme'],
        ['PUT', '/v1/questions/q1/accepted-answer?site=acme'],
      ],
    );
    assert.deepEqual(
      requests.map((r) => JSON.parse(r.body) as unknown),
      [
        {
          topic: 'sku-1',
          title: 'Does it float?',
          body: 'Asking for a friend.',
          pageUrl: 'https://a.b/p',
        },
        { body: 'Yes.' },
        { targetType: 'answer', targetId: 'a1', value: -1 },
        { answerId: null },
      ],
    );
    requests.forEach((r, i) => {
      assert.equal(r.headers['idempotency-key'], ctx[i]!.idempotencyKey);
      assert.equal(r.headers.authorization, 'Bearer tok-1');
      assert.match(r.headers['content-type'] ?? '', /^application\/json/);
    });
  });

  it('send no Authorization without a token', async () => {
    await rest().vote(
      { targetType: 'question', targetId: 'q1', value: 1 },
      { idempotencyKey: 'k1' },
    );
    assert.equal(requests[0]!.headers.authorization, undefined);
    assert.equal(requests[0]!.headers['idempotency-key'], 'k1');
  });

  it('retry a POST after a 503 with the same Idempotency-Key and body', async () => {
    script = [{ status: 503, body: errorBody('internal', 'Restarting.') }];
    respond = () => ({ status: 201, body: { id: 'q9' } });
    const ctx = write();
    const question = await rest().askQuestion(
      { topic: 't', title: 'Once?', body: 'Only once.' },
      ctx,
    );
    assert.deepEqual(question, { id: 'q9' });
    assert.equal(requests.length, 2);
    assert.equal(requests[0]!.method, 'POST');
    assert.equal(requests[0]!.headers['idempotency-key'], ctx.idempotencyKey);
    assert.equal(requests[1]!.headers['idempotency-key'], ctx.idempotencyKey);
    assert.equal(requests[1]!.body, requests[0]!.body);
  });

  it('retry a PUT after a network error', async () => {
    script = ['drop'];
    respond = () => ({ status: 200, body: { value: 1 } });
    await rest().vote({ targetType: 'answer', targetId: 'a1', value: 1 }, write());
    assert.equal(requests.length, 2);
  });

  it('refuse the ids "." and ".." without a request', async () => {
    const adapter = rest();
    await assert.rejects(
      adapter.postAnswer({ questionId: '..', body: 'x' }, write()),
      NotFoundError,
    );
    await assert.rejects(
      adapter.acceptAnswer({ questionId: '.', answerId: 'a1' }, write()),
      NotFoundError,
    );
    assert.equal(requests.length, 0);
  });
});

describe('rate limits', () => {
  it('retry a 429 after its Retry-After', async () => {
    script = [
      {
        status: 429,
        body: errorBody('rate-limited', 'Slow down.'),
        headers: { 'retry-after': '1' },
      },
    ];
    const outcomes = await rest().read([questions('a')], {});
    assert.ok(outcomes[0]!.ok, 'read after the retry');
    assert.equal(requests.length, 2);
    const waited = requests[1]!.at - requests[0]!.at;
    // Timers may fire a hair early against performance.now().
    assert.ok(waited >= 995, `waited ${waited.toFixed(0)} ms`);
  });

  it('end in RateLimitedError with retryAfter when the retries are used up', async () => {
    respond = () => ({
      status: 429,
      body: errorBody('rate-limited', 'Slow down.'),
      headers: { 'retry-after': '1' },
    });
    const started = performance.now();
    const limited = await rest({ retry: 1 })
      .vote({ targetType: 'answer', targetId: 'a1', value: 1 }, write())
      .then(
        () => assert.fail('should be rate limited'),
        (e: unknown) => e,
      );
    isA(limited, RateLimitedError);
    assert.equal(limited.retryAfter, 1);
    assert.equal(limited.message, 'Slow down.');
    assert.equal(limited.retryable, true);
    assert.equal(requests.length, 2);
    assert.ok(performance.now() - started >= 995, 'waited for Retry-After');
  });

  it('do not sit out a long Retry-After: fail at once and say how long', async () => {
    respond = () => ({
      status: 429,
      body: errorBody('rate-limited', 'Slow down.'),
      headers: { 'retry-after': '120' },
    });
    const started = performance.now();
    await assert.rejects(rest().read([questions('a')], {}), (error: unknown) => {
      isA(error, RateLimitedError);
      assert.equal(error.retryAfter, 120);
      return true;
    });
    assert.equal(requests.length, 1);
    assert.ok(performance.now() - started < 1000, 'failed at once');
  });

  it('default to 30 seconds without Retry-After, and read an HTTP date', async () => {
    const noHeader = await failedVote({ status: 429, body: errorBody('rate-limited', 'Wait.') });
    isA(noHeader, RateLimitedError);
    assert.equal(noHeader.retryAfter, 30);
    const date = new Date(Date.now() + 90_000).toUTCString();
    const withDate = await failedVote({
      status: 429,
      body: errorBody('rate-limited', 'Wait.'),
      headers: { 'retry-after': date },
    });
    isA(withDate, RateLimitedError);
    assert.ok(withDate.retryAfter > 80 && withDate.retryAfter <= 90, String(withDate.retryAfter));
  });
});

describe('error mapping', () => {
  it('400 and 413 → ValidationError with the server message and fields', async () => {
    const invalid = await failedVote({
      status: 400,
      body: errorBody('validation', 'The title is too long.', {
        fields: { title: 'At most 200 characters.' },
      }),
    });
    isA(invalid, ValidationError);
    assert.equal(invalid.message, 'The title is too long.');
    assert.deepEqual(invalid.fields, { title: 'At most 200 characters.' });
    assert.equal(invalid.retryable, false);

    const tooLarge = await failedVote({
      status: 413,
      body: errorBody('validation', 'The request is larger than 64 KB.'),
    });
    isA(tooLarge, ValidationError);
    assert.equal(tooLarge.message, 'The request is larger than 64 KB.');
    assert.deepEqual(tooLarge.fields, {});
    assert.equal(requests.length, 2, '413 is not retried');
  });

  it('401 → UnauthorizedError, expired only when the body says so; onAuthExpired then', async () => {
    let calls = 0;
    const onAuthExpired = () => calls++;
    const invalid = await failedVote(
      { status: 401, body: errorBody('unauthorized', 'The token is not valid.') },
      { onAuthExpired },
    );
    isA(invalid, UnauthorizedError);
    assert.equal(invalid.expired, false);
    assert.equal(invalid.message, 'The token is not valid.');
    assert.equal(calls, 0);

    const expired = await failedVote(
      { status: 401, body: errorBody('unauthorized', 'The token expired.', { expired: true }) },
      { onAuthExpired },
    );
    isA(expired, UnauthorizedError);
    assert.equal(expired.expired, true);
    assert.equal(expired.message, 'The token expired.');
    assert.equal(calls, 1);
  });

  it('a throwing onAuthExpired does not replace the error', async (t) => {
    const logged = t.mock.method(console, 'error', () => {});
    const error = await failedVote(
      { status: 401, body: errorBody('unauthorized', 'The token expired.', { expired: true }) },
      {
        onAuthExpired: () => {
          throw new Error('host bug');
        },
      },
    );
    isA(error, UnauthorizedError);
    assert.equal(error.expired, true);
    assert.equal(logged.mock.callCount(), 1);
    assert.equal((logged.mock.calls[0]!.arguments[0] as Error).message, 'host bug');
  });

  it('403, 404, 409 → their typed errors with the server message', async () => {
    const cases = [
      [403, 'forbidden', 'You cannot vote on your own answer.', ForbiddenError],
      [404, 'not-found', 'No answer "a1".', NotFoundError],
      [409, 'conflict', 'That key was used with another body.', ConflictError],
    ] as const;
    for (const [status, code, message, Type] of cases) {
      const error = await failedVote({ status, body: errorBody(code, message) });
      isA(error, Type);
      assert.equal(error.code, code);
      assert.equal(error.message, message);
      assert.equal(error.retryable, false);
    }
    assert.equal(requests.length, cases.length, '4xx are not retried');
  });

  it('5xx → NetworkError (retryable), after the retries', async () => {
    respond = () => ({ status: 500, body: errorBody('internal', 'Something went wrong.') });
    await assert.rejects(
      rest().vote({ targetType: 'answer', targetId: 'a1', value: 1 }, write()),
      (error: unknown) => {
        isA(error, NetworkError);
        assert.equal(error.message, 'Something went wrong.');
        assert.equal(error.retryable, true);
        return true;
      },
    );
    assert.equal(requests.length, 3, 'one try and two retries');
  });

  it('a body that is not JSON gets a sensible message', async () => {
    const gateway = await failedVote({ status: 502, body: '<html>Bad Gateway</html>' });
    isA(gateway, NetworkError);
    assert.equal(gateway.message, 'The community server answered with status 502.');

    const notFound = await failedVote({ status: 404, body: 'Not Found' });
    isA(notFound, NotFoundError);
    assert.equal(notFound.message, 'Not found.');

    const invalid = await failedVote({ status: 400, body: '' });
    isA(invalid, ValidationError);
    assert.notEqual(invalid.message, '');
  });

  it('an unknown 4xx takes the code from the body', async () => {
    const error = await failedVote({ status: 422, body: errorBody('validation', 'Bad.') });
    isA(error, ValidationError);
    const teapot = await failedVote({ status: 418, body: errorBody('forbidden', 'No coffee.') });
    isA(teapot, ForbiddenError);
    assert.equal(teapot.message, 'No coffee.');
  });
});

describe('timeouts and cancellation', () => {
  it('a timeout → NetworkError, not retried', async () => {
    respond = () => 'hang';
    const started = performance.now();
    await assert.rejects(rest({ timeout: 150 }).read([questions('a')], {}), (error: unknown) => {
      isA(error, NetworkError);
      assert.match(error.message, /in time/);
      return true;
    });
    assert.ok(performance.now() - started < 1000, 'failed at once');
    assert.equal(requests.length, 1);
  });

  it('aborting through ctx.signal rejects with the abort reason', async () => {
    respond = () => 'hang';
    const controller = new AbortController();
    const reading = rest().read([questions('a')], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(reading, { name: 'AbortError' });

    const writeController = new AbortController();
    const voting = rest().vote(
      { targetType: 'answer', targetId: 'a1', value: 1 },
      write({ signal: writeController.signal }),
    );
    setTimeout(() => writeController.abort(new Error('left the page')), 50);
    await assert.rejects(voting, { message: 'left the page' });
  });

  it('aborting stops a retry that waits for Retry-After', async () => {
    script = [
      {
        status: 429,
        body: errorBody('rate-limited', 'Slow down.'),
        headers: { 'retry-after': '1' },
      },
    ];
    const controller = new AbortController();
    const started = performance.now();
    const reading = rest().read([questions('a')], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(reading, { name: 'AbortError' });
    assert.ok(performance.now() - started < 900, 'did not wait for Retry-After');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(requests.length, 1, 'no retry after the abort');
  });

  it('an aborted signal sends nothing', async () => {
    await assert.rejects(rest().read([questions('a')], { signal: AbortSignal.abort() }), {
      name: 'AbortError',
    });
    assert.equal(requests.length, 0);
  });
});
