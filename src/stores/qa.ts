/**
 * Q&A stores: question lists by topic and sort, question threads, search-as-you-type, and the writes
 * (ask, answer, vote, accept) with optimistic updates rolled back on failure.
 *
 * Stores load on first subscription through the batched read, so every element that mounts in the same
 * task shares one adapter call. Every list and thread of a session is patched when a write lands, so a
 * vote shows the same score everywhere on the page.
 */
import { map, type MapStore } from 'nanostores';
import type { ReadRequest } from '../core/adapter.js';
import { ValidationError, toKithError, type KithError } from '../core/errors.js';
import type { Answer, Question, QuestionSort, TargetType, VoteValue } from '../core/types.js';
import { batchedRead } from './batch.js';
import { clearDraft, loadDraft } from './drafts.js';
import type { Session } from './session.js';

export type LoadStatus = 'loading' | 'ready' | 'error';

export interface QuestionListState {
  status: LoadStatus;
  items: Question[];
  nextCursor: string | null;
  total: number;
  loadingMore: boolean;
  error: KithError | null;
}

export interface ThreadState {
  status: LoadStatus;
  question: Question | null;
  answers: Answer[];
  nextCursor: string | null;
  total: number;
  loadingMore: boolean;
  error: KithError | null;
}

interface ListEntry {
  kind: 'list';
  session: Session;
  topic: string;
  sort: QuestionSort;
  pageSize: number;
  store: MapStore<QuestionListState>;
  /** The adapter's write count when this store last read or was patched. */
  seenWrites: number;
}

interface ThreadEntry {
  kind: 'thread';
  session: Session;
  questionId: string;
  pageSize: number;
  store: MapStore<ThreadState>;
  seenWrites: number;
}

const lists = new Map<string, ListEntry>();
const threads = new Map<string, ThreadEntry>();

/**
 * Successful writes per adapter. A session patches its own stores when it writes; a store of another
 * session (the member before a sign-in, say) read before the latest write is stale and reads again when
 * it is next used.
 */
const writes = new WeakMap<object, number>();
const writeCount = (session: Session) => writes.get(session.adapter) ?? 0;

function recordWrite(session: Session): void {
  const count = writeCount(session) + 1;
  writes.set(session.adapter, count);
  for (const e of [...sessionLists(session), ...sessionThreads(session)]) e.seenWrites = count;
}

/** Re-reads a cached store that missed writes made through another session. */
function revalidate(entry: ListEntry | ThreadEntry): void {
  const count = writeCount(entry.session);
  if (entry.seenWrites === count || entry.store.get().status === 'loading') return;
  entry.seenWrites = count;
  if (entry.kind === 'list') void fetchList(entry, null);
  else void fetchThread(entry, null);
}

function emptyList(): QuestionListState {
  return {
    status: 'loading',
    items: [],
    nextCursor: null,
    total: 0,
    loadingMore: false,
    error: null,
  };
}

function emptyThread(): ThreadState {
  return {
    status: 'loading',
    question: null,
    answers: [],
    nextCursor: null,
    total: 0,
    loadingMore: false,
    error: null,
  };
}

async function fetchList(entry: ListEntry, cursor: string | null): Promise<void> {
  const { store } = entry;
  const request: Extract<ReadRequest, { kind: 'questions' }> = {
    kind: 'questions',
    topic: entry.topic,
    sort: entry.sort,
    limit: entry.pageSize,
    cursor,
  };
  try {
    const page = await batchedRead(entry.session, request);
    const items = cursor ? [...store.get().items, ...page.items] : page.items;
    // A question posted meanwhile may come back in a later page: keep the first copy.
    const seen = new Set<string>();
    store.set({
      status: 'ready',
      items: items.filter((q) => !seen.has(q.id) && !!seen.add(q.id)),
      nextCursor: page.nextCursor,
      total: page.total,
      loadingMore: false,
      error: null,
    });
  } catch (error) {
    const kithError = toKithError(error);
    if (cursor) store.set({ ...store.get(), loadingMore: false, error: kithError });
    else store.set({ ...emptyList(), status: 'error', error: kithError });
  }
}

/** The questions of a topic in one sort order; loads when first subscribed. */
export function questionList(
  session: Session,
  topic: string,
  sort: QuestionSort,
  pageSize: number,
): MapStore<QuestionListState> {
  const key = `${session.key}|${topic}|${sort}|${pageSize}`;
  let entry = lists.get(key);
  if (!entry) {
    const store = map<QuestionListState>(emptyList());
    const created: ListEntry = {
      kind: 'list',
      session,
      topic,
      sort,
      pageSize,
      store,
      seenWrites: writeCount(session),
    };
    entry = created;
    lists.set(key, entry);
    void fetchList(created, null);
  } else {
    revalidate(entry);
  }
  return entry.store;
}

