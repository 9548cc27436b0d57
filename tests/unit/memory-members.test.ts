/// <reference types="node" />
/**
 * The memory adapter's members (docs/api.md, "Members"): reputation per reason and its reversal,
 * badges awarded once with their cause, trust levels, tie strength, the `member`, `members` and
 * `leaderboard` reads and their checks, a member's export and erasure, seeds and persistence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { MemorySeed } from '../../src/adapters/memory.js';
import type { WriteContext } from '../../src/core/adapter.js';
import {
  ForbiddenError,
  KithError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../src/core/errors.js';
import { DEFAULT_POINTS } from '../../src/core/reputation.js';
import type { MemberCard, Role, TargetType } from '../../src/core/types.js';
import { clockedMemoryAdapter, memoryStorage, readOne } from '../support/memory-adapter.js';
import { isError, token as memberToken } from './helpers.js';

// ---- helpers --------------------------------------------------------------------------------------

const token = (sub: string, roles: Role[] = ['customer']) => memberToken(sub, sub, roles);
const [ann, bo, cy, di, ed] = ['ann', 'bo', 'cy', 'di', 'ed'].map((sub) => token(sub));
const staff = token('sam', ['staff']);

let keys = 0;
const as = (t: string | null): WriteContext => ({ token: t, idempotencyKey: `key-${++keys}` });

type Adapter = ReturnType<typeof clockedMemoryAdapter>;
const setup = clockedMemoryAdapter;

const ask = (adapter: Adapter, by: string, topic = 't1', title = 'How?') =>
  adapter.askQuestion({ topic, title, body: 'Tell me.' }, as(by));
const answer = (adapter: Adapter, questionId: string, by: string) =>
  adapter.postAnswer({ questionId, body: 'Like this.' }, as(by));
const vote = (adapter: Adapter, targetType: TargetType, targetId: string, by: string, value = 1) =>
  adapter.vote({ targetType, targetId, value: value as 1 | -1 | 0 }, as(by));
const accept = (adapter: Adapter, questionId: string, answerId: string | null, by = ann) =>
  adapter.acceptAnswer({ questionId, answerId }, as(by));
const moderate = (
  adapter: Adapter,
  action: 'hide' | 'approve',
  targetType: TargetType,
  id: string,
) => adapter.moderation.act({ action, targetType, targetId: id, reason: 'Checked.' }, as(staff));

async function cards(adapter: Adapter, ...ids: string[]): Promise<MemberCard[]> {
  return readOne(adapter, { kind: 'members', ids });
}
async function reputation(adapter: Adapter, id: string): Promise<number> {
  const [card] = await cards(adapter, id);
  return card?.reputation ?? NaN;
}
const profile = (adapter: Adapter, id: string, viewer: string | null = null) =>
  readOne(adapter, { kind: 'member', memberId: id }, viewer);
const board = (adapter: Adapter, period: 'week' | 'month' | 'all', extra = {}) =>
  readOne(adapter, { kind: 'leaderboard', period, limit: 20, ...extra });
const ranking = (entries: { member: { id: string }; points: number; rank: number }[]) =>
  entries.map((e) => [e.rank, e.member.id, e.points]);

const P = DEFAULT_POINTS;

// ---- tests ----------------------------------------------------------------------------------------

describe('memory members: reputation', () => {
  it('counts question and answer votes, and reverses them when changed or withdrawn', async () => {
    const adapter = setup();
    const q = await ask(adapter, ann);
    await vote(adapter, 'question', q.id, cy);
    assert.equal(await reputation(adapter, 'ann'), P['question.upvoted']);
    await vote(adapter, 'question', q.id, cy, -1);
    assert.equal(await reputation(adapter, 'ann'), P['question.downvoted']);
    await vote(adapter, 'question', q.id, cy, 0);
    assert.equal(await reputation(adapter, 'ann'), 0);

    const a = await answer(adapter, q.id, bo);
    await vote(adapter, 'answer', a.id, cy);
    await vote(adapter, 'answer', a.id, di, -1);
    assert.equal(await reputation(adapter, 'bo'), P['answer.upvoted'] + P['answer.downvoted']);
    assert.equal(await reputation(adapter, 'cy'), 0, 'voting earns nothing');
  });

  it('counts acceptances to both sides, moves them, and skips the asker’s own answer', async () => {
    const adapter = setup();
    const q = await ask(adapter, ann);
    const byBo = await answer(adapter, q.id, bo);
    const byDi = await answer(adapter, q.id, di);
    const byAnn = await answer(adapter, q.id, ann);
    await accept(adapter, q.id, byBo.id);
    assert.equal(await reputation(adapter, 'bo'), P['answer.accepted']);
    assert.equal(await reputation(adapter, 'ann'), P['accept.given']);
    await accept(adapter, q.id, byDi.id);
    assert.deepEqual(
      (await cards(adapter, 'ann', 'bo', 'di')).map((c) => c.reputation),
      [P['accept.given'], 0, P['answer.accepted']],
    );
    await accept(adapter, q.id, byAnn.id);
    assert.equal(await reputation(adapter, 'ann'), P['answer.accepted'], 'no accept.given');
    await accept(adapter, q.id, byBo.id, staff);
    assert.equal(await reputation(adapter, 'ann'), 0, 'staff accepted: nothing to the asker');
    assert.equal(await reputation(adapter, 'bo'), P['answer.accepted']);
    await accept(adapter, q.id, null, staff);
    assert.equal(await reputation(adapter, 'bo'), 0);
  });

  it('counts nothing for hidden content, and everything again once approved', async () => {
    const adapter = setup();
    const q = await ask(adapter, ann);
    const a = await answer(adapter, q.id, bo);
    await vote(adapter, 'answer', a.id, cy);
    await accept(adapter, q.id, a.id);
    const full = P['answer.upvoted'] + P['answer.accepted'];
    assert.equal(await reputation(adapter, 'bo'), full);
    await moderate(adapter, 'hide', 'answer', a.id);
    assert.deepEqual(
      (await cards(adapter, 'ann', 'bo')).map((c) => c.reputation),
      [0, 0],
    );
    await moderate(adapter, 'approve', 'answer', a.id);
    assert.equal(await reputation(adapter, 'bo'), full);
    await moderate(adapter, 'hide', 'question', q.id);
    assert.equal(await reputation(adapter, 'bo'), 0, 'hiding the question hides its thread');
  });

  it('counts helpful votes on reviews, idea votes from others and idea statuses', async () => {
    const adapter = setup();
    const review = await adapter.reviews.submitReview(
      { product: 'p1', rating: 4, title: 'Good', body: 'Good.' },
      as(ann),
    );
    await vote(adapter, 'review', review.id, bo);
    await vote(adapter, 'review', review.id, cy, -1);
    assert.equal(await reputation(adapter, 'ann'), P['review.helpful'], '“not helpful”: nothing');

    const idea = await adapter.ideas.submitIdea(
      { board: 'b1', title: 'Pockets', body: '' },
      as(bo),
    );
    assert.equal(idea.myVote, 1, 'the author’s own vote…');
    assert.equal(await reputation(adapter, 'bo'), 0, '…earns nothing');
    await vote(adapter, 'idea', idea.id, cy);
    assert.equal(await reputation(adapter, 'bo'), P['idea.upvoted']);
    const status = (s: string) =>
      adapter.ideas.setStatus({ ideaId: idea.id, status: s }, as(staff));
    await status('planned');
    assert.equal(await reputation(adapter, 'bo'), P['idea.upvoted'] + P['idea.planned']);
    await status('in-progress');
    assert.equal(await reputation(adapter, 'bo'), P['idea.upvoted'] + P['idea.planned']);
    await status('done');
    const shipped = P['idea.upvoted'] + P['idea.planned'] + P['idea.done'];
    assert.equal(await reputation(adapter, 'bo'), shipped);
    await status('open');
    assert.equal(await reputation(adapter, 'bo'), P['idea.upvoted'], 'a status changed back');
  });

  it('shows the counted figures on the authors of posts, also in the write’s own result', async () => {
    const adapter = setup();
    const q = await ask(adapter, ann);
    assert.deepEqual([q.author.reputation, q.author.trustLevel], [0, 1], 'a first post: level 1');
    await vote(adapter, 'question', q.id, bo);
    const a = await answer(adapter, q.id, ann);
    assert.equal(a.author.reputation, P['question.upvoted']);
    const thread = await readOne(adapter, { kind: 'thread', questionId: q.id, answerLimit: 5 });
    assert.equal(thread.question.author.reputation, P['question.upvoted']);
    const reply = await adapter.reviews.submitReview(
      { product: 'p', rating: 5, title: '', body: 'Yes.' },
      as(staff),
    );
    assert.equal(reply.author.trustLevel, 4, 'staff are always trusted');
  });
});

describe('memory members: badges', () => {
  it('awards a badge once, with its cause and time, and keeps it', async () => {
    const adapter = setup();
    const q = await ask(adapter, ann);
    let p = await profile(adapter, 'ann');
    assert.equal(p.badges.length, 1);
    const [curious] = p.badges;
    assert.deepEqual(curious!.badge, {
      slug: 'first-question',
      name: 'Curious',
      description: 'Asked a first question.',
      tier: 'bronze',
    });
    assert.deepEqual(curious!.cause, { metric: 'questions', value: 1, threshold: 1 });
    assert.ok(curious!.awardedAt >= q.createdAt);

    await ask(adapter, ann, 't1', 'Again?');
    await moderate(adapter, 'hide', 'question', q.id);
    p = await profile(adapter, 'ann');
    assert.deepEqual(p.badges, [curious], 'not twice, not taken back, same time');
    assert.equal(p.badgeCount, 1);
  });

  it('orders the top badges gold, silver, bronze, at most three', async () => {
    const adapter = setup();
    for (let i = 0; i < 5; i++) {
      const q = await ask(adapter, ann, 't1', `Q${i}`);
      const a = await answer(adapter, q.id, bo);
      await accept(adapter, q.id, a.id);
    }
    const idea = await adapter.ideas.submitIdea({ board: 'b', title: 'Ship it', body: '' }, as(bo));
    await adapter.ideas.setStatus({ ideaId: idea.id, status: 'done' }, as(staff));
    await adapter.askQuestion({ topic: 't', title: 'Mine', body: '' }, as(bo));
    const [card] = await cards(adapter, 'bo');
    assert.equal(card!.badgeCount, 4);
    assert.deepEqual(
      card!.topBadges.map((b) => b.slug),
      ['visionary', 'problem-solver', 'first-question'],
      'gold, silver, then the newest bronze',
    );
    const p = await profile(adapter, 'bo');
    assert.deepEqual(
      p.badges.map((b) => b.badge.slug),
      ['first-question', 'visionary', 'problem-solver', 'first-answer'],
      'every badge, newest first',
    );
    assert.deepEqual(p.badges[2]!.cause, { metric: 'acceptedAnswers', value: 5, threshold: 5 });
  });
});

describe('memory members: trust levels', () => {
  it('rises with posts, days and help, falls with flags; staff are 4', async () => {
    // Four flags that do not hold the post (so that the fourth member can still flag it).
    const adapter = setup({ flagsToHold: 5 });
    const [q] = [await ask(adapter, ann)];
    assert.equal((await cards(adapter, 'ann'))[0]!.trustLevel, 1);
    for (let day = 0; day < 3; day++) {
      adapter.later(1);
      await ask(adapter, ann, 't1', `Day ${day}`);
    }
    await ask(adapter, ann, 't1', 'Fifth');
    assert.equal((await cards(adapter, 'ann'))[0]!.trustLevel, 1, 'no help received yet');
    await vote(adapter, 'question', q!.id, bo);
    assert.equal((await cards(adapter, 'ann'))[0]!.trustLevel, 2);
    for (const by of [bo, cy, di, ed]) {
      await adapter.moderation.flag(
        { targetType: 'question', targetId: q!.id, reason: 'spam' },
        as(by),
      );
    }
    assert.equal((await cards(adapter, 'ann'))[0]!.trustLevel, 1, '4 flags against: at most 3');
    await ask(adapter, staff);
    assert.equal((await cards(adapter, 'sam'))[0]!.trustLevel, 4);
  });
});

describe('memory members: profiles and tie strength', () => {
  it('computes tie strength from the state, with its figures', async () => {
    const adapter = setup();
    const q = await ask(adapter, ann);
    const a = await answer(adapter, q.id, bo);
    await vote(adapter, 'answer', a.id, cy);
    await adapter.ideas.submitIdea({ board: 'b', title: 'Idea', body: '' }, as(bo));
    adapter.later(10);
    const p = await profile(adapter, 'bo');
    const t = p.tieStrength;
    assert.deepEqual(t.time.figures, { tenureDays: 10, activeDays: 1 });
    assert.deepEqual(t.intensity.figures, { perWeek: 0.5, interactions: 2 });
    assert.deepEqual(t.trust.figures, { accepted: 0, helpful: 1, contributions: 2 });
    assert.deepEqual(t.reciprocity.figures, { given: 1, received: 1 });
    assert.equal(t.reciprocity.score, 1);
    assert.equal(t.trust.score, 0.5);
    assert.match(t.time.explanation, /Member for 10 days, active on 1 day\./);
    assert.deepEqual(
      p.recent.map((r) => [r.targetType, r.title]),
      [
        ['idea', 'Idea'],
        ['answer', 'How?'],
      ],
    );
    const annTies = (await profile(adapter, 'ann')).tieStrength.reciprocity.figures;
    assert.deepEqual(annTies, { given: 0, received: 1 });
    await assert.rejects(profile(adapter, 'nobody'), isError(NotFoundError));
  });

  it('shows held posts in recent contributions to their author only', async () => {
    const adapter = setup();
    const q = await ask(adapter, ann);
    await moderate(adapter, 'hide', 'question', q.id);
    assert.deepEqual((await profile(adapter, 'ann', ann)).recent, []);
  });
});

describe('memory members: cards', () => {
  it('answers ids in order, leaves unknown ones out, and refuses more than 100', async () => {
    const adapter = setup();
    await ask(adapter, ann);
    await ask(adapter, bo);
    const read = await cards(adapter, 'bo', 'nobody', 'ann');
    assert.deepEqual(
      read.map((c) => c.id),
      ['bo', 'ann'],
    );
    assert.deepEqual(Object.keys(read[0]!).sort(), [
      'badgeCount',
      'id',
      'name',
      'reputation',
      'roles',
      'topBadges',
      'trustLevel',
    ]);
    assert.deepEqual(await cards(adapter), []);
    const many = Array.from({ length: 101 }, (_, i) => `m${i}`);
    await assert.rejects(
      cards(adapter, ...many),
      isError(ValidationError, (e) => assert.ok(e.fields.ids)),
    );
    await assert.rejects(
      readOne(adapter, { kind: 'members', ids: 'ann' as never }),
      isError(ValidationError, (e) => assert.ok(e.fields.ids)),
    );
  });
});

describe('memory members: leaderboards', () => {
  it('ranks points by the time of their causes, per topic or board, without staff', async () => {
    const adapter = setup();
    const old = await ask(adapter, ann, 't1');
    await vote(adapter, 'question', old.id, bo);
    adapter.later(10);
    const recent = await ask(adapter, cy, 't2');
    await vote(adapter, 'question', recent.id, bo);
    await vote(adapter, 'question', recent.id, di);
    const fromStaff = await ask(adapter, staff, 't2');
    await vote(adapter, 'question', fromStaff.id, bo);
    const down = await ask(adapter, di, 't2');
    await vote(adapter, 'question', down.id, bo, -1);
    const idea = await adapter.ideas.submitIdea({ board: 'b1', title: 'I', body: '' }, as(ed));
    await vote(adapter, 'idea', idea.id, ann);

    assert.deepEqual(ranking(await board(adapter, 'week')), [
      [1, 'cy', 10],
      [2, 'ed', 2],
    ]);
    assert.deepEqual(ranking(await board(adapter, 'month')), [
      [1, 'cy', 10],
      [2, 'ann', 5],
      [3, 'ed', 2],
    ]);
    assert.deepEqual(ranking(await board(adapter, 'all', { topic: 't1' })), [[1, 'ann', 5]]);
    assert.deepEqual(ranking(await board(adapter, 'all', { board: 'b1' })), [[1, 'ed', 2]]);
    assert.deepEqual(ranking(await board(adapter, 'all', { limit: 1 })), [[1, 'cy', 10]]);
    adapter.later(40);
    assert.deepEqual(await board(adapter, 'month'), []);
    const [entry] = await board(adapter, 'all');
    assert.deepEqual(
      entry!.member,
      (await cards(adapter, 'cy')).map(({ topBadges: _t, badgeCount: _b, ...m }) => m)[0],
    );
  });

  it('breaks ties by the earlier first point', async () => {
    const adapter = setup();
    const first = await ask(adapter, di);
    const second = await ask(adapter, ann);
    await vote(adapter, 'question', second.id, bo);
    await vote(adapter, 'question', first.id, bo);
    assert.deepEqual(ranking(await board(adapter, 'all')), [
      [1, 'ann', 5],
      [2, 'di', 5],
    ]);
  });

  it('refuses an unknown period and a bad limit', async () => {
    const adapter = setup();
    await assert.rejects(
      readOne(adapter, { kind: 'leaderboard', period: 'year' as 'all', limit: 5 }),
      isError(ValidationError, (e) => assert.ok(e.fields.period)),
    );
    await assert.rejects(
      readOne(adapter, { kind: 'leaderboard', period: 'all', limit: 0 }),
      isError(ValidationError, (e) => assert.ok(e.fields.limit)),
    );
  });
});

describe('memory members: own data', () => {
  it('exports everything about the signed-in member', async () => {
    const adapter = setup();
    const q = await ask(adapter, ann);
    const a = await answer(adapter, q.id, bo);
    await vote(adapter, 'answer', a.id, ann);
    await adapter.moderation.flag(
      { targetType: 'answer', targetId: a.id, reason: 'other' },
      as(ann),
    );
    const idea = await adapter.ideas.submitIdea({ board: 'b', title: 'I', body: '' }, as(ann));
    await vote(adapter, 'question', q.id, bo);

    const data = await adapter.members.exportMine({ token: ann });
    assert.equal(data.site, 'test');
    assert.equal(data.member.id, 'ann');
    assert.equal(data.member.reputation, P['question.upvoted']);
    const r = data.records;
    assert.deepEqual(
      r.questions!.map((x) => (x as { id: string }).id),
      [q.id],
    );
    assert.equal(r.answers!.length, 0);
    assert.equal(r.ideas!.length, 1);
    assert.deepEqual(
      r.votes!.map((v) => (v as { targetId: string }).targetId).sort(),
      [a.id, idea.id].sort(),
    );
    assert.equal(r.flags!.length, 1);
    assert.deepEqual(r.follows, [{ targetType: 'idea', targetId: idea.id }]);
    assert.deepEqual(
      r.questionFollows,
      [{ targetType: 'question', targetId: q.id }],
      'asking follows the question',
    );
    assert.deepEqual(
      r.reputation!.map((e) => {
        const { reason, points, causeActor, scope } = e as Record<string, unknown>;
        return [reason, points, causeActor, scope];
      }),
      [['question.upvoted', 5, 'bo', 'topic:t1']],
    );
    assert.equal(r.badges!.length, 1);
    assert.ok(!('seq' in (r.questions![0] as object)));

    const fresh = await adapter.members.exportMine({ token: token('newbie') });
    assert.deepEqual(
      [fresh.member.id, fresh.member.reputation, fresh.records.questions],
      ['newbie', 0, []],
    );
    await assert.rejects(adapter.members.exportMine({ token: null }), isError(UnauthorizedError));
  });

  it('erases a member: posts and votes stay with “A former member”, personal records go', async () => {
    const adapter = setup();
    const q = await ask(adapter, ann);
    const a = await answer(adapter, q.id, bo);
    await vote(adapter, 'answer', a.id, ann);
    await vote(adapter, 'question', q.id, bo);
    await adapter.moderation.flag(
      { targetType: 'answer', targetId: a.id, reason: 'other' },
      as(ann),
    );

    await assert.rejects(
      adapter.members.erase({ memberId: 'ann' }, as(bo)),
      isError(ForbiddenError),
    );
    assert.equal(await adapter.members.erase({ memberId: 'ann' }, as(ann)), undefined);

    const thread = await readOne(adapter, { kind: 'thread', questionId: q.id, answerLimit: 5 });
    assert.equal(
      (await readOne(adapter, { kind: 'thread', questionId: q.id, answerLimit: 5 }, ann)).following,
      false,
      'their follows go',
    );
    const former = thread.question.author;
    assert.equal(former.name, 'A former member');
    assert.equal(former.erased, true);
    assert.notEqual(former.id, 'ann');
    assert.equal(former.reputation, P['question.upvoted'], 'every count stays');
    assert.equal(thread.answers.items[0]!.score, 1, 'their vote stays');
    assert.deepEqual(await cards(adapter, 'ann'), []);
    const [card] = await cards(adapter, former.id);
    assert.equal(card!.badgeCount, 1, 'the badges stay with the posts');

    const again = await ask(adapter, ann, 't1', 'Back');
    assert.equal(again.author.reputation, 0, 'signing in again starts a new member');
    const data = await adapter.members.exportMine({ token: ann });
    assert.deepEqual([data.records.votes, data.records.flags], [[], []]);
    const t = await readOne(adapter, { kind: 'thread', questionId: q.id, answerLimit: 5 }, ann);
    assert.equal(t.answers.items[0]!.myVote, 0);

    await adapter.members.erase({ memberId: 'bo' }, as(staff));
    await assert.rejects(
      adapter.members.erase({ memberId: 'bo' }, as(staff)),
      isError(NotFoundError),
    );
  });
});

describe('memory members: seeds and persistence', () => {
  const seed = (): MemorySeed => {
    const member = (id: string, reputation: number) => ({
      id,
      name: id,
      roles: ['customer' as Role],
      reputation,
      trustLevel: 3 as const,
    });
    return {
      members: [member('old', 500), member('asker', 5)],
      questions: [
        {
          id: 'q1',
          author: member('asker', 5),
          topic: 't',
          title: 'Seeded',
          bodyHtml: '<p>x</p>',
          createdAt: '2025-01-01T00:00:00.000Z',
          activeAt: '2025-01-01T00:00:00.000Z',
          score: 1,
          upvotes: 1,
          downvotes: 0,
          myVote: 0,
          answerCount: 0,
          acceptedAnswerId: null,
        },
      ],
      votes: [{ memberId: 'old', targetType: 'question', targetId: 'q1', value: 1 }],
    };
  };

  it('keeps seeded reputations, earned before the seed, and counts trust levels', async () => {
    const adapter = setup({ seed: seed() });
    const [old, asker] = await cards(adapter, 'old', 'asker');
    assert.deepEqual([old!.reputation, old!.trustLevel], [500, 0]);
    assert.deepEqual([asker!.reputation, asker!.trustLevel], [5, 1]);
    assert.deepEqual(ranking(await board(adapter, 'all')), [
      [1, 'old', 500],
      [2, 'asker', 5],
    ]);
    await vote(adapter, 'question', 'q1', token('other'));
    assert.equal(await reputation(adapter, 'asker'), 10);
    assert.deepEqual(ranking(await board(adapter, 'week')), [[1, 'asker', 5]]);
  });

  it('keeps the time of an award across adapters on the same storage', async () => {
    const storage = memoryStorage();
    const first = setup({ storage, seed: seed() });
    const [award] = (await profile(first, 'asker')).badges;
    assert.equal(award?.badge.slug, 'first-question');
    first.later(3);
    const second = setup({ storage, seed: seed() });
    assert.deepEqual((await profile(second, 'asker')).badges, [award]);
  });
});

describe('memory members: counting as the state changes', () => {
  /** A small deterministic generator (mulberry32), so that a failing sequence can be replayed. */
  function random(seed: number) {
    let a = seed;
    const next = () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(list: readonly T[]): T | undefined =>
      list.length ? list[Math.floor(next() * list.length)] : undefined;
    return { next, pick };
  }

  const STORAGE_KEY = 'kith-memory:test';
  const SUBS = ['ann', 'bo', 'cy', 'di', 'ed', 'flo'];
  const STATUSES = ['open', 'under-review', 'planned', 'in-progress', 'done', 'declined'];

  /**
   * What members look like to readers: cards, profiles, leaderboards of every period and scope, and
   * each one's points as exported (in time order).
   */
  async function everything(adapter: Adapter, ids: string[]) {
    const profiles = [];
    for (const id of ids) profiles.push(await profile(adapter, id).catch(String));
    const boards = [];
    for (const period of ['week', 'month', 'all'] as const) {
      for (const scope of [{}, { topic: 't1' }, { topic: 't2' }, { board: 'b1' }, { board: 'b2' }])
        boards.push(await board(adapter, period, scope));
    }
    const ledgers = [];
    for (const sub of SUBS) {
      const data = await adapter.members.exportMine({ token: token(sub) });
      ledgers.push(data.records.reputation);
    }
    return { cards: await cards(adapter, ...ids), profiles, boards, ledgers };
  }

  /**
   * Writes of every kind that moves a count, in a random order, by members, staff and moderation, on
   * a clock that jumps ahead now and then (weeks and months pass).
   */
  async function writeAtRandom(seed: number, steps: number, check: () => Promise<void>) {
    const { next, pick } = random(seed);
    const ids = {
      question: [] as string[],
      answer: [] as string[],
      idea: [] as string[],
      comment: [] as string[],
      review: [] as string[],
    };
    const answersOf = new Map<string, string[]>();
    const askerOf = new Map<string, string>();
    const member = () => token(pick(SUBS)!);
    const keep = <T extends { id: string }>(list: string[], post: T) => (list.push(post.id), post);
    const writes: (() => Promise<unknown>)[] = [
      async () => {
        const by = pick(SUBS)!;
        const q = keep(ids.question, await ask(adapter, token(by), pick(['t1', 't2'])));
        askerOf.set(q.id, by);
      },
      async () => {
        const q = pick(ids.question);
        if (!q) return;
        const a = keep(ids.answer, await answer(adapter, q, member()));
        answersOf.set(q, [...(answersOf.get(q) ?? []), a.id]);
      },
      () => vote(adapter, 'question', pick(ids.question) ?? '', member(), pick([1, -1, 0])),
      () => vote(adapter, 'answer', pick(ids.answer) ?? '', member(), pick([1, -1, 0])),
      () => vote(adapter, 'idea', pick(ids.idea) ?? '', member(), pick([1, 0])),
      () => vote(adapter, 'review', pick(ids.review) ?? '', member(), pick([1, -1, 0])),
      () => {
        const q = pick(ids.question) ?? '';
        const by = next() < 0.8 ? token(askerOf.get(q) ?? 'ann') : staff;
        return accept(adapter, q, next() < 0.8 ? (pick(answersOf.get(q) ?? []) ?? null) : null, by);
      },
      async () => {
        const idea = { board: pick(['b1', 'b2'])!, title: 'An idea', body: '' };
        keep(ids.idea, await adapter.ideas.submitIdea(idea, as(member())));
      },
      async () => {
        const ideaId = pick(ids.idea) ?? '';
        keep(ids.comment, await adapter.ideas.comment({ ideaId, body: 'Yes.' }, as(member())));
      },
      () =>
        adapter.ideas.setStatus(
          { ideaId: pick(ids.idea) ?? '', status: pick(STATUSES)! },
          as(staff),
        ),
      () =>
        adapter.ideas.merge(
          { duplicateId: pick(ids.idea) ?? '', originalId: pick(ids.idea) ?? '' },
          as(staff),
        ),
      async () => {
        const review = {
          product: pick(['p1', 'p2'])!,
          rating: pick([1, 2, 3, 4, 5] as const)!,
          title: 'Fine',
          body: 'It works.',
        };
        keep(ids.review, await adapter.reviews.submitReview(review, as(member())));
      },
      () => {
        const targetType = pick(Object.keys(ids) as (keyof typeof ids)[])!;
        const targetId = pick(ids[targetType]) ?? '';
        return adapter.moderation.flag({ targetType, targetId, reason: 'spam' }, as(member()));
      },
      () => {
        const targetType = pick(Object.keys(ids) as (keyof typeof ids)[])!;
        return moderate(
          adapter,
          pick(['hide', 'approve'])!,
          targetType,
          pick(ids[targetType]) ?? '',
        );
      },
      async () => {
        now += pick([1, 3, 8, 20, 40])! * DAY;
      },
      async () => {
        if (next() < 0.1) await adapter.members.erase({ memberId: pick(SUBS)! }, as(staff));
      },
    ];
    const succeeded = writes.map(() => 0);
    for (let step = 0; step < steps; step++) {
      now += 60_000;
      const i = Math.floor(next() * writes.length);
      try {
        await writes[i]!();
        succeeded[i]!++;
      } catch (error) {
        if (!(error instanceof KithError)) throw error; // a refused write is fine
      }
      if (step % 40 === 39) await check();
    }
    await check();
    return succeeded;
  }

  const DAY = 86_400_000;
  let now = 0;
  let adapter: Adapter;

  it('keeps every figure equal to a count from scratch, write after write', async () => {
    for (const seed of [1, 2, 3, 4]) {
      now = Date.parse('2025-03-01T12:00:00.000Z');
      const storage = memoryStorage();
      const clock = () => new Date(now);
      adapter = setup({ storage, now: clock });
      const succeeded = await writeAtRandom(seed, 240, async () => {
        const raw = storage.items.get(STORAGE_KEY)!;
        const state = JSON.parse(raw) as { members: { summary: { id: string } }[] };
        const ids = state.members.map((m) => m.summary.id);
        // Another adapter on the same storage counts the state from scratch.
        const expected = await everything(setup({ storage, now: clock }), ids);
        assert.deepEqual(await everything(adapter, ids), expected, `seed ${seed}`);

        // Counting every member afresh changes no stored reputation, trust level or badge.
        const unsynced = JSON.stringify({ ...JSON.parse(raw), membersSynced: false });
        storage.setItem(STORAGE_KEY, unsynced);
        await cards(setup({ storage, now: clock }), 'ann');
        assert.equal(storage.items.get(STORAGE_KEY), unsynced, `seed ${seed}: nothing to change`);
        storage.setItem(STORAGE_KEY, raw);
      });
      assert.ok(
        succeeded.every((n) => n > 0),
        `seed ${seed}: every kind of write, ${succeeded}`,
      );
    }
  });
});
