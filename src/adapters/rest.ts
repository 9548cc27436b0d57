/**
 * The REST adapter: the reference server's HTTP API (docs/api.md) through ky.
 *
 * - Reads go out as one `GET {api}/bootstrap` per 20 requests (the server's limit), in parallel.
 * - Every request retries with backoff on network errors, 408, 429, 5xx, honouring `Retry-After`
 *   (up to {@link MAX_RETRY_AFTER} seconds; a longer wait fails at once with `RateLimitedError`, so the
 *   element can say when to try again instead of spinning). POST is retried too: every write carries
 *   the caller's `Idempotency-Key`, so a retry returns the first result and never writes twice.
 * - Timeouts are per attempt and are not retried (the server may still be working on it).
 * - Failures become the core's typed errors with the server's message; aborting through `ctx.signal`
 *   rejects with the signal's reason, as `fetch` does.
 * - Photo URLs come from the server relative to the API base (`photos/ph_1?site=acme`); every review
 *   and photo this adapter returns has them absolute, so that they work on the vendor's page.
 * - Feed URLs are built here, not fetched: `{api}/feeds/{topics|boards|products}/{key}.atom?site=…`.
 * - Staff lists (the moderation queue and audit log) and insights are `GET`s of their own, outside
 *   the bootstrap.
 * - The view beacon is a plain `fetch` (text/plain, `keepalive`, no token, no cookies), fire and forget.
 *
 * This module ships to every page that talks to a server: keep it small, and free of side effects at
 * import (it is its own chunk).
 */
import ky, { HTTPError, TimeoutError } from 'ky';
import type {
  AdapterOptions,
  KithAdapter,
  ReadOutcome,
  ReadRequest,
  ReadResult,
  RequestContext,
  VoteResult,
  WriteContext,
} from '../core/adapter.js';
import {
  ConfigError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedError,
  ValidationError,
  type KithError,
  type KithErrorCode,
} from '../core/errors.js';
import type {
  Answer,
  Board,
  FeedRef,
  Idea,
  IdeaComment,
  MemberExport,
  Photo,
  Question,
  Review,
} from '../core/types.js';

export interface RestAdapterOptions extends AdapterOptions {
  /** The versioned API base, e.g. `https://community.acme.com/v1` (or a same-origin path, `/v1`). Required. */
  api?: string | null;
  site?: string | null;
  /** Milliseconds per attempt (default 10000). */
  timeout?: number;
  /** Retries of a failed request (default 2). */
  retry?: number;
  /** A `fetch` to use instead of the global one (tests, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /** Called when the server refuses an expired member token (the element fires `kith-auth-expired`). */
  onAuthExpired?: () => void;
}

/** Reads per bootstrap call: the server refuses more. */
const MAX_READS_PER_CALL = 20;
/** Longest server-requested wait (seconds) that a retry sits out; a longer one fails at once. */
const MAX_RETRY_AFTER = 5;
/** Milliseconds per attempt of an upload: 8 MB take a minute at 1 Mbit/s. */
const UPLOAD_TIMEOUT = 120_000;

type ErrorBody = { code?: unknown; message?: unknown; fields?: unknown; expired?: unknown };

/** HTTP status → error code; the status wins over the body, which a proxy may have written. */
const STATUS_CODES: Partial<Record<number, KithErrorCode>> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  408: 'network',
  409: 'conflict',
  413: 'validation',
  422: 'validation',
  429: 'rate-limited',
};

/* @__NO_SIDE_EFFECTS__ */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Seconds from a `Retry-After` header (delay seconds or an HTTP date). */
/* @__NO_SIDE_EFFECTS__ */
function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isNaN(seconds) ? undefined : Math.max(0, Math.ceil(seconds));
}

/**
 * The typed error for a failed response (`status`, `headers`, parsed body) or a failed slot of a
 * bootstrap read (`status` 0: the body's code decides).
 */
