/**
 * The Q&A store's escalation and follows (stores/qa.ts): what every list and thread of a session shows
 * after "I still need help", a follow, and the writes that follow a question on their own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KithAdapter, ReadRequest } from '../../src/core/adapter.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory.js';
import { ForbiddenError, NetworkError, UnsupportedError } from '../../src/core/errors.js';
import {
  askQuestion,
  escalateQuestion,
  followQuestion,
  postAnswer,
  questionList,
  questionThread,
  vote,
} from '../../src/stores/qa.js';
import { sessionFor } from '../../src/stores/session.js';
import { isError, token, write } from './helpers.js';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (predicate()) return;
    await tick(5);
  }
  throw new Error(`timed out: ${what}`);
}

/** A session of `member` on a fresh memory adapter (the asker may escalate at once); reads counted. */
async function setup(member = 'm_ada', adapt: (m: MemoryAdapter) => KithAdapter = (m) => m) {
  const memory = createMemoryAdapter({ site: 'test', storage: null, escalationAskerAfter: 0 });
  const reads: ReadRequest[][] = [];
  const inner = adapt(memory);
  const adapter: KithAdapter = {
    ...inner,
    read: (requests, ctx) => {
      reads.push([...requests]);
      return inner.read(requests, ctx);
    },
  };
  const session = await sessionFor({ adapter, site: 'test', memberToken: token(member) });
  return { memory, adapter, reads, session };
}

describe('escalation', () => {
  it('escalates once for two calls at once, and every list and thread shows it', async () => {
    let calls = 0;
    const { memory, session } = await setup('m_ada', (m) => ({
      ...m,
      escalate: (input, ctx) => {
        calls++;
        return m.escalate(input, ctx);
      },
    }));
    const q = await memory.askQuestion(
      { topic: 't', title: 'Help', body: '' },
      write(token('m_ada')),
    );
    const list = questionList(session, 't', 'newest', 10);
    const thread = questionThread(session, q.id, 10);
    await until(() => list.get().status === 'ready' && thread.get().status === 'ready', 'loaded');
    assert.ok(thread.get().question!.escalatableAt, 'the asker may escalate');

    const [a, b] = await Promise.all([
      escalateQuestion(session, q.id),
      escalateQuestion(session, q.id),
    ]);
    assert.equal(calls, 1);
    assert.equal(a, b);
    assert.equal(a.escalatedBy, 'asker');
    for (const shown of [list.get().items[0]!, thread.get().question!]) {
      assert.equal(shown.escalatedAt, a.escalatedAt);
      assert.equal(shown.escalatedBy, 'asker');
      assert.equal(shown.escalatableAt ?? null, null);
    }
  });

  it('rejects with the typed error and changes nothing when refused or offline', async () => {
    const { memory, session } = await setup();
    const q = await memory.askQuestion(
      { topic: 't', title: 'Help', body: '' },
      write(token('m_ada')),
    );
    const thread = questionThread(session, q.id, 10);
    await until(() => thread.get().status === 'ready', 'loaded');
    const before = thread.get().question;

    memory.simulate({ failNext: 1 });
    await assert.rejects(escalateQuestion(session, q.id), isError(NetworkError));
    assert.equal(thread.get().question, before);

    // Someone else's question: the backend refuses.
    const other = await memory.askQuestion(
      { topic: 't', title: 'Not mine', body: '' },
      write(token('m_ben')),
    );
    await assert.rejects(escalateQuestion(session, other.id), isError(ForbiddenError));
    // The first question can still be escalated after the failure.
    const done = await escalateQuestion(session, q.id);
    assert.ok(done.escalatedAt);
  });
});

describe('following', () => {
  it('comes with the thread, follows optimistically, settles, and rolls back a failure', async () => {
    const { memory, session } = await setup('m_ben');
    const q = await memory.askQuestion({ topic: 't', title: 'Q', body: '' }, write(token('m_ada')));
    const thread = questionThread(session, q.id, 10);
    await until(() => thread.get().status === 'ready', 'loaded');
    assert.equal(thread.get().following, false);

    memory.simulate({ latency: 20 });
    const pending = followQuestion(session, q.id, true);
    assert.equal(thread.get().following, true, 'optimistic');
    assert.equal(await followQuestion(session, q.id, false), null, 'ignored while in flight');
    assert.equal(await pending, true);
    assert.equal(thread.get().following, true);

    memory.simulate({ latency: 0, failNext: 1 });
    await assert.rejects(followQuestion(session, q.id, false), isError(NetworkError));
    assert.equal(thread.get().following, true, 'rolled back');
    const [outcome] = await memory.read([{ kind: 'thread', questionId: q.id, answerLimit: 1 }], {
      token: token('m_ben'),
    });
    assert.equal(outcome!.ok && (outcome.data as { following?: boolean }).following, true);
  });

  it('is unsupported without a notifications group, and rolls back', async () => {
    const { memory, session } = await setup('m_ben', (m) => ({ ...m, notifications: undefined }));
    const q = await memory.askQuestion({ topic: 't', title: 'Q', body: '' }, write(token('m_ada')));
    const thread = questionThread(session, q.id, 10);
    await until(() => thread.get().status === 'ready', 'loaded');
    await assert.rejects(followQuestion(session, q.id, true), isError(UnsupportedError));
    assert.equal(thread.get().following, false);
  });

  it('asking, answering and voting mark the question followed', async () => {
    const { memory, reads, session } = await setup('m_ben');
    const list = questionList(session, 't', 'newest', 10);
    await until(() => list.get().status === 'ready', 'list');
    const asked = await askQuestion(session, { topic: 't', title: 'Mine', body: '' }, 'draft-ask');
    const before = reads.length;
    const mine = questionThread(session, asked.id, 10);
    assert.equal(mine.get().status, 'ready', 'no read for a question just asked');
    assert.equal(mine.get().following, true);
    assert.equal(reads.length, before);

    const voted = await memory.askQuestion(
      { topic: 't', title: 'Voted', body: '' },
      write(token('m_ada')),
    );
    const answered = await memory.askQuestion(
      { topic: 't', title: 'Answered', body: '' },
      write(token('m_ada')),
    );
    const votedThread = questionThread(session, voted.id, 10);
    const answeredThread = questionThread(session, answered.id, 10);
    await until(
      () => votedThread.get().status === 'ready' && answeredThread.get().status === 'ready',
      'loaded',
    );
    assert.equal(votedThread.get().following, false);
    assert.equal(answeredThread.get().following, false);
    await vote(session, 'question', voted.id, 1);
    assert.equal(votedThread.get().following, true);
    await postAnswer(session, { questionId: answered.id, body: 'An answer' }, 'draft-answer');
    assert.equal(answeredThread.get().following, true);
  });
});
