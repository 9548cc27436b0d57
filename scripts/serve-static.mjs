/**
 * A tiny static file server (node:http only) for `npm start`, the end-to-end tests and the benchmarks.
 *
 *   const { url, close } = await startStaticServer({ root: repoRoot });
 *   await page.goto(`${url}/demo/`);
 *   await close();
 *
 * `url` is the origin without a trailing slash (`http://127.0.0.1:43211`). `/` serves
 * `/demo/index.html`, a directory its `index.html`. `headers(pathname)` may add or override response
 * headers per request (a Content-Security-Policy, say). Caching mirrors a CDN: `dist/chunks/*` are
 * content-hashed (a year, immutable); `dist/kith.js`, HTML and everything else are `no-cache`.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_TYPES = {
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
  '.md': 'text/markdown; charset=utf-8',
};

/** The repository root (this file lives in `scripts/`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function cacheControl(pathname) {
  if (pathname.startsWith('/dist/chunks/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/**
 * @param {{ root?: string, port?: number, host?: string,
 *           headers?: (pathname: string) => Record<string, string> | undefined }} [options]
 * @returns {Promise<{ url: string, port: number, server: http.Server, close: () => Promise<void> }>}
 */
export function startStaticServer({ root = repoRoot, port = 0, host = '127.0.0.1', headers } = {}) {
  const base = path.resolve(root);

  const server = http.createServer(async (req, res) => {
    const send = (status, body, extra = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      }
      let pathname;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      } catch {
        return send(400, 'Bad Request\n');
      }
      if (pathname.includes('\0')) return send(400, 'Bad Request\n');
      pathname = path.posix.normalize(pathname);
      if (pathname === '/') pathname = '/demo/index.html';

      let file = path.resolve(base, '.' + pathname);
      if (file !== base && !file.startsWith(base + path.sep)) return send(403, 'Forbidden\n');

      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!pathname.endsWith('/')) {
          return send(301, '', { Location: encodeURI(pathname) + '/' });
        }
        file = path.join(file, 'index.html');
        pathname += 'index.html';
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return send(404, 'Not Found\n');

      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': info.size,
        'Cache-Control': cacheControl(pathname),
        'X-Content-Type-Options': 'nosniff',
        ...headers?.(pathname),
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch (error) {
      if (!res.headersSent) send(500, 'Internal Server Error\n');
      else res.destroy();
      console.error(error);
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
      const hostname = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${hostname}:${actual}`,
        port: actual,
        server,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