function listEntryOf(store: MapStore<QuestionListState>): ListEntry | undefined {
  for (const entry of lists.values()) if (entry.store === store) return entry;
  return undefined;
}

/** Loads the next page; resolves with the number of questions added. */
export async function loadMoreQuestions(store: MapStore<QuestionListState>): Promise<number> {
  const entry = listEntryOf(store);
  const state = store.get();
  if (!entry || !state.nextCursor || state.loadingMore) return 0;
  const before = state.items.length;
  store.setKey('loadingMore', true);
  await fetchList(entry, state.nextCursor);
  if (store.get().error) throw store.get().error;
  return store.get().items.length - before;
}

/** Loads the list again from the first page (the retry of the error state). */
export async function reloadQuestions(store: MapStore<QuestionListState>): Promise<void> {
  const entry = listEntryOf(store);
  if (!entry) return;
  store.set(emptyList());
  await fetchList(entry, null);
}

async function fetchThread(entry: ThreadEntry, cursor: string | null): Promise<void> {
  const { store } = entry;
  try {
    const thread = await batchedRead(entry.session, {
      kind: 'thread',
      questionId: entry.questionId,
      answerLimit: entry.pageSize,
      answerCursor: cursor,
    });
    const answers = cursor
      ? [...store.get().answers, ...thread.answers.items]
      : thread.answers.items;
    const seen = new Set<string>();
    store.set({
      status: 'ready',
      question: thread.question,
      answers: answers.filter((a) => !seen.has(a.id) && !!seen.add(a.id)),
      nextCursor: thread.answers.nextCursor,
      total: thread.answers.total,
      loadingMore: false,
      error: null,
    });
  } catch (error) {
    const kithError = toKithError(error);
    if (cursor) store.set({ ...store.get(), loadingMore: false, error: kithError });
    else store.set({ ...emptyThread(), status: 'error', error: kithError });
  }
}

/** A question with its answers (accepted first); loads when first created. */
export function questionThread(
  session: Session,
  questionId: string,
  pageSize: number,
): MapStore<ThreadState> {
  const key = `${session.key}|${questionId}|${pageSize}`;
  let entry = threads.get(key);
  if (!entry) {
    const created: ThreadEntry = {
      kind: 'thread',
      session,
      questionId,
      pageSize,
      store: map<ThreadState>(emptyThread()),
      seenWrites: writeCount(session),
    };
    entry = created;
    threads.set(key, created);
    const known = findQuestion(session, questionId);
    // A question the member just asked has no answers yet: no need to read it back.
    if (known && known.answerCount === 0) {
      created.store.set({ ...emptyThread(), status: 'ready', question: known });
    } else {
      void fetchThread(created, null);
    }
  } else {
    revalidate(entry);
  }
  return entry.store;
}

function threadEntryOf(store: MapStore<ThreadState>): ThreadEntry | undefined {
  for (const entry of threads.values()) if (entry.store === store) return entry;
  return undefined;
}

export async function loadMoreAnswers(store: MapStore<ThreadState>): Promise<number> {
  const entry = threadEntryOf(store);
  const state = store.get();
  if (!entry || !state.nextCursor || state.loadingMore) return 0;
  const before = state.answers.length;
  store.setKey('loadingMore', true);
  await fetchThread(entry, state.nextCursor);
  if (store.get().error) throw store.get().error;
  return store.get().answers.length - before;
}

export async function reloadThread(store: MapStore<ThreadState>): Promise<void> {
  const entry = threadEntryOf(store);
  if (!entry) return;
  store.set(emptyThread());
  await fetchThread(entry, null);
}

// ---- patching every store of a session ---------------------------------------------------------

function sessionLists(session: Session): ListEntry[] {
  return [...lists.values()].filter((e) => e.session.key === session.key);
}

function sessionThreads(session: Session): ThreadEntry[] {
  return [...threads.values()].filter((e) => e.session.key === session.key);
}

function findQuestion(session: Session, id: string): Question | undefined {
  for (const e of sessionThreads(session)) {
    const q = e.store.get().question;
    if (q?.id === id) return q;
  }
  for (const e of sessionLists(session)) {
    const q = e.store.get().items.find((item) => item.id === id);
    if (q) return q;
  }
  return undefined;
}

function patchQuestion(session: Session, id: string, patch: (q: Question) => Question): void {
  for (const e of sessionLists(session)) {
    const { items } = e.store.get();
    if (items.some((q) => q.id === id)) {
      e.store.setKey(
        'items',
        items.map((q) => (q.id === id ? patch(q) : q)),
      );
    }
  }
  for (const e of sessionThreads(session)) {
    const q = e.store.get().question;
    if (q?.id === id) e.store.setKey('question', patch(q));
  }
}

