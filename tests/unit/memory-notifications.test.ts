/// <reference types="node" />
/**
 * The memory adapter's issue-7 rules, as the server's: following questions, the notifications each
 * write leaves (and for whom), the inbox read, marking read, and escalation by the asker or staff.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createMemoryAdapter } from '../../src/adapters/memory.js';
import type { RequestContext } from '../../src/core/adapter.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../src/core/errors.js';
import type { Notification, NotificationsPage, QuestionThread } from '../../src/core/types.js';
import { token, write } from './helpers.js';

const asker = token('asker', 'Ada');
const helper = token('helper', 'Hal');
const voter = token('voter', 'Vi');
const staff = token('staff', 'Sam', ['staff']);
const HOUR = 3_600_000;

function setup() {
  let clock = Date.parse('2026-03-01T10:00:00Z');
  const adapter = createMemoryAdapter({ site: 'test', storage: null, now: () => new Date(clock) });
  return { adapter, advance: (ms: number) => (clock += ms) };
}

type Adapter = ReturnType<typeof setup>['adapter'];

async function inbox(adapter: Adapter, t: string | null, limit = 20, cursor?: string | null) {
  const ctx: RequestContext = { token: t };
  const [outcome] = await adapter.read([{ kind: 'notifications', limit, cursor }], ctx);
  assert.ok(outcome?.ok, 'the inbox read succeeds');
  return outcome.data as NotificationsPage;
}

async function thread(adapter: Adapter, questionId: string, t: string | null) {
  const [outcome] = await adapter.read([{ kind: 'thread', questionId, answerLimit: 10 }], {
    token: t,
  });
  assert.ok(outcome?.ok);
  return outcome.data as QuestionThread;
}

const kinds = (page: NotificationsPage, kind?: string): Notification[] =>
  page.items.filter((n) => !kind || n.kind === kind);

async function ask(adapter: Adapter) {
  return adapter.askQuestion(
    {
      topic: 'sku-1',
      title: 'Does it fit?',
      body: 'Really?',
      pageUrl: 'https://shop.example/p/1#reviews',
    },
    write(asker),
  );
}

describe('memory notifications: following questions and answers', () => {
  it('notifies the followers of a question but the answerer; asking, answering and voting follow', async () => {
    const { adapter, advance } = setup();
    const question = await ask(adapter);
    assert.equal((await thread(adapter, question.id, asker)).following, true, 'asking follows');
    assert.equal((await thread(adapter, question.id, voter)).following, false);
    assert.equal((await thread(adapter, question.id, null)).following, false);

    await adapter.vote({ targetType: 'question', targetId: question.id, value: 1 }, write(voter));
    assert.equal((await thread(adapter, question.id, voter)).following, true, 'voting follows');

    advance(1000);
    const answer = await adapter.postAnswer(
      { questionId: question.id, body: 'Yes, it **fits** &amp; holds.' },
      write(helper),
    );
    assert.equal((await thread(adapter, question.id, helper)).following, true, 'answering follows');

    const mine = kinds(await inbox(adapter, asker), 'answer.posted');
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.title, 'Does it fit?');
    assert.equal(mine[0]!.actor?.name, 'Hal');
    assert.equal(mine[0]!.excerpt, 'Yes, it fits & holds.', 'plain text, entities decoded');
    assert.equal(mine[0]!.pageUrl, `https://shop.example/p/1#kith-question-${question.id}`);
    assert.deepEqual(
      [mine[0]!.targetType, mine[0]!.targetId, mine[0]!.read],
      ['question', question.id, false],
    );
    assert.equal(kinds(await inbox(adapter, voter), 'answer.posted').length, 1);
    assert.equal(
      kinds(await inbox(adapter, helper), 'answer.posted').length,
      0,
      'not the answerer',
    );

    // Unfollowing stops them; a second answer reaches the asker and the first answerer.
    assert.deepEqual(
      await adapter.notifications.follow(
        { targetType: 'question', targetId: question.id, following: false },
        write(voter),
      ),
      { following: false },
    );
    assert.equal((await thread(adapter, question.id, voter)).following, false);
    await adapter.postAnswer({ questionId: question.id, body: 'Also yes.' }, write(staff));
    assert.equal(kinds(await inbox(adapter, voter), 'answer.posted').length, 1);
    assert.equal(kinds(await inbox(adapter, helper), 'answer.posted').length, 1);
    assert.equal(kinds(await inbox(adapter, asker), 'answer.posted').length, 2);

    // Accepting notifies the answer's author, unless they accepted it themselves.
    await adapter.acceptAnswer({ questionId: question.id, answerId: answer.id }, write(asker));
    const accepted = kinds(await inbox(adapter, helper), 'answer.accepted');
    assert.equal(accepted.length, 1);
    assert.equal(accepted[0]!.actor?.id, 'asker');
  });

  it('follows and unfollows questions and ideas, and refuses other targets and unknown posts', async () => {
    const { adapter } = setup();
    const question = await ask(adapter);
    await assert.rejects(
      adapter.notifications.follow(
        { targetType: 'question', targetId: 'q_missing', following: true },
        write(voter),
      ),
      NotFoundError,
    );
    await assert.rejects(
      adapter.notifications.follow(
        { targetType: 'review' as 'idea', targetId: question.id, following: true },
        write(voter),
      ),
      ValidationError,
    );
    const idea = await adapter.ideas.submitIdea(
      { board: 'b', title: 'Pockets', body: 'More.', pageUrl: 'https://shop.example/ideas' },
      write(asker),
    );
    assert.deepEqual(
      await adapter.notifications.follow(
        { targetType: 'idea', targetId: idea.id, following: true },
        write(voter),
      ),
      { following: true },
    );
    // A comment reaches the idea's followers (the author, the follower) but the commenter.
    await adapter.ideas.comment({ ideaId: idea.id, body: 'Please!' }, write(helper));
    for (const [t, n] of [
      [asker, 1],
      [voter, 1],
      [helper, 0],
    ] as const) {
      assert.equal(kinds(await inbox(adapter, t), 'idea.commented').length, n);
    }
    const [commented] = kinds(await inbox(adapter, voter), 'idea.commented');
    assert.equal(commented!.pageUrl, `https://shop.example/ideas#kith-idea-${idea.id}`);
    assert.equal(commented!.excerpt, 'Please!');
    assert.equal(adapter.notifications.feedUrl({ kind: 'board', key: 'b' }, {}), null);
  });

  it('tells a reviewer about a staff reply, and a member about a badge', async () => {
    const { adapter } = setup();
    const review = await adapter.reviews.submitReview(
      { product: 'p1', rating: 4, title: 'Good', body: 'Solid.' },
      write(asker),
    );
    await adapter.reviews.reply({ reviewId: review.id, body: 'Thanks!' }, write(staff));
    const page = await inbox(adapter, asker);
    const [replied] = kinds(page, 'review.replied');
    assert.deepEqual(
      [replied!.title, replied!.excerpt, replied!.actor?.id],
      ['Good', 'Thanks!', 'staff'],
    );
    const badges = kinds(page, 'badge.awarded');
    assert.ok(badges.length >= 1, 'the first review earns a badge');
    assert.deepEqual([badges[0]!.targetType, badges[0]!.targetId], ['member', 'asker']);
  });
});

describe('memory notifications: the inbox', () => {
  it('pages newest first with the unread count; marks read by id or all; signed out is empty', async () => {
    const { adapter, advance } = setup();
    const question = await ask(adapter);
    for (let i = 0; i < 3; i++) {
      advance(1000);
      await adapter.postAnswer({ questionId: question.id, body: `Answer ${i}` }, write(helper));
    }
    const first = await inbox(adapter, asker, 2);
    const answers = (p: NotificationsPage) => kinds(p, 'answer.posted').map((n) => n.excerpt);
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    assert.deepEqual(answers(first), ['Answer 2', 'Answer 1']);
    const all = await inbox(adapter, asker, 50);
    assert.equal(all.unread, all.total);
    assert.ok(all.total >= 3);

    const [newest] = all.items;
    assert.deepEqual(await adapter.notifications.markRead({ ids: [newest!.id] }, write(asker)), {
      unread: all.total - 1,
    });
    const after = await inbox(adapter, asker, 50);
    assert.equal(after.items[0]!.read, true);
    assert.equal(after.unread, all.total - 1);
    // Another member's ids change nothing.
    await adapter.notifications.markRead({ ids: [after.items[1]!.id] }, write(voter));
    assert.equal((await inbox(adapter, asker, 50)).unread, all.total - 1);
    assert.deepEqual(await adapter.notifications.markRead({ ids: 'all' }, write(asker)), {
      unread: 0,
    });
    await assert.rejects(
      adapter.notifications.markRead({ ids: 'some' as 'all' }, write(asker)),
      ValidationError,
    );

    assert.deepEqual(await inbox(adapter, null), {
      items: [],
      nextCursor: null,
      total: 0,
      unread: 0,
    });
  });
});

describe('memory escalation', () => {
  it('lets the asker escalate after the wait, staff at any time; once; not when accepted', async () => {
    const { adapter, advance } = setup();
    const question = await ask(adapter);
    assert.equal(question.escalatableAt, '2026-03-01T12:00:00.000Z', 'two hours after asking');
    assert.equal((await thread(adapter, question.id, helper)).question.escalatableAt, null);
    assert.equal((await thread(adapter, question.id, null)).question.escalatableAt, undefined);

    await assert.rejects(
      adapter.escalate({ questionId: question.id }, write(asker)),
      ConflictError,
    );
    await assert.rejects(
      adapter.escalate({ questionId: question.id }, write(helper)),
      ForbiddenError,
    );
    await assert.rejects(adapter.escalate({ questionId: 'q_none' }, write(asker)), NotFoundError);

    advance(2 * HOUR);
    const key = write(asker);
    const escalated = await adapter.escalate({ questionId: question.id }, key);
    assert.equal(escalated.escalatedAt, '2026-03-01T12:00:00.000Z');
    assert.equal(escalated.escalatedBy, 'asker');
    assert.equal(escalated.escalatableAt, null);
    assert.deepEqual(await adapter.escalate({ questionId: question.id }, key), escalated);
    advance(1000);
    const again = await adapter.escalate({ questionId: question.id }, write(asker));
    assert.equal(again.escalatedAt, escalated.escalatedAt, 'escalating twice changes nothing');
    assert.equal(
      kinds(await inbox(adapter, asker), 'question.escalated').length,
      0,
      'not for their own',
    );

    // A member's answer leaves it escalated; a staff answer resolves it.
    await adapter.postAnswer({ questionId: question.id, body: 'Try this.' }, write(helper));
    assert.equal(
      (await thread(adapter, question.id, null)).question.escalationResolvedAt ?? null,
      null,
    );
    advance(1000);
    await adapter.postAnswer({ questionId: question.id, body: 'Official.' }, write(staff));
    const resolved = (await thread(adapter, question.id, null)).question;
    assert.equal(resolved.escalationResolvedAt, '2026-03-01T12:00:02.000Z');
    assert.equal(resolved.escalatedAt, escalated.escalatedAt, 'still marked as escalated');
  });

  it('lets staff escalate at once (the asker is told); refuses a question with an accepted answer', async () => {
    const { adapter } = setup();
    const question = await ask(adapter);
    const escalated = await adapter.escalate({ questionId: question.id }, write(staff));
    assert.ok(escalated.escalatedAt);
    const [told] = kinds(await inbox(adapter, asker), 'question.escalated');
    assert.equal(told!.targetId, question.id);

    const other = await ask(adapter);
    const answer = await adapter.postAnswer({ questionId: other.id, body: 'Yes.' }, write(helper));
    await adapter.acceptAnswer({ questionId: other.id, answerId: answer.id }, write(asker));
    await assert.rejects(adapter.escalate({ questionId: other.id }, write(staff)), ConflictError);
  });

  it('takes the asker wait from the options', async () => {
    const adapter = createMemoryAdapter({ storage: null, escalationAskerAfter: 0 });
    const question = await ask(adapter);
    assert.ok((await adapter.escalate({ questionId: question.id }, write(asker))).escalatedAt);
  });
});
