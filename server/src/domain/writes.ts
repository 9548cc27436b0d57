/**
 * Every write goes through {@link performWrite}: one transaction that claims the Idempotency-Key,
 * upserts the member from the token's claims (refusing a suspended member), runs the write (which
 * inserts its `community_events` row), writes the follows and notifications its events call for
 * (`domain/notifications.ts`), brings the reputation ledger up to date with what the write changed
 * (`domain/reputation.ts`) and stores the response under the key; then, in a short transaction of
 * its own, the trust levels and badges of the members it concerned (and the notifications of the
 * badges). A retry with the same key gets the first response; the same key with another body is a 409.
 */
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { collectEvents, collectedEvents } from '../db/events.js';
import * as idempotency from '../db/idempotency.js';
import { upsertMember } from '../db/members.js';
import type { SiteRow } from '../db/sites.js';
import { conflict, forbidden, type ApiError } from '../errors.js';
import { isStaff, type Member } from './auth.js';
import { notifyForEvents } from './notifications.js';
import { reconcileWrite, refreshMembers } from './reputation.js';

export interface IdempotencyRequest {
  key: string;
  method: string;
  path: string;
  /** A hash of what was asked (the validated input). */
  requestHash: string;
}

export interface WriteContext {
  db: Database;
  site: SiteRow;
  member: Member;
  idempotency: IdempotencyRequest | null;
}

export interface WriteOutcome<T> {
  status: number;
  body: T;
  /** True when this is the stored response of an earlier request with the same key. */
  replayed: boolean;
}

export function hashRequest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest('base64url');
}

class AlreadyClaimed extends Error {}

/** A time as people read it in a message: `2026-12-09 10:00 UTC`, rounded up to the minute. */
export function utcMinute(isoTime: string): string {
  const ms = Math.ceil(Date.parse(isoTime) / 60_000) * 60_000;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The refusal of a suspended member's write (`domain/moderation.ts` suspends). */
export const suspendedError = (until: string): ApiError =>
  forbidden(`Your account is suspended until ${utcMinute(until)}: you can read but not write.`);

export interface WriteOptions {
  /** A suspended member may do it too (marking their notifications read). */
  whileSuspended?: boolean;
}

const KEY_REUSED = 'This Idempotency-Key was used for a different request.';

function replayOf<T>(
  stored: idempotency.StoredResponse,
  requestHash: string,
): WriteOutcome<T> | null {
  if (stored.status === null) return null;
  if (stored.requestHash !== requestHash) throw conflict(KEY_REUSED);
  return { status: stored.status, body: stored.response as T, replayed: true };
}

/**
 * Runs `write` as described above. `status` is the response's status, or a function that tells it once
 * the write has run (a write that creates or edits). A suspended member's write is refused (403) before
 * it runs, unless `options.whileSuspended`; staff are never suspended.
 */
export async function performWrite<T>(
  ctx: WriteContext,
  status: number | (() => number),
  write: (tx: Queryable) => Promise<T>,
  options: WriteOptions = {},
): Promise<WriteOutcome<T>> {
  const idem = ctx.idempotency;
  const scope: idempotency.IdempotencyScope | null = idem && {
    site: ctx.site.id,
    // A guest has no lasting id (each post makes a new one): guests' keys share one scope, '' (no
    // token has an empty `sub`), so that a retry finds the first response. Keys are random, and a
    // replay needs the same request hash too.
    member: ctx.member.guest ? '' : ctx.member.id,
    key: idem.key,
    method: idem.method,
    path: idem.path,
  };
  // A retry finds its key claimed (by a committed write, or by one still running, which the claim
  // waits for) and is answered from the stored response after this transaction rolls back. Looking
  // the key up first would cost every first attempt a query.
  try {
    let code = 0;
    let concerned: Awaited<ReturnType<typeof reconcileWrite>> | null = null;
    const body = await ctx.db.transaction(async (tx) => {
      if (scope && idem && !(await idempotency.claimKey(tx, scope, idem.requestHash))) {
        throw new AlreadyClaimed();
      }
      // Also takes the member's advisory lock until COMMIT: one member's writes take turns (votes rely
      // on it); member rows are locked only at the end, by the reconciliation.
      const { suspendedUntil } = await upsertMember(tx, ctx.site.id, ctx.member);
      if (suspendedUntil && !options.whileSuspended && !isStaff(ctx.member)) {
        throw suspendedError(suspendedUntil);
      }
      collectEvents(tx);
      const result = await write(tx);
      // Follows and notifications from the write's events, before any member row is locked.
      await notifyForEvents(tx, ctx.site, collectedEvents(tx));
      concerned = await reconcileWrite(tx, ctx.site, ctx.member.id);
      code = typeof status === 'number' ? status : status();
      if (scope) await idempotency.completeKey(tx, scope, code, result);
      return result;
    });
    // Trust levels and badges of the members the write concerned, from what is now committed, in a
    // transaction of their own: their metrics are read while no post is locked, so writes on a busy
    // post do not wait for them. (Answered after it, so the page's next read sees them.)
    // The badges it awards notify their members in the same transaction.
    const { members, sourceEvent } = concerned!;
    await ctx.db.transaction(async (tx) => {
      collectEvents(tx);
      await refreshMembers(tx, ctx.site, members, sourceEvent);
      await notifyForEvents(tx, ctx.site, collectedEvents(tx));
    });
    return { status: code, body, replayed: false };
  } catch (error) {
    if (!(error instanceof AlreadyClaimed) || !scope || !idem) throw error;
    // A request with this key committed before (or while) this one ran: answer with its response.
    const stored = await idempotency.findResponse(ctx.db, scope);
    const replay = stored && replayOf<T>(stored, idem.requestHash);
    if (replay) return replay;
    throw conflict('A request with this Idempotency-Key is still in progress.');
  }
}