/* @__NO_SIDE_EFFECTS__ */
function errorFrom(status: number, body: unknown, headers?: Headers, feature?: string): KithError {
  const error: ErrorBody = isObject(body) && isObject(body.error) ? body.error : {};
  const message = typeof error.message === 'string' && error.message ? error.message : undefined;
  const code = STATUS_CODES[status] ?? (status >= 500 ? 'network' : error.code);
  switch (code) {
    case 'validation': {
      const fields: Record<string, string> = {};
      if (isObject(error.fields)) {
        for (const [field, text] of Object.entries(error.fields)) fields[field] = String(text);
      }
      return new ValidationError(message ?? 'Please check what you entered.', fields);
    }
    case 'unauthorized':
      return new UnauthorizedError(message, { expired: error.expired === true });
    case 'forbidden':
      return new ForbiddenError(message);
    case 'not-found':
      return new NotFoundError(message);
    case 'conflict':
      return new ConflictError(message);
    case 'rate-limited':
      return new RateLimitedError(retryAfterSeconds(headers) ?? 30, message);
    case 'unsupported':
      return new UnsupportedError(feature ?? 'this request');
    default:
      return new NetworkError(
        message ?? (status ? `The community server answered with status ${status}.` : undefined),
      );
  }
}

/** A path segment from an id; `.` and `..` would be resolved away by the URL parser, even encoded. */
/* @__NO_SIDE_EFFECTS__ */
function segment(id: string): string {
  if (id === '.' || id === '..') throw new NotFoundError();
  return encodeURIComponent(id);
}

/* @__NO_SIDE_EFFECTS__ */
function isExpired(error: unknown): boolean {
  return error instanceof UnauthorizedError && error.expired;
}

