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
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../src/core/errors.js';
import type { ModerationItem, QueueReason, Role, TargetType } from '../../src/core/types.js';
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

const queue = (adapter: Adapter, reason: QueueReason | null = null, limit = 20, cursor?: string) =>
  adapter.moderation.queue({ limit, cursor, reason }, { token: staff });
const audit = (adapter: Adapter, limit = 20, cursor?: string) =>
  adapter.moderation.audit({ limit, cursor }, { token: staff });
const flag = (adapter: Adapter, targetType: TargetType, targetId: string, by: string, note = '') =>
  adapter.moderation.flag({ targetType, targetId, reason: 'spam', note }, as(by));
const memberAct = (
  adapter: Adapter,
  action: 'warn' | 'suspend' | 'unsuspend',
  memberId: string,
  duration?: number,
) =>
  adapter.moderation.act(
    { action, targetType: 'member', targetId: memberId, reason: `Reason to ${action}.`, duration },
    as(staff),
  );

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

  it('refuses bad input by field: actions, targets, reasons and durations', async () => {
    const adapter = setup();
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    const act = {
      action: 'hide',
      targetType: 'question',
      targetId: q.id,
      reason: 'Spam.',
    } as const;
    const fieldOf = async (input: Parameters<Adapter['moderation']['act']>[0]) => {
      let fields: string[] = [];
      await assert.rejects(
        adapter.moderation.act(input, as(staff)),
        isError(ValidationError, (e) => (fields = Object.keys(e.fields))),
      );
      return fields;
    };
    assert.deepEqual(await fieldOf({ ...act, action: 'ban' as never }), ['action']);
    for (const action of ['warn', 'suspend', 'unsuspend'] as const) {
      assert.deepEqual(
        await fieldOf({ ...act, action, duration: 24 }),
        ['targetType'],
        `${action} acts on a member, not a post`,
      );
    }
    for (const action of ['approve', 'hide', 'delete'] as const) {
      assert.deepEqual(await fieldOf({ ...act, action, targetType: 'member', targetId: 'ann' }), [
        'targetType',
      ]);
    }
    const suspend = {
      action: 'suspend',
      targetType: 'member',
      targetId: 'ann',
      reason: 'R',
    } as const;
    for (const duration of [undefined, 0, 1.5, 8761, '24' as never]) {
      assert.deepEqual(await fieldOf({ ...suspend, duration }), ['duration'], String(duration));
    }
    for (const reason of ['', '  ', 'r'.repeat(501)]) {
      assert.deepEqual(await fieldOf({ ...act, reason }), ['reason']);
    }
    await assert.rejects(
      adapter.moderation.act({ ...suspend, duration: 24 }, as(bo)),
      ForbiddenError,
      'customers are refused after the fields, as on the server',
    );
    await assert.rejects(
      adapter.moderation.act({ ...act, targetId: 'q_missing' }, as(staff)),
      NotFoundError,
    );
    await assert.rejects(
      adapter.moderation.act({ ...suspend, targetId: 'nobody', duration: 24 }, as(staff)),
      NotFoundError,
    );
    assert.equal((await questions(adapter)).total, 1, 'nothing changed');
    assert.equal((await audit(adapter)).total, 0, 'nothing logged');
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

describe('memory moderation: held by flags', () => {
  it('holds a post on the third open flag from different members, and logs the hold', async () => {
    const adapter = setup();
    const q = await adapter.askQuestion(
      { topic: 'sku-1', title: 'Cheap pills', body: 'Buy *now*' },
      as(ann),
    );
    assert.equal((await flag(adapter, 'question', q.id, bo)).visibility, 'visible');
    assert.equal(
      (await flag(adapter, 'question', q.id, bo)).visibility,
      'visible',
      'one member counts once',
    );
    assert.equal((await flag(adapter, 'question', q.id, cy)).visibility, 'visible');
    assert.equal((await questions(adapter)).total, 1);
    assert.equal((await flag(adapter, 'question', q.id, token('di'))).visibility, 'held');
    assert.equal((await questions(adapter)).total, 0, 'held: out of the list');
    assert.equal(
      (await thread(adapter, q.id, ann)).question.visibility,
      'held',
      'its author sees it',
    );
    const { items } = await audit(adapter);
    assert.deepEqual(
      items.map((e) => [e.action, e.actor, e.targetType, e.targetId, e.subject?.id, e.excerpt]),
      [['hold', null, 'question', q.id, 'ann', 'Buy now']],
    );
    assert.equal(items[0]!.reason, 'spam', 'the reason of the flag that held it');
  });

  it('holds at the number of flags the adapter is given', async () => {
    const adapter = setup({ flagsToHold: 1 });
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    assert.equal((await flag(adapter, 'question', q.id, bo)).visibility, 'held');
  });

  it('settles the flags with a decision: only flags raised after it count again', async () => {
    const adapter = setup({ flagsToHold: 2 });
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    await flag(adapter, 'question', q.id, bo);
    assert.equal((await flag(adapter, 'question', q.id, cy)).visibility, 'held');
    await moderate(adapter, 'approve', 'question', q.id);
    assert.equal((await queue(adapter)).total, 0, 'decided: out of the queue');
    assert.equal((await flag(adapter, 'question', q.id, bo)).visibility, 'visible');
    const [item] = (await queue(adapter)).items;
    assert.deepEqual([item?.reason, item?.flags], ['flagged', [{ reason: 'spam', count: 1 }]]);
    assert.equal((await flag(adapter, 'question', q.id, cy)).visibility, 'held');
  });
});

describe('memory moderation: the queue', () => {
  it('is for staff and moderators only, like the audit log', async () => {
    const adapter = setup();
    for (const read of [adapter.moderation.queue, adapter.moderation.audit]) {
      await assert.rejects(read({ limit: 5 }, { token: bo }), ForbiddenError);
      await assert.rejects(read({ limit: 5 }, { token: null }), UnauthorizedError);
      const page = await read({ limit: 5 }, { token: token('mo', ['moderator']) });
      assert.deepEqual(page, { items: [], nextCursor: null, total: 0 });
    }
    await assert.rejects(
      adapter.moderation.queue({ limit: 5, reason: 'hidden' as never }, { token: staff }),
      isError(ValidationError, (e) => assert.deepEqual(Object.keys(e.fields), ['reason'])),
    );
  });

  it('lists flagged and held posts oldest first, with what staff need to decide; by reason, paged', async () => {
    const adapter = setup({ flagsToHold: 2 });
    const pageUrl = 'https://shop.example/p/1?size=m#reviews';
    const q = await adapter.askQuestion(
      { topic: 'sku-1', title: 'Which size?', body: 'I am *tall*.', pageUrl },
      as(ann),
    );
    const a = await adapter.postAnswer({ questionId: q.id, body: 'Visit my shop!' }, as(bo));
    await flag(adapter, 'question', q.id, bo, 'Looks like a test');
    await adapter.moderation.flag(
      { targetType: 'answer', targetId: a.id, reason: 'offensive', note: 'Rude' },
      as(cy),
    );
    await adapter.moderation.flag(
      { targetType: 'answer', targetId: a.id, reason: 'spam', note: 'An advert' },
      as(ann),
    );
    await adapter.askQuestion({ topic: 'sku-1', title: 'Nobody flags this', body: '' }, as(cy));

    const page = await queue(adapter);
    assert.deepEqual(
      page.items.map((i) => [i.targetType, i.reason, i.visibility]),
      [
        ['question', 'flagged', 'visible'],
        ['answer', 'held', 'held'],
      ],
    );
    const [flagged, held] = page.items as [ModerationItem, ModerationItem];
    assert.deepEqual(
      [flagged.title, flagged.excerpt, flagged.author.id, flagged.notes, flagged.createdAt],
      ['Which size?', 'I am tall.', 'ann', ['Looks like a test'], q.createdAt],
    );
    assert.equal(flagged.pageUrl, `https://shop.example/p/1?size=m#kith-question-${q.id}`);
    assert.equal(held.title, 'Which size?', 'an answer: its question’s title');
    assert.equal(held.excerpt, 'Visit my shop!');
    assert.equal(held.author.id, 'bo');
    assert.equal(held.pageUrl, `https://shop.example/p/1?size=m#kith-question-${q.id}`);
    assert.deepEqual(held.flags, [
      { reason: 'offensive', count: 1 },
      { reason: 'spam', count: 1 },
    ]);
    assert.deepEqual(held.notes, ['An advert', 'Rude'], 'newest first');
    assert.ok(held.flaggedAt && held.flaggedAt > flagged.flaggedAt!, 'the newest open flag');
    assert.equal(held.authorSuspendedUntil, null);

    assert.deepEqual(
      (await queue(adapter, 'held')).items.map((i) => i.targetId),
      [a.id],
    );
    assert.deepEqual(
      (await queue(adapter, 'flagged')).items.map((i) => i.targetId),
      [q.id],
    );
    assert.equal((await queue(adapter, 'guest')).total, 0);
    const first = await queue(adapter, null, 1);
    assert.deepEqual([first.items[0]?.targetId, first.total], [q.id, 2]);
    const second = await queue(adapter, null, 1, first.nextCursor!);
    assert.deepEqual([second.items[0]?.targetId, second.nextCursor], [a.id, null]);
  });

  it('shows a guest’s post waiting for review', async () => {
    const storage = memoryStorage();
    const q = await setup({ storage }).askQuestion(
      { topic: 'sku-1', title: 'From a guest', body: 'Hello' },
      as(token('guest-1')),
    );
    // As the guests' posting stores them: a guest member, and the post held.
    const data = JSON.parse(storage.items.get('kith-memory:test')!);
    data.members.find((m: { summary: { id: string } }) => m.summary.id === 'guest-1').guest = true;
    data.questions.find((x: { id: string }) => x.id === q.id).visibility = 'held';
    storage.setItem('kith-memory:test', JSON.stringify(data));
    const adapter = setup({ storage });

    const [item] = (await queue(adapter, 'guest')).items;
    assert.deepEqual(
      [item?.targetId, item?.reason, item?.guest, item?.author.id],
      [q.id, 'guest', true, 'guest-1'],
    );
    await moderate(adapter, 'approve', 'question', q.id);
    assert.equal((await queue(adapter)).total, 0);
    assert.equal((await questions(adapter)).total, 1, 'approved: on the page');
  });
});

describe('memory moderation: delete, warn, suspend', () => {
  it('delete: the post is gone for good, also for its author, its text with it; logged with an excerpt', async () => {
    const storage = memoryStorage();
    const adapter = setup({ storage });
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    const a = await adapter.postAnswer({ questionId: q.id, body: 'My *secret* text' }, as(bo));
    await flag(adapter, 'answer', a.id, cy);
    const res = await adapter.moderation.act(
      { action: 'delete', targetType: 'answer', targetId: a.id, reason: 'Doxxing.' },
      as(staff),
    );
    assert.deepEqual(res, { targetType: 'answer', targetId: a.id, visibility: 'deleted' });
    const t = await thread(adapter, q.id, bo);
    assert.deepEqual([t.answers.total, t.question.answerCount], [0, 0], 'not even its author');
    assert.equal((await queue(adapter)).total, 0, 'its flags settled');
    await assert.rejects(moderate(adapter, 'approve', 'answer', a.id), ConflictError);
    await rejectsNotFound(flag(adapter, 'answer', a.id, ann));
    const stored = JSON.parse(storage.items.get('kith-memory:test')!).answers.find(
      (x: { id: string }) => x.id === a.id,
    );
    assert.deepEqual([stored.bodySource, stored.bodyHtml], [undefined, '']);
    const [entry] = (await audit(adapter)).items;
    assert.deepEqual(
      [entry?.action, entry?.actor?.id, entry?.subject?.id, entry?.reason, entry?.excerpt],
      ['delete', 'sam', 'bo', 'Doxxing.', 'My secret text'],
    );
  });

  it('delete a review: it leaves the product’s figures, and its author may review again', async () => {
    const adapter = setup();
    const low = await adapter.reviews.submitReview(
      { product: 'p', rating: 1, title: 'Awful', body: 'Spam.' },
      as(ann),
    );
    await adapter.vote({ targetType: 'review', targetId: low.id, value: 1 }, as(bo));
    await adapter.moderation.act(
      { action: 'delete', targetType: 'review', targetId: low.id, reason: 'Spam.' },
      as(staff),
    );
    const page = await reviews(adapter, ann);
    assert.deepEqual([page.total, page.mine, page.summary.count], [0, null, 0]);
    const again = await adapter.reviews.submitReview(
      { product: 'p', rating: 4, title: 'Fair', body: 'Honest now.' },
      as(ann),
    );
    assert.notEqual(again.id, low.id);
    assert.deepEqual([again.visibility, again.upvotes], ['visible', 0]);
    assert.equal((await reviews(adapter)).summary.average, 4);
  });

  it('warn: the member finds the reason in their inbox; the log names them', async () => {
    const adapter = setup();
    await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(bo));
    assert.deepEqual(await memberAct(adapter, 'warn', 'bo'), {
      targetType: 'member',
      targetId: 'bo',
      visibility: 'visible',
      suspendedUntil: null,
    });
    const inbox = await readOne(adapter, { kind: 'notifications', limit: 5 }, bo);
    const warned = inbox.items.filter((n) => n.kind === 'member.warned');
    assert.deepEqual(
      warned.map((n) => [n.title, n.excerpt, n.actor, n.read, n.targetType, n.targetId]),
      [['test', 'Reason to warn.', null, false, 'member', 'bo']],
      'from the moderators, titled with the community',
    );
    const [entry] = (await audit(adapter)).items;
    assert.deepEqual(
      [entry?.action, entry?.targetType, entry?.targetId, entry?.subject?.name, entry?.actor?.id],
      ['warn', 'member', 'bo', 'bo', 'sam'],
    );
  });

  it('suspend: no writes until then (reads and the inbox stay open); unsuspend ends it', async () => {
    const adapter = setup();
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(ann));
    const idea = await adapter.ideas.submitIdea({ board: 'b', title: 'I', body: '' }, as(ann));
    await adapter.postAnswer({ questionId: q.id, body: 'Spam' }, as(bo));
    const { suspendedUntil } = await memberAct(adapter, 'suspend', 'bo', 24);
    const [entry] = (await audit(adapter)).items;
    assert.equal(entry?.until, suspendedUntil, 'the result says until when');
    assert.equal(entry?.action, 'suspend');
    const until = entry!.until!;
    assert.equal(Date.parse(until) - Date.parse(entry!.at), 24 * 3_600_000);

    const suspended = isError(ForbiddenError, (e) =>
      assert.equal(
        e.message,
        `Your account is suspended until ${until.slice(0, 16).replace('T', ' ')} UTC.`,
      ),
    );
    const writes = [
      () => adapter.askQuestion({ topic: 'sku-1', title: 'Again', body: '' }, as(bo)),
      () => adapter.postAnswer({ questionId: q.id, body: 'More spam' }, as(bo)),
      () => adapter.vote({ targetType: 'question', targetId: q.id, value: 1 }, as(bo)),
      () => adapter.ideas.submitIdea({ board: 'b', title: 'Spam', body: '' }, as(bo)),
      () => adapter.ideas.comment({ ideaId: idea.id, body: 'Spam' }, as(bo)),
      () => adapter.vote({ targetType: 'idea', targetId: idea.id, value: 1 }, as(bo)),
      () => adapter.reviews.submitReview({ product: 'p', rating: 1, title: '', body: 'x' }, as(bo)),
      () => flag(adapter, 'question', q.id, bo),
    ];
    for (const write of writes) await assert.rejects(write(), suspended);
    assert.equal((await questions(adapter)).total, 1, 'nothing was written');
    assert.equal((await thread(adapter, q.id, bo)).answers.total, 1, 'reading is open');
    const inbox = await readOne(adapter, { kind: 'notifications', limit: 5 }, bo);
    assert.equal(inbox.items[0]?.kind, 'member.suspended');
    assert.deepEqual(
      await adapter.notifications.markRead({ ids: 'all' }, as(bo)),
      { unread: 0 },
      'marking read is open',
    );

    await memberAct(adapter, 'unsuspend', 'bo');
    await adapter.askQuestion({ topic: 'sku-1', title: 'Sorry', body: '' }, as(bo));
    await memberAct(adapter, 'suspend', 'bo', 2);
    await assert.rejects(writes[0]!(), ForbiddenError);
    adapter.later(1);
    await adapter.askQuestion({ topic: 'sku-1', title: 'Back', body: '' }, as(bo));
    assert.deepEqual(
      (await audit(adapter)).items.map((e) => e.action),
      ['suspend', 'unsuspend', 'suspend'],
    );
  });

  it('shows a suspended author in the queue; staff cannot be suspended', async () => {
    const adapter = setup();
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: '' }, as(bo));
    await flag(adapter, 'question', q.id, ann);
    await memberAct(adapter, 'suspend', 'bo', 72);
    const [item] = (await queue(adapter)).items;
    const [entry] = (await audit(adapter)).items;
    assert.equal(item?.authorSuspendedUntil, entry?.until);
    await memberAct(adapter, 'unsuspend', 'bo');
    assert.equal((await queue(adapter)).items[0]?.authorSuspendedUntil, null);
    await adapter.askQuestion(
      { topic: 'sku-1', title: 'Staff', body: '' },
      as(token('mo', ['moderator'])),
    );
    await assert.rejects(memberAct(adapter, 'suspend', 'mo', 1), ConflictError);
    await assert.rejects(memberAct(adapter, 'unsuspend', 'bo'), ConflictError, 'not suspended');
  });
});

