/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  createMemoryAdapter,
  type MemoryAdapterOptions,
  type MemorySeed,
} from '../../src/adapters/memory.js';
import type { ReadOutcome, ReadRequest, WriteContext } from '../../src/core/adapter.js';
import {
  ForbiddenError,
  NetworkError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../src/core/errors.js';
import type {
  Answer,
  MemberProfile,
  Page,
  Question,
  QuestionThread,
} from '../../src/core/types.js';
import { isError } from './helpers.js';

// ---- helpers --------------------------------------------------------------------------------------

const SITE = 'acme';
const START = Date.parse('2025-03-01T12:00:00.000Z');
const FAR_FUTURE = Date.parse('2100-01-01T00:00:00.000Z') / 1000;

function base64Url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** A member token with a dummy signature: the memory adapter does not verify it. */
function makeToken(claims: Record<string, unknown>): string {
  return `${base64Url({ alg: 'HS256', typ: 'JWT' })}.${base64Url(claims)}.not-a-real-signature`;
}

function tokenFor(sub: string, extra: Record<string, unknown> = {}): string {
  return makeToken({
    aud: SITE,
    sub,
    name: sub[0]!.toUpperCase() + sub.slice(1),
    exp: FAR_FUTURE,
    ...extra,
  });
}

const alice = tokenFor('alice');
const bob = tokenFor('bob');
const carol = tokenFor('carol');
const staff = tokenFor('sam', { name: 'Sam Staff', roles: ['staff'] });
const moderator = tokenFor('mo', { roles: ['moderator'] });
const expert = tokenFor('erin', { roles: ['expert'] });

let keyCounter = 0;
/** A write context with a fresh idempotency key (or the given one). */
function as(token: string | null, idempotencyKey = `key-${++keyCounter}`): WriteContext {
  return { token, idempotencyKey };
}

class FakeStorage {
  readonly items = new Map<string, string>();
  /** Saves of the state (not of the stamp saved next to it). */
  writes = 0;
  reads = 0;
  getItem(key: string): string | null {
    if (!key.endsWith(':stamp')) this.reads++;
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (!key.endsWith(':stamp')) this.writes++;
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** An adapter on a clock that ticks one second per reading, so every post has its own time. */
function setup(options: MemoryAdapterOptions = {}) {
  let t = START;
  return createMemoryAdapter({
    storage: null,
    site: SITE,
    now: () => new Date((t += 1000)),
    ...options,
  });
}

type Adapter = ReturnType<typeof setup>;

async function readOne<T>(
  adapter: Adapter,
  request: ReadRequest,
  token: string | null = null,
): Promise<T> {
  const [outcome] = await adapter.read([request], { token });
  assert.ok(outcome, 'one outcome');
  if (!outcome.ok) throw outcome.error;
  return outcome.data as T;
}

function listQuestions(
  adapter: Adapter,
  extra: Partial<Extract<ReadRequest, { kind: 'questions' }>> = {},
  token: string | null = null,
): Promise<Page<Question>> {
  return readOne<Page<Question>>(
    adapter,
    { kind: 'questions', topic: 'sku-1', sort: 'newest', limit: 20, ...extra },
    token,
  );
}

function thread(adapter: Adapter, questionId: string, token: string | null = null, extra = {}) {
  return readOne<QuestionThread>(
    adapter,
    { kind: 'thread', questionId, answerLimit: 20, ...extra },
    token,
  );
}

function ask(
  adapter: Adapter,
  title: string,
  body = '',
  token = alice,
  topic = 'sku-1',
): Promise<Question> {
  return adapter.askQuestion({ topic, title, body }, as(token));
}

function answer(adapter: Adapter, questionId: string, body: string, token = bob): Promise<Answer> {
  return adapter.postAnswer({ questionId, body }, as(token));
}

// ---- tests ----------------------------------------------------------------------------------------

describe('memory adapter: asking and reading', () => {
  it('stores a question with rendered Markdown, a plain-text title and the author from the token', async () => {
    const adapter = setup();
    const question = await adapter.askQuestion(
      {
        topic: 'sku-1',
        title: '  <b>Does it</b> fit?  ',
        body: 'It **really** needs to.',
        pageUrl: 'https://shop.example/p',
      },
      as(tokenFor('alice', { name: 'Alice A.', avatar: 'https://img.example/a.png' })),
    );
    assert.match(question.id, /^q_[0-9a-f-]{36}$/);
    assert.equal(question.title, '<b>Does it</b> fit?');
    assert.equal(question.bodySource, 'It **really** needs to.');
    assert.equal(question.bodyHtml, '<p>It <strong>really</strong> needs to.</p>\n');
    assert.equal(question.topic, 'sku-1');
    assert.equal(question.pageUrl, 'https://shop.example/p');
    assert.deepEqual(question.author, {
      id: 'alice',
      name: 'Alice A.',
      avatar: 'https://img.example/a.png',
      roles: ['customer'],
      reputation: 0,
      trustLevel: 1,
    });
    assert.equal(question.answerCount, 0);
    assert.equal(question.acceptedAnswerId, null);
    assert.equal(question.score, 0);
    assert.equal(question.myVote, 0);
    assert.equal(question.activeAt, question.createdAt);
  });

  it('reads without a token', async () => {
    const adapter = setup();
    const asked = await ask(adapter, 'First question');
    const page = await listQuestions(adapter, {}, null);
    assert.equal(page.total, 1);
    assert.equal(page.items[0]!.id, asked.id);
    assert.equal(page.items[0]!.myVote, 0);
    const t = await thread(adapter, asked.id);
    assert.equal(t.question.title, 'First question');
    assert.deepEqual(t.answers.items, []);
  });

  it('renders answers safely and shows staff roles on posts', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'Battery life?');
    const a = await answer(adapter, q.id, 'About *10 h*. <script>alert(1)</script>', staff);
    assert.match(a.id, /^a_/);
    assert.equal(a.questionId, q.id);
    assert.equal(a.accepted, false);
    assert.ok(a.bodyHtml.includes('<em>10 h</em>'));
    assert.ok(!a.bodyHtml.includes('<script'));
    assert.ok(a.bodyHtml.includes('&lt;script&gt;'));
    assert.deepEqual(a.author.roles, ['staff']);
    assert.equal(a.author.name, 'Sam Staff');
  });

  it('counts answers and moves the question up in the active order', async () => {
    const adapter = setup();
    const first = await ask(adapter, 'First');
    const second = await ask(adapter, 'Second');
    let page = await listQuestions(adapter, { sort: 'active' });
    assert.deepEqual(
      page.items.map((q) => q.id),
      [second.id, first.id],
    );

    const a = await answer(adapter, first.id, 'An answer');
    const t = await thread(adapter, first.id);
    assert.equal(t.question.answerCount, 1);
    assert.equal(t.question.activeAt, a.createdAt);
    assert.ok(t.question.activeAt > first.activeAt);
    page = await listQuestions(adapter, { sort: 'active' });
    assert.deepEqual(
      page.items.map((q) => q.id),
      [first.id, second.id],
    );
  });

  it('returns an empty page for an unknown topic', async () => {
    const adapter = setup();
    await ask(adapter, 'Somewhere else');
    const page = await listQuestions(adapter, { topic: 'no-such-topic' });
    assert.deepEqual(page, { items: [], nextCursor: null, total: 0 });
  });

  it('returns fresh copies that callers may change', async () => {
    const adapter = setup();
    const asked = await ask(adapter, 'Original title');
    asked.title = 'changed';
    asked.author.roles.push('staff');
    const page = await listQuestions(adapter);
    assert.equal(page.items[0]!.title, 'Original title');
    page.items[0]!.author.name = 'Mallory';
    page.items[0]!.author.roles.push('moderator');
    const again = await listQuestions(adapter);
    assert.equal(again.items[0]!.author.name, 'Alice');
    assert.deepEqual(again.items[0]!.author.roles, ['customer']);
  });
});

describe('memory adapter: tokens', () => {
  it('refuses a write without a token', async () => {
    const adapter = setup();
    await assert.rejects(
      adapter.askQuestion({ topic: 'sku-1', title: 'Hi', body: '' }, as(null)),
      isError(UnauthorizedError, (e) => assert.equal(e.expired, false)),
    );
    await assert.rejects(
      adapter.vote({ targetType: 'question', targetId: 'q_x', value: 1 }, { idempotencyKey: 'k' }),
      isError(UnauthorizedError),
    );
    assert.equal((await listQuestions(adapter)).total, 0);
  });

  it('refuses an expired token, marked as expired', async () => {
    const adapter = setup();
    const expired = tokenFor('alice', { exp: START / 1000 - 60 });
    await assert.rejects(
      ask(adapter, 'Too late', '', expired),
      isError(UnauthorizedError, (e) => assert.equal(e.expired, true)),
    );
    // Reads still work, as signed out.
    assert.equal((await listQuestions(adapter, {}, expired)).total, 0);
  });

  it('refuses a token for another site, and a malformed one', async () => {
    const adapter = setup();
    await assert.rejects(
      ask(adapter, 'Hi', '', tokenFor('alice', { aud: 'other-site' })),
      isError(UnauthorizedError, (e) => assert.equal(e.expired, false)),
    );
    await assert.rejects(ask(adapter, 'Hi', '', 'not.a-token'), isError(UnauthorizedError));
    // A token without `aud` is accepted, as is one for the right site.
    const withoutAud = makeToken({ sub: 'zed', name: 'Zed', exp: FAR_FUTURE });
    assert.equal((await ask(adapter, 'Hi', '', withoutAud)).author.id, 'zed');
  });

  it('accepts any audience when no site is configured', async () => {
    const adapter = setup({ site: null });
    const q = await ask(adapter, 'Hi', '', tokenFor('alice', { aud: 'whatever' }));
    assert.equal(q.author.id, 'alice');
  });
});

describe('memory adapter: validation', () => {
  it('names the failing fields of a question', async () => {
    const adapter = setup();
    await assert.rejects(
      adapter.askQuestion({ topic: 'sku-1', title: '   ', body: '' }, as(alice)),
      isError(ValidationError, (e) => assert.deepEqual(Object.keys(e.fields), ['title'])),
    );
    await assert.rejects(
      adapter.askQuestion({ topic: 'sku-1', title: 'x'.repeat(201), body: '' }, as(alice)),
      isError(ValidationError, (e) => assert.match(e.fields.title!, /200/)),
    );
    await assert.rejects(
      adapter.askQuestion({ topic: 'sku-1', title: 'Long', body: 'y'.repeat(20001) }, as(alice)),
      isError(ValidationError, (e) => assert.deepEqual(Object.keys(e.fields), ['body'])),
    );
    await assert.rejects(
      adapter.askQuestion({ topic: '', title: '', body: '' }, as(alice)),
      isError(ValidationError, (e) =>
        assert.deepEqual(Object.keys(e.fields).sort(), ['title', 'topic']),
      ),
    );
    await assert.rejects(
      adapter.askQuestion({ topic: 't'.repeat(201), title: 'ok', body: '' }, as(alice)),
      isError(ValidationError, (e) => assert.ok(e.fields.topic)),
    );
    await assert.rejects(
      adapter.askQuestion(
        { topic: 'sku-1', title: 'ok', body: '', pageUrl: 'javascript:alert(1)' },
        as(alice),
      ),
      isError(ValidationError, (e) => assert.ok(e.fields.pageUrl)),
    );
    // The limits themselves are fine; an empty body too.
    const q = await adapter.askQuestion(
      { topic: 'sku-1', title: 'x'.repeat(200), body: 'y'.repeat(20000) },
      as(alice),
    );
    assert.equal(q.title.length, 200);
    assert.equal((await ask(adapter, 'No body')).bodyHtml, '');
    assert.equal((await listQuestions(adapter)).total, 2);
  });

  it('names the failing field of an answer and refuses unknown questions', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'Q');
    await assert.rejects(
      answer(adapter, q.id, '  \n '),
      isError(ValidationError, (e) => assert.deepEqual(Object.keys(e.fields), ['body'])),
    );
    await assert.rejects(
      answer(adapter, q.id, 'z'.repeat(20001)),
      isError(ValidationError, (e) => assert.ok(e.fields.body)),
    );
    await assert.rejects(answer(adapter, 'q_missing', 'Hello'), isError(NotFoundError));
    assert.equal((await thread(adapter, q.id)).question.answerCount, 0);
  });

  it('validates votes', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'Q');
    await assert.rejects(
      adapter.vote({ targetType: 'question', targetId: q.id, value: 2 as never }, as(bob)),
      isError(ValidationError, (e) => assert.ok(e.fields.value)),
    );
    await assert.rejects(
      adapter.vote({ targetType: 'comment', targetId: q.id, value: 1 }, as(bob)),
      isError(ValidationError, (e) => assert.ok(e.fields.targetType)),
    );
    await assert.rejects(
      adapter.vote({ targetType: 'answer', targetId: 'a_missing', value: 1 }, as(bob)),
      isError(NotFoundError),
    );
  });
});

