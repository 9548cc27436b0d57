/**
 * Notification mail: the settings it needs from the environment, and one notification as a mail
 * (plain text and simple HTML, every piece of user text escaped, an unsubscribe link and the RFC 8058
 * headers). Sending is the mail job's (`jobs/mail.ts`).
 *
 * Environment: `KITH_SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…:465`; unset: no mail),
 * `KITH_MAIL_FROM` (`Acme Community <community@acme.com>`; default `no-reply@` the public host),
 * `KITH_PUBLIC_URL` (the server's public address, e.g. `https://community.acme.com`: links in mail
 * must be absolute and the server cannot know how it is reached; required with `KITH_SMTP_URL`).
 */
import type { MailRow } from '../db/notifications.js';
import type { SiteRow } from '../db/sites.js';
import { escapeHtml, unsubscribeUrl } from './unsubscribe.js';

export interface MailConfig {
  /** The SMTP connection URL, with default timeouts added. */
  smtpUrl: string;
  from: string;
  /** The server's public base (no trailing slash, no `/v1`). */
  publicUrl: string;
}

/** The server's public base URL from `KITH_PUBLIC_URL`, or `null` when unset; throws when unusable. */
export function publicBaseUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.KITH_PUBLIC_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`KITH_PUBLIC_URL must be an absolute http(s) URL, not "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`KITH_PUBLIC_URL must be an absolute http(s) URL, not "${raw}".`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/**
 * What the mail job needs, or `null` when `KITH_SMTP_URL` is not set (no mail). Throws, saying what
 * to change, when the settings are unusable.
 */
export function mailConfig(env: NodeJS.ProcessEnv): MailConfig | null {
  const raw = env.KITH_SMTP_URL?.trim();
  if (!raw) return null;
  let smtp: URL;
  try {
    smtp = new URL(raw);
  } catch {
    throw new Error('KITH_SMTP_URL must be a URL like smtp://user:password@smtp.example.com:587.');
  }
  if (smtp.protocol !== 'smtp:' && smtp.protocol !== 'smtps:') {
    throw new Error('KITH_SMTP_URL must start with smtp:// or smtps://.');
  }
  // A mail server that does not answer must not hold the job for minutes (nodemailer's defaults).
  for (const [key, ms] of [
    ['connectionTimeout', '15000'],
    ['greetingTimeout', '15000'],
    ['socketTimeout', '60000'],
  ] as const) {
    if (!smtp.searchParams.has(key)) smtp.searchParams.set(key, ms);
  }
  const publicUrl = publicBaseUrl(env);
  if (!publicUrl) {
    throw new Error(
      'KITH_SMTP_URL is set but KITH_PUBLIC_URL is not: notification mail links to posts and to ' +
        'its unsubscribe page, so it needs the public address of this server ' +
        '(e.g. KITH_PUBLIC_URL=https://community.example.com). No mail is sent until it is set.',
    );
  }
  const from = env.KITH_MAIL_FROM?.trim() || `no-reply@${new URL(publicUrl).hostname}`;
  if (/[\r\n]/.test(from)) throw new Error('KITH_MAIL_FROM must be one line.');
  return { smtpUrl: smtp.href, from, publicUrl };
}

/** The site's name in mail: settings `email.name`, else its id. */
export function siteName(site: SiteRow): string {
  const email = site.settings.email as { name?: unknown } | undefined;
  return typeof email?.name === 'string' && email.name ? email.name : site.id;
}

/** Whether the site sends notification mail (settings `email.enabled`, default true). */
export function siteSendsMail(site: SiteRow): boolean {
  const email = site.settings.email as { enabled?: unknown } | undefined;
  return email?.enabled !== false;
}

const headerText = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/** What the mail says first, and its subject, by kind. */
function wording(row: MailRow): { subject: string; headline: string } {
  const who = row.actorName ?? 'Someone';
  switch (row.kind) {
    case 'answer.posted':
      return {
        subject: `New answer: ${row.title}`,
        headline: `${who} answered a question you follow.`,
      };
    case 'answer.accepted':
      return {
        subject: `Your answer was accepted: ${row.title}`,
        headline: `${who} accepted your answer.`,
      };
    case 'question.escalated':
      return {
        subject: `Your question went to our support team: ${row.title}`,
        headline: 'Your question was passed on to our support team.',
      };
    case 'idea.status-changed':
      return { subject: row.title, headline: 'An idea you follow has a new status.' };
    case 'idea.commented':
      return {
        subject: `New comment: ${row.title}`,
        headline: `${who} commented on an idea you follow.`,
      };
    case 'review.replied':
      return {
        subject: `A reply to your review: ${row.title}`,
        headline: `${who} replied to your review.`,
      };
    case 'badge.awarded':
      return { subject: `You earned a badge: ${row.title}`, headline: 'You earned a badge.' };
    // The title is the community's name (the subject has it already); the excerpt is the reason.
    case 'member.warned':
      return { subject: 'A warning from the moderators', headline: 'A moderator warned you.' };
    case 'member.suspended':
      return {
        subject: 'Your account is suspended',
        headline: 'A moderator suspended your account: you can read, but not write, for now.',
      };
    default:
      return { subject: row.title, headline: 'There is news in the community.' };
  }
}

export interface Mail {
  from: string | { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** The sender: `KITH_MAIL_FROM`, with the site's name (settings `email.name`) when one is set. */
function sender(config: MailConfig, site: SiteRow): Mail['from'] {
  const email = site.settings.email as { name?: unknown } | undefined;
  if (typeof email?.name !== 'string' || !email.name) return config.from;
  const address = /<([^<>\s]+)>\s*$/.exec(config.from)?.[1] ?? config.from;
  return { name: headerText(email.name), address };
}

/** One notification as a mail to `row.email`. */
export function composeMail(row: MailRow, site: SiteRow, config: MailConfig): Mail {
  const { subject, headline } = wording(row);
  const name = siteName(site);
  const unsubscribe = unsubscribeUrl(config.publicUrl, site, row.member);
  const link = row.pageUrl;
  const text = [
    headline,
    '',
    row.title,
    ...(row.excerpt ? ['', row.excerpt] : []),
    ...(link ? ['', `Read it: ${link}`] : []),
    '',
    '-- ',
    `You get this email from ${name} because of your activity there.`,
    `Unsubscribe: ${unsubscribe}`,
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body>
<p>${e(headline)}</p>
<p><strong>${e(row.title)}</strong></p>
${row.excerpt ? `<blockquote>${e(row.excerpt)}</blockquote>\n` : ''}${
    link ? `<p><a href="${e(link)}">Read it</a></p>\n` : ''
  }<hr>
<p><small>You get this email from ${e(name)} because of your activity there.
<a href="${e(unsubscribe)}">Unsubscribe</a></small></p>
</body>
</html>
`;
  return {
    from: sender(config, site),
    to: row.email!,
    subject: headerText(`[${name}] ${subject}`),
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
      'X-Kith-Notification': row.id,
    },
  };
}
