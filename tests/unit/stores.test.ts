import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryAdapter } from '../../src/adapters/memory.js';
import { ForbiddenError, NetworkError, ValidationError } from '../../src/core/errors.js';
import { batchedRead } from '../../src/stores/batch.js';
import { emptySummary, productRating } from '../../src/stores/ratings.js';
import {
  clearDraft,
  draftKey,
  forgetMemberDrafts,
  loadDraft,
  saveDraft,
} from '../../src/stores/drafts.js';
import {
  acceptAnswer,
  askQuestion,
  createQuestionSearch,
  loadMoreQuestions,
  postAnswer,
  questionList,
  questionThread,
  vote,
} from '../../src/stores/qa.js';
import { sessionFor, type Session } from '../../src/stores/session.js';
import { countingAdapter } from '../support/counting-adapter.js';
import { token, write } from './helpers.js';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (predicate()) return;
    await tick(5);
  }
  throw new Error(`timed out: ${what}`);
}

async function setup(member = 'm_ada', roles: ('customer' | 'staff')[] = ['customer']) {
  const memory = createMemoryAdapter({ site: 'test', storage: null });
  const { adapter, reads } = countingAdapter(memory);
  const session = await sessionFor({
    adapter,
    site: 'test',
    memberToken: token(member, member, roles),
  });
  return { memory, adapter, reads, session };
}

describe('sessions', () => {
  it('needs an API or an adapter: a clear configuration error otherwise', async () => {
    await assert.rejects(sessionFor({}), /no community server is set/);
    await assert.rejects(
      sessionFor({ adapter: 'carrier-pigeon' }),
      /unknown adapter "carrier-pigeon"/,
    );
  });

  it('loads the memory adapter by name and keys sessions by member', async () => {
    const a = await sessionFor({ adapter: 'memory', site: 's', adapterOptions: { storage: null } });
    const b = await sessionFor({
      adapter: 'memory',
      site: 's',
      adapterOptions: { storage: null },
      memberToken: token('m_1'),
    });
    assert.equal(a.adapter, b.adapter);
    assert.notEqual(a.key, b.key);
    assert.equal(b.member?.sub, 'm_1');
    assert.equal(a.member, null);
  });
});

describe('read coalescing', () => {
  it('sends the reads of one task as one adapter call, each answered on its own', async () => {
    const { memory, reads, session } = await setup();
    await memory.askQuestion({ topic: 'a', title: 'Q in a', body: '' }, write(token('m_ben')));
    const [a, b, missing] = await Promise.allSettled([
      batchedRead(session, { kind: 'questions', topic: 'a', sort: 'newest', limit: 5 }),
      batchedRead(session, { kind: 'questions', topic: 'b', sort: 'newest', limit: 5 }),
      batchedRead(session, { kind: 'thread', questionId: 'q_nope', answerLimit: 5 }),
    ]);
    assert.equal(reads.length, 1);
    assert.equal(reads[0]!.length, 3);
    assert.equal(a.status === 'fulfilled' && a.value.total, 1);
    assert.equal(b.status === 'fulfilled' && b.value.total, 0);
    assert.equal(missing.status, 'rejected');
  });

  it('merges the ratings of many product tiles into one request of at most 100 products', async () => {
    const { memory, reads, session } = await setup();
    await memory.reviews!.submitReview(
      { product: 'p7', rating: 4, title: '', body: 'Good.' },
      write(token('m_ben')),
    );
    const products = Array.from({ length: 150 }, (_, i) => `p${i}`);
    const states = products.map((p) => productRating(session, p));
    await until(() => states.every((s) => s.get().status === 'ready'), 'every rating read');
    assert.equal(reads.length, 1, 'one adapter call');
    const ratingReads = reads[0]!.filter((r) => r.kind === 'ratings');
    assert.deepEqual(
      ratingReads.map((r) => r.kind === 'ratings' && r.products.length),
      [100, 50],
    );
    assert.equal(states[7]!.get().summary?.average, 4);
    assert.equal(states[7]!.get().summary?.count, 1);
    assert.deepEqual(states[8]!.get().summary, emptySummary('p8'));
    // The same product again is the same store: no second read.
    assert.equal(productRating(session, 'p7'), states[7]);
  });

  it('sends identical requests once', async () => {
    const { reads, session } = await setup();
    const request = { kind: 'questions', topic: 'same', sort: 'top', limit: 5 } as const;
    await Promise.all([batchedRead(session, request), batchedRead(session, request)]);
    assert.equal(reads.length, 1);
    assert.equal(reads[0]!.length, 1);
  });
});

