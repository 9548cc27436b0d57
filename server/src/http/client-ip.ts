/**
 * The client's IP address, for per-IP rate limits. With `KITH_TRUST_PROXY=N` (N proxies in front of the
 * server, e.g. 1) it is the Nth address from the right of `X-Forwarded-For` — the one the nearest
 * trusted proxy saw; addresses further left are the client's own claims. Otherwise the socket's address.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function parseTrustProxy(value: string | undefined): number {
  if (!value || value === '0' || value.toLowerCase() === 'false') return 0;
  if (value.toLowerCase() === 'true') return 1;
  const n = Number.parseInt(value, 10);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10) : 0;
}

export function clientIp(c: Context, trustProxy: number): string {
  if (trustProxy > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const ip = forwarded[Math.max(0, forwarded.length - trustProxy)];
    if (ip) return ip.slice(0, 100);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // no socket: app.request() in tests
  }
}