describe('memory adapter: votes', () => {
  it('keeps one vote per member, toggles it, and reports myVote per member', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'Vote on me');
    const ctx = () => as(bob);

    let result = await adapter.vote({ targetType: 'question', targetId: q.id, value: 1 }, ctx());
    assert.deepEqual(result, {
      targetType: 'question',
      targetId: q.id,
      value: 1,
      score: 1,
      upvotes: 1,
      downvotes: 0,
    });

    result = await adapter.vote({ targetType: 'question', targetId: q.id, value: 1 }, ctx());
    assert.equal(result.score, 1, 'the same vote twice is a no-op');
    assert.equal(result.upvotes, 1);

    assert.equal((await listQuestions(adapter, {}, bob)).items[0]!.myVote, 1);
    assert.equal((await listQuestions(adapter, {}, carol)).items[0]!.myVote, 0);
    assert.equal((await listQuestions(adapter, {}, null)).items[0]!.myVote, 0);

    result = await adapter.vote({ targetType: 'question', targetId: q.id, value: -1 }, ctx());
    assert.deepEqual(
      [result.value, result.score, result.upvotes, result.downvotes],
      [-1, -1, 0, 1],
      'a different value replaces the vote',
    );
    assert.equal((await thread(adapter, q.id, bob)).question.myVote, -1);

    await adapter.vote({ targetType: 'question', targetId: q.id, value: 1 }, as(carol));
    await adapter.vote({ targetType: 'question', targetId: q.id, value: 1 }, as(staff));
    result = await adapter.vote({ targetType: 'question', targetId: q.id, value: 0 }, ctx());
    assert.deepEqual([result.value, result.score, result.upvotes, result.downvotes], [0, 2, 2, 0]);
    const seen = (await thread(adapter, q.id, bob)).question;
    assert.equal(seen.myVote, 0);
    assert.equal(seen.score, 2);
    assert.equal((await thread(adapter, q.id, carol)).question.myVote, 1);
  });

  it('votes on answers and orders them by score, accepted first', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'Which cable?');
    const a1 = await answer(adapter, q.id, 'The red one', bob);
    const a2 = await answer(adapter, q.id, 'The blue one', carol);
    const a3 = await answer(adapter, q.id, 'The green one', staff);

    let t = await thread(adapter, q.id);
    assert.deepEqual(
      t.answers.items.map((a) => a.id),
      [a1.id, a2.id, a3.id],
      'oldest first on equal score',
    );

    await adapter.vote({ targetType: 'answer', targetId: a3.id, value: 1 }, as(alice));
    await adapter.vote({ targetType: 'answer', targetId: a2.id, value: -1 }, as(alice));
    t = await thread(adapter, q.id, alice);
    assert.deepEqual(
      t.answers.items.map((a) => a.id),
      [a3.id, a1.id, a2.id],
    );
    assert.deepEqual(
      t.answers.items.map((a) => a.myVote),
      [1, 0, -1],
    );

    await adapter.acceptAnswer({ questionId: q.id, answerId: a2.id }, as(alice));
    t = await thread(adapter, q.id);
    assert.deepEqual(
      t.answers.items.map((a) => a.id),
      [a2.id, a3.id, a1.id],
    );
    assert.deepEqual(
      t.answers.items.map((a) => a.accepted),
      [true, false, false],
    );

    const firstPage = await thread(adapter, q.id, null, { answerLimit: 2 });
    assert.equal(firstPage.answers.items.length, 2);
    assert.equal(firstPage.answers.total, 3);
    assert.ok(firstPage.answers.nextCursor);
    const secondPage = await thread(adapter, q.id, null, {
      answerLimit: 2,
      answerCursor: firstPage.answers.nextCursor,
    });
    assert.deepEqual(
      secondPage.answers.items.map((a) => a.id),
      [a1.id],
    );
    assert.equal(secondPage.answers.nextCursor, null);
  });

  it('forbids voting on your own post', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'Mine', '', alice);
    const a = await answer(adapter, q.id, 'Also mine', alice);
    await assert.rejects(
      adapter.vote({ targetType: 'question', targetId: q.id, value: 1 }, as(alice)),
      isError(ForbiddenError),
    );
    await assert.rejects(
      adapter.vote({ targetType: 'answer', targetId: a.id, value: 1 }, as(alice)),
      isError(ForbiddenError),
    );
    assert.equal((await thread(adapter, q.id)).question.score, 0);
  });
});