describe('question lists and threads', () => {
  it('load, paginate, and share one read across stores created together', async () => {
    const { memory, reads, session } = await setup();
    for (let i = 0; i < 5; i++) {
      await memory.askQuestion({ topic: 'p', title: `Q${i}`, body: '' }, write(token('m_ben')));
    }
    const list = questionList(session, 'p', 'newest', 2);
    const other = questionList(session, 'other', 'newest', 2);
    await until(() => list.get().status === 'ready' && other.get().status === 'ready', 'lists');
    assert.equal(reads.length, 1);
    assert.deepEqual(
      list.get().items.map((q) => q.title),
      ['Q4', 'Q3'],
    );
    assert.equal(list.get().total, 5);
    assert.equal(await loadMoreQuestions(list), 2);
    assert.equal(await loadMoreQuestions(list), 1);
    assert.equal(list.get().nextCursor, null);
    assert.equal(await loadMoreQuestions(list), 0);
  });

  it('re-reads a cached list that missed writes made by another member (sign-in, sign-out)', async () => {
    const { adapter, session: anon } = await setup();
    const list = questionList(anon, 'shared', 'newest', 5);
    await until(() => list.get().status === 'ready', 'anonymous list');
    assert.equal(list.get().total, 0);
    const member = await sessionFor({ adapter, memberToken: token('m_writer') });
    const key = draftKey(null, 'm_writer', 'question', 'shared');
    await askQuestion(member, { topic: 'shared', title: 'Asked while signed in', body: '' }, key);
    // Signing out returns to the anonymous session's cached store: it must not show stale data.
    assert.equal(questionList(anon, 'shared', 'newest', 5), list);
    await until(() => list.get().total === 1, 'revalidated list');
    assert.deepEqual(
      list.get().items.map((q) => q.title),
      ['Asked while signed in'],
    );
  });

  it('reads a list again when a write lands while its first page is on its way', async () => {
    const memory = createMemoryAdapter({ site: 'test', storage: null });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    // The adapter answers from the data as it is when asked, but the answer arrives late.
    const adapter = {
      ...memory,
      read: async (...args: Parameters<typeof memory.read>) => {
        const outcome = await memory.read(...args);
        await gate;
        return outcome;
      },
    };
    const session = await sessionFor({ adapter, site: 'test', memberToken: token('m_ada') });
    const list = questionList(session, 'late', 'newest', 5);
    await tick(5);
    const asked = await askQuestion(
      session,
      { topic: 'late', title: 'Posted while the list loads', body: '' },
      draftKey('test', 'm_ada', 'question', 'late'),
    );
    release();
    await until(
      () => list.get().status === 'ready' && list.get().items.some((q) => q.id === asked.id),
      'the list shows the question posted during its first read',
    );
    assert.equal(list.get().total, 1);
  });

  it('reports a failed load as the error state', async () => {
    const { memory, session } = await setup();
    memory.simulate({ offline: true });
    const list = questionList(session, 'down', 'newest', 5);
    await until(() => list.get().status === 'error', 'error');
    assert.ok(list.get().error instanceof NetworkError);
  });
});

