/**
 * Background jobs inside the server: escalation of unanswered questions, webhook deliveries and
 * notification mail. Every instance runs them; they share work through the database (rows claimed with
 * `FOR UPDATE SKIP LOCKED`), so several instances on one PostgreSQL never do a piece of work twice and
 * nothing lives in process memory. Each job runs at most once at a time per instance.
 */
import type { Database } from '../db/database.js';
import type { Logger } from '../log.js';

export interface JobContext {
  db: Database;
  log: Logger;
  /** `KITH_DEV=1`: webhooks may call private and loopback addresses. */
  dev: boolean;
  env: NodeJS.ProcessEnv;
}

export interface Job {
  name: string;
  /** Does what is due now; resolves when done (the runner waits for it before the next tick). */
  run(ctx: JobContext): Promise<void>;
  /** Called on shutdown, after the last run finished (close connections, …). */
  close?(): Promise<void>;
}

export interface JobRunner {
  /** Runs every job once now (tests), waiting for runs in progress first. */
  runOnce(): Promise<void>;
  close(): Promise<void>;
}

/** How often jobs run: `KITH_JOBS_INTERVAL_MS` (default 5000; tests use less). */
export function jobsIntervalMs(env: NodeJS.ProcessEnv): number {
  const raw = env.KITH_JOBS_INTERVAL_MS;
  if (raw === undefined || raw === '') return 5000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 10) {
    throw new Error(`KITH_JOBS_INTERVAL_MS must be a number of milliseconds ≥ 10, not "${raw}".`);
  }
  return value;
}

export function startJobs(ctx: JobContext, jobs: Job[], intervalMs: number): JobRunner {
  const running = new Map<Job, Promise<void>>();
  let closed = false;
  const runJob = (job: Job): Promise<void> => {
    const current = running.get(job);
    if (current) return current;
    const run = job
      .run(ctx)
      .catch((err: unknown) => ctx.log.warn({ err, job: job.name }, 'job failed'))
      .finally(() => running.delete(job));
    running.set(job, run);
    return run;
  };
  const tick = (): void => {
    if (closed) return;
    for (const job of jobs) void runJob(job);
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  // First run soon after start (not during it: migrations and the seed come first).
  setTimeout(tick, Math.min(intervalMs, 1000)).unref();
  return {
    async runOnce() {
      await Promise.all([...running.values()]);
      await Promise.all(jobs.map(runJob));
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await Promise.all([...running.values()]);
      for (const job of jobs) await job.close?.();
    },
  };
}
