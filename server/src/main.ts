/**
 * The Kith server: `node --import tsx server/src/main.ts` (development) or the compiled
 * `server/dist/server/src/main.js` (production).
 *
 * Environment: PORT (8787), HOST (127.0.0.1), DATABASE_URL (a PostgreSQL; else PGlite in KITH_DATA_DIR,
 * default `.kith-data/`), KITH_DEV=1 (dev token endpoint, the site `demo` with its seed, `/demo/` and
 * `/dist/` served from the same origin), KITH_DEV_SECRET, KITH_TRUST_PROXY (proxies to believe in
 * X-Forwarded-For), KITH_STATIC_ROOT (serve `/demo/` and `/dist/` from there), KITH_LOG_LEVEL,
 * KITH_JOBS_INTERVAL_MS (background jobs, 5000), KITH_WEBHOOK_TIMEOUT_MS (10000) and
 * KITH_WEBHOOK_RETRY_MS (the first retry's wait, 30000; docs/webhooks.md), KITH_SMTP_URL (notification
 * mail; unset: none), KITH_MAIL_FROM, KITH_PUBLIC_URL (this server's public address, for links in mail
 * and feeds; required with KITH_SMTP_URL).
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import type { Database } from './db/database.js';
import { deleteOldKeys } from './db/idempotency.js';
import { autovacuum } from './db/maintenance.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { deleteUnattachedPhotos } from './db/photos.js';
import { deleteOldViews } from './db/views.js';
import { deleteOldDeliveries } from './db/webhooks.js';
import { deleteOldCounters } from './db/rate-limits.js';
import { ensureDevSecret, setUpDevSite } from './dev.js';
import { mailConfig } from './domain/mail.js';
import { escalationJob } from './jobs/escalation.js';
import { mailJob } from './jobs/mail.js';
import { jobsIntervalMs, startJobs, type JobRunner } from './jobs/runner.js';
import { createWebhookJob, webhookRetryMs, webhookTimeoutMs } from './jobs/webhooks.js';
import { ReadLimiter } from './domain/rate-limits.js';
import { parseTrustProxy } from './http/client-ip.js';
import { createLogger, type Logger } from './log.js';
import { dataDirFromEnv, repoRoot } from './paths.js';

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  /** The background jobs (escalation, webhooks, mail); `runOnce()` for tests. */
  jobs: JobRunner;
  close(): Promise<void>;
}

function listen(
  app: ReturnType<typeof createApp>,
  port: number,
  host: string,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host });
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export async function startServer(
  env: NodeJS.ProcessEnv = process.env,
  log: Logger = createLogger(env.KITH_LOG_LEVEL),
): Promise<RunningServer> {
  const dev = env.KITH_DEV === '1' || env.KITH_DEV === 'true';
  const host = env.HOST || '127.0.0.1';
  const portGiven = env.PORT !== undefined && env.PORT !== '';
  const firstPort = portGiven ? Number(env.PORT) : 8787;
  if (!Number.isInteger(firstPort) || firstPort < 0 || firstPort > 65535) {
    throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  }

  const jobInterval = jobsIntervalMs(env);
  // Mail settings that cannot work stop the start, saying what to change (unset: no mail).
  mailConfig(env);
  // Checked now, so that a wrong value stops the start instead of every delivery.
  webhookTimeoutMs(env);
  webhookRetryMs(env);
  const db = await openDatabase(env, log);
  try {
    const applied = await migrate(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
    if (dev) {
      const secret = ensureDevSecret(env, dataDirFromEnv(env));
      const { seeded } = await setUpDevSite(db, secret);
      if (seeded) log.info('demo data seeded into the site "demo"');
    }
    // PGlite runs no autovacuum (see db/maintenance.ts): check what is due now and every 10 s.
    let vacuuming = false;
    const vacuum = async (): Promise<void> => {
      if (db.kind !== 'pglite' || vacuuming) return;
      vacuuming = true;
      try {
        const done = await autovacuum(db);
        if (done.length) log.debug({ done }, 'autovacuum');
      } finally {
        vacuuming = false;
      }
    };
    await vacuum();
    const staticRoot = env.KITH_STATIC_ROOT || (dev ? repoRoot : null);
    const reads = new ReadLimiter(db, {
      onError: (err) => log.warn({ err }, 'could not share the read counts'),
    });
    const app = createApp({
      reads,
      db,
      dev,
      log,
      trustProxy: parseTrustProxy(env.KITH_TRUST_PROXY),
      staticRoot,
    });

    let server: ServerType | undefined;
    // Development tries the next ports when the default one is busy; an explicit PORT is taken as is.
    const attempts = dev && !portGiven ? 20 : 1;
    for (let port = firstPort; !server; port++) {
      try {
        server = await listen(app, port, host);
      } catch (error) {
        if (
          (error as NodeJS.ErrnoException).code !== 'EADDRINUSE' ||
          port >= firstPort + attempts - 1
        ) {
          throw error;
        }
        log.warn(`port ${port} is busy, trying ${port + 1}`);
      }
    }
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    const janitor = setInterval(
      () => {
        // Photos uploaded but never attached to a review go after a day; the webhook delivery log
        // keeps 30 days; view beacon events 400.
        Promise.all([
          deleteOldKeys(db),
          deleteOldCounters(db),
          deleteUnattachedPhotos(db),
          deleteOldDeliveries(db),
          deleteOldViews(db),
        ]).catch((err) => log.warn({ err }, 'cleanup failed'));
      },
      10 * 60 * 1000,
    );
    janitor.unref();
    const vacuumer = setInterval(() => {
      vacuum().catch((err) => log.warn({ err }, 'autovacuum failed'));
    }, 10_000);
    vacuumer.unref();
    const jobs = startJobs(
      { db, log, dev, env },
      [escalationJob, createWebhookJob(), mailJob],
      jobInterval,
    );

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        clearInterval(janitor);
        clearInterval(vacuumer);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await jobs.close();
        await reads.close();
        await db.close();
      })());
    return { url, port, db, jobs, close };
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function main(): Promise<void> {
  const log = createLogger(process.env.KITH_LOG_LEVEL);
  let running: RunningServer;
  try {
    running = await startServer(process.env, log);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Kith server: could not start: ${message}`);
    process.exit(1);
  }
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      running.close().then(
        () => process.exit(0),
        (error) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  // Printed once shutdown is handled: a supervisor may send SIGTERM as soon as it reads this line.
  const dev = process.env.KITH_DEV === '1' || process.env.KITH_DEV === 'true';
  console.log(dev ? `Kith demo: ${running.url}/demo/` : `Kith server: ${running.url}/v1`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
