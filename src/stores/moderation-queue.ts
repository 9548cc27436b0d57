/**
 * Staff moderation: the queue of flagged, held and guests' posts (oldest first, filtered by reason,
 * page by page), the audit log (newest first), and the actions on an item — on its post (`approve`,
 * `hide`, `delete`) or on its author (`warn`, `suspend` for some hours, `unsuspend`), each with a
 * reason.
 *
 * One action per item at a time: a second one while the first is on its way (a double click) does
 * nothing. A decision on the post takes the item out of every queue list of the session once the
 * backend stored it; an action on the author keeps the post waiting for its decision and updates the
 * author's suspension on their items. A failed action changes nothing, and a retry of the same action
 * on the same item reuses its idempotency key, so that a lost answer cannot act twice. The audit log
 * reads again after every stored action.
 */
import { map, type MapStore, type ReadableAtom } from 'nanostores';
import type { ModerationAdapter, ModerationResult } from '../core/adapter.js';
import { UnsupportedError, ValidationError, toKithError, type KithError } from '../core/errors.js';
import type {
  AuditEntry,
  ModerationAction,
  ModerationItem,
  Page,
  QueueReason,
} from '../core/types.js';
import { recordWrite } from './cache.js';
import type { Session } from './session.js';
import { requireText } from './writes.js';

export const MODERATION_REASON_MAX = 500;
/** Items or entries per page, unless the element says otherwise. */
export const MODERATION_PAGE = 20;
/** The longest suspension, in hours (a year). */
export const SUSPENSION_MAX_HOURS = 8760;
/** The largest page the backends give (a refresh re-reads what is shown, up to this). */
const MAX_PAGE = 100;

/** The actions on a queue item's post; the others act on its author. */
export const POST_ACTIONS: readonly ModerationAction[] = ['approve', 'hide', 'delete'];

export interface PagedList<T> {
  status: 'loading' | 'ready' | 'error';
  items: T[];
  total: number;
  nextCursor: string | null;
  loadingMore: boolean;
  /** Why the first page could not be read (`status: 'error'`). */
  error: KithError | null;
}

export interface QueueState extends PagedList<ModerationItem> {
  /** Keys ({@link itemKey}) of the items whose action is on its way. */
  acting: readonly string[];
}

export type AuditState = PagedList<AuditEntry>;

/** An item's key: its post. */
export const itemKey = (item: Pick<ModerationItem, 'targetType' | 'targetId'>): string =>
  `${item.targetType}:${item.targetId}`;

interface List<T, S extends PagedList<T> = PagedList<T>> {
  session: Session;
  store: MapStore<S>;
  pageSize: number;
  read(limit: number, cursor: string | null): Promise<Page<T>>;
  /** The first-page read on its way, which a refresh joins. */
  running: Promise<KithError | null> | null;
  /** Items taken out since the last first-page read: an offset cursor has shifted by as many. */
  removed: number;
}

const queues = new Map<string, List<ModerationItem, QueueState>>();
const audits = new Map<string, List<AuditEntry>>();

function moderationOf(session: Session): ModerationAdapter {
  const moderation = session.adapter.moderation;
  if (!moderation?.queue || !moderation.audit) throw new UnsupportedError('moderation queues');
  return moderation;
}

const emptyList = () => ({
  status: 'loading' as const,
  items: [],
  total: 0,
  nextCursor: null,
  loadingMore: false,
  error: null,
});

/**
 * Reads the first page again: as many as are shown (at least a page); joins a read on its way.
 * Resolves with the failure of a refresh that kept what is shown (`null` otherwise).
 */
function refresh<T, S extends PagedList<T>>(list: List<T, S>): Promise<KithError | null> {
  if (list.running) return list.running;
  const { store } = list;
  const shown = store.get().items.length;
  const limit = Math.min(MAX_PAGE, Math.max(list.pageSize, shown));
  const run = list
    .read(limit, null)
    .then(
      (page) => {
        list.removed = 0;
        store.set({
          ...store.get(),
          status: 'ready',
          items: page.items,
          total: page.total,
          nextCursor: page.nextCursor,
          loadingMore: false,
          error: null,
        });
        return null;
      },
      (error: unknown) => {
        // A failed refresh keeps what is shown (its caller says why); a first read shows the error.
        const failure = toKithError(error);
        if (store.get().status === 'ready') return failure;
        store.set({ ...store.get(), status: 'error', error: failure });
        return null;
      },
    )
    .finally(() => {
      if (list.running === run) list.running = null;
    });
  return (list.running = run);
}

