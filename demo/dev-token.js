/**
 * Mints member tokens (JWT, HS256) in the page, for the demo and for tests.
 *
 * !!! DEMO AND TESTS ONLY — NEVER DO THIS ON A REAL SITE !!!
 * A member token proves who the customer is only because the browser never sees the secret that signs
 * it. A real site signs tokens on its own server, after its own sign-in, and hands the finished token
 * to the page (`data-member-token` or `Kith.identify(token)`). Anyone who can read this file can sign
 * in as anyone on a site that trusts this secret — which is exactly why no real site may trust it.
 *
 * Works in browsers and in Node ≥ 20 (both have WebCrypto at `globalThis.crypto.subtle`).
 */

/** The demo site's signing secret. Public on purpose; see the warning above. */
export const DEMO_ONLY_INSECURE_SECRET = 'kith-demo-only-insecure-secret-do-not-use-in-production';

/** Token lifetime when the claims carry no `exp`: one hour. */
export const DEV_TOKEN_LIFETIME_SECONDS = 3600;

const encoder = new TextEncoder();

/** @param {Uint8Array} bytes */
function base64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const base64UrlJson = (/** @type {unknown} */ value) =>
  base64Url(encoder.encode(JSON.stringify(value)));

/**
 * Signs `claims` as an HS256 JWT. `aud` defaults to `demo`, `iat` to now, `exp` to `iat` + 1 hour;
 * claims passed in win.
 * @param {Partial<import('../src/core/types.js').MemberClaims> & { sub: string }} claims
 * @param {string} [secret]
 * @returns {Promise<string>}
 */
export async function mintDevToken(claims, secret = DEMO_ONLY_INSECURE_SECRET) {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const payload = {
    aud: 'demo',
    ...claims,
    iat,
    exp: claims.exp ?? iat + DEV_TOKEN_LIFETIME_SECONDS,
  };
  const signingInput = `${base64UrlJson({ alg: 'HS256', typ: 'JWT' })}.${base64UrlJson(payload)}`;
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(signingInput));
  return `${signingInput}.${base64Url(new Uint8Array(signature))}`;
}
