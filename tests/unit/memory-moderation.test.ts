/// <reference types="node" />
/**
 * The memory adapter's flags and moderation (docs/api.md, "Flags and moderation"): members flag what
 * they see (not their own, once per post), staff hide and approve; a hidden question, answer, idea,
 * comment or review leaves every list and count, reads as not found, and comes back when approved.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { WriteContext } from '../../src/core/adapter.js';
import {
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../src/core/errors.js';
import type { Role, TargetType } from '../../src/core/types.js';
import { clockedMemoryAdapter, memoryStorage, readOne } from '../support/memory-adapter.js';
import { isError, token as memberToken } from './helpers.js';

// ---- helpers --------------------------------------------------------------------------------------

const token = (sub: string, roles: Role[] = ['customer']) => memberToken(sub, sub, roles);
const [ann, bo, cy] = ['ann', 'bo', 'cy'].map((sub) => token(sub));
const staff = token('sam', ['staff']);

let keys = 0;
const as = (t: string | null): WriteContext => ({ token: t, idempotencyKey: `key-${++keys}` });

type Adapter = ReturnType<typeof clockedMemoryAdapter>;
const setup = clockedMemoryAdapter;

const moderate = (
  adapter: Adapter,
  action: 'hide' | 'approve',
  targetType: TargetType,
  targetId: string,
  by = staff,
) => adapter.moderation.act({ action, targetType, targetId, reason: 'Checked.' }, as(by));

/** Hides the post, runs `check(hidden)`, approves it, runs `check(visible)`. */
async function hideThenApprove(
  adapter: Adapter,
  targetType: TargetType,
  targetId: string,
  check: (hidden: boolean) => Promise<void>,
) {
  await check(false);
  assert.deepEqual(await moderate(adapter, 'hide', targetType, targetId), {
    targetType,
    targetId,
    visibility: 'hidden',
  });
  await check(true);
  assert.deepEqual(await moderate(adapter, 'approve', targetType, targetId), {
    targetType,
    targetId,
    visibility: 'visible',
  });
  await check(false);
}

const questions = (adapter: Adapter, sort: 'newest' | 'unanswered' = 'newest') =>
  readOne(adapter, { kind: 'questions', topic: 'sku-1', sort, limit: 20 });
const thread = (adapter: Adapter, questionId: string, viewer: string | null = null) =>
  readOne(adapter, { kind: 'thread', questionId, answerLimit: 20 }, viewer);
const ideas = (adapter: Adapter) =>
  readOne(adapter, { kind: 'ideas', board: 'b', sort: 'newest', limit: 20 });
const idea = (adapter: Adapter, ideaId: string) =>
  readOne(adapter, { kind: 'idea', ideaId, commentLimit: 20 });
const reviews = (adapter: Adapter, viewer: string | null = null) =>
  readOne(adapter, { kind: 'reviews', product: 'p', sort: 'newest', limit: 20 }, viewer);

async function rejectsNotFound(read: Promise<unknown>) {
  await assert.rejects(read, NotFoundError);
}

// ---- tests ----------------------------------------------------------------------------------------

describe('memory moderation: flags', () => {
  it('lets any member flag another’s post, once: flagging again replaces the reason', async () => {
    const storage = memoryStorage();
    const adapter = setup({ storage });
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    const flag = { targetType: 'question', targetId: q.id } as const;
    assert.deepEqual(await adapter.moderation.flag({ ...flag, reason: 'spam' }, as(bo)), {
      ...flag,
      visibility: 'visible',
    });
    await adapter.moderation.flag({ ...flag, reason: 'off-topic', note: ' Wrong shop. ' }, as(bo));
    await adapter.moderation.flag({ ...flag, reason: 'offensive' }, as(staff));
    const stored = JSON.parse(storage.items.get('kith-memory:test')!).flags as {
      memberId: string;
      reason: string;
      note?: string;
    }[];
    assert.deepEqual(
      stored.map((f) => [f.memberId, f.reason, f.note]),
      [
        ['bo', 'off-topic', 'Wrong shop.'],
        ['sam', 'offensive', undefined],
      ],
    );
    assert.equal((await questions(adapter)).total, 1, 'a flag hides nothing by itself');
  });

  it('forbids flagging one’s own post and refuses unknown posts and bad input', async () => {
    const adapter = setup();
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    const flag = { targetType: 'question', targetId: q.id, reason: 'spam' } as const;
    await assert.rejects(adapter.moderation.flag(flag, as(ann)), ForbiddenError);
    await assert.rejects(adapter.moderation.flag(flag, as(null)), UnauthorizedError);
    await assert.rejects(
      adapter.moderation.flag({ ...flag, targetId: 'q_missing' }, as(bo)),
      NotFoundError,
    );
    await assert.rejects(
      adapter.moderation.flag({ ...flag, targetType: 'answer' }, as(bo)),
      NotFoundError,
      'the id of a question is no answer',
    );
    const invalid = [
      [{ ...flag, reason: 'boring' as never }, 'reason'],
      [{ ...flag, note: 'n'.repeat(501) }, 'note'],
      [{ ...flag, targetType: 'member' as never }, 'targetType'],
      [{ ...flag, targetId: '' }, 'targetId'],
    ] as const;
    for (const [input, field] of invalid) {
      await assert.rejects(
        adapter.moderation.flag(input, as(bo)),
        isError(ValidationError, (e) => assert.deepEqual(Object.keys(e.fields), [field])),
      );
    }
  });
});

