/**
 * The memory adapter's author of a new post, after the spam guards, as the server decides them: the
 * member of the token; or without one, where the site allows guests and the post names one, a new
 * guest. `../memory.ts` loads this part on the first write that makes a post, so a page that only
 * reads never downloads it.
 */
import type { ComposeExtras, WriteContext } from '../../core/adapter.js';
import { UnauthorizedError, ValidationError } from '../../core/errors.js';
import type { CommunityInfo, MemberClaims } from '../../core/types.js';
import { isRecord, newId, throwIfInvalid } from './state.js';

/** A guest's name, at most (as the server's). */
const MAX_GUEST_NAME = 80;
/** An e-mail address as the server takes it (`emailClaim`). */
const EMAIL = /^[^\s@"<>(),;:\\[\]]{1,64}@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/;

/** The author of a post; `guest` for a guest. */
export type GuestClaims = MemberClaims & { guest?: true };

/**
 * The author of a new post, and its spam guards (the server's order and words): the member of the
 * token; or without one, where guests are allowed and the post names one, a new guest (its id from
 * the write's key, so that a retry finds the first result). A guest's post must be timed.
 */
export function createPoster(
  community: CommunityInfo,
  site: string | null,
  claimsFrom: (token: string | null | undefined) => MemberClaims,
): (input: ComposeExtras | null | undefined, ctx: WriteContext) => GuestClaims {
  return (input, ctx) => {
    let claims: GuestClaims;
    const guest = input?.guest;
    if (ctx?.token || !community.guests) claims = claimsFrom(ctx?.token);
    else if (!isRecord(guest))
      throw new UnauthorizedError('Please sign in, or give your name to post as a guest.');
    else {
      const fields: Record<string, string> = {};
      const name = typeof guest.name === 'string' ? guest.name.trim() : '';
      if (!name) fields['guest.name'] = 'Enter your name.';
      else if (name.length > MAX_GUEST_NAME)
        fields['guest.name'] = `At most ${MAX_GUEST_NAME} characters.`;
      const email = typeof guest.email === 'string' ? guest.email.trim() : '';
      if (email && (email.length > 254 || !EMAIL.test(email)))
        fields['guest.email'] = 'Enter an e-mail address such as name@example.com, or none.';
      throwIfInvalid(fields);
      const key = ctx?.idempotencyKey;
      claims = { aud: site ?? '', sub: `guest-${key || newId('')}`, name, guest: true };
    }
    const guard = input?.guard;
    if (guard?.honeypot || (claims.guest && typeof guard?.elapsedMs !== 'number'))
      throw new ValidationError('This post could not be accepted.');
    if (typeof guard?.elapsedMs === 'number' && guard.elapsedMs < community.minSubmitSeconds * 1000)
      throw new ValidationError(
        'That was fast — please take a moment to check your post and send it again.',
      );
    return claims;
  };
}