describe('memory adapter: accepting answers', () => {
  async function scene() {
    const adapter = setup();
    const q = await ask(adapter, 'How to reset?', '', alice);
    const a1 = await answer(adapter, q.id, 'Hold the button', bob);
    const a2 = await answer(adapter, q.id, 'Unplug it', carol);
    const other = await ask(adapter, 'Other question', '', alice);
    const foreign = await answer(adapter, other.id, 'Unrelated', bob);
    return { adapter, q, a1, a2, foreign };
  }

  it('lets the asker accept, and keeps one accepted answer', async () => {
    const { adapter, q, a1, a2 } = await scene();
    let updated = await adapter.acceptAnswer({ questionId: q.id, answerId: a1.id }, as(alice));
    assert.equal(updated.acceptedAnswerId, a1.id);
    updated = await adapter.acceptAnswer({ questionId: q.id, answerId: a2.id }, as(alice));
    assert.equal(updated.acceptedAnswerId, a2.id);
    const t = await thread(adapter, q.id);
    assert.equal(t.question.acceptedAnswerId, a2.id);
    assert.deepEqual(
      t.answers.items.filter((a) => a.accepted).map((a) => a.id),
      [a2.id],
    );
  });

  it('lets staff and moderators accept, but not another customer or an expert', async () => {
    const { adapter, q, a1, a2 } = await scene();
    await assert.rejects(
      adapter.acceptAnswer({ questionId: q.id, answerId: a1.id }, as(carol)),
      isError(ForbiddenError),
    );
    await assert.rejects(
      adapter.acceptAnswer({ questionId: q.id, answerId: a1.id }, as(expert)),
      isError(ForbiddenError),
    );
    assert.equal((await thread(adapter, q.id)).question.acceptedAnswerId, null);
    assert.equal(
      (await adapter.acceptAnswer({ questionId: q.id, answerId: a1.id }, as(staff)))
        .acceptedAnswerId,
      a1.id,
    );
    assert.equal(
      (await adapter.acceptAnswer({ questionId: q.id, answerId: a2.id }, as(moderator)))
        .acceptedAnswerId,
      a2.id,
    );
  });

  it('unaccepts with null', async () => {
    const { adapter, q, a1 } = await scene();
    await adapter.acceptAnswer({ questionId: q.id, answerId: a1.id }, as(alice));
    const updated = await adapter.acceptAnswer({ questionId: q.id, answerId: null }, as(alice));
    assert.equal(updated.acceptedAnswerId, null);
    const t = await thread(adapter, q.id);
    assert.ok(t.answers.items.every((a) => !a.accepted));
  });

  it('refuses an answer of another question, and unknown ids', async () => {
    const { adapter, q, foreign } = await scene();
    await assert.rejects(
      adapter.acceptAnswer({ questionId: q.id, answerId: foreign.id }, as(alice)),
      isError(ValidationError, (e) => assert.ok(e.fields.answerId)),
    );
    await assert.rejects(
      adapter.acceptAnswer({ questionId: q.id, answerId: 'a_missing' }, as(alice)),
      isError(NotFoundError),
    );
    await assert.rejects(
      adapter.acceptAnswer({ questionId: 'q_missing', answerId: null }, as(alice)),
      isError(NotFoundError),
    );
    assert.equal((await thread(adapter, q.id)).question.acceptedAnswerId, null);
  });
});

