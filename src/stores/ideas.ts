/**
 * Idea stores: idea lists by board, sort, status and search; the board (statuses, vote budget); an
 * opened idea with its comments and status history; similar ideas while a member types; and the
 * patching of every store of the session when a write lands; and the vote, shown at once. A member's
 * other writes (suggest, comment, follow) are in `ideas-writes.ts`, loaded once a member signs in;
 * the staff's (status, merge) in `ideas-staff.ts`, loaded with the staff controls.
 *
 * Like the Q&A stores they read through the batched read (the columns of a roadmap are one request).
 */
import { map, type MapStore } from 'nanostores';
import type { IdeasAdapter, ReadKind, ReadRequest, ReadResult } from '../core/adapter.js';
import { UnsupportedError, toKithError, type KithError } from '../core/errors.js';
import type {
  Board,
  Idea,
  IdeaComment,
  IdeaSort,
  IdeaStatusChange,
  IdeaStatusSlug,
} from '../core/types.js';
import { batchedRead } from './batch.js';
import {
  loadMore,
  readPage,
  reload,
  cached,
  track,
  type CachedRead,
  type LoadStatus,
  type PagedState,
} from './cache.js';
import { createSearch, type Search } from './search.js';
import type { Session } from './session.js';
import { applyVote, optimistic, voteCounts, type VoteCounts } from './writes.js';

export interface IdeaListState extends PagedState {
  items: Idea[];
}

export interface BoardState {
  status: LoadStatus;
  board: Board | null;
  error: KithError | null;
}

/** An opened idea: the idea, its comments page by page, its status history and merged duplicates. */
export interface IdeaState extends PagedState {
  idea: Idea | null;
  comments: IdeaComment[];
  history: IdeaStatusChange[];
  mergedIdeas: { id: string; title: string }[];
}

export interface IdeaListQuery {
  board: string;
  sort: IdeaSort;
  /** Only ideas with this status; `null` for all. */
  status: IdeaStatusSlug | null;
  /** Full-text search; `''` for none. */
  query: string;
  pageSize: number;
}

interface ListEntry extends CachedRead<IdeaListState> {
  list: IdeaListQuery;
}

interface BoardEntry {
  session: Session;
  board: string;
  store: MapStore<BoardState>;
  empty(): BoardState;
  fetch(): Promise<void>;
  seenWrites: number;
}

const emptyBoard = (): BoardState => ({ status: 'loading', board: null, error: null });

interface IdeaEntry extends CachedRead<IdeaState> {
  ideaId: string;
}

const lists = new Map<string, ListEntry>();
const boards = new Map<string, BoardEntry>();
const details = new Map<string, IdeaEntry>();
/** Live similar-idea searches, patched by votes like the lists. */
const searches = new Set<{ session: Session; search: Search<Idea> }>();

export function ideasOf(session: Session): IdeasAdapter {
  const ideas = session.adapter.ideas;
  if (!ideas) throw new UnsupportedError('ideas');
  return ideas;
}

/** A batched read of an ideas kind; an adapter without the ideas group fails it as unsupported. */
async function readIdeas<K extends ReadKind>(
  session: Session,
  request: Extract<ReadRequest, { kind: K }>,
): Promise<ReadResult<K>> {
  ideasOf(session);
  return batchedRead(session, request);
}

const emptyList = (): IdeaListState => ({
  status: 'loading',
  items: [],
  nextCursor: null,
  total: 0,
  loadingMore: false,
  error: null,
});

const emptyIdea = (): IdeaState => ({
  ...emptyList(),
  idea: null,
  comments: [],
  history: [],
  mergedIdeas: [],
});

/** The ideas of a board in one sort order, optionally filtered; loads when first created. */
export function ideaList(session: Session, list: IdeaListQuery): MapStore<IdeaListState> {
  const key = `${session.key}|${JSON.stringify(list)}`;
  return cached(lists, key, () => {
    const store = map<IdeaListState>(emptyList());
    const entry = track<ListEntry>({
      session,
      list,
      store,
      empty: emptyList,
      fetch: (cursor) =>
        readPage(store, emptyList, 'items', cursor, async () => ({
          page: await readIdeas(session, {
            kind: 'ideas',
            board: list.board,
            sort: list.sort,
            status: list.status,
            ...(list.query ? { query: list.query } : {}),
            limit: list.pageSize,
            cursor,
          }),
        })),
    });
    return entry;
  });
}