/** Loads the next page; resolves with the number added (after removals: the shown ones read again). */
async function more<T, S extends PagedList<T>>(
  list: List<T, S>,
  keyOf: (item: T) => string,
): Promise<number> {
  const { store } = list;
  const state = store.get();
  if (!state.nextCursor || state.loadingMore || list.running) return 0;
  store.set({ ...state, loadingMore: true });
  const before = state.items.length;
  try {
    // An offset cursor has moved past items that came up when others left: read from the start.
    const fromStart = list.removed > 0;
    const page = fromStart
      ? await list.read(Math.min(MAX_PAGE, before + list.pageSize), null)
      : await list.read(list.pageSize, state.nextCursor);
    const now = store.get();
    const kept = fromStart ? [] : now.items;
    const seen = new Set(kept.map(keyOf));
    const items = [...kept, ...page.items.filter((item) => !seen.has(keyOf(item)))];
    if (fromStart) list.removed = 0;
    store.set({
      ...now,
      items,
      total: page.total,
      nextCursor: page.nextCursor,
      loadingMore: false,
    });
    return Math.max(0, items.length - before);
  } catch (error) {
    store.set({ ...store.get(), loadingMore: false });
    throw toKithError(error);
  }
}

const queueKey = (session: Session, reason: QueueReason | null, pageSize: number) =>
  `${session.key}|${reason ?? 'all'}|${pageSize}`;

function queueList(
  session: Session,
  reason: QueueReason | null,
  pageSize: number,
): List<ModerationItem, QueueState> {
  const key = queueKey(session, reason, pageSize);
  let list = queues.get(key);
  if (!list) {
    list = {
      session,
      store: map<QueueState>({ ...emptyList(), acting: [] }),
      pageSize,
      read: (limit, cursor) =>
        moderationOf(session).queue!(
          { limit, cursor, ...(reason && { reason }) },
          { token: session.token },
        ),
      running: null,
      removed: 0,
    };
    queues.set(key, list);
    void refresh(list);
  }
  return list;
}

/**
 * The queue of the session's staff member, filtered by `reason` (`null`: every item); read when first
 * asked for ({@link reloadQueue} reads it again).
 */
export function moderationQueue(
  session: Session,
  reason: QueueReason | null = null,
  pageSize = MODERATION_PAGE,
): ReadableAtom<QueueState> {
  return queueList(session, reason, pageSize).store;
}

/** Reads the queue again (the retry of its error state, and "Refresh"). */
export function reloadQueue(
  session: Session,
  reason: QueueReason | null = null,
  pageSize = MODERATION_PAGE,
): Promise<KithError | null> {
  const list = queueList(session, reason, pageSize);
  if (list.store.get().status === 'error') list.store.set({ ...emptyList(), acting: [] });
  return refresh(list);
}

/** The next page of the queue; resolves with the number of items added, rejects on failure. */
export function loadMoreQueue(
  session: Session,
  reason: QueueReason | null = null,
  pageSize = MODERATION_PAGE,
): Promise<number> {
  return more(queueList(session, reason, pageSize), itemKey);
}

function auditList(session: Session, pageSize: number): List<AuditEntry> {
  const key = `${session.key}|${pageSize}`;
  let list = audits.get(key);
  if (!list) {
    list = {
      session,
      store: map<AuditState>(emptyList()),
      pageSize,
      read: (limit, cursor) =>
        moderationOf(session).audit!({ limit, cursor }, { token: session.token }),
      running: null,
      removed: 0,
    };
    audits.set(key, list);
    void refresh(list);
  }
  return list;
}

/** The audit log, newest first (read when first asked for, and after every stored action). */
export function moderationAudit(
  session: Session,
  pageSize = MODERATION_PAGE,
): ReadableAtom<AuditState> {
  return auditList(session, pageSize).store;
}

export function reloadAudit(
  session: Session,
  pageSize = MODERATION_PAGE,
): Promise<KithError | null> {
  const list = auditList(session, pageSize);
  if (list.store.get().status === 'error') list.store.set(emptyList());
  return refresh(list);
}

export function loadMoreAudit(session: Session, pageSize = MODERATION_PAGE): Promise<number> {
  return more(auditList(session, pageSize), (entry) => entry.id);
}

