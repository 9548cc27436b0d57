/**
 * Guests: where a site allows them (`moderation.guests`), a signed-out visitor may ask, answer, submit
 * an idea, comment or review under the name they give (and an e-mail address if they like, never
 * shown or mailed). Each such post makes a guest member (`guest-<uuid>`, `members.guest`, trust level
 * 0, no staff role), is stored `held` and waits in the moderation queue (domain/spam.ts). The spam
 * guards hold guests to the honeypot and the minimum time. Guests cannot vote, flag, accept, follow or
 * escalate: those routes keep requiring a token.
 */
import { randomUUID } from 'node:crypto';
import type { GuestAuthor } from '../../../src/core/types.js';
import type { SiteRow } from '../db/sites.js';
import { invalidField, unauthorized } from '../errors.js';
import { emailClaim, type Member } from './auth.js';
import { moderationOf } from './moderation-settings.js';

/**
 * The author of a post sent without a token: a new guest, when the site allows guests and the post
 * names one; otherwise 401.
 */
export function guestAuthor(site: SiteRow, guest: GuestAuthor | undefined): Member {
  if (!moderationOf(site).guests) {
    throw unauthorized('Please sign in: this needs a member token (Authorization: Bearer …).');
  }
  if (!guest) throw unauthorized('Please sign in, or give your name to post as a guest.');
  const email = guest.email ? emailClaim(guest.email) : null;
  if (guest.email && !email) {
    throw invalidField('guest.email', 'Enter an e-mail address such as name@example.com, or none.');
  }
  return {
    id: `guest-${randomUUID()}`,
    name: guest.name,
    avatar: null,
    roles: ['customer'],
    purchases: [],
    groups: [],
    email: null,
    guest: { email },
  };
}
