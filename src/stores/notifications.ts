/**
 * The signed-in member's inbox: the newest notifications (one `notifications` read inside the page's
 * batched read), the unread count over all of them, "show more", and marking read (optimistic, rolled
 * back when the backend refuses).
 *
 * The inbox reads again after the member's own writes (`onWrite`: a write may earn them a badge) and,
 * while someone watches it ({@link watchInbox}), every minute while the page is visible and at once
 * when it becomes visible again. Signed out, nothing is read at all.
 */
import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { NotificationsAdapter } from '../core/adapter.js';
import { UnsupportedError, toKithError, type KithError } from '../core/errors.js';
import type { Notification } from '../core/types.js';
import { batchedRead } from './batch.js';
import { onWrite } from './cache.js';
import type { Session } from './session.js';

export interface InboxState {
  /** `signed-out`: nothing is read. */
  status: 'signed-out' | 'loading' | 'ready' | 'error';
  /** Newest first. */
  items: Notification[];
  unread: number;
  total: number;
  nextCursor: string | null;
  loadingMore: boolean;
  error: KithError | null;
}

/** Notifications per page. */
export const INBOX_PAGE = 10;
/** The largest page the backends give (a refresh re-reads everything shown, up to this). */
const MAX_PAGE = 100;
/** How often a watched inbox reads again while the page is visible. */
export const INBOX_POLL_MS = 60_000;

interface Entry {
  session: Session;
  store: WritableAtom<InboxState>;
  /** The first-page read on its way, which a refresh joins. */
  running: Promise<void> | null;
  /** Marks on their way: a refresh that started before them must not undo them. */
  marking: number;
}

const entries = new Map<string, Entry>();

const SIGNED_OUT: InboxState = Object.freeze({
  status: 'signed-out',
  items: [],
  unread: 0,
  total: 0,
  nextCursor: null,
  loadingMore: false,
  error: null,
}) as InboxState;
const $signedOut = atom<InboxState>(SIGNED_OUT);

const loading = (): InboxState => ({ ...SIGNED_OUT, status: 'loading' });

function signedIn(session: Session): boolean {
  return !!session.token && !!session.member;
}

/** The inbox of the session's member; signed out, a store that never reads. */
export function inbox(session: Session): ReadableAtom<InboxState> {
  if (!signedIn(session)) return $signedOut;
  hookWrites();
  let entry = entries.get(session.key);
  if (!entry) {
    entry = { session, store: atom(loading()), running: null, marking: 0 };
    entries.set(session.key, entry);
    void refresh(entry);
  } else if (entry.store.get().status === 'error' && !entry.running) {
    entry.store.set(loading());
    void refresh(entry);
  }
  return entry.store;
}

/** Reads the first page again (as many as are shown, at least a page); joins a read on its way. */
function refresh(entry: Entry): Promise<void> {
  if (entry.running) return entry.running;
  const shown = entry.store.get().items.length;
  const limit = Math.min(MAX_PAGE, Math.max(INBOX_PAGE, shown));
  const marking = entry.marking;
  const run = batchedRead(entry.session, { kind: 'notifications', limit })
    .then(
      (page) => {
        // A mark sent meanwhile wins: the next refresh shows the backend's view of both.
        if (entry.marking !== marking) return;
        const { items, unread, total, nextCursor } = page;
        entry.store.set({ ...SIGNED_OUT, status: 'ready', items, unread, total, nextCursor });
      },
      (error: unknown) => {
        const state = entry.store.get();
        // A failed refresh keeps what is shown; only a first read shows the error.
        if (state.status !== 'ready') {
          entry.store.set({ ...loading(), status: 'error', error: toKithError(error) });
        }
      },
    )
    .finally(() => {
      if (entry.running === run) entry.running = null;
    });
  return (entry.running = run);
}

/** Reads the session's inbox again (a no-op signed out, or before anyone asked for it). */
export function refreshInbox(session: Session): Promise<void> {
  const entry = entries.get(session.key);
  return entry ? refresh(entry) : Promise.resolve();
}

/** The retry of the error state: reads from the start. */
export function reloadInbox(session: Session): Promise<void> {
  const entry = entries.get(session.key);
  if (!entry) return inbox(session) === $signedOut ? Promise.resolve() : refreshInbox(session);
  if (entry.store.get().status === 'error') entry.store.set(loading());
  return refresh(entry);
}

