/**
 * Notification mail through a local SMTP server (smtp-server, started here): a notification is mailed
 * once, with the RFC 8058 unsubscribe headers and every piece of user text escaped in the HTML; the
 * unsubscribe link's page, its one-click POST, forged and altered links; retries and giving up; no
 * mail without KITH_PUBLIC_URL. On PGlite.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../src/db/database.js';
import { createMailJob, type MailJobOptions } from '../src/jobs/mail.js';
import type { JobContext } from '../src/jobs/runner.js';
import { silentLogger } from '../src/log.js';
import {
  SITE,
  client,
  countRows,
  openTestDatabase,
  resetDatabase,
  token,
  type Client,
  type TestDatabase,
} from './helpers.js';

interface Received {
  to: string[];
  headers: Map<string, string>;
  text: string;
  html: string;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`), as nodemailer writes headers with special characters. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) =>
                String.fromCharCode(parseInt(hex, 16)),
              ),
            'latin1',
          ).toString('utf8'),
    );
}

/** Enough MIME for nodemailer's output: headers, multipart/alternative, quoted-printable, base64. */
function parseMime(raw: string): { headers: Map<string, string>; parts: Map<string, string> } {
  const split = (block: string) => {
    const at = block.indexOf('\r\n\r\n');
    const head = block.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
    const headers = new Map<string, string>();
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    return { headers, body: block.slice(at + 4) };
  };
  const decode = (headers: Map<string, string>, body: string): string => {
    const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
    if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
    if (encoding === 'quoted-printable') {
      const latin1 = body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(latin1, 'latin1').toString('utf8');
    }
    return body;
  };
  const top = split(raw);
  const parts = new Map<string, string>();
  const boundary = /boundary="?([^";]+)"?/.exec(top.headers.get('content-type') ?? '')?.[1];
  const blocks = boundary
    ? top.body.split(`--${boundary}`).slice(1, -1)
    : [raw.slice(0, raw.indexOf('\r\n\r\n') + 4) + top.body];
  for (const block of blocks) {
    const part = boundary ? split(block.replace(/^\r\n/, '')) : top;
    const type = (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim();
    parts.set(type, decode(part.headers, part.body));
  }
  return { headers: top.headers, parts };
}

