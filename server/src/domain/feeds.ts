/**
 * Atom feeds (RFC 4287) of a topic (new questions and answers), a board (new ideas and status changes,
 * with the official response) and a product (reviews): the latest 50 visible entries, newest first.
 * Every entry has an id (`urn:kith:<site>:<kind>:<id>`, stable for ever), a title, `published` and
 * `updated`, its author's name, a link to the post where it was written (with the hash that opens it)
 * and the post's sanitised HTML as `content type="html"`. A topic, board or product nobody wrote to yet
 * has an empty feed (they come into being on first write), never a 404.
 */
import type { FeedRef } from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import * as feedsDb from '../db/feeds.js';
import type { FeedEntryRow } from '../db/feeds.js';
import { POST_HASH, linkTo } from '../text.js';
import type { SiteRow } from '../db/sites.js';
import { siteName } from './mail.js';

export const FEED_ENTRIES = 50;

/** The path segment of each kind of feed (`/v1/feeds/<segment>/<key>.atom`). */
export const FEED_SEGMENTS: Record<FeedRef['kind'], string> = {
  topic: 'topics',
  board: 'boards',
  product: 'products',
};

// XML 1.0 allows neither these characters nor lone surrogates, even escaped.
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for XML content and attribute values: escaped, without characters XML cannot hold. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const urn = (...parts: string[]): string =>
  `urn:kith:${parts.map((p) => encodeURIComponent(p)).join(':')}`;

/** The URL of a feed below `base` (the server's public base URL). */
export function feedUrl(base: string, site: string, feed: FeedRef): string {
  return `${base}/v1/feeds/${FEED_SEGMENTS[feed.kind]}/${encodeURIComponent(feed.key)}.atom?site=${encodeURIComponent(site)}`;
}

const HASHES: Record<FeedEntryRow['kind'], string> = {
  question: POST_HASH.question,
  answer: POST_HASH.question,
  idea: POST_HASH.idea,
  status: POST_HASH.idea,
  review: POST_HASH.review,
};

const statusText = (row: FeedEntryRow): string =>
  row.statusLabel ?? (row.status ?? '').replace(/-/g, ' ');

function entryTitle(row: FeedEntryRow): string {
  switch (row.kind) {
    case 'answer':
      return `Answer: ${row.title}`;
    case 'status':
      return `"${row.title}" is now ${statusText(row)}`;
    case 'review':
      return row.title ? `${row.title} (${row.rating} of 5 stars)` : `${row.rating} of 5 stars`;
    default:
      return row.title;
  }
}

function entryHtml(row: FeedEntryRow): string {
  if (row.kind === 'status') {
    return `<p>Status: ${xmlText(statusText(row))}</p>${row.html ?? ''}`;
  }
  if (row.kind === 'review') return `<p>Rated ${row.rating} of 5 stars.</p>${row.html ?? ''}`;
  return row.html ?? '';
}

function entryXml(site: string, row: FeedEntryRow): string {
  const link = linkTo(row.pageUrl, `${HASHES[row.kind]}${row.parentId}`);
  return `<entry>
<id>${xmlText(urn(site, row.kind === 'status' ? 'idea-status' : row.kind, row.id))}</id>
<title type="text">${xmlText(entryTitle(row))}</title>
<published>${row.published}</published>
<updated>${row.updated}</updated>
<author><name>${xmlText(row.authorName)}</name></author>
${link ? `<link rel="alternate" type="text/html" href="${xmlText(link)}"/>\n` : ''}<content type="html">${xmlText(entryHtml(row))}</content>
</entry>
`;
}

const TITLES: Record<FeedRef['kind'], string> = {
  topic: 'Questions about',
  board: 'Ideas for',
  product: 'Reviews of',
};

/** The page a feed is about: its newest entry's page, without the hash. */
function alternateOf(rows: FeedEntryRow[]): string | null {
  const page = rows.find((r) => r.pageUrl)?.pageUrl;
  const url = linkTo(page, null);
  if (!url) return null;
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

/** The feed as Atom XML; `selfUrl` is its own absolute address. */
export async function buildFeed(
  db: Queryable,
  site: SiteRow,
  feed: FeedRef,
  selfUrl: string,
): Promise<string> {
  const read = {
    topic: feedsDb.topicEntries,
    board: feedsDb.boardEntries,
    product: feedsDb.productEntries,
  }[feed.kind];
  const rows = await read(db, site.id, feed.key, FEED_ENTRIES);
  const updated = rows.reduce((latest, r) => (r.updated > latest ? r.updated : latest), '');
  const name = siteName(site);
  const alternate = alternateOf(rows);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${xmlText(urn(site.id, feed.kind, feed.key))}</id>
<title type="text">${xmlText(`${TITLES[feed.kind]} ${feed.key} · ${name}`)}</title>
<updated>${updated || site.createdAt}</updated>
<author><name>${xmlText(name)}</name></author>
<generator>Kith</generator>
<link rel="self" type="application/atom+xml" href="${xmlText(selfUrl)}"/>
${alternate ? `<link rel="alternate" type="text/html" href="${xmlText(alternate)}"/>\n` : ''}${rows
    .map((row) => entryXml(site.id, row))
    .join('')}</feed>
`;
}