describe('memory adapter: lists', () => {
  /** Five questions, oldest first: q0..q4. */
  async function five() {
    const adapter = setup();
    const qs: Question[] = [];
    for (let i = 0; i < 5; i++) qs.push(await ask(adapter, `Question ${i}`));
    return { adapter, qs };
  }

  it('sorts by newest, top and unanswered', async () => {
    const { adapter, qs } = await five();
    const ids = (page: Page<Question>) => page.items.map((q) => q.id);
    assert.deepEqual(
      ids(await listQuestions(adapter, { sort: 'newest' })),
      [4, 3, 2, 1, 0].map((i) => qs[i]!.id),
    );

    await adapter.vote({ targetType: 'question', targetId: qs[1]!.id, value: 1 }, as(bob));
    await adapter.vote({ targetType: 'question', targetId: qs[1]!.id, value: 1 }, as(carol));
    await adapter.vote({ targetType: 'question', targetId: qs[3]!.id, value: 1 }, as(bob));
    await adapter.vote({ targetType: 'question', targetId: qs[4]!.id, value: -1 }, as(bob));
    assert.deepEqual(
      ids(await listQuestions(adapter, { sort: 'top' })),
      [1, 3, 2, 0, 4].map((i) => qs[i]!.id),
    );

    await answer(adapter, qs[2]!.id, 'Answered');
    await answer(adapter, qs[0]!.id, 'Answered');
    const unanswered = await listQuestions(adapter, { sort: 'unanswered' });
    assert.deepEqual(
      ids(unanswered),
      [4, 3, 1].map((i) => qs[i]!.id),
    );
    assert.equal(unanswered.total, 3);

    assert.deepEqual(
      ids(await listQuestions(adapter, { sort: 'active' })),
      [0, 2, 4, 3, 1].map((i) => qs[i]!.id),
    );
  });

  it('paginates with an opaque cursor', async () => {
    const { adapter, qs } = await five();
    const first = await listQuestions(adapter, { limit: 2 });
    assert.deepEqual(
      first.items.map((q) => q.title),
      ['Question 4', 'Question 3'],
    );
    assert.equal(first.total, 5);
    assert.equal(typeof first.nextCursor, 'string');
    const second = await listQuestions(adapter, { limit: 2, cursor: first.nextCursor });
    assert.deepEqual(
      second.items.map((q) => q.title),
      ['Question 2', 'Question 1'],
    );
    const last = await listQuestions(adapter, { limit: 2, cursor: second.nextCursor });
    assert.deepEqual(
      last.items.map((q) => q.id),
      [qs[0]!.id],
    );
    assert.equal(last.nextCursor, null);
    assert.equal(last.total, 5);
    const exact = await listQuestions(adapter, { limit: 5 });
    assert.equal(
      exact.nextCursor,
      null,
      'no next page when the page ends exactly at the last item',
    );

    const [bad] = await adapter.read(
      [{ kind: 'questions', topic: 'sku-1', sort: 'newest', limit: 2, cursor: 'garbage' }],
      {},
    );
    assert.equal(bad!.ok, false);
    assert.ok(!bad!.ok && bad!.error instanceof ValidationError);
  });

  it('searches titles and bodies, every term must match, title matches first', async () => {
    const adapter = setup();
    const inBody = await ask(
      adapter,
      'Power question',
      'Does the CHARGER work with a USB-C cable?',
    );
    const inTitle = await ask(adapter, 'USB-C charger compatibility', 'Asking for a friend.');
    await ask(adapter, 'Charger colour', 'Is it black?');
    await ask(adapter, 'Unrelated', 'Nothing here.');
    await ask(adapter, 'USB-C charger in another topic', '', alice, 'sku-2');

    const found = await listQuestions(adapter, { query: 'usb-c  Charger' });
    assert.deepEqual(
      found.items.map((q) => q.id),
      [inTitle.id, inBody.id],
    );
    assert.equal(found.total, 2);

    const one = await listQuestions(adapter, { query: 'black' });
    assert.deepEqual(
      one.items.map((q) => q.title),
      ['Charger colour'],
    );
    assert.equal((await listQuestions(adapter, { query: 'charger zebra' })).total, 0);
    assert.equal(
      (await listQuestions(adapter, { query: '   ' })).total,
      4,
      'a blank query lists everything',
    );
  });

  it('ranks equally relevant search results by score', async () => {
    const adapter = setup();
    const low = await ask(adapter, 'Warranty length');
    const high = await ask(adapter, 'Warranty claims');
    await adapter.vote({ targetType: 'question', targetId: low.id, value: 1 }, as(bob));
    await adapter.vote({ targetType: 'question', targetId: low.id, value: 1 }, as(carol));
    await adapter.vote({ targetType: 'question', targetId: high.id, value: 1 }, as(bob));
    const found = await listQuestions(adapter, { query: 'warranty' });
    assert.deepEqual(
      found.items.map((q) => q.id),
      [low.id, high.id],
    );
  });
});

