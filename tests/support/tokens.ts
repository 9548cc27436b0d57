/**
 * Member tokens for tests, in Node and in the browser. The memory adapter reads the claims without
 * verifying the signature, so any signature will do; `exp` is an hour from now unless given.
 */

/** Claims of a member token, as the vendor's server would sign them. */
export interface Claims {
  sub: string;
  name?: string;
  aud?: string;
  roles?: string[];
  [claim: string]: unknown;
}

function base64Url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function memberToken(claims: Claims, signature = 'test-signature'): string {
  const now = Math.floor(Date.now() / 1000);
  return [
    base64Url({ alg: 'HS256', typ: 'JWT' }),
    base64Url({ roles: ['customer'], iat: now, exp: now + 3600, ...claims }),
    signature,
  ].join('.');
}