/** Loads the next page; resolves with the number of notifications added. */
export async function loadMoreNotifications(session: Session): Promise<number> {
  const entry = entries.get(session.key);
  const state = entry?.store.get();
  if (!entry || !state?.nextCursor || state.loadingMore) return 0;
  entry.store.set({ ...state, loadingMore: true, error: null });
  try {
    const page = await batchedRead(session, {
      kind: 'notifications',
      limit: INBOX_PAGE,
      cursor: state.nextCursor,
    });
    const now = entry.store.get();
    const seen = new Set(now.items.map((n) => n.id));
    const added = page.items.filter((n) => !seen.has(n.id));
    entry.store.set({
      ...now,
      items: [...now.items, ...added],
      nextCursor: page.nextCursor,
      total: page.total,
      unread: page.unread,
      loadingMore: false,
    });
    return added.length;
  } catch (error) {
    const kithError = toKithError(error);
    entry.store.set({ ...entry.store.get(), loadingMore: false, error: kithError });
    throw kithError;
  }
}

function notificationsOf(session: Session): NotificationsAdapter {
  const notifications = session.adapter.notifications;
  if (!notifications) throw new UnsupportedError('notifications');
  return notifications;
}

/**
 * Marks notifications read (`'all'`: every one, also those not loaded): shown at once, rolled back
 * when the backend refuses (and the error thrown). Already-read ids are not sent.
 */
export async function markNotificationsRead(
  session: Session,
  ids: readonly string[] | 'all',
): Promise<void> {
  const entry = entries.get(session.key);
  if (!entry) return;
  const before = entry.store.get();
  const marked =
    ids === 'all'
      ? null
      : new Set(ids.filter((id) => before.items.some((n) => n.id === id && !n.read)));
  if (marked?.size === 0 || (ids === 'all' && before.unread === 0)) return;
  const notifications = notificationsOf(session);
  const newlyRead = before.items.filter((n) => !n.read && (marked === null || marked.has(n.id)));
  entry.store.set({
    ...before,
    items: before.items.map((n) =>
      marked === null || marked.has(n.id) ? { ...n, read: true } : n,
    ),
    unread: marked === null ? 0 : Math.max(0, before.unread - newlyRead.length),
  });
  entry.marking++;
  try {
    const { unread } = await notifications.markRead(
      { ids: marked === null ? 'all' : [...marked] },
      { token: session.token, idempotencyKey: globalThis.crypto.randomUUID() },
    );
    entry.store.set({ ...entry.store.get(), unread });
  } catch (error) {
    // Back to unread, only what this call marked (another mark may have landed meanwhile).
    const ids = new Set(newlyRead.map((n) => n.id));
    const now = entry.store.get();
    entry.store.set({
      ...now,
      items: now.items.map((n) => (ids.has(n.id) ? { ...n, read: false } : n)),
      unread: marked === null ? before.unread : now.unread + ids.size,
    });
    throw toKithError(error);
  }
}

/** What {@link watchInbox} needs to know of the page (the element gives it `document`'s). */
export interface PageVisibility {
  hidden(): boolean;
  /** Calls `listener` when the page is shown or hidden; returns the function that stops it. */
  onChange(listener: () => void): () => void;
}

/**
 * Keeps the session's inbox fresh while the returned function is not called: a read every
 * `interval` ms while the page is visible, none while hidden, one as soon as it is shown again.
 */
export function watchInbox(
  session: Session,
  page: PageVisibility,
  interval = INBOX_POLL_MS,
): () => void {
  if (!signedIn(session)) return () => {};
  let timer: ReturnType<typeof setInterval> | null = null;
  const start = () => {
    timer ??= setInterval(() => void refreshInbox(session), interval);
  };
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const stopListening = page.onChange(() => {
    if (page.hidden()) stop();
    else {
      void refreshInbox(session);
      start();
    }
  });
  if (!page.hidden()) start();
  return () => {
    stop();
    stopListening();
  };
}

// ---- after writes -------------------------------------------------------------------------------

let hooked = false;
let writers: Set<string> | null = null;

/** After the member's own write (once per task), their inbox reads again: it may have earned a badge. */
function hookWrites(): void {
  if (hooked) return;
  hooked = true;
  onWrite((session) => {
    if (!writers) {
      const wrote = (writers = new Set());
      setTimeout(() => {
        writers = null;
        for (const key of wrote) {
          const entry = entries.get(key);
          if (entry && entry.store.lc > 0) void refresh(entry);
        }
      }, 0);
    }
    writers.add(session.key);
  });
}