export function loadMoreIdeas(store: MapStore<IdeaListState>): Promise<number> {
  return loadMore(store, (s) => s.items.length);
}

export function reloadIdeas(store: MapStore<IdeaListState>): Promise<void> {
  return reload(store);
}

/** A board's statuses and vote budget (with the member's remaining votes). */
export function boardState(session: Session, board: string): MapStore<BoardState> {
  const key = `${session.key}|${board}`;
  return cached(boards, key, () => {
    const store = map<BoardState>(emptyBoard());
    const entry = track<BoardEntry>({
      session,
      board,
      store,
      empty: emptyBoard,
      fetch: async () => {
        try {
          const data = await readIdeas(session, { kind: 'board', board });
          store.set({ status: 'ready', board: data, error: null });
        } catch (error) {
          store.set({ status: 'error', board: null, error: toKithError(error) });
        }
      },
    });
    return entry;
  });
}

/** An idea with its comments (oldest first), history and merged duplicates. */
export function ideaDetail(
  session: Session,
  ideaId: string,
  pageSize: number,
): MapStore<IdeaState> {
  const key = `${session.key}|${ideaId}|${pageSize}`;
  return cached(details, key, () => {
    const store = map<IdeaState>(emptyIdea());
    const entry = track<IdeaEntry>({
      session,
      ideaId,
      store,
      empty: emptyIdea,
      fetch: (cursor) =>
        readPage(store, emptyIdea, 'comments', cursor, async () => {
          const detail = await readIdeas(session, {
            kind: 'idea',
            ideaId,
            commentLimit: pageSize,
            commentCursor: cursor,
          });
          return {
            page: detail.comments,
            extra: { idea: detail.idea, history: detail.history, mergedIdeas: detail.mergedIdeas },
          };
        }),
    });
    return entry;
  });
}

export function reloadBoard(store: MapStore<BoardState>): Promise<void> {
  return reload(store);
}

export function loadMoreComments(store: MapStore<IdeaState>): Promise<number> {
  return loadMore(store, (s) => s.comments.length);
}

export function reloadIdea(store: MapStore<IdeaState>): Promise<void> {
  return reload(store);
}

// ---- patching every store of a session ---------------------------------------------------------

const ofSession = <E extends { session: Session }>(entries: Iterable<E>, session: Session) =>
  [...entries].filter((e) => e.session.key === session.key);

/** The session's cached lists and opened ideas (for the writes to patch). */
export const listsOf = (session: Session) => ofSession(lists.values(), session);
export const detailsOf = (session: Session) => ofSession(details.values(), session);

/** The idea as the session's stores hold it (an opened idea first: it is the freshest). */
export function findIdea(session: Session, id: string): Idea | undefined {
  for (const e of ofSession(details.values(), session)) {
    const idea = e.store.get().idea;
    if (idea?.id === id) return idea;
  }
  for (const e of [...ofSession(lists.values(), session), ...ofSession(searches, session)]) {
    const state = 'search' in e ? e.search.store.get().results : e.store.get().items;
    const idea = state.find((item) => item.id === id);
    if (idea) return idea;
  }
  return undefined;
}

/** Applies `patch` to the idea `id` in every list, search and opened idea of the session. */
export function patchIdea(session: Session, id: string, patch: (idea: Idea) => Idea): void {
  const update = (items: Idea[]) =>
    items.some((i) => i.id === id) ? items.map((i) => (i.id === id ? patch(i) : i)) : null;
  for (const e of ofSession(lists.values(), session)) {
    const items = update(e.store.get().items);
    if (items) e.store.setKey('items', items);
  }
  for (const { search } of ofSession(searches, session)) {
    const results = update(search.store.get().results);
    if (results) search.store.setKey('results', results);
  }
  for (const e of ofSession(details.values(), session)) {
    const idea = e.store.get().idea;
    if (idea?.id === id) e.store.setKey('idea', patch(idea));
  }
}