/** Builds the adapter; throws `ConfigError` without a usable `api`. */
/* @__NO_SIDE_EFFECTS__ */
export function createRestAdapter(options: RestAdapterOptions): KithAdapter {
  const { api, site, onAuthExpired } = options;
  if (typeof api !== 'string' || !/^(https?:\/\/|\/)/i.test(api.trim())) {
    throw new ConfigError(
      'the REST adapter needs the API base, e.g. data-api="https://community.example.com/v1".',
    );
  }
  const client = ky.create({
    prefixUrl: api.trim(),
    timeout: options.timeout ?? 10_000,
    retry: {
      limit: options.retry ?? 2,
      methods: ['get', 'put', 'post', 'patch'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      jitter: true,
      // Retrying sooner than the server asked is pointless; waiting long hides the reason.
      shouldRetry: ({ error }) =>
        error instanceof HTTPError &&
        (retryAfterSeconds(error.response.headers) ?? 0) > MAX_RETRY_AFTER
          ? false
          : undefined,
    },
    ...(options.fetch && { fetch: options.fetch }),
  });

  const authExpired = (): void => {
    try {
      onAuthExpired?.();
    } catch (error) {
      // A host's broken hook must not replace the error the element needs to see.
      console.error(error);
    }
  };

  async function call<T>(
    method: 'get' | 'post' | 'put',
    path: string,
    ctx: RequestContext | WriteContext,
    init: {
      json?: unknown;
      body?: FormData;
      searchParams?: Record<string, string | number | undefined>;
    } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
    if ('idempotencyKey' in ctx) headers['idempotency-key'] = ctx.idempotencyKey;
    try {
      return await client(path, {
        method,
        headers,
        json: init.json,
        body: init.body,
        ...(init.body && { timeout: UPLOAD_TIMEOUT }),
        signal: ctx.signal,
        searchParams: { site: site ?? undefined, ...init.searchParams },
      }).json<T>();
    } catch (error) {
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      if (error instanceof HTTPError) {
        const body: unknown = await error.response.json().catch(() => undefined);
        throw errorFrom(error.response.status, body, error.response.headers);
      }
      throw new NetworkError(
        error instanceof TimeoutError
          ? 'The community server did not answer in time.'
          : error instanceof SyntaxError
            ? 'The community server sent an answer that is not JSON.'
            : undefined,
        { cause: error },
      );
    }
  }

  /**
   * `body`: JSON, or a form (multipart, for uploads). Also a member's own read and the staff lists,
   * outside the bootstrap (`get`, with the `query`'s values that are not `undefined`).
   */
  async function write<T>(
    method: 'get' | 'post' | 'put',
    path: string,
    body: unknown,
    ctx: RequestContext,
    query?: Record<string, string | number | undefined>,
  ): Promise<T> {
    try {
      return await call<T>(
        method,
        path,
        ctx,
        body instanceof FormData ? { body } : { json: body, searchParams: query },
      );
    } catch (error) {
      if (isExpired(error)) authExpired();
      throw error;
    }
  }

  /** The site as the query of a URL built here (feeds, the view beacon). */
  const siteQuery = site ? `?site=${encodeURIComponent(site)}` : '';
  // Photo URLs are relative to the API base (a relative base, `/v1`, to the page).
  const base = api.trim().replace(/\/*$/, '/');
  /** `orBase`: without a page to resolve a relative base against (Node), prefix the base. */
  const absolute = (url: string, orBase = false): string => {
    try {
      return new URL(url, new URL(base, globalThis.location?.href)).href;
    } catch {
      return orBase ? base + url : url;
    }
  };
  // The objects are fresh from JSON: changing them in place is safe.
  const withAbsoluteUrls = (photo: Photo): Photo => {
    photo.url = absolute(photo.url);
    photo.thumbnailUrl = absolute(photo.thumbnailUrl);
    return photo;
  };
  const review = <T extends Review | null | undefined>(r: T): T => {
    r?.photos?.forEach(withAbsoluteUrls);
    return r;
  };

  async function readChunk(chunk: ReadRequest[], ctx: RequestContext): Promise<ReadOutcome[]> {
    const body = await call<unknown>('get', 'bootstrap', ctx, {
      searchParams: { requests: JSON.stringify(chunk) },
    });
    const results = isObject(body) ? body.results : undefined;
    if (!Array.isArray(results)) {
      throw new NetworkError('The community server sent an incomplete answer.');
    }
    return chunk.map((request, i): ReadOutcome => {
      const result: unknown = results[i];
      if (isObject(result) && result.ok === true) {
        const data = result.data as ReadResult<'reviews'> | undefined;
        if (request.kind === 'reviews') {
          data?.items?.forEach(review);
          review(data?.mine);
        }
        return { ok: true, data } as ReadOutcome;
      }
      return {
        ok: false,
        error: isObject(result)
          ? errorFrom(0, result, undefined, `reading "${request.kind}"`)
          : new NetworkError('The community server sent an incomplete answer.'),
      };
    });
  }

  return {
    name: 'rest',

    async read(requests, ctx) {
      const chunks: ReadRequest[][] = [];
      for (let i = 0; i < requests.length; i += MAX_READS_PER_CALL) {
        chunks.push(requests.slice(i, i + MAX_READS_PER_CALL));
      }
      const settled = await Promise.allSettled(chunks.map((chunk) => readChunk(chunk, ctx)));
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
      if (failures.some(isExpired)) authExpired();
      // Nothing came back: the call failed as a whole. Otherwise a failed call fails its slots only.
      if (failures.length && failures.length === settled.length) throw failures[0];
      return settled.flatMap((s, i) =>
        s.status === 'fulfilled'
          ? s.value
          : chunks[i]!.map((): ReadOutcome => ({ ok: false, error: s.reason as KithError })),
      );
    },

    askQuestion: (input, ctx) => write<Question>('post', 'questions', input, ctx),

    // async: a refused id rejects like any other failure instead of throwing at the caller.
    postAnswer: async ({ questionId, ...input }, ctx) =>
      write<Answer>('post', `questions/${segment(questionId)}/answers`, input, ctx),

    vote: (input, ctx) => write<VoteResult>('put', 'votes', input, ctx),

    acceptAnswer: async ({ questionId, answerId }, ctx) =>
      write<Question>('put', `questions/${segment(questionId)}/accepted-answer`, { answerId }, ctx),

    escalate: async ({ questionId }, ctx) =>
      write<Question>('post', `questions/${segment(questionId)}/escalate`, {}, ctx),

    // A simple request (text/plain, no token, no cookies): no CORS preflight, and `keepalive` lets it
    // outlive the page. Fire and forget: a lost beacon costs a figure, never the page an error.
    recordViews(batch) {
      try {
        (options.fetch ?? fetch)(absolute(`events/views${siteQuery}`, true), {
          method: 'POST',
          body: JSON.stringify(batch),
          keepalive: true,
          credentials: 'omit',
          headers: { 'content-type': 'text/plain;charset=UTF-8' },
        }).catch(() => {});
      } catch {
        // no fetch here (an old browser): nothing to count
      }
    },

    ideas: {
      submitIdea: (input, ctx) => write<Idea>('post', 'ideas', input, ctx),
      setStatus: async ({ ideaId, ...input }, ctx) =>
        write<Idea>('put', `ideas/${segment(ideaId)}/status`, input, ctx),
      comment: async ({ ideaId, ...input }, ctx) =>
        write<IdeaComment>('post', `ideas/${segment(ideaId)}/comments`, input, ctx),
      merge: async ({ duplicateId, originalId }, ctx) =>
        write<Idea>('post', `ideas/${segment(duplicateId)}/merge`, { originalId }, ctx),
      configureBoard: async ({ board, ...input }, ctx) =>
        write<Board>('put', `boards/${segment(board)}`, input, ctx),
      follow: async ({ ideaId, following }, ctx) =>
        write<{ following: boolean }>(
          'put',
          `ideas/${segment(ideaId)}/following`,
          { following },
          ctx,
        ),
    },

    reviews: {
      submitReview: (input, ctx) => write<Review>('post', 'reviews', input, ctx).then(review),
      reply: async ({ reviewId, body }, ctx) =>
        write<Review>('put', `reviews/${segment(reviewId)}/reply`, { body }, ctx).then(review),
      /** `input.alt`: the photo's text alternative. */
      uploadPhoto: async (file: Blob, ctx: WriteContext, input?: { alt?: string }) => {
        const form = new FormData();
        form.append('file', file);
        if (input?.alt) form.append('alt', input.alt);
        return withAbsoluteUrls(await write<Photo>('post', 'uploads', form, ctx));
      },
    },

    moderation: {
      flag: (input, ctx) => write('post', 'flags', input, ctx),
      act: (input, ctx) => write('post', 'moderation/actions', input, ctx),
      queue: ({ limit, cursor, reason }, ctx) =>
        write('get', 'moderation/queue', undefined, ctx, {
          limit,
          cursor: cursor ?? undefined,
          reason: reason ?? undefined,
        }),
      audit: ({ limit, cursor }, ctx) =>
        write('get', 'moderation/audit', undefined, ctx, { limit, cursor: cursor ?? undefined }),
      insights: ({ from, to, bucket }, ctx) =>
        write('get', 'insights', undefined, ctx, { from, to, bucket }),
    },

    // The inbox itself is a bootstrap read (`notifications`).
    notifications: {
      markRead: ({ ids }, ctx) =>
        write<{ unread: number }>('post', 'notifications/read', { ids }, ctx),
      follow: (input, ctx) => write<{ following: boolean }>('put', 'follows', input, ctx),
      feedUrl: ({ kind, key }: FeedRef) =>
        absolute(`feeds/${kind}s/${segment(key)}.atom${siteQuery}`, true),
    },

    // Cards, profiles and leaderboards are bootstrap reads (`members`, `member`, `leaderboard`).
    members: {
      exportMine: (ctx) => write<MemberExport>('get', 'members/me/export', undefined, ctx),
      erase: async ({ memberId }, ctx) => {
        await write('post', `members/${segment(memberId)}/erase`, {}, ctx);
      },
    },
  };
}

export default createRestAdapter;
