import type { Role } from '../../src/core/types.js';
import { memberToken } from '../support/tokens.js';

/** A member token for `sub` (see tests/support/tokens.ts). */
export function token(
  sub: string,
  name = sub,
  roles: Role[] = ['customer'],
  extra: Record<string, unknown> = {},
): string {
  return memberToken({ aud: 'test', sub, name, roles, ...extra }, 'sig');
}

export const write = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
