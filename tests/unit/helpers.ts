import type { Role } from '../../src/core/types.js';

function base64Url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A member token with a dummy signature: the memory adapter reads claims without verifying. */
export function token(
  sub: string,
  name = sub,
  roles: Role[] = ['customer'],
  extra: Record<string, unknown> = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  return [
    base64Url({ alg: 'HS256', typ: 'JWT' }),
    base64Url({ aud: 'test', sub, name, roles, iat: now, exp: now + 3600, ...extra }),
    'sig',
  ].join('.');
}

export const write = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
