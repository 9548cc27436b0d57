/**
 * A fake API for the REST adapter's unit tests: a `fetch` that records each request and answers it with
 * JSON (ky itself is not mocked). For tests that need real HTTP (timeouts, dropped connections), see
 * tests/support/http-server.ts.
 */
import { beforeEach } from 'node:test';

import { createRestAdapter, type RestAdapterOptions } from '../../src/adapters/rest.js';
import type { KithAdapter } from '../../src/core/adapter.js';

/** A request as the fake `fetch` received it. */
export interface SentRequest {
  method: string;
  /** The path with its query string: `/v1/questions?site=acme`. */
  path: string;
  /** The path alone: `/v1/questions`. */
  pathname: string;
  query: URLSearchParams;
  url: string;
  headers: Headers;
  /** The body parsed as JSON; `undefined` without one. */
  body: unknown;
  /** The body as sent. */
  text: string;
  /** As the caller asked (`fetch`'s init), else the request's. */
  credentials: RequestCredentials;
  keepalive: boolean;
}

export type Answer = (request: SentRequest) => { status: number; body: unknown };

export interface FakeApi {
  /** The requests of the current test, oldest first (the same array throughout, emptied before each test). */
  readonly sent: SentRequest[];
  /** How the fake answers; a test may replace it, and it is `initial` again before each test. */
  answer: Answer;
  fetch: typeof fetch;
  /** A REST adapter on `https://kith.example/v1` for the site `acme` through this fake, without retries. */
  adapter(options?: Partial<RestAdapterOptions>): KithAdapter;
}

/** A fake API for the test file; call it at the top level, as it registers a `beforeEach`. */
export function fakeApi(initial: Answer = () => ({ status: 200, body: {} })): FakeApi {
  const fake: FakeApi = {
    sent: [],
    answer: initial,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const text = await request.text();
      const record: SentRequest = {
        method: request.method,
        path: url.pathname + url.search,
        pathname: url.pathname,
        query: url.searchParams,
        url: request.url,
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
        text,
        credentials: init?.credentials ?? request.credentials,
        keepalive: init?.keepalive ?? request.keepalive,
      };
      fake.sent.push(record);
      const { status, body } = fake.answer(record);
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    },
    adapter: (options = {}) =>
      createRestAdapter({
        api: 'https://kith.example/v1',
        site: 'acme',
        fetch: fake.fetch,
        retry: 0,
        ...options,
      }),
  };
  beforeEach(() => {
    fake.sent.length = 0;
    fake.answer = initial;
  });
  return fake;
}
