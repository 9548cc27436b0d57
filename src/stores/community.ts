/**
 * What a site tells its compose forms (the `community` read): its guidelines, whether signed-out
 * visitors may post as guests, and the spam guard's minimum time. Read once per session, in the page's
 * batched read with the lists.
 */
import { atom, type ReadableAtom } from 'nanostores';
import type { CommunityInfo } from '../core/types.js';
import { batchedRead } from './batch.js';
import type { Session } from './session.js';

const infos = new Map<string, ReadableAtom<CommunityInfo | null>>();

/**
 * The site's community info; `null` until it arrives, and for good when it cannot be read (a backend
 * without the read): forms then show no guidelines and invite signed-out visitors to sign in.
 */
export function communityInfo(session: Session): ReadableAtom<CommunityInfo | null> {
  let info = infos.get(session.key);
  if (!info) {
    const created = atom<CommunityInfo | null>(null);
    infos.set(session.key, (info = created));
    // No retry: a failed read leaves the forms as for members only, until the next page load.
    batchedRead(session, { kind: 'community' }).then(
      (data) => created.set(data),
      () => undefined,
    );
  }
  return info;
}
