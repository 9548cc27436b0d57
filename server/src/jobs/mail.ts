/**
 * Sends notification mail through SMTP (`KITH_SMTP_URL`; see `domain/mail.ts`). Each run claims the
 * due notifications in batches (`FOR UPDATE SKIP LOCKED` and a lease: several instances never hold
 * one mail at once), sends each, and marks it sent. A temporary failure is tried again later (after
 * 1 min, 5 min, 30 min, 2 h), a permanent one (an SMTP 5xx) or the fifth failure gives up with a log
 * line. Mail for members without an address, unsubscribed, or for notifications already read or more
 * than three days old is skipped. Without `KITH_SMTP_URL` pending mail older than that is skipped too.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { claimDueMail, settleMail, skipStaleMail, type MailRow } from '../db/notifications.js';
import { getSite, type SiteRow } from '../db/sites.js';
import { composeMail, mailConfig, siteSendsMail, type MailConfig } from '../domain/mail.js';
import type { Job, JobContext } from './runner.js';

export interface MailJobOptions {
  /** Notifications claimed at once (default 20). */
  batch?: number;
  /** Batches per run at most (default 10): the rest waits for the next run. */
  batchesPerRun?: number;
  /** How long a claim lasts (s, default 600): after that another instance may send it. */
  leaseSeconds?: number;
  /** Attempts before giving up (default 5). */
  maxAttempts?: number;
  /** Seconds before attempt n + 1 after n failed (default 60, 300, 1800, 7200). */
  retryDelays?: number[];
  /** Older mail is not sent any more (s, default three days). */
  maxAgeSeconds?: number;
}

const isPermanent = (error: unknown): boolean => {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

export function createMailJob(options: MailJobOptions = {}): Job {
  const batch = options.batch ?? 20;
  const batchesPerRun = options.batchesPerRun ?? 10;
  const leaseSeconds = options.leaseSeconds ?? 600;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelays = options.retryDelays ?? [60, 300, 1800, 7200];
  const maxAgeSeconds = options.maxAgeSeconds ?? 3 * 24 * 3600;
  let config: MailConfig | null | undefined;
  let configError: string | null = null;
  let transporter: Transporter | null = null;

  /** The settings, read once; an unusable setting is logged once and sends nothing. */
  const configured = (ctx: JobContext): MailConfig | null => {
    if (config !== undefined) return config;
    try {
      config = mailConfig(ctx.env);
    } catch (error) {
      config = null;
      configError = (error as Error).message;
      ctx.log.error(`notification mail is off: ${configError}`);
    }
    if (config) ctx.log.info({ from: config.from }, 'notification mail on');
    return config;
  };

  async function deliver(
    ctx: JobContext,
    cfg: MailConfig,
    row: MailRow,
    site: SiteRow | null,
  ): Promise<void> {
    const ageSeconds = (Date.now() - Date.parse(row.createdAt)) / 1000;
    if (
      !site ||
      !siteSendsMail(site) ||
      !row.email ||
      row.unsubscribed ||
      row.read ||
      ageSeconds > maxAgeSeconds
    ) {
      await settleMail(ctx.db, row.id, 'skipped');
      return;
    }
    transporter ??= nodemailer.createTransport(cfg.smtpUrl);
    try {
      await transporter.sendMail(composeMail(row, site, cfg));
    } catch (error) {
      if (isPermanent(error) || row.attempts >= maxAttempts) {
        ctx.log.warn(
          { err: error, notification: row.id, site: row.site, attempts: row.attempts },
          'notification mail dropped',
        );
        await settleMail(ctx.db, row.id, 'failed');
      } else {
        const delay = retryDelays[Math.min(row.attempts, retryDelays.length) - 1] ?? 60;
        ctx.log.info(
          { err: error, notification: row.id, attempts: row.attempts, retryIn: delay },
          'notification mail failed; will retry',
        );
        await settleMail(ctx.db, row.id, 'retry', delay);
      }
      return;
    }
    await settleMail(ctx.db, row.id, 'sent');
  }

  return {
    name: 'mail',
    async run(ctx) {
      const cfg = configured(ctx);
      if (!cfg) {
        await skipStaleMail(ctx.db, maxAgeSeconds);
        return;
      }
      const sites = new Map<string, Promise<SiteRow | null>>();
      for (let n = 0; n < batchesPerRun; n++) {
        const rows = await claimDueMail(ctx.db, batch, leaseSeconds);
        for (const row of rows) {
          let site = sites.get(row.site);
          if (!site) sites.set(row.site, (site = getSite(ctx.db, row.site)));
          await deliver(ctx, cfg, row, await site);
        }
        if (rows.length < batch) break;
      }
    },
    async close() {
      transporter?.close();
      transporter = null;
    },
  };
}

export const mailJob: Job = createMailJob();
