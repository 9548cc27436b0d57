/**
 * What every feature's writes share: one attempt per key in flight, client-side checks, posting a
 * draft with its idempotency key, and optimistic updates rolled back when the adapter refuses.
 */
import { ValidationError, toKithError } from '../core/errors.js';
import type { VoteValue } from '../core/types.js';
import { recordWrite } from './cache.js';
import { clearDraft, loadDraft } from './drafts.js';
import type { Session } from './session.js';

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

const inFlight = new Map<string, Promise<unknown>>();

/** Runs a write once per key: a double click joins the first attempt instead of posting twice. */
export function once<T>(key: string, run: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const p = run().finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

/**
 * Client-side checks before a write. Field messages are codes (`required`, `too-long:<max>`) that the
 * element translates; adapters may send their own (already readable) messages.
 */
export function requireText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (!text) throw new ValidationError('required', { [field]: 'required' });
  checkLength(text, field, max);
  return text;
}

export function checkLength(text: string, field: string, max: number): void {
  if (text.length > max) throw new ValidationError('too-long', { [field]: `too-long:${max}` });
}

/**
 * Posts what is drafted under `draftKey`. The draft (and its idempotency key) stays until the backend
 * has the post, so a retry after any failure cannot post twice; a double click joins the first attempt.
 */
export function postDraft<T>(
  session: Session,
  draftKey: string,
  send: (idempotencyKey: string) => Promise<T>,
): Promise<T> {
  return once(draftKey, async () => {
    const posted = await send(loadDraft(draftKey).idempotencyKey);
    clearDraft(draftKey);
    recordWrite(session);
    return posted;
  });
}

/**
 * An optimistic write: `apply` shows the expected outcome at once, `send` stores it (and shows what the
 * backend answered), `rollback` restores the state before it when the backend refuses. Resolves with
 * `null` (doing nothing) while a write with the same key is still on its way: no double toggles.
 */
export async function optimistic<T>(
  session: Session,
  key: string,
  change: { apply(): void; send(idempotencyKey: string): Promise<T>; rollback(): void },
): Promise<T | null> {
  if (inFlight.has(key)) return null;
  change.apply();
  return once(key, async () => {
    try {
      const result = await change.send(globalThis.crypto.randomUUID());
      recordWrite(session);
      return result;
    } catch (error) {
      change.rollback();
      throw toKithError(error);
    }
  });
}

export type VoteCounts = { score: number; upvotes: number; downvotes: number; myVote: VoteValue };

/** The counts after the member's vote changes to `value`. */
export function applyVote<T extends VoteCounts>(item: T, value: VoteValue): T {
  const up = item.upvotes - (item.myVote === 1 ? 1 : 0) + (value === 1 ? 1 : 0);
  const down = item.downvotes - (item.myVote === -1 ? 1 : 0) + (value === -1 ? 1 : 0);
  return { ...item, upvotes: up, downvotes: down, score: up - down, myVote: value };
}

/** Just the vote counts of a post (to restore them on rollback). */
export function voteCounts(item: VoteCounts): VoteCounts {
  return {
    score: item.score,
    upvotes: item.upvotes,
    downvotes: item.downvotes,
    myVote: item.myVote,
  };
}