describe('memory adapter: members', () => {
  it('builds a profile from what members wrote; the latest name wins', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'My first question', '', alice);
    const other = await ask(adapter, 'Another', '', carol);
    const a = await answer(adapter, other.id, 'My answer', alice);

    let profile = await readOne<MemberProfile>(adapter, { kind: 'member', memberId: 'alice' });
    assert.equal(profile.id, 'alice');
    assert.equal(profile.name, 'Alice');
    assert.equal(profile.joinedAt, q.createdAt);
    assert.deepEqual(
      profile.badges.map((b) => b.badge.slug).sort(),
      ['first-answer', 'first-question'],
      'badges: see memory-members.test.ts',
    );
    assert.equal(profile.reputation, 0);
    assert.equal(profile.trustLevel, 1);
    assert.deepEqual(
      profile.recent.map((r) => [r.targetType, r.targetId, r.title]),
      [
        ['answer', a.id, 'Another'],
        ['question', q.id, 'My first question'],
      ],
    );

    await ask(
      adapter,
      'Renamed',
      '',
      tokenFor('alice', { name: 'Alice Renamed', roles: ['expert'] }),
    );
    profile = await readOne<MemberProfile>(adapter, { kind: 'member', memberId: 'alice' });
    assert.equal(profile.name, 'Alice Renamed');
    assert.deepEqual(profile.roles, ['expert']);
    assert.equal(profile.joinedAt, q.createdAt, 'joinedAt stays the first time seen');
    const t = await thread(adapter, q.id);
    assert.equal(t.question.author.name, 'Alice Renamed', 'old posts show the latest name');

    await assert.rejects(
      readOne(adapter, { kind: 'member', memberId: 'nobody' }),
      isError(NotFoundError),
    );
  });
});