describe('memory moderation: the audit log', () => {
  it('has every action and hold, newest first, paged, with who, what and why', async () => {
    const adapter = setup({ flagsToHold: 1 });
    const q = await adapter.askQuestion({ topic: 'sku-1', title: 'Q', body: 'Body' }, as(ann));
    await flag(adapter, 'question', q.id, bo);
    await moderate(adapter, 'approve', 'question', q.id);
    await moderate(adapter, 'hide', 'question', q.id);
    await memberAct(adapter, 'warn', 'ann');
    const all = await audit(adapter);
    assert.deepEqual(
      all.items.map((e) => [e.action, e.actor?.id ?? null, e.targetType, e.subject?.id]),
      [
        ['warn', 'sam', 'member', 'ann'],
        ['hide', 'sam', 'question', 'ann'],
        ['approve', 'sam', 'question', 'ann'],
        ['hold', null, 'question', 'ann'],
      ],
    );
    assert.equal(new Set(all.items.map((e) => e.id)).size, 4, 'distinct ids');
    assert.ok(all.items.every((e, i) => i === 0 || e.at <= all.items[i - 1]!.at));
    const first = await audit(adapter, 3);
    const rest = await audit(adapter, 3, first.nextCursor!);
    assert.deepEqual(
      [...first.items, ...rest.items].map((e) => e.id),
      all.items.map((e) => e.id),
    );
    assert.equal(rest.nextCursor, null);
  });
});