describe('memory moderation: staff actions', () => {
  it('are for staff and moderators only', async () => {
    const adapter = setup();
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    await assert.rejects(moderate(adapter, 'hide', 'question', q.id, bo), ForbiddenError);
    await assert.rejects(
      moderate(adapter, 'hide', 'question', q.id, token('erin', ['expert'])),
      ForbiddenError,
    );
    await assert.rejects(
      moderate(adapter, 'hide', 'question', q.id, null as never),
      UnauthorizedError,
    );
    const hidden = await moderate(adapter, 'hide', 'question', q.id, token('mo', ['moderator']));
    assert.equal(hidden.visibility, 'hidden');
  });

  it('refuses the actions that come later, members and a missing reason, by field', async () => {
    const adapter = setup();
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    const act = {
      action: 'hide',
      targetType: 'question',
      targetId: q.id,
      reason: 'Spam.',
    } as const;
    for (const action of ['suspend', 'delete', 'warn'] as const) {
      await assert.rejects(
        adapter.moderation.act({ ...act, action }, as(staff)),
        isError(ValidationError, (e) => {
          assert.deepEqual(Object.keys(e.fields), ['action']);
          assert.match(e.fields.action!, /not available yet; use "hide" or "approve"/);
        }),
      );
    }
    await assert.rejects(
      adapter.moderation.act({ ...act, action: 'suspend' }, as(bo)),
      ForbiddenError,
      'customers are refused first, as on the server',
    );
    await assert.rejects(
      adapter.moderation.act({ ...act, action: 'ban' as never }, as(staff)),
      isError(ValidationError, (e) => assert.deepEqual(Object.keys(e.fields), ['action'])),
    );
    await assert.rejects(
      adapter.moderation.act({ ...act, targetType: 'member', targetId: 'ann' }, as(staff)),
      isError(ValidationError, (e) => assert.deepEqual(Object.keys(e.fields), ['targetType'])),
    );
    for (const reason of ['', '  ', 'r'.repeat(501)]) {
      await assert.rejects(
        adapter.moderation.act({ ...act, reason }, as(staff)),
        isError(ValidationError, (e) => assert.deepEqual(Object.keys(e.fields), ['reason'])),
      );
    }
    await assert.rejects(
      adapter.moderation.act({ ...act, targetId: 'q_missing' }, as(staff)),
      NotFoundError,
    );
    assert.equal((await questions(adapter)).total, 1, 'nothing changed');
  });
});

