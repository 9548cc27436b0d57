/**
 * Turning domain results into HTTP: reads with ETag/304, writes with their status and idempotency,
 * uploaded photos with the headers that keep them inert.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { ComposeExtras } from '../../../src/core/adapter.js';
import type { Member } from '../domain/auth.js';
import { guestAuthor } from '../domain/guests.js';
import type { PhotoFile } from '../domain/photos.js';
import { hashRequest, type WriteContext, type WriteOutcome } from '../domain/writes.js';
import { invalidField } from '../errors.js';
import type { AppEnv, Deps } from './context.js';

function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = tag.replace(/^W\//, '');
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === '*' || t.replace(/^W\//, '') === bare);
}

/**
 * A read: JSON with `ETag` (a hash of the body) and `Cache-Control: private, no-cache`; a matching
 * `If-None-Match` gets 304.
 */
export function sendRead(c: Context<AppEnv>, data: unknown): Response {
  const body = JSON.stringify(data);
  const tag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  const headers = {
    ETag: tag,
    'Cache-Control': 'private, no-cache',
    Vary: 'Authorization',
  };
  if (matches(c.req.header('if-none-match'), tag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'Content-Type': 'application/json; charset=UTF-8' });
}

/** The write's context: who, where, and the Idempotency-Key (1–100 characters) with the input's hash. */
export function writeContext(c: Context<AppEnv>, deps: Deps, input: unknown): WriteContext {
  const key = c.req.header('idempotency-key');
  if (key !== undefined && (key.length < 1 || key.length > 100)) {
    throw invalidField('Idempotency-Key', 'An Idempotency-Key has 1–100 characters.');
  }
  return {
    db: deps.db,
    site: c.get('site'),
    member: c.get('member') as Member,
    idempotency: key
      ? { key, method: c.req.method, path: c.req.path, requestHash: hashRequest(input) }
      : null,
  };
}

/**
 * A post's write context (ask, answer, idea, comment, review): the member, or without a token where
 * the site allows guests, a new guest (`domain/guests.ts`). The spam guard's figures are not part of
 * the request's hash: a retry that measured the time again is still the same request.
 */
export function postContext(c: Context<AppEnv>, deps: Deps, input: ComposeExtras): WriteContext {
  const ctx = writeContext(c, deps, { ...input, guard: undefined });
  return c.get('member') ? ctx : { ...ctx, member: guestAuthor(ctx.site, input.guest) };
}

export function sendWrite<T>(c: Context<AppEnv>, outcome: WriteOutcome<T>): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (outcome.replayed) headers['Idempotency-Replayed'] = 'true';
  return c.body(JSON.stringify(outcome.body), outcome.status as 200, {
    ...headers,
    'Content-Type': 'application/json; charset=UTF-8',
  });
}

/**
 * An uploaded photo: never sniffed, never run as a document (a sandbox with nothing allowed), shown by
 * pages of other origins (`<img>` on the vendor's site), cached a day (so that an image of content
 * hidden later does not linger in caches for long). `tag` is fixed per image (its bytes never change),
 * so a matching `If-None-Match` gets 304 without the bytes being loaded; `load` still runs, and
 * throws a 404 for an image that may no longer be shown.
 */
export async function sendPhoto(
  c: Context<AppEnv>,
  tag: string,
  load: (withBytes: boolean) => Promise<PhotoFile>,
): Promise<Response> {
  const fresh = matches(c.req.header('if-none-match'), tag);
  const image = await load(!fresh);
  const headers = {
    ETag: tag,
    'Cache-Control': 'public, max-age=86400',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Content-Disposition': `inline; filename="${image.fileName}"`,
  };
  if (fresh) return c.body(null, 304, headers);
  return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, {
    ...headers,
    'Content-Type': image.contentType,
  });
}