describe('memory adapter: idempotency', () => {
  it('returns the first result for a repeated key and changes nothing', async () => {
    const adapter = setup();
    const input = { topic: 'sku-1', title: 'Only once', body: 'Please' };
    const first = await adapter.askQuestion(input, as(alice, 'same-key'));
    const second = await adapter.askQuestion(
      { ...input, title: 'Different' },
      as(alice, 'same-key'),
    );
    assert.deepEqual(second, first);
    const page = await listQuestions(adapter);
    assert.equal(page.total, 1);
    assert.equal(page.items[0]!.title, 'Only once');

    // Another member's key is their own.
    await adapter.askQuestion(input, as(bob, 'same-key'));
    assert.equal((await listQuestions(adapter)).total, 2);
  });

  it('deduplicates concurrent retries', async () => {
    const adapter = setup();
    const input = { topic: 'sku-1', title: 'Racing', body: '**bold**' };
    const [a, b] = await Promise.all([
      adapter.askQuestion(input, as(alice, 'race')),
      adapter.askQuestion(input, as(alice, 'race')),
    ]);
    assert.equal(a.id, b.id);
    assert.equal((await listQuestions(adapter)).total, 1);
  });

  it('replays answers, votes and acceptances', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'Q', '', alice);
    const a1 = await adapter.postAnswer({ questionId: q.id, body: 'A' }, as(bob, 'answer-key'));
    const a1again = await adapter.postAnswer(
      { questionId: q.id, body: 'A' },
      as(bob, 'answer-key'),
    );
    assert.equal(a1again.id, a1.id);
    assert.equal((await thread(adapter, q.id)).question.answerCount, 1);

    const v1 = await adapter.vote(
      { targetType: 'question', targetId: q.id, value: 1 },
      as(bob, 'vote-key'),
    );
    const v2 = await adapter.vote(
      { targetType: 'question', targetId: q.id, value: -1 },
      as(bob, 'vote-key'),
    );
    assert.deepEqual(v2, v1);
    assert.equal((await thread(adapter, q.id, bob)).question.myVote, 1);

    const acc = await adapter.acceptAnswer(
      { questionId: q.id, answerId: a1.id },
      as(alice, 'accept-key'),
    );
    await adapter.acceptAnswer({ questionId: q.id, answerId: null }, as(alice, 'other-key'));
    const replay = await adapter.acceptAnswer(
      { questionId: q.id, answerId: a1.id },
      as(alice, 'accept-key'),
    );
    assert.equal(replay.acceptedAnswerId, acc.acceptedAnswerId);
    assert.equal(
      (await thread(adapter, q.id)).question.acceptedAnswerId,
      null,
      'the replay changed nothing',
    );
  });
});