describe('writes', () => {
  it('asks once per draft even when called twice at once, then clears the draft', async () => {
    const { memory, session } = await setup();
    const key = draftKey('test', 'm_ada', 'question', 'w');
    saveDraft(key, { title: 'Twice?' });
    const list = questionList(session, 'w', 'newest', 5);
    await until(() => list.get().status === 'ready', 'list');
    const input = { topic: 'w', title: 'Twice?', body: '' };
    const [a, b] = await Promise.all([
      askQuestion(session, input, key),
      askQuestion(session, input, key),
    ]);
    assert.equal(a.id, b.id);
    const [outcome] = await memory.read(
      [{ kind: 'questions', topic: 'w', sort: 'newest', limit: 5 }],
      {},
    );
    assert.equal(outcome!.ok && (outcome.data as { total: number }).total, 1);
    assert.equal(loadDraft(key).title, '');
    assert.deepEqual(
      list.get().items.map((q) => q.title),
      ['Twice?'],
    );
    assert.equal(list.get().total, 1);
  });

  it('keeps the draft and its idempotency key when a post fails; the retry posts once', async () => {
    const { memory, adapter, session } = await setup();
    const key = draftKey('test', 'm_ada', 'question', 'retry');
    saveDraft(key, { title: 'Retry me' });
    const firstKey = loadDraft(key).idempotencyKey;
    memory.simulate({ failNext: 1 });
    await assert.rejects(
      askQuestion(session, { topic: 'retry', title: 'Retry me', body: '' }, key),
      NetworkError,
    );
    assert.equal(loadDraft(key).title, 'Retry me');
    assert.equal(loadDraft(key).idempotencyKey, firstKey);
    // The server stores the question but the answer is lost on the way back.
    const realAsk = adapter.askQuestion;
    adapter.askQuestion = async (input, c) => {
      await realAsk(input, c);
      throw new NetworkError();
    };
    await assert.rejects(
      askQuestion(session, { topic: 'retry', title: 'Retry me', body: '' }, key),
      NetworkError,
    );
    adapter.askQuestion = realAsk;
    const retried = await askQuestion(
      session,
      { topic: 'retry', title: 'Retry me', body: '' },
      key,
    );
    assert.equal(retried.title, 'Retry me');
    const [outcome] = await memory.read(
      [{ kind: 'questions', topic: 'retry', sort: 'newest', limit: 5 }],
      {},
    );
    assert.equal(outcome!.ok && (outcome.data as { total: number }).total, 1);
  });

  it('validates before sending', async () => {
    const { session } = await setup();
    const key = draftKey('test', 'm_ada', 'question', 'v');
    await assert.rejects(
      askQuestion(session, { topic: 'v', title: '  ', body: '' }, key),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.ok(e.fields.title);
        return true;
      },
    );
    await assert.rejects(
      askQuestion(session, { topic: 'v', title: 'x'.repeat(201), body: '' }, key),
      ValidationError,
    );
  });

  it('votes optimistically, settles on the server result, and rolls back a refusal', async () => {
    const { memory, session } = await setup();
    const q = await memory.askQuestion(
      { topic: 'v', title: 'Vote me', body: '' },
      write(token('m_ben')),
    );
    const list = questionList(session, 'v', 'top', 5);
    await until(() => list.get().status === 'ready', 'list');
    const pending = vote(session, 'question', q.id, 1);
    assert.equal(list.get().items[0]!.score, 1, 'optimistic');
    assert.equal(await pending, 1);
    assert.equal(list.get().items[0]!.myVote, 1);
    assert.equal(await vote(session, 'question', q.id, -1), -1);
    assert.equal(list.get().items[0]!.score, -1);

    memory.simulate({ failNext: 1 });
    await assert.rejects(vote(session, 'question', q.id, 1), NetworkError);
    assert.equal(list.get().items[0]!.score, -1, 'rolled back');
    assert.equal(list.get().items[0]!.myVote, -1);
  });

  it('ignores a second vote on a target while the first is on its way', async () => {
    const { memory, session } = await setup();
    const q = await memory.askQuestion(
      { topic: 'dbl', title: 'Double', body: '' },
      write(token('m_ben')),
    );
    const list = questionList(session, 'dbl', 'top', 5);
    await until(() => list.get().status === 'ready', 'list');
    memory.simulate({ latency: 30 });
    const [first, second] = await Promise.all([
      vote(session, 'question', q.id, 1),
      vote(session, 'question', q.id, 1),
    ]);
    assert.equal(first, 1);
    assert.equal(second, null);
    assert.equal(list.get().items[0]!.score, 1);
  });

  it('answers update the thread and the question counts in lists', async () => {
    const { memory, session } = await setup();
    const q = await memory.askQuestion(
      { topic: 'ans', title: 'Answer me', body: '' },
      write(token('m_ben')),
    );
    const list = questionList(session, 'ans', 'newest', 5);
    const thread = questionThread(session, q.id, 5);
    await until(() => list.get().status === 'ready' && thread.get().status === 'ready', 'loaded');
    const key = draftKey('test', 'm_ada', 'answer', q.id);
    await postAnswer(session, { questionId: q.id, body: 'Here you go' }, key);
    assert.equal(thread.get().answers.length, 1);
    assert.equal(thread.get().total, 1);
    assert.equal(list.get().items[0]!.answerCount, 1);
  });

  it('accepting reorders answers; a refusal rolls back', async () => {
    const { memory, session } = await setup('m_other');
    const asker = token('m_asker');
    const q = await memory.askQuestion({ topic: 'acc', title: 'Which?', body: '' }, write(asker));
    await memory.postAnswer({ questionId: q.id, body: 'A' }, write(token('m_1')));
    const b = await memory.postAnswer({ questionId: q.id, body: 'B' }, write(token('m_2')));
    const thread = questionThread(session, q.id, 5);
    await until(() => thread.get().status === 'ready', 'thread');
    await assert.rejects(acceptAnswer(session, q.id, b.id), ForbiddenError);
    assert.deepEqual(
      thread.get().answers.map((a) => a.accepted),
      [false, false],
    );

    const askerSession: Session = await sessionFor({
      adapter: session.adapter,
      memberToken: asker,
    });
    const askerThread = questionThread(askerSession, q.id, 5);
    await until(() => askerThread.get().status === 'ready', 'asker thread');
    await acceptAnswer(askerSession, q.id, b.id);
    assert.deepEqual(
      askerThread.get().answers.map((a) => a.bodySource ?? a.bodyHtml),
      ['B', 'A'],
    );
    assert.equal(askerThread.get().question!.acceptedAnswerId, b.id);
  });
});

