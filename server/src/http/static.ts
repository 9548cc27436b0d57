/**
 * Development: the repository's `/demo/` and `/dist/` from the API's own origin (as
 * scripts/serve-static.mjs does), `/` redirecting to `/demo/`. Content-hashed `dist/chunks/*` are
 * cached for a year; everything else is `no-cache`.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SERVED = ['/demo/', '/dist/'];

export function serveStatic(root: string): MiddlewareHandler<AppEnv> {
  const base = path.resolve(root);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    if (pathname === '/') return c.redirect('/demo/', 302);
    if (pathname === '/demo' || pathname === '/dist') return c.redirect(`${pathname}/`, 301);
    if (!SERVED.some((prefix) => pathname.startsWith(prefix)) || pathname.includes('\0'))
      return next();
    pathname = path.posix.normalize(pathname);
    if (!SERVED.some((prefix) => pathname.startsWith(prefix))) return next();
    let file = path.resolve(base, `.${pathname}`);
    if (!file.startsWith(base + path.sep)) return next();
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) return c.redirect(`${encodeURI(pathname)}/`, 301);
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return next();
    const headers = {
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
      'Cache-Control': pathname.startsWith('/dist/chunks/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    const stream = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream;
    return c.body(stream, 200, headers);
  };
}
