/**
 * Identity: the vendor's server signs who the customer is (JWT, HS256, the site's secret). Roles come
 * only from the token, never from a request body. Forged, expired, wrong-site (`aud`) and malformed
 * tokens are refused with 401 and a message that says which.
 */
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Role } from '../../../src/core/types.js';
import { forbidden, unauthorized } from '../errors.js';
import { withoutNul } from '../schemas.js';

export const ROLES: readonly Role[] = ['customer', 'staff', 'expert', 'moderator'];
/** DESIGN: `exp` at most 24 h after `iat`. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
const CLOCK_TOLERANCE_SECONDS = 5;
const MAX_PURCHASES = 50;

export interface Member {
  id: string;
  name: string;
  avatar: string | null;
  roles: Role[];
  /** Product ids: the only source of "verified purchase". */
  purchases: string[];
  groups: string[];
  /**
   * The `email` claim (signed by the vendor, so verified), for notification mail; `null` without one,
   * with an unusable one, or with `email_verified: false`.
   */
  email: string | null;
  /**
   * Set for a guest (no token; domain/guests.ts): the address they gave, kept for staff, never shown
   * or mailed.
   */
  guest?: { email: string | null };
}

const encoder = new TextEncoder();

/**
 * The site secret as a WebCrypto key, imported once per secret: importing it again on every
 * verification cost more than the verification itself.
 */
const verifyKeys = new Map<string, Promise<CryptoKey>>();

function verifyKey(secret: string): Promise<CryptoKey> {
  let key = verifyKeys.get(secret);
  if (!key) {
    if (verifyKeys.size >= 1000) verifyKeys.clear();
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    verifyKeys.set(secret, key);
    key.catch(() => verifyKeys.delete(secret));
  }
  return key;
}

function stringList(value: unknown, max: number): string[] {
  return Array.isArray(value)
    ? value
        .filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200)
        .slice(0, max)
    : [];
}

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

/**
 * An address a mail can go to: one line, no spaces, quotes, angle brackets or commas (nothing that
 * could change a mail header), `local@domain` with a dot in the domain, at most 254 characters.
 */
const EMAIL = /^[^\s@"<>(),;:\\[\]]{1,64}@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/;

export function emailClaim(value: unknown, verified: unknown = true): string | null {
  if (typeof value !== 'string' || verified === false) return null;
  const email = value.trim();
  return email.length <= 254 && EMAIL.test(email) && !/[\u0000-\u001f\u007f]/.test(email)
    ? email
    : null;
}

/** The `Authorization: Bearer …` token, or `null` when there is none. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : '';
}

/** Verifies a member token for `site`; throws a 401 `ApiError` saying what is wrong. */
export async function verifyMemberToken(
  token: string,
  site: { id: string; secret: string },
  now: Date = new Date(),
): Promise<Member> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await verifyKey(site.secret), {
      algorithms: ['HS256'],
      audience: site.id,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      throw unauthorized('Your session has expired. Please sign in again.', true);
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      if (error.claim === 'aud')
        throw unauthorized(`The sign-in token is not for the site "${site.id}".`);
      throw unauthorized(
        `The sign-in token's "${error.claim}" claim is not valid (${error.reason}).`,
      );
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw unauthorized("The sign-in token's signature is not valid.");
    }
    if (error instanceof joseErrors.JOSEAlgNotAllowed) {
      throw unauthorized('The sign-in token must be signed with HS256.');
    }
    throw unauthorized('The sign-in token is malformed.');
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = payload.exp!;
  const issued = typeof payload.iat === 'number' ? payload.iat : nowSeconds;
  if (exp - issued > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw unauthorized('The sign-in token lasts longer than 24 hours; sign shorter-lived tokens.');
  }
  const sub = payload.sub!;
  if (!sub || sub.length > 200 || sub.includes('\u0000'))
    throw unauthorized("The sign-in token's member id (sub) is not valid.");
  const rawName = typeof payload.name === 'string' ? payload.name.trim() : '';
  const roles = Array.isArray(payload.roles)
    ? ROLES.filter((role) => (payload.roles as unknown[]).includes(role))
    : [];
  return {
    id: sub,
    name: withoutNul(rawName || sub).slice(0, 200),
    avatar: httpUrl(payload.avatar),
    roles: roles.length ? roles : ['customer'],
    purchases: stringList(payload.purchases, MAX_PURCHASES),
    groups: stringList(payload.groups, 50),
    email: emailClaim(payload.email, payload.email_verified),
  };
}

/** Signs a member token (the dev endpoint and `npm run token`). */
export async function signMemberToken(
  secret: string,
  claims: {
    site: string;
    member: string;
    name: string;
    roles?: Role[];
    purchases?: string[];
    avatar?: string;
    email?: string;
    ttlSeconds?: number;
  },
): Promise<string> {
  const ttl = Math.min(claims.ttlSeconds ?? 3600, MAX_TOKEN_LIFETIME_SECONDS);
  return new SignJWT({
    name: claims.name,
    roles: claims.roles?.length ? claims.roles : ['customer'],
    ...(claims.purchases?.length && { purchases: claims.purchases }),
    ...(claims.avatar && { avatar: claims.avatar }),
    ...(claims.email && { email: claims.email }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.member)
    .setAudience(claims.site)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(encoder.encode(secret));
}

// ---- the role matrix (DESIGN, "Who may do what") -------------------------------------------------

export function isStaff(member: Member): boolean {
  return member.roles.includes('staff') || member.roles.includes('moderator');
}

/** Accept an answer: the asker, or staff/moderator. */
export function assertCanAccept(member: Member, questionAuthor: string): void {
  if (member.id !== questionAuthor && !isStaff(member)) {
    throw forbidden('Only the person who asked, or staff, can accept an answer.');
  }
}

/** Site settings: staff/moderator. */
export function assertStaff(member: Member): void {
  if (!isStaff(member)) throw forbidden('Only staff can do that.');
}

/** Voting on one's own post is refused. */
export function assertNotOwnPost(member: Member, author: string): void {
  if (member.id === author) throw forbidden('You cannot vote on your own post.');
}