describe('Notification mail', () => {
  let handle: TestDatabase;
  let db: Database;
  let api: Client;
  let smtp: SMTPServer;
  let port: number;
  let received: Received[] = [];
  /** Recipients the server refuses: 550 (permanent) or 451 (try later). */
  const refuse = new Map<string, number>();
  let ada: string;
  let ben: string;

  const env = () => ({
    KITH_SMTP_URL: `smtp://127.0.0.1:${port}`,
    KITH_PUBLIC_URL: 'https://community.example/',
    KITH_MAIL_FROM: 'Shop Community <community@shop.example>',
  });
  const context = (overrides: Partial<JobContext> = {}): JobContext => ({
    db,
    log: silentLogger,
    dev: false,
    env: env(),
    ...overrides,
  });
  /** Runs a fresh mail job once (and closes its connection). */
  async function runJob(options: MailJobOptions = {}, ctx = context()): Promise<void> {
    const job = createMailJob(options);
    try {
      await job.run(ctx);
    } finally {
      await job.close?.();
    }
  }

  before(async () => {
    handle = await openTestDatabase('pglite');
    db = handle.db;
    api = client(db);
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const code = refuse.get(address.address);
        if (!code) return callback();
        const error = new Error(code >= 500 ? 'No such mailbox' : 'Try again later') as Error & {
          responseCode: number;
        };
        error.responseCode = code;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const { headers, parts } = parseMime(Buffer.concat(chunks).toString('utf8'));
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            headers,
            text: parts.get('text/plain') ?? '',
            html: parts.get('text/html') ?? '',
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
    [ada, ben] = await Promise.all([
      token('m_ada', { email: 'ada@example.com' }),
      token('m_ben', { email: 'ben@example.com' }),
    ]);
  });
  after(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await handle?.close();
  });
  beforeEach(async () => {
    await resetDatabase(db);
    received = [];
    refuse.clear();
  });

  const TITLE = '<script>alert(1)</script> & ]]> "tent"';
  async function askAndAnswer(answerBody = 'It is <img src=x onerror=alert(1)> **dry** & warm.') {
    const q = await api.request('POST', '/v1/questions', {
      token: ada,
      body: {
        topic: 'tent',
        title: TITLE,
        body: 'Well?',
        pageUrl: 'https://shop.example/tent?x=1&y=<2>',
      },
    });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    const a = await api.request('POST', `/v1/questions/${q.body.id}/answers`, {
      token: ben,
      body: { body: answerBody },
    });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    return q.body.id as string;
  }
  const mailStates = async () =>
    (
      await db.query<{ member: string; email_state: string | null; email_attempts: number }>(
        'SELECT member, email_state, email_attempts FROM notifications ORDER BY id',
      )
    ).rows.map((r) => [r.member, r.email_state, Number(r.email_attempts)]);

  it('mails a notification once, escaped, with one-click unsubscribe headers', async () => {
    const questionId = await askAndAnswer();
    await Promise.all([runJob(), runJob()]);
    await runJob();
    assert.equal(received.length, 1, 'exactly one mail');
    const [mail] = received;
    assert.deepEqual(mail!.to, ['ada@example.com']);
    assert.equal(mail!.headers.get('from'), 'Shop Community <community@shop.example>');
    assert.equal(decodeWords(mail!.headers.get('subject')!), `[test] New answer: ${TITLE}`);
    const unsubscribe = /^<(https:\/\/community\.example\/v1\/unsubscribe\?[^>]+)>$/.exec(
      mail!.headers.get('list-unsubscribe') ?? '',
    )?.[1];
    assert.ok(unsubscribe, mail!.headers.get('list-unsubscribe') ?? 'no List-Unsubscribe');
    assert.equal(mail!.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    // The HTML holds user text only escaped; the text part holds it as it is.
    assert.ok(!/<script|<img|onerror=alert\(1\)>/i.test(mail!.html), mail!.html);
    assert.ok(
      mail!.html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; &quot;tent&quot;'),
    );
    assert.ok(mail!.html.includes('It is &lt;img src=x onerror=alert(1)&gt; dry &amp; warm.'));
    const link = `https://shop.example/tent?x=1&y=%3C2%3E#kith-question-${questionId}`;
    assert.ok(mail!.html.includes(`<a href="${link.replace(/&/g, '&amp;')}">`), mail!.html);
    assert.ok(mail!.text.includes(TITLE));
    assert.ok(mail!.text.includes('It is <img src=x onerror=alert(1)> dry & warm.'));
    assert.ok(mail!.text.includes(`Read it: ${link}`));
    assert.ok(mail!.text.includes(`Unsubscribe: ${unsubscribe}`));
    assert.deepEqual(await mailStates(), [['m_ada', 'sent', 1]]);

    // The link's page: a button, no script, a strict policy.
    const path = unsubscribe!.replace('https://community.example', '');
    const page = await api.request('GET', path);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    assert.match(page.headers.get('content-security-policy')!, /default-src 'none'/);
    assert.match(page.headers.get('content-security-policy')!, /form-action 'self'/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.match(
      page.body,
      /<form method="post" action="unsubscribe\?site=test&amp;member=m_ada&amp;sig=/,
    );
    assert.doesNotMatch(page.body, /<script/i);
    assert.equal(
      await countRows(db, 'members', 'email_unsubscribed_at IS NOT NULL'),
      0,
      'GET alone',
    );

    // One click (RFC 8058): unsubscribed; in-app notifications continue, mail does not.
    const click = await api.request('POST', path, {
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(click.status, 200, click.body);
    assert.match(click.body, /unsubscribed/);
    assert.equal(await countRows(db, 'members', 'email_unsubscribed_at IS NOT NULL'), 1);
    await api.request('POST', `/v1/questions/${questionId}/answers`, {
      token: ben,
      body: { body: 'One more thing.' },
    });
    await runJob();
    assert.equal(received.length, 1, 'no more mail');
    assert.deepEqual(await mailStates(), [
      ['m_ada', 'sent', 1],
      ['m_ada', null, 0],
    ]);
    // Clicking again is harmless.
    assert.equal((await api.request('POST', path, { rawBody: '' })).status, 200);
  });

  it('a forged or altered link changes nothing', async () => {
    await askAndAnswer();
    await runJob();
    const url = /<([^>]+)>/.exec(received[0]!.headers.get('list-unsubscribe')!)![1]!;
    const good = new URL(url);
    const variants: string[] = [];
    const sig = good.searchParams.get('sig')!;
    const altered = (key: string, value: string) => {
      const u = new URL(good);
      u.searchParams.set(key, value);
      variants.push(u.pathname + u.search);
    };
    altered('sig', `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`);
    altered('sig', '');
    altered('member', 'm_ben');
    altered('site', 'other');
    const withoutSig = new URL(good);
    withoutSig.searchParams.delete('sig');
    variants.push(withoutSig.pathname + withoutSig.search);
    for (const path of variants) {
      for (const method of ['GET', 'POST']) {
        const res = await api.request(
          method,
          path,
          method === 'POST' ? { rawBody: 'List-Unsubscribe=One-Click' } : {},
        );
        assert.equal(res.status, 400, `${method} ${path}`);
        assert.match(res.body, /does not work/);
        assert.doesNotMatch(res.body, /<script/i);
      }
    }
    assert.equal(await countRows(db, 'members', 'email_unsubscribed_at IS NOT NULL'), 0);
  });

  it('retries a temporary failure, gives up on a permanent one or after the last attempt', async () => {
    refuse.set('ada@example.com', 451);
    await askAndAnswer();
    await runJob({ retryDelays: [0], maxAttempts: 2 });
    assert.deepEqual(await mailStates(), [['m_ada', 'pending', 1]]);
    await runJob({ retryDelays: [0], maxAttempts: 2 });
    assert.deepEqual(await mailStates(), [['m_ada', 'failed', 2]]);
    await runJob({ retryDelays: [0], maxAttempts: 2 });
    assert.equal(received.length, 0);

    await db.query('DELETE FROM notifications');
    refuse.set('ada@example.com', 550);
    await askAndAnswer();
    await runJob();
    assert.deepEqual(await mailStates(), [['m_ada', 'failed', 1]], 'a 5xx is final');

    // A notification already read is not mailed; the address may be back by then.
    await db.query('DELETE FROM notifications');
    refuse.clear();
    await askAndAnswer();
    await db.query('UPDATE notifications SET read_at = now()');
    await runJob();
    assert.deepEqual(await mailStates(), [['m_ada', 'skipped', 1]]);
    assert.equal(received.length, 0);
  });

  it('sends nothing without KITH_PUBLIC_URL, and says so in the log', async () => {
    await askAndAnswer();
    const lines: string[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const { KITH_PUBLIC_URL: _, ...withoutUrl } = env();
    await runJob({}, context({ log, env: withoutUrl }));
    assert.equal(received.length, 0);
    assert.deepEqual(await mailStates(), [['m_ada', 'pending', 0]]);
    assert.ok(
      lines.some((line) => /KITH_PUBLIC_URL/.test(line) && /"level":50/.test(line)),
      lines.join(''),
    );
    // Without SMTP at all, mail that waited too long is given up.
    await db.query(`UPDATE notifications SET email_due_at = now() - interval '4 days'`);
    await runJob({}, context({ env: {} }));
    assert.deepEqual(await mailStates(), [['m_ada', 'skipped', 0]]);
    assert.equal(SITE, 'test');
  });
});