// ---- actions ------------------------------------------------------------------------------------

export interface ModerationChoice {
  action: ModerationAction;
  /** Why (kept in the audit log; a warned or suspended member is told). Required. */
  reason: string;
  /** `suspend`: hours, 1–{@link SUSPENSION_MAX_HOURS}. */
  duration?: number;
}

/** Items whose action is on its way, by session and {@link itemKey}. */
const inFlight = new Set<string>();
/** The idempotency key of an action that failed, for its retry: by session and item. */
const retryKeys = new Map<string, { signature: string; key: string }>();

function queuesOf(session: Session): List<ModerationItem, QueueState>[] {
  return [...queues.values()].filter((list) => list.session.key === session.key);
}

function setActing(session: Session, key: string, acting: boolean): void {
  for (const { store } of queuesOf(session)) {
    const now = store.get().acting.filter((k) => k !== key);
    store.set({ ...store.get(), acting: acting ? [...now, key] : now });
  }
}

/**
 * After a stored action: a decided post leaves every list at once; after a suspension (or its end)
 * the author's items say until when, as the backend answered (or the lists read again when it did
 * not say).
 */
function applyAction(
  session: Session,
  item: ModerationItem,
  action: ModerationAction,
  result: ModerationResult,
): void {
  const key = itemKey(item);
  for (const list of queuesOf(session)) {
    const state = list.store.get();
    if (action === 'warn') continue;
    if (action === 'suspend' || action === 'unsuspend') {
      const until = result.suspendedUntil;
      if (until === undefined) void refresh(list);
      else
        list.store.set({
          ...state,
          items: state.items.map((i) =>
            i.author.id === item.author.id ? { ...i, authorSuspendedUntil: until } : i,
          ),
        });
      continue;
    }
    const items = state.items.filter((i) => itemKey(i) !== key);
    if (items.length === state.items.length) continue;
    list.removed++;
    list.store.set({ ...state, items, total: Math.max(0, state.total - 1) });
  }
}

/**
 * Acts on a queue item: on its post, or (warn, suspend, unsuspend) on its author. Resolves with the
 * backend's answer, or with `null` when an action on this item is already on its way. Rejects with a
 * `ValidationError` (`reason: 'required' | 'too-long:500'`, `duration: 'invalid'`) before sending,
 * and with the backend's error when it refuses; the queue is then as it was.
 */
export async function actOnItem(
  session: Session,
  item: ModerationItem,
  choice: ModerationChoice,
): Promise<ModerationResult | null> {
  const key = itemKey(item);
  const flightKey = `${session.key}|${key}`;
  if (inFlight.has(flightKey)) return null;
  const reason = requireText(choice.reason, 'reason', MODERATION_REASON_MAX);
  const onAuthor = !POST_ACTIONS.includes(choice.action);
  const duration = choice.action === 'suspend' ? choice.duration : undefined;
  if (
    choice.action === 'suspend' &&
    !(Number.isInteger(duration) && duration! >= 1 && duration! <= SUSPENSION_MAX_HOURS)
  ) {
    throw new ValidationError('invalid', { duration: 'invalid' });
  }
  const moderation = session.adapter.moderation;
  if (!moderation) throw new UnsupportedError('moderation');
  const target = onAuthor
    ? { targetType: 'member' as const, targetId: item.author.id }
    : { targetType: item.targetType, targetId: item.targetId };
  const signature = JSON.stringify([choice.action, target, reason, duration ?? null]);
  const earlier = retryKeys.get(flightKey);
  const idempotencyKey =
    earlier?.signature === signature ? earlier.key : globalThis.crypto.randomUUID();
  retryKeys.set(flightKey, { signature, key: idempotencyKey });
  inFlight.add(flightKey);
  setActing(session, key, true);
  try {
    const result = await moderation.act(
      { action: choice.action, ...target, reason, ...(duration !== undefined && { duration }) },
      { token: session.token, idempotencyKey },
    );
    retryKeys.delete(flightKey);
    applyAction(session, item, choice.action, result);
    recordWrite(session);
    for (const list of audits.values()) if (list.session.key === session.key) void refresh(list);
    return result;
  } catch (error) {
    throw toKithError(error);
  } finally {
    inFlight.delete(flightKey);
    setActing(session, key, false);
  }
}