function patchAnswers(
  session: Session,
  questionId: string,
  patch: (answers: Answer[]) => Answer[],
): void {
  for (const e of sessionThreads(session)) {
    if (e.questionId === questionId && e.store.get().status === 'ready') {
      e.store.setKey('answers', patch(e.store.get().answers));
    }
  }
}

function answerOf(session: Session, id: string): Answer | undefined {
  for (const e of sessionThreads(session)) {
    const a = e.store.get().answers.find((x) => x.id === id);
    if (a) return a;
  }
  return undefined;
}

/** Accepted first, then by score, then oldest first: the order the adapters return. */
export function orderAnswers(answers: Answer[]): Answer[] {
  return [...answers].sort(
    (a, b) =>
      Number(b.accepted) - Number(a.accepted) ||
      b.score - a.score ||
      a.createdAt.localeCompare(b.createdAt),
  );
}

// ---- writes -------------------------------------------------------------------------------------

const inFlight = new Map<string, Promise<unknown>>();

/** Runs a write once per key: a double click joins the first attempt instead of posting twice. */
function once<T>(key: string, run: () => Promise<T>): Promise<T> {
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
function requireText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (!text) throw new ValidationError('required', { [field]: 'required' });
  checkLength(text, field, max);
  return text;
}

function checkLength(text: string, field: string, max: number): void {
  if (text.length > max) throw new ValidationError('too-long', { [field]: `too-long:${max}` });
}

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

/**
 * Posts the question drafted under `draftKey`. The draft (and its idempotency key) stays until the
 * server has the question, so a retry after any failure cannot post twice.
 */
export function askQuestion(
  session: Session,
  input: { topic: string; title: string; body: string; pageUrl?: string },
  draftKey: string,
): Promise<Question> {
  return once(draftKey, async () => {
    const title = requireText(input.title, 'title', TITLE_MAX);
    checkLength(input.body, 'body', BODY_MAX);
    const { idempotencyKey } = loadDraft(draftKey);
    const question = await session.adapter.askQuestion(
      { topic: input.topic, title, body: input.body, pageUrl: input.pageUrl },
      { token: session.token, idempotencyKey },
    );
    clearDraft(draftKey);
    recordWrite(session);
    for (const e of sessionLists(session)) {
      if (e.topic !== question.topic || e.store.get().status !== 'ready') continue;
      const { items, total } = e.store.get();
      if (items.some((q) => q.id === question.id)) continue;
      e.store.set({ ...e.store.get(), items: [question, ...items], total: total + 1 });
    }
    return question;
  });
}

export function postAnswer(
  session: Session,
  input: { questionId: string; body: string; pageUrl?: string },
  draftKey: string,
): Promise<Answer> {
  return once(draftKey, async () => {
    const body = requireText(input.body, 'body', BODY_MAX);
    const { idempotencyKey } = loadDraft(draftKey);
    const answer = await session.adapter.postAnswer(
      { questionId: input.questionId, body, pageUrl: input.pageUrl },
      { token: session.token, idempotencyKey },
    );
    clearDraft(draftKey);
    recordWrite(session);
    let added = false;
    for (const e of sessionThreads(session)) {
      if (e.questionId !== answer.questionId || e.store.get().status !== 'ready') continue;
      const { answers, total } = e.store.get();
      if (answers.some((a) => a.id === answer.id)) continue;
      added = true;
      e.store.set({ ...e.store.get(), answers: [...answers, answer], total: total + 1 });
    }
    if (added || findQuestion(session, answer.questionId)) {
      patchQuestion(session, answer.questionId, (q) => ({
        ...q,
        answerCount: q.answerCount + 1,
        activeAt: answer.createdAt,
      }));
    }
    return answer;
  });
}

function applyVote<
  T extends { score: number; upvotes: number; downvotes: number; myVote: VoteValue },
>(item: T, value: VoteValue): T {
  const up = item.upvotes - (item.myVote === 1 ? 1 : 0) + (value === 1 ? 1 : 0);
  const down = item.downvotes - (item.myVote === -1 ? 1 : 0) + (value === -1 ? 1 : 0);
  return { ...item, upvotes: up, downvotes: down, score: up - down, myVote: value };
}

type Counts = Pick<Question, 'score' | 'upvotes' | 'downvotes' | 'myVote'>;

