/** Atom feeds of a topic, a board and a product: public reads, cached briefly, with ETag/304. */
import { createHash } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import type { FeedRef } from '../../../src/core/types.js';
import { FEED_SEGMENTS, buildFeed, feedUrl } from '../domain/feeds.js';
import { publicBaseUrl } from '../domain/mail.js';
import { notFound } from '../errors.js';
import { FeedParam, LIMITS, SiteQuery } from '../schemas.js';
import { NOT_MODIFIED, READ_ERRORS, type RegisterRoutes } from './common.js';

const SUMMARIES: Record<FeedRef['kind'], string> = {
  topic: "A topic's new questions and answers (Atom; the topic percent-encoded, then `.atom`).",
  board: "A board's new ideas and status changes with the official response (Atom).",
  product: "A product's reviews (Atom).",
};

/** The server's public base: `KITH_PUBLIC_URL` when set, else the origin the request came to. */
function baseOf(requestUrl: string): string {
  try {
    const base = publicBaseUrl(process.env);
    if (base) return base;
  } catch {
    // an unusable KITH_PUBLIC_URL is reported by the mail job; feeds use the request's origin
  }
  return new URL(requestUrl).origin;
}

function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === tag);
}

export const registerFeedRoutes: RegisterRoutes = (app, deps, mw) => {
  for (const kind of ['topic', 'board', 'product'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/v1/feeds/${FEED_SEGMENTS[kind]}/{file}`,
        summary: SUMMARIES[kind],
        middleware: [mw.site, mw.readLimit],
        request: { params: FeedParam, query: SiteQuery },
        responses: {
          200: {
            description:
              'An Atom feed of the latest 50 entries (empty when nothing was written yet).',
            content: { 'application/atom+xml': { schema: { type: 'string' } } },
          },
          304: NOT_MODIFIED,
          ...READ_ERRORS,
        },
      }),
      async (c) => {
        const { file } = c.req.valid('param');
        const key = file.endsWith('.atom') ? file.slice(0, -'.atom'.length) : '';
        if (!key || key.length > LIMITS.topic || key.trim() !== key) {
          throw notFound(
            'There is no such feed: use /v1/feeds/{topics|boards|products}/<key>.atom.',
          );
        }
        const site = c.get('site');
        const feed: FeedRef = { kind, key };
        const xml = await buildFeed(deps.db, site, feed, feedUrl(baseOf(c.req.url), site.id, feed));
        const tag = `"${createHash('sha1').update(xml).digest('base64url')}"`;
        const headers = {
          ETag: tag,
          'Cache-Control': 'public, max-age=300',
          'X-Content-Type-Options': 'nosniff',
        };
        if (matches(c.req.header('if-none-match'), tag)) return c.body(null, 304, headers) as never;
        return c.body(xml, 200, {
          ...headers,
          'Content-Type': 'application/atom+xml; charset=utf-8',
        }) as never;
      },
    );
  }
};