describe('memory adapter: batched reads', () => {
  it('answers each request in order, one failing slot does not fail the others', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'Batch me');
    const outcomes: ReadOutcome[] = await adapter.read(
      [
        { kind: 'questions', topic: 'sku-1', sort: 'newest', limit: 10 },
        { kind: 'thread', questionId: 'q_missing', answerLimit: 10 },
        { kind: 'leaderboard', period: 'year' as 'week', limit: 10 },
        { kind: 'thread', questionId: q.id, answerLimit: 10 },
        { kind: 'member', memberId: 'alice' },
      ],
      { token: bob },
    );
    assert.equal(outcomes.length, 5);
    assert.ok(outcomes[0]!.ok && (outcomes[0]!.data as Page<Question>).items[0]!.id === q.id);
    assert.ok(!outcomes[1]!.ok && outcomes[1]!.error instanceof NotFoundError);
    assert.ok(!outcomes[2]!.ok && outcomes[2]!.error instanceof ValidationError);
    assert.ok(outcomes[3]!.ok && (outcomes[3]!.data as QuestionThread).question.id === q.id);
    assert.ok(outcomes[4]!.ok && (outcomes[4]!.data as MemberProfile).id === 'alice');
  });
});

describe('memory adapter: persistence', () => {
  it('shares state between two adapters on the same storage', async () => {
    const storage = new FakeStorage();
    const first = setup({ storage });
    const q = await ask(first, 'Persisted');
    await answer(first, q.id, 'Persisted answer');
    assert.ok(storage.items.has('kith-memory:acme'), 'stored under the default key');
    assert.equal(storage.writes, 2, 'written after every write');

    const second = setup({ storage });
    const t = await thread(second, q.id);
    assert.equal(t.question.title, 'Persisted');
    assert.equal(t.answers.items[0]!.bodySource, 'Persisted answer');

    // A write through one adapter is seen by the other one, already created.
    await ask(second, 'Written by the second');
    assert.equal((await listQuestions(first)).total, 2);

    // Reading again with nothing changed reads only the stamp, not the whole state.
    const reads = storage.reads;
    await listQuestions(first);
    await thread(second, q.id);
    assert.equal(storage.reads, reads);

    const elsewhere = setup({ storage, storageKey: 'another-key' });
    assert.equal((await listQuestions(elsewhere)).total, 0);
  });

  it('applies the seed only when the storage holds no state', async () => {
    const storage = new FakeStorage();
    const seed = seedWith('Seeded question');
    const first = setup({ storage, seed });
    assert.deepEqual(
      (await listQuestions(first)).items.map((q) => q.title),
      ['Seeded question'],
    );
    await ask(first, 'Added');

    const second = setup({ storage, seed: seedWith('A different seed') });
    const titles = (await listQuestions(second)).items.map((q) => q.title).sort();
    assert.deepEqual(titles, ['Added', 'Seeded question']);
  });

  it('starts from the seed when the stored state is corrupt', async () => {
    const storage = new FakeStorage();
    storage.setItem('kith-memory:acme', '{"version":1, this is not json');
    const adapter = setup({ storage, seed: seedWith('From the seed') });
    assert.deepEqual(
      (await listQuestions(adapter)).items.map((q) => q.title),
      ['From the seed'],
    );
    storage.setItem('kith-memory:acme', JSON.stringify({ version: 1, seq: 'x' }));
    const again = setup({ storage, seed: seedWith('Seed again') });
    assert.deepEqual(
      (await listQuestions(again)).items.map((q) => q.title),
      ['Seed again'],
    );
  });

  it('reset forgets stored state and re-applies the seed', async () => {
    const storage = new FakeStorage();
    const adapter = setup({ storage, seed: seedWith('Seeded') });
    await ask(adapter, 'Extra');
    assert.equal((await listQuestions(adapter)).total, 2);
    adapter.reset();
    assert.equal(storage.items.has('kith-memory:acme'), false);
    assert.deepEqual(
      (await listQuestions(adapter)).items.map((q) => q.title),
      ['Seeded'],
    );
  });

  it('keeps working when storage throws', async () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    const originalWarn = console.warn;
    console.warn = () => {};
    try {
      const adapter = setup({ storage: broken });
      await ask(adapter, 'In memory anyway');
      assert.equal((await listQuestions(adapter)).total, 1);
    } finally {
      console.warn = originalWarn;
    }
  });
});

