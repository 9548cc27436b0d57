/** Turning domain results into HTTP: reads with ETag/304, writes with their status and idempotency. */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { Member } from '../domain/auth.js';
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

export function sendWrite<T>(c: Context<AppEnv>, outcome: WriteOutcome<T>): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (outcome.replayed) headers['Idempotency-Replayed'] = 'true';
  return c.body(JSON.stringify(outcome.body), outcome.status as 200, {
    ...headers,
    'Content-Type': 'application/json; charset=UTF-8',
  });
}
