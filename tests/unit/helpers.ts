import assert from 'node:assert/strict';
import type { KithError } from '../../src/core/errors.js';
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

/** For `assert.rejects`: the error is a `type`, and passes `check`. */
export function isError<E extends KithError>(
  type: new (...args: never[]) => E,
  check: (error: E) => void = () => {},
): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    check(error);
    return true;
  };
}