describe('search as you type', () => {
  it('searches after a pause, ignores short input and drops stale answers', async () => {
    const { memory, reads, session } = await setup();
    await memory.askQuestion(
      { topic: 's', title: 'Is the zipper waterproof?', body: '' },
      write(token('m_ben')),
    );
    await memory.askQuestion(
      { topic: 's', title: 'Laptop sleeve size', body: '' },
      write(token('m_ben')),
    );
    const search = createQuestionSearch(session, 's', { delay: 20 });
    search.setQuery('zi');
    assert.equal(search.store.get().status, 'idle');
    search.setQuery('lapt');
    search.setQuery('zipper');
    await until(() => search.store.get().status === 'ready', 'results');
    assert.deepEqual(
      search.store.get().results.map((q) => q.title),
      ['Is the zipper waterproof?'],
    );
    assert.equal(reads.length, 1, 'only the last query was sent');
    search.dispose();
  });
});

describe('drafts', () => {
  it('survive in storage, and sign-out forgets only that member', () => {
    const mine = draftKey('s', 'm_1', 'question', 'topic:with:colons');
    const theirs = draftKey('s', 'm_2', 'question', 'topic');
    saveDraft(mine, { title: 'mine' });
    saveDraft(theirs, { title: 'theirs' });
    assert.equal(loadDraft(mine).title, 'mine');
    forgetMemberDrafts('m_1');
    assert.equal(loadDraft(mine).title, '');
    assert.equal(loadDraft(theirs).title, 'theirs');
    clearDraft(theirs);
    assert.equal(loadDraft(theirs).title, '');
  });

  it('drops an empty draft instead of storing it', () => {
    const key = draftKey('s', 'm_3', 'answer', 'q');
    const before = loadDraft(key).idempotencyKey;
    saveDraft(key, { body: '   ' });
    assert.notEqual(loadDraft(key).idempotencyKey, before, 'nothing stored, so a fresh key');
  });
});