/** Reads the board's lists, the opened ideas and the board again (after a status change or a merge). */
export function refreshBoard(session: Session, board: string): void {
  for (const e of ofSession(lists.values(), session)) {
    if (e.list.board === board && e.store.get().status !== 'loading') void e.fetch(null);
  }
  for (const e of ofSession(details.values(), session)) {
    if (e.store.get().idea?.board === board) void e.fetch(null);
  }
  for (const e of ofSession(boards.values(), session)) if (e.board === board) void e.fetch();
}

// ---- the vote (the other writes are in ideas-writes.ts and ideas-staff.ts) ----------------------

/** Statuses whose ideas no longer hold a member's budgeted votes. */
const CLOSED: readonly IdeaStatusSlug[] = ['done', 'declined'];

/** The member's remaining votes on `board` as the session's board store holds them. */
export function remainingOf(session: Session, board: string): number | null {
  for (const e of ofSession(boards.values(), session)) {
    if (e.board === board) return e.store.get().board?.votesRemaining ?? null;
  }
  return null;
}

export function patchRemaining(session: Session, board: string, remaining: number | null): void {
  for (const e of ofSession(boards.values(), session)) {
    const state = e.store.get();
    if (e.board === board && state.board) {
      e.store.setKey('board', { ...state.board, votesRemaining: remaining });
    }
  }
}

/**
 * Votes for an idea (`1`) or withdraws the vote (`0`), optimistically, the remaining budget too; rolls
 * back and rethrows when refused (a spent budget is a `ConflictError`). Resolves with the backend's
 * answer, whose `targetId` is the original's when the idea was merged; `null` while a vote on the same
 * idea is still on its way.
 */
export function voteIdea(session: Session, ideaId: string, value: 0 | 1) {
  const current = findIdea(session, ideaId);
  const before: VoteCounts | null = current ? voteCounts(current) : null;
  // Votes on closed ideas don't hold budget.
  const budgeted = current && !CLOSED.includes(current.status) ? current : null;
  const delta = budgeted ? value - (budgeted.myVote === 1 ? 1 : 0) : 0;
  const remainingBefore = current ? remainingOf(session, current.board) : null;
  const setRemaining = (n: number | null) => {
    if (current) patchRemaining(session, current.board, n);
  };
  const setCounts = (id: string, counts: VoteCounts) =>
    patchIdea(session, id, (idea) => ({ ...idea, ...counts }));
  return optimistic(session, `vote|${session.key}|idea|${ideaId}`, {
    apply: () => {
      patchIdea(session, ideaId, (idea) => applyVote(idea, value));
      if (remainingBefore != null && delta) setRemaining(Math.max(0, remainingBefore - delta));
    },
    send: async (idempotencyKey) => {
      const result = await session.adapter.vote(
        { targetType: 'idea', targetId: ideaId, value },
        { token: session.token, idempotencyKey },
      );
      if (result.targetId !== ideaId && before) setCounts(ideaId, before);
      setCounts(result.targetId, {
        score: result.score,
        upvotes: result.upvotes,
        downvotes: result.downvotes,
        myVote: result.value,
      });
      if (result.votesRemaining !== undefined) setRemaining(result.votesRemaining);
      return result;
    },
    rollback: () => {
      if (before) setCounts(ideaId, before);
      setRemaining(remainingBefore);
    },
  });
}

// ---- similar ideas while typing -----------------------------------------------------------------

export type IdeaSearch = Search<Idea>;

/** Search over a board's ideas while the member types (similar ideas, the merge picker). */
export function createIdeaSearch(
  session: Session,
  board: string,
  options: { limit?: number; delay?: number } = {},
): IdeaSearch {
  const limit = options.limit ?? 5;
  const search = createSearch(
    (query) => readIdeas(session, { kind: 'ideas', board, sort: 'top', limit, query }),
    options.delay,
  );
  const registered = { session, search };
  searches.add(registered);
  return {
    ...search,
    dispose() {
      search.dispose();
      searches.delete(registered);
    },
  };
}
