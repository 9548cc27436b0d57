/**
 * Q&A stores: question lists by topic and sort, question threads, search-as-you-type, and the writes
 * (ask, answer, vote, accept, follow, escalate) with optimistic updates rolled back on failure.
 *
 * Stores load on first subscription through the batched read, so every element that mounts in the same
 * task shares one adapter call. Every list and thread of a session is patched when a write lands, so a
 * vote shows the same score everywhere on the page.
 */
import { map, type MapStore } from 'nanostores';
import type { ComposeExtras } from '../core/adapter.js';
import { UnsupportedError } from '../core/errors.js';
import type { Answer, Question, QuestionSort, VoteValue } from '../core/types.js';
import { batchedRead } from './batch.js';
import {
  loadMore,
  readPage,
  recordWrite,
  reload,
  cached,
  track,
  type CachedRead,
  type PagedState,
} from './cache.js';
import { createSearch, type Search } from './search.js';
import type { Session } from './session.js';
import {
  BODY_MAX,
  TITLE_MAX,
  applyVote,
  checkLength,
  once,
  optimistic,
  postDraft,
  requireText,
  voteCounts,
  type VoteCounts,
} from './writes.js';

export type { LoadStatus } from './cache.js';
export type { SearchState } from './search.js';
export { BODY_MAX, TITLE_MAX } from './writes.js';
export { SEARCH_MIN } from './search.js';

export interface QuestionListState extends PagedState {
  items: Question[];
}

export interface ThreadState extends PagedState {
  question: Question | null;
  answers: Answer[];
  /** The signed-in member follows the question (asking, answering and voting follow it). */
  following: boolean;
}

interface ListEntry extends CachedRead<QuestionListState> {
  topic: string;
  sort: QuestionSort;
}

interface ThreadEntry extends CachedRead<ThreadState> {
  questionId: string;
}

const lists = new Map<string, ListEntry>();
const threads = new Map<string, ThreadEntry>();
/** Questions this page asked (per session key and id): their threads need no read, and are followed. */
const asked = new Set<string>();

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
    following: false,
    nextCursor: null,
    total: 0,
    loadingMore: false,
    error: null,
  };
}

/** The questions of a topic in one sort order; loads when first subscribed. */
export function questionList(
  session: Session,
  topic: string,
  sort: QuestionSort,
  pageSize: number,
): MapStore<QuestionListState> {
  const key = `${session.key}|${topic}|${sort}|${pageSize}`;
  return cached(lists, key, () => {
    const store = map<QuestionListState>(emptyList());
    const created = track<ListEntry>({
      session,
      topic,
      sort,
      store,
      empty: emptyList,
      fetch: (cursor) =>
        readPage(store, emptyList, 'items', cursor, async () => ({
          page: await batchedRead(session, {
            kind: 'questions',
            topic,
            sort,
            limit: pageSize,
            cursor,
          }),
        })),
    });
    return created;
  });
}

/** Loads the next page; resolves with the number of questions added. */
export function loadMoreQuestions(store: MapStore<QuestionListState>): Promise<number> {
  return loadMore(store, (s) => s.items.length);
}

/** Loads the list again from the first page (the retry of the error state). */
export function reloadQuestions(store: MapStore<QuestionListState>): Promise<void> {
  return reload(store);
}

/** A question with its answers (accepted first); loads when first created. */
export function questionThread(
  session: Session,
  questionId: string,
  pageSize: number,
): MapStore<ThreadState> {
  const key = `${session.key}|${questionId}|${pageSize}`;
  return cached(threads, key, () => {
    const known = findQuestion(session, questionId);
    const mine = asked.has(`${session.key}|${questionId}`);
    // A question the member just asked has no answers yet: no need to read it back. Neither has an
    // unanswered question for a visitor (a member's would lack whether they follow it).
    const fresh = !!known && known.answerCount === 0 && (mine || !session.token);
    const store = map<ThreadState>(
      fresh
        ? { ...emptyThread(), status: 'ready', question: known, following: mine }
        : emptyThread(),
    );
    const created = track<ThreadEntry>(
      {
        session,
        questionId,
        store,
        empty: emptyThread,
        fetch: (cursor) =>
          readPage(store, emptyThread, 'answers', cursor, async () => {
            const thread = await batchedRead(session, {
              kind: 'thread',
              questionId,
              answerLimit: pageSize,
              answerCursor: cursor,
            });
            return {
              page: thread.answers,
              extra: { question: thread.question, following: !!thread.following },
            };
          }),
      },
      !fresh,
    );
    return created;
  });
}

export function loadMoreAnswers(store: MapStore<ThreadState>): Promise<number> {
  return loadMore(store, (s) => s.answers.length);
}