describe('memory moderation: hidden content leaves every list and count', () => {
  it('a question: the topic’s list and total, its thread, votes, answers and flags', async () => {
    const adapter = setup();
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Hide me', body: '' }, as(ann));
    await adapter.askQuestion({ topic: 'sku-1', title: 'Stays', body: '' }, as(bo));
    const a = await adapter.postAnswer({ questionId: q.id, body: 'An answer' }, as(bo));
    await hideThenApprove(adapter, 'question', q.id, async (hidden) => {
      const page = await questions(adapter);
      assert.deepEqual(
        page.items.map((x) => x.title),
        hidden ? ['Stays'] : ['Stays', 'Hide me'],
      );
      assert.equal(page.total, hidden ? 1 : 2);
      const profile = await readOne(adapter, { kind: 'member', memberId: 'bo' });
      assert.equal(profile.recent.length, hidden ? 1 : 2, 'the answer in it goes with it');
      if (!hidden) return;
      await rejectsNotFound(thread(adapter, q.id));
      await rejectsNotFound(thread(adapter, q.id, ann));
      await rejectsNotFound(adapter.postAnswer({ questionId: q.id, body: 'More' }, as(cy)));
      await rejectsNotFound(
        adapter.vote({ targetType: 'question', targetId: q.id, value: 1 }, as(cy)),
      );
      await rejectsNotFound(
        adapter.vote({ targetType: 'answer', targetId: a.id, value: 1 }, as(cy)),
      );
      await rejectsNotFound(
        adapter.moderation.flag({ targetType: 'answer', targetId: a.id, reason: 'spam' }, as(cy)),
      );
    });
  });

  it('an answer: the thread, the question’s answerCount and the unanswered sort', async () => {
    const adapter = setup();
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    const a = await adapter.postAnswer({ questionId: q.id, body: 'Only answer' }, as(bo));
    await hideThenApprove(adapter, 'answer', a.id, async (hidden) => {
      const t = await thread(adapter, q.id);
      assert.deepEqual([t.answers.total, t.question.answerCount], hidden ? [0, 0] : [1, 1]);
      assert.equal(
        (await thread(adapter, q.id, bo)).answers.total,
        hidden ? 0 : 1,
        'its author too',
      );
      assert.equal((await questions(adapter, 'unanswered')).total, hidden ? 1 : 0);
      assert.equal((await questions(adapter)).items[0]!.answerCount, hidden ? 0 : 1);
      if (hidden) {
        await rejectsNotFound(
          adapter.vote({ targetType: 'answer', targetId: a.id, value: 1 }, as(cy)),
        );
      }
    });
  });

  it('an idea: the board’s lists, its page, votes and comments', async () => {
    const adapter = setup();
    const hide = await adapter.ideas.submitIdea(
      { board: 'b', title: 'Hide me', body: '' },
      as(ann),
    );
    await adapter.ideas.submitIdea({ board: 'b', title: 'Stays', body: '' }, as(bo));
    await hideThenApprove(adapter, 'idea', hide.id, async (hidden) => {
      const page = await ideas(adapter);
      assert.deepEqual(
        [page.total, page.items.map((i) => i.title)],
        hidden ? [1, ['Stays']] : [2, ['Stays', 'Hide me']],
      );
      if (!hidden) return;
      await rejectsNotFound(idea(adapter, hide.id));
      await rejectsNotFound(
        adapter.vote({ targetType: 'idea', targetId: hide.id, value: 1 }, as(cy)),
      );
      await rejectsNotFound(adapter.ideas.comment({ ideaId: hide.id, body: 'x' }, as(cy)));
    });
  });

  it('a comment: the idea’s comments and commentCount', async () => {
    const adapter = setup();
    const i = await adapter.ideas.submitIdea({ board: 'b', title: 'I', body: '' }, as(ann));
    const c = await adapter.ideas.comment({ ideaId: i.id, body: 'Rude' }, as(bo));
    await adapter.ideas.comment({ ideaId: i.id, body: 'Kind' }, as(cy));
    await hideThenApprove(adapter, 'comment', c.id, async (hidden) => {
      const detail = await idea(adapter, i.id);
      assert.equal(detail.idea.commentCount, hidden ? 1 : 2);
      assert.equal(detail.comments.total, hidden ? 1 : 2);
      assert.equal((await ideas(adapter)).items[0]!.commentCount, hidden ? 1 : 2);
    });
  });

  it('a review: the list, the summary, the histogram, the ratings and `mine`', async () => {
    const adapter = setup();
    const low = await adapter.reviews.submitReview(
      { product: 'p', rating: 1, title: 'Awful', body: 'Spam spam.' },
      as(ann),
    );
    await adapter.reviews.submitReview(
      { product: 'p', rating: 5, title: 'Good', body: 'Yes.' },
      as(bo),
    );
    await hideThenApprove(adapter, 'review', low.id, async (hidden) => {
      const page = await reviews(adapter, ann);
      assert.deepEqual(
        [page.total, page.items.map((r) => r.title), page.mine?.id, page.mine?.visibility],
        hidden ? [1, ['Good'], low.id, 'hidden'] : [2, ['Good', 'Awful'], low.id, 'visible'],
      );
      assert.deepEqual(
        page.summary,
        hidden
          ? { product: 'p', average: 5, count: 1, histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } }
          : { product: 'p', average: 3, count: 2, histogram: { 1: 1, 2: 0, 3: 0, 4: 0, 5: 1 } },
      );
      const [rating] = await readOne(adapter, { kind: 'ratings', products: ['p'] });
      assert.deepEqual([rating!.average, rating!.count], hidden ? [5, 1] : [3, 2]);
      if (!hidden) return;
      const edited = await adapter.reviews.submitReview(
        { product: 'p', rating: 1, title: 'Awful', body: 'Edited.' },
        as(ann),
      );
      assert.deepEqual(
        [edited.id, edited.visibility],
        [low.id, 'hidden'],
        'an edit keeps it hidden',
      );
      assert.deepEqual((await reviews(adapter)).summary.count, 1);
      await rejectsNotFound(
        adapter.vote({ targetType: 'review', targetId: low.id, value: 1 }, as(cy)),
      );
      await rejectsNotFound(adapter.reviews.reply({ reviewId: low.id, body: 'Hm' }, as(staff)));
      await rejectsNotFound(
        adapter.moderation.flag({ targetType: 'review', targetId: low.id, reason: 'spam' }, as(cy)),
      );
    });
  });

  it('stays hidden for the next adapter on the same storage', async () => {
    const storage = memoryStorage();
    const adapter = setup({ storage });
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    await moderate(adapter, 'hide', 'question', q.id);
    assert.equal((await questions(setup({ storage }))).total, 0);
    const log = JSON.parse(storage.items.get('kith-memory:test')!).moderation;
    assert.deepEqual(
      log.map((e: { action: string; actorId: string; reason: string }) => [
        e.action,
        e.actorId,
        e.reason,
      ]),
      [['hide', 'sam', 'Checked.']],
    );
  });
});