describe('memory adapter: seeds', () => {
  it('serves seeded members, posts and votes', async () => {
    const adapter = setup({ seed: richSeed() });
    const t = await thread(adapter, 'q_seed', bob);
    assert.equal(t.question.myVote, 1, 'seeded vote of bob');
    assert.equal(t.question.score, 3);
    assert.equal(t.question.answerCount, 2);
    assert.equal(t.question.acceptedAnswerId, 'a_seed_2');
    assert.deepEqual(
      t.answers.items.map((a) => a.id),
      ['a_seed_2', 'a_seed_1'],
    );
    assert.equal((await thread(adapter, 'q_seed', carol)).question.myVote, 0);

    // Withdrawing the seeded vote lowers the seeded count.
    const result = await adapter.vote(
      { targetType: 'question', targetId: 'q_seed', value: 0 },
      as(bob),
    );
    assert.equal(result.score, 2);

    const profile = await readOne<MemberProfile>(adapter, { kind: 'member', memberId: 'sam' });
    assert.equal(profile.reputation, 120);
    assert.deepEqual(profile.roles, ['staff']);
  });
});

describe('memory adapter: simulated trouble', () => {
  it('fails every call while offline, and nothing changes', async () => {
    const adapter = setup();
    const q = await ask(adapter, 'Before');
    adapter.simulate({ offline: true });
    await assert.rejects(listQuestions(adapter), isError(NetworkError));
    await assert.rejects(ask(adapter, 'During'), isError(NetworkError));
    await assert.rejects(
      adapter.vote({ targetType: 'question', targetId: q.id, value: 1 }, as(bob)),
      isError(NetworkError, (e) => assert.equal(e.retryable, true)),
    );
    adapter.simulate({ offline: false });
    const page = await listQuestions(adapter);
    assert.deepEqual(
      page.items.map((x) => x.title),
      ['Before'],
    );
    assert.equal(page.items[0]!.score, 0);
  });

  it('fails the next n calls', async () => {
    const adapter = setup();
    adapter.simulate({ failNext: 2 });
    await assert.rejects(ask(adapter, 'One'), isError(NetworkError));
    await assert.rejects(listQuestions(adapter), isError(NetworkError));
    await ask(adapter, 'Three');
    assert.deepEqual(
      (await listQuestions(adapter)).items.map((q) => q.title),
      ['Three'],
    );
  });

  it('adds latency to every call', async () => {
    const adapter = setup({ latency: 40 });
    let started = performance.now();
    await listQuestions(adapter);
    assert.ok(performance.now() - started >= 35, 'latency from the options');
    adapter.simulate({ latency: 0 });
    started = performance.now();
    await listQuestions(adapter);
    assert.ok(performance.now() - started < 35, 'latency turned off');
  });

  it('stops waiting when the request is aborted', async () => {
    const adapter = setup({ latency: 1000 });
    const controller = new AbortController();
    const pending = adapter.read([{ kind: 'member', memberId: 'x' }], {
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(pending, (error: unknown) => (error as Error).name === 'AbortError');
  });
});

// ---- seeds ----------------------------------------------------------------------------------------

function seedWith(title: string): MemorySeed {
  return {
    questions: [
      {
        id: 'q_seed',
        topic: 'sku-1',
        title,
        author: { id: 'sam', name: 'Sam', roles: ['staff'], reputation: 0, trustLevel: 2 },
        bodyHtml: '<p>Seeded</p>',
        createdAt: '2025-01-01T00:00:00.000Z',
        activeAt: '2025-01-01T00:00:00.000Z',
        answerCount: 0,
        acceptedAnswerId: null,
        score: 0,
        upvotes: 0,
        downvotes: 0,
        myVote: 0,
      },
    ],
  };
}

function richSeed(): MemorySeed {
  const sam = {
    id: 'sam',
    name: 'Sam',
    roles: ['staff' as const],
    reputation: 120,
    trustLevel: 3 as const,
  };
  const base = { bodyHtml: '<p>x</p>', score: 0, upvotes: 0, downvotes: 0, myVote: 0 as const };
  return {
    members: [sam],
    questions: [
      {
        ...base,
        id: 'q_seed',
        topic: 'sku-1',
        title: 'Seeded',
        author: { ...sam, id: 'ann', name: 'Ann', roles: ['customer'], reputation: 5 },
        createdAt: '2025-01-01T00:00:00.000Z',
        activeAt: '2025-01-02T00:00:00.000Z',
        answerCount: 0,
        acceptedAnswerId: 'a_seed_2',
        upvotes: 3,
        score: 3,
      },
    ],
    answers: [
      {
        ...base,
        id: 'a_seed_1',
        questionId: 'q_seed',
        accepted: false,
        author: sam,
        createdAt: '2025-01-01T01:00:00.000Z',
        upvotes: 4,
        score: 4,
      },
      {
        ...base,
        id: 'a_seed_2',
        questionId: 'q_seed',
        accepted: true,
        author: sam,
        createdAt: '2025-01-01T02:00:00.000Z',
      },
    ],
    votes: [{ memberId: 'bob', targetType: 'question', targetId: 'q_seed', value: 1 }],
  };
}
