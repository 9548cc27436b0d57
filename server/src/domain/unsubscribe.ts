/**
 * The unsubscribe link of every notification mail: `/v1/unsubscribe?site&member&sig`, where `sig` is
 * the HMAC-SHA256 of the site and the member with the site's secret (base64url). It works without
 * signing in; a forged or altered link changes nothing. GET answers a page with a button (mail
 * scanners follow links: only a POST unsubscribes), POST unsubscribes (RFC 8058 one-click, or the
 * button). The pages run no script and load nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import { unsubscribeMember } from '../db/notifications.js';
import type { SiteRow } from '../db/sites.js';

export const UNSUBSCRIBE_PATH = '/v1/unsubscribe';

export function unsubscribeSignature(site: Pick<SiteRow, 'id' | 'secret'>, member: string): string {
  return createHmac('sha256', site.secret)
    .update(`kith-unsubscribe\n${site.id}\n${member}`)
    .digest('base64url');
}

export function validSignature(
  site: Pick<SiteRow, 'id' | 'secret'>,
  member: string,
  sig: string,
): boolean {
  const expected = Buffer.from(unsubscribeSignature(site, member));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const query = (site: string, member: string, sig: string): string =>
  new URLSearchParams({ site, member, sig }).toString();

/** The absolute link for a mail; `base` is the server's public URL (`KITH_PUBLIC_URL`). */
export function unsubscribeUrl(
  base: string,
  site: Pick<SiteRow, 'id' | 'secret'>,
  member: string,
): string {
  return `${base}${UNSUBSCRIBE_PATH}?${query(site.id, member, unsubscribeSignature(site, member))}`;
}

/** Unsubscribes the member when the signature is theirs; false for a forged or altered link. */
export async function unsubscribe(
  db: Database,
  site: SiteRow,
  member: string,
  sig: string,
): Promise<boolean> {
  if (!validSignature(site, member, sig)) return false;
  await db.transaction((tx) => unsubscribeMember(tx, site.id, member));
  return true;
}

// ---- the pages -------------------------------------------------------------------------------------

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Headers of every page: nothing runs, nothing loads, nothing frames it, nothing caches it. */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
} as const;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** The confirmation page of a valid link: one button that POSTs the same link. */
export function confirmPage(site: string, member: string, sig: string): string {
  const action = `unsubscribe?${query(site, member, sig)}`;
  return page(
    'Stop notification emails?',
    `<p>You will get no more emails about replies, answers and updates from this community. Your
notifications in the community itself continue.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="confirm" value="unsubscribe">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

export const DONE_PAGE = page(
  'You are unsubscribed',
  '<p>You will get no more notification emails from this community.</p>',
);

export const INVALID_PAGE = page(
  'This link does not work',
  '<p>This unsubscribe link is incomplete or was changed. Use the link from the email as it is.</p>',
);
