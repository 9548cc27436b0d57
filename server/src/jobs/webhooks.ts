/**
 * Sends due webhook deliveries (domain/webhooks.ts). Each run claims what is due in a short
 * transaction (counting the attempt and leasing the row past the request timeout), commits, and sends
 * concurrently, at most {@link CONCURRENCY} at a time per instance, without waiting for them: a slow
 * receiver holds one slot, never the job. Outcomes: 2xx → delivered; otherwise a retry after
 * `KITH_WEBHOOK_RETRY_MS` (default 30 s) doubling per attempt with jitter, at most 6 h, and `failed`
 * after {@link MAX_ATTEMPTS}. An instance that dies mid-request leaves the lease to expire; any
 * instance then sends the delivery again, with the same `webhook-id` and body.
 */
import type { Database } from '../db/database.js';
import * as webhooksDb from '../db/webhooks.js';
import { buildPayload, webhookHeaders } from '../domain/webhooks.js';
import { safePost } from '../http/safe-request.js';
import type { Job, JobContext } from './runner.js';

export const CONCURRENCY = 8;
export const MAX_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

function envMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1) {
    throw new Error(`${name} must be a number of milliseconds ≥ 1, not "${raw}".`);
  }
  return value;
}

/** `KITH_WEBHOOK_TIMEOUT_MS` (default 10000): the whole exchange with a receiver. */
export const webhookTimeoutMs = (env: NodeJS.ProcessEnv): number =>
  envMs(env, 'KITH_WEBHOOK_TIMEOUT_MS', 10_000);

/** `KITH_WEBHOOK_RETRY_MS` (default 30000): the wait after the first failure. */
export const webhookRetryMs = (env: NodeJS.ProcessEnv): number =>
  envMs(env, 'KITH_WEBHOOK_RETRY_MS', 30_000);

/** How long a claimed delivery is left alone: past the timeout, with room for recording the outcome. */
export const leaseMs = (timeoutMs: number): number => timeoutMs + Math.min(timeoutMs, 5000);

/** The wait after failed attempt `attempt` (1-based): base × 2^(attempt−1), ±25 %, at most 6 h. */
export function backoffMs(attempt: number, baseMs: number, random = Math.random): number {
  const plain = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(Math.min(MAX_BACKOFF_MS, plain * (0.75 + random() * 0.5)));
}

export interface WebhookJob extends Job {
  /** Resolves when the requests in flight now (and those they lead to) have finished (tests). */
  settled(): Promise<void>;
}

export function createWebhookJob(): WebhookJob {
  const inFlight = new Set<Promise<void>>();
  let claiming: Promise<void> | null = null;
  let closed = false;

  const send = async (
    ctx: JobContext,
    delivery: webhooksDb.ClaimedDelivery,
    timeoutMs: number,
  ): Promise<void> => {
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      if (delivery.payload === null)
        throw new Error('The event of this delivery no longer exists.');
      const result = await safePost(delivery.url, {
        headers: webhookHeaders(delivery.secret, delivery.id, delivery.payload, started),
        body: delivery.payload,
        timeoutMs,
        allowPrivate: ctx.dev,
      });
      status = result.status;
    } catch (failure) {
      error = (failure instanceof Error ? failure.message : String(failure)).slice(0, 500);
    }
    const attempt: webhooksDb.Attempt = {
      attempt: delivery.attempt,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      status,
      error,
    };
    await webhooksDb.recordAttempt(ctx.db, delivery.id, attempt);
    if (status !== null && status >= 200 && status < 300) {
      await webhooksDb.markDelivered(ctx.db, delivery.id, status);
    } else {
      await webhooksDb.markFailed(ctx.db, {
        id: delivery.id,
        attempt: delivery.attempt,
        status,
        error: error ?? `HTTP ${status}`,
        retryInMs: backoffMs(delivery.attempt, webhookRetryMs(ctx.env)),
        maxAttempts: MAX_ATTEMPTS,
      });
    }
  };

  const claim = async (db: Database, free: number, timeoutMs: number) =>
    db.transaction(async (tx) => {
      const claimed = await webhooksDb.claimDue(tx, free, leaseMs(timeoutMs));
      // The body is built once, by the first attempt, and kept: retries send the same bytes.
      for (const delivery of claimed) {
        if (delivery.payload !== null || delivery.event === null) continue;
        delivery.payload = await buildPayload(tx, delivery.event);
        if (delivery.payload !== null)
          await webhooksDb.setPayload(tx, delivery.id, delivery.payload);
      }
      return claimed;
    });

  /** Claims while slots are free and deliveries are due; starts each without waiting for it. */
  const fill = (ctx: JobContext): Promise<void> =>
    closed
      ? Promise.resolve()
      : (claiming ??= (async () => {
          try {
            const timeoutMs = webhookTimeoutMs(ctx.env);
            for (;;) {
              const free = CONCURRENCY - inFlight.size;
              if (free <= 0) return;
              const claimed = await claim(ctx.db, free, timeoutMs);
              for (const delivery of claimed) {
                const running: Promise<void> = send(ctx, delivery, timeoutMs)
                  .catch((err: unknown) =>
                    ctx.log.warn(
                      { err, delivery: delivery.id },
                      'could not record a webhook attempt',
                    ),
                  )
                  .finally(() => {
                    inFlight.delete(running);
                    // A slot is free: more may be due than the last claim could take.
                    if (claimed.length === free) {
                      fill(ctx).catch((err: unknown) =>
                        ctx.log.warn({ err }, 'webhook deliveries failed'),
                      );
                    }
                  });
                inFlight.add(running);
              }
              if (claimed.length < free) return;
            }
          } finally {
            claiming = null;
          }
        })());

  return {
    name: 'webhooks',
    run: fill,
    async settled() {
      while (inFlight.size || claiming) {
        await Promise.all([...inFlight, claiming]);
      }
    },
    async close() {
      closed = true;
      await this.settled();
    },
  };
}