function setVoteState(session: Session, type: TargetType, id: string, next: (c: Counts) => Counts) {
  if (type === 'question') {
    patchQuestion(session, id, (q) => ({ ...q, ...next(q) }));
  } else {
    const answer = answerOf(session, id);
    if (answer) {
      patchAnswers(session, answer.questionId, (answers) =>
        orderAnswers(answers.map((a) => (a.id === id ? { ...a, ...next(a) } : a))),
      );
    }
  }
}

/**
 * Votes on a question or an answer, optimistically; rolls back and rethrows when the adapter refuses.
 * Returns `null` (and does nothing) while a vote on the same target is still on its way.
 */
export async function vote(
  session: Session,
  targetType: 'question' | 'answer',
  targetId: string,
  value: VoteValue,
): Promise<VoteValue | null> {
  const key = `vote|${session.key}|${targetType}|${targetId}`;
  if (inFlight.has(key)) return null;
  const current =
    targetType === 'question' ? findQuestion(session, targetId) : answerOf(session, targetId);
  const before: Counts | null = current
    ? {
        score: current.score,
        upvotes: current.upvotes,
        downvotes: current.downvotes,
        myVote: current.myVote,
      }
    : null;
  setVoteState(session, targetType, targetId, (c) => applyVote(c, value));
  return once(key, async () => {
    try {
      const result = await session.adapter.vote(
        { targetType, targetId, value },
        { token: session.token, idempotencyKey: globalThis.crypto.randomUUID() },
      );
      recordWrite(session);
      setVoteState(session, targetType, targetId, () => ({
        score: result.score,
        upvotes: result.upvotes,
        downvotes: result.downvotes,
        myVote: result.value,
      }));
      return result.value;
    } catch (error) {
      if (before) setVoteState(session, targetType, targetId, () => before);
      throw toKithError(error);
    }
  });
}

/** Accepts (or, with `null`, un-accepts) an answer; optimistic with rollback. */
export async function acceptAnswer(
  session: Session,
  questionId: string,
  answerId: string | null,
): Promise<Question> {
  const key = `accept|${session.key}|${questionId}`;
  const question = findQuestion(session, questionId);
  const previous = question?.acceptedAnswerId ?? null;
  const mark = (accepted: string | null) => {
    patchQuestion(session, questionId, (q) => ({ ...q, acceptedAnswerId: accepted }));
    patchAnswers(session, questionId, (answers) =>
      orderAnswers(answers.map((a) => ({ ...a, accepted: a.id === accepted }))),
    );
  };
  mark(answerId);
  return once(key, async () => {
    try {
      const updated = await session.adapter.acceptAnswer(
        { questionId, answerId },
        { token: session.token, idempotencyKey: globalThis.crypto.randomUUID() },
      );
      recordWrite(session);
      mark(updated.acceptedAnswerId);
      return updated;
    } catch (error) {
      mark(previous);
      throw toKithError(error);
    }
  });
}

// ---- search-as-you-type -----------------------------------------------------------------------

export interface SearchState {
  query: string;
  status: 'idle' | 'loading' | 'ready' | 'error';
  results: Question[];
  total: number;
  error: KithError | null;
}

export interface QuestionSearch {
  store: MapStore<SearchState>;
  /** Sets the text being typed; searches after `delay` ms without typing. */
  setQuery(query: string): void;
  dispose(): void;
}

/** Minimum characters before searching. */
export const SEARCH_MIN = 3;

/** Search over a topic's questions while the member types; stale answers are dropped. */
export function createQuestionSearch(
  session: Session,
  topic: string,
  options: { limit?: number; delay?: number } = {},
): QuestionSearch {
  const limit = options.limit ?? 5;
  const delay = options.delay ?? 250;
  const store = map<SearchState>({ query: '', status: 'idle', results: [], total: 0, error: null });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const run = async (query: string, gen: number) => {
    try {
      const page = await batchedRead(session, {
        kind: 'questions',
        topic,
        sort: 'top',
        limit,
        query,
      });
      if (gen !== generation) return;
      store.set({ query, status: 'ready', results: page.items, total: page.total, error: null });
    } catch (error) {
      if (gen !== generation) return;
      store.set({ query, status: 'error', results: [], total: 0, error: toKithError(error) });
    }
  };

  return {
    store,
    setQuery(query: string) {
      clearTimeout(timer);
      const gen = ++generation;
      const trimmed = query.trim();
      if (trimmed.length < SEARCH_MIN) {
        store.set({ query: trimmed, status: 'idle', results: [], total: 0, error: null });
        return;
      }
      store.set({ ...store.get(), query: trimmed, status: 'loading' });
      timer = setTimeout(() => void run(trimmed, gen), delay);
    },
    dispose() {
      clearTimeout(timer);
      generation++;
    },
  };
}
