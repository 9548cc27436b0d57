/**
 * Reads a member token's claims in the browser, without verifying it: the server verifies every write.
 * The UI uses the claims only to show or hide what the server would refuse anyway.
 */
import type { MemberClaims, Role } from './types.js';

const ROLES: readonly Role[] = ['customer', 'staff', 'expert', 'moderator'];

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT, or `null` when it is not a well-formed member token. */
export function decodeClaims(token: string | null | undefined): MemberClaims | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1]!));
  } catch {
    return null;
  }
  if (!payload || typeof payload !== 'object') return null;
  const claims = payload as Record<string, unknown>;
  if (typeof claims.sub !== 'string' || !claims.sub) return null;
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((r): r is Role => ROLES.includes(r as Role))
    : [];
  return {
    aud: typeof claims.aud === 'string' ? claims.aud : '',
    sub: claims.sub,
    name: typeof claims.name === 'string' && claims.name ? claims.name : claims.sub,
    avatar: typeof claims.avatar === 'string' ? claims.avatar : undefined,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    roles: roles.length ? roles : ['customer'],
    purchases: Array.isArray(claims.purchases)
      ? claims.purchases.filter((p): p is string => typeof p === 'string')
      : undefined,
    groups: Array.isArray(claims.groups)
      ? claims.groups.filter((g): g is string => typeof g === 'string')
      : undefined,
    iat: typeof claims.iat === 'number' ? claims.iat : undefined,
    exp: typeof claims.exp === 'number' ? claims.exp : undefined,
  };
}

/** True when the claims carry an `exp` in the past (with `now` in seconds). */
export function isExpired(claims: MemberClaims, now = Date.now() / 1000): boolean {
  return claims.exp !== undefined && claims.exp <= now;
}

export function isStaff(claims: MemberClaims | null): boolean {
  return !!claims?.roles?.some((r) => r === 'staff' || r === 'moderator');
}