export function reloadThread(store: MapStore<ThreadState>): Promise<void> {
  return reload(store);
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

/** Marks the question followed (or not) in every thread of the session showing it. */
function setFollowing(session: Session, questionId: string, following: boolean): void {
  for (const e of sessionThreads(session)) {
    if (e.questionId === questionId) e.store.setKey('following', following);
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

/**
 * Posts the question drafted under `draftKey`. The draft (and its idempotency key) stays until the
 * server has the question, so a retry after any failure cannot post twice. A question held for a
 * moderator (`notices: ['held']`) joins no list.
 */
export function askQuestion(
  session: Session,
  input: { topic: string; title: string; body: string; pageUrl?: string } & ComposeExtras,
  draftKey: string,
): Promise<Question> {
  return postDraft(session, draftKey, async (idempotencyKey) => {
    const title = requireText(input.title, 'title', TITLE_MAX);
    checkLength(input.body, 'body', BODY_MAX);
    const question = await session.adapter.askQuestion(
      { ...input, title },
      { token: session.token, idempotencyKey },
    );
    asked.add(`${session.key}|${question.id}`);
    if (question.notices?.includes('held')) return question;
    for (const e of sessionLists(session)) {
      if (e.topic !== question.topic || e.store.get().status !== 'ready') continue;
      const { items, total } = e.store.get();
      if (items.some((q) => q.id === question.id)) continue;
      e.store.set({ ...e.store.get(), items: [question, ...items], total: total + 1 });
    }
    return question;
  });
}

/** Posts the answer drafted under `draftKey`; one held for a moderator joins no thread. */
export function postAnswer(
  session: Session,
  input: { questionId: string; body: string; pageUrl?: string } & ComposeExtras,
  draftKey: string,
): Promise<Answer> {
  return postDraft(session, draftKey, async (idempotencyKey) => {
    const body = requireText(input.body, 'body', BODY_MAX);
    const answer = await session.adapter.postAnswer(
      { ...input, body },
      { token: session.token, idempotencyKey },
    );
    if (answer.notices?.includes('held')) return answer;
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
    setFollowing(session, answer.questionId, true);
    return answer;
  });
}

function setVoteState(
  session: Session,
  type: 'question' | 'answer',
  id: string,
  next: (c: VoteCounts) => VoteCounts,
) {
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
export function vote(
  session: Session,
  targetType: 'question' | 'answer',
  targetId: string,
  value: VoteValue,
): Promise<VoteValue | null> {
  const current =
    targetType === 'question' ? findQuestion(session, targetId) : answerOf(session, targetId);
  const before = current ? voteCounts(current) : null;
  return optimistic(session, `vote|${session.key}|${targetType}|${targetId}`, {
    apply: () => setVoteState(session, targetType, targetId, (c) => applyVote(c, value)),
    send: async (idempotencyKey) => {
      const result = await session.adapter.vote(
        { targetType, targetId, value },
        { token: session.token, idempotencyKey },
      );
      setVoteState(session, targetType, targetId, () => ({
        score: result.score,
        upvotes: result.upvotes,
        downvotes: result.downvotes,
        myVote: result.value,
      }));
      const questionId =
        targetType === 'question' ? targetId : answerOf(session, targetId)?.questionId;
      if (result.value && questionId) setFollowing(session, questionId, true);
      return result.value;
    },
    rollback: () => {
      if (before) setVoteState(session, targetType, targetId, () => before);
    },
  });
}

/**
 * Accepts (or, with `null`, un-accepts) an answer; optimistic with rollback. Resolves with `null` while
 * an acceptance of the same question is still on its way.
 */
export function acceptAnswer(
  session: Session,
  questionId: string,
  answerId: string | null,
): Promise<Question | null> {
  const previous = findQuestion(session, questionId)?.acceptedAnswerId ?? null;
  const mark = (accepted: string | null) => {
    patchQuestion(session, questionId, (q) => ({ ...q, acceptedAnswerId: accepted }));
    patchAnswers(session, questionId, (answers) =>
      orderAnswers(answers.map((a) => ({ ...a, accepted: a.id === accepted }))),
    );
  };
  return optimistic(session, `accept|${session.key}|${questionId}`, {
    apply: () => mark(answerId),
    send: async (idempotencyKey) => {
      const updated = await session.adapter.acceptAnswer(
        { questionId, answerId },
        { token: session.token, idempotencyKey },
      );
      mark(updated.acceptedAnswerId);
      return updated;
    },
    rollback: () => mark(previous),
  });
}

/**
 * Follows or unfollows a question (notifications of its answers), optimistically. Resolves with `null`
 * while a change of the same question is still on its way.
 */
export function followQuestion(
  session: Session,
  questionId: string,
  following: boolean,
): Promise<boolean | null> {
  return optimistic(session, `follow|${session.key}|question|${questionId}`, {
    apply: () => setFollowing(session, questionId, following),
    send: async (idempotencyKey) => {
      const notifications = session.adapter.notifications;
      if (!notifications) throw new UnsupportedError('following');
      const result = await notifications.follow(
        { targetType: 'question', targetId: questionId, following },
        { token: session.token, idempotencyKey },
      );
      setFollowing(session, questionId, result.following);
      return result.following;
    },
    rollback: () => setFollowing(session, questionId, !following),
  });
}

/**
 * "I still need help": hands the asker's question to the vendor's support, and shows it escalated in
 * every list and thread. Not optimistic (the backend says when); a double click joins the first call.
 */
export function escalateQuestion(session: Session, questionId: string): Promise<Question> {
  return once(`escalate|${session.key}|${questionId}`, async () => {
    const updated = await session.adapter.escalate(
      { questionId },
      { token: session.token, idempotencyKey: globalThis.crypto.randomUUID() },
    );
    patchQuestion(session, questionId, (q) => ({
      ...q,
      escalatedAt: updated.escalatedAt,
      escalatedBy: updated.escalatedBy,
      escalationResolvedAt: updated.escalationResolvedAt,
      escalatableAt: updated.escalatableAt,
    }));
    recordWrite(session);
    return updated;
  });
}

// ---- search-as-you-type -----------------------------------------------------------------------

export type QuestionSearch = Search<Question>;

/** Search over a topic's questions while the member types; stale answers are dropped. */
export function createQuestionSearch(
  session: Session,
  topic: string,
  options: { limit?: number; delay?: number } = {},
): QuestionSearch {
  const limit = options.limit ?? 5;
  return createSearch(
    (query) => batchedRead(session, { kind: 'questions', topic, sort: 'top', limit, query }),
    options.delay,
  );
}
