/**
 * Drafts: what a member is typing, kept in localStorage so it survives a reload or a failed send. Each
 * draft also holds the idempotency key of its write, so a retry after a failure can never post twice.
 * Keys: `kith:draft:<site>:<member or "anon">:<kind>:<target>`.
 */

export interface Draft {
  title: string;
  body: string;
  /** The stars of a review being written (0: none chosen yet). */
  rating: number;
  idempotencyKey: string;
  updatedAt: number;
}

export type DraftKind = 'question' | 'answer' | 'idea' | 'comment' | 'review';

const PREFIX = 'kith:draft:';
const fallback = new Map<string, string>();

function storage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'> | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled (privacy settings): drafts live for this page only
  }
}

function read(key: string): string | null {
  const s = storage();
  try {
    return s ? s.getItem(key) : (fallback.get(key) ?? null);
  } catch {
    return fallback.get(key) ?? null;
  }
}

function write(key: string, value: string | null): void {
  const s = storage();
  try {
    if (s) {
      if (value === null) s.removeItem(key);
      else s.setItem(key, value);
      return;
    }
  } catch {
    // quota exceeded or storage blocked: fall through to memory
  }
  if (value === null) fallback.delete(key);
  else fallback.set(key, value);
}

export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

export function draftKey(
  site: string | null,
  memberId: string | null,
  kind: DraftKind,
  target: string,
): string {
  const part = encodeURIComponent;
  return `${PREFIX}${part(site ?? '')}:${part(memberId ?? 'anon')}:${kind}:${part(target)}`;
}

/** The stored draft, or an empty one with a fresh idempotency key. */
export function loadDraft(key: string): Draft {
  const raw = read(key);
  if (raw) {
    try {
      const parsed = JSON.parse(raw) as Partial<Draft>;
      if (typeof parsed.idempotencyKey === 'string') {
        return {
          title: typeof parsed.title === 'string' ? parsed.title : '',
          body: typeof parsed.body === 'string' ? parsed.body : '',
          rating: Number.isInteger(parsed.rating) ? Number(parsed.rating) : 0,
          idempotencyKey: parsed.idempotencyKey,
          updatedAt: Number(parsed.updatedAt) || 0,
        };
      }
    } catch {
      // a corrupt draft is dropped below
    }
  }
  return { title: '', body: '', rating: 0, idempotencyKey: newIdempotencyKey(), updatedAt: 0 };
}

export function saveDraft(
  key: string,
  fields: Partial<Pick<Draft, 'title' | 'body' | 'rating'>>,
): Draft {
  const draft = { ...loadDraft(key), ...fields, updatedAt: Date.now() };
  if (!draft.title.trim() && !draft.body.trim() && !draft.rating) write(key, null);
  else write(key, JSON.stringify(draft));
  return draft;
}

export function clearDraft(key: string): void {
  write(key, null);
}

/** Forgets every draft of one member (on sign-out), on every site. */
export function forgetMemberDrafts(memberId: string): void {
  const s = storage();
  const keys: string[] = [];
  const encoded = encodeURIComponent(memberId);
  const matches = (k: string) => k.startsWith(PREFIX) && k.split(':')[3] === encoded;
  if (s) {
    try {
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        if (k && matches(k)) keys.push(k);
      }
    } catch {
      // storage blocked: only the in-memory fallback holds drafts
    }
  }
  for (const k of fallback.keys()) if (matches(k)) keys.push(k);
  for (const k of keys) write(k, null);
}
