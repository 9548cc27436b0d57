/// <reference types="node" />
/**
 * Trust levels in the memory adapter, as on the server (docs/api.md, "Members"; the server's own
 * checks are server/test/privacy-suite.ts): a member at level 0 writes links and images as text and is
 * told so in the write's result only; a flag from level 3 up holds the post (`held`: out of every count,
 * seen by its author) until staff approve or hide it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { MemorySeed } from '../../src/adapters/memory.js';
import type { WriteContext } from '../../src/core/adapter.js';
import { NotFoundError } from '../../src/core/errors.js';
import type { Answer, MemberSummary, Question, Role, TargetType } from '../../src/core/types.js';
import { clockedMemoryAdapter, memoryStorage, readOne } from '../support/memory-adapter.js';
import { token as memberToken } from './helpers.js';

// ---- helpers --------------------------------------------------------------------------------------

const token = (sub: string, roles: Role[] = ['customer']) => memberToken(sub, sub, roles);
const [ann, bo, cy, di, ed, dan] = ['ann', 'bo', 'cy', 'di', 'ed', 'dan'].map((sub) => token(sub));
const staff = token('sam', ['staff']);
const mo = token('mo', ['moderator']);

let keys = 0;
const as = (t: string): WriteContext => ({ token: t, idempotencyKey: `key-${++keys}` });

type Adapter = ReturnType<typeof clockedMemoryAdapter>;
const setup = clockedMemoryAdapter;

/** The source of the server's own check, with a link, an image, autolinks and raw HTML. */
const LINKS = [
  'See [the guide](https://shop.example/guide) and ![a cat](https://img.example/cat.png).',
  '',
  'Auto <https://auto.example/a> and www.bare.example too.',
  '',
  'Raw <a href="https://raw.example">y</a> <img src="https://raw.example/i.png">',
].join('\n');

const ask = (adapter: Adapter, by: string, body: string, ctx = as(by)) =>
  adapter.askQuestion({ topic: 'sku-1', title: 'How?', body }, ctx);
const answer = (adapter: Adapter, questionId: string, by: string, body: string) =>
  adapter.postAnswer({ questionId, body }, as(by));
const thread = (adapter: Adapter, questionId: string, viewerToken: string | null = null) =>
  readOne(adapter, { kind: 'thread', questionId, answerLimit: 20 }, viewerToken);
const flag = (adapter: Adapter, targetType: TargetType, targetId: string, by: string) =>
  adapter.moderation.flag({ targetType, targetId, reason: 'spam' }, as(by));
const moderate = (adapter: Adapter, action: 'hide' | 'approve', type: TargetType, id: string) =>
  adapter.moderation.act({ action, targetType: type, targetId: id, reason: 'Checked.' }, as(staff));
const levelOf = async (adapter: Adapter, id: string) =>
  (await readOne(adapter, { kind: 'members', ids: [id] }))[0]?.trustLevel;

// ---- trust level 0 --------------------------------------------------------------------------------

describe('memory trust: a level-0 member’s links and images', () => {
  it('are written as text, said so only in the write’s result', async () => {
    const storage = memoryStorage();
    const adapter = setup({ storage });
    const ctx = as(ann);
    const q = await ask(adapter, ann, LINKS, ctx);
    assert.deepEqual(q.notices, ['links-as-text']);
    assert.doesNotMatch(q.bodyHtml, /<a[\s>]|<img/i);
    assert.match(q.bodyHtml, /the guide \(https:\/\/shop\.example\/guide\) and a cat\./);
    assert.doesNotMatch(q.bodyHtml, /cat\.png/, 'an image is its alt text');
    assert.match(q.bodyHtml, /Auto https:\/\/auto\.example\/a and www\.bare\.example too\./);
    assert.match(
      q.bodyHtml,
      /Raw &lt;a href=&quot;https:\/\/raw\.example&quot;&gt;y&lt;\/a&gt; &lt;img src=/,
    );

    const read = await thread(adapter, q.id, ann);
    assert.equal(read.question.bodyHtml, q.bodyHtml);
    assert.equal(read.question.bodySource, LINKS, 'the Markdown is kept as written');
    assert.equal('notices' in read.question, false, 'not in later reads');
    const stored = JSON.parse(storage.items.get('kith-memory:test')!).questions as object[];
    assert.equal('notices' in stored[0]!, false, 'not stored with the post');
    assert.deepEqual(await ask(adapter, ann, LINKS, ctx), q, 'a retry gets the same result');

    // Each kind of post, each by a member's first post.
    const a = await answer(adapter, q.id, bo, 'Try [this](https://x.example/fix).');
    assert.deepEqual(a.notices, ['links-as-text']);
    assert.match(a.bodyHtml, /Try this \(https:\/\/x\.example\/fix\)\./);
    const i = await adapter.ideas.submitIdea(
      { board: 'b', title: 'Idea', body: '![mockup](https://img.example/m.png) please' },
      as(cy),
    );
    assert.deepEqual(i.notices, ['links-as-text']);
    assert.match(i.bodyHtml, /<p>mockup please<\/p>/);
    const c = await adapter.ideas.comment({ ideaId: i.id, body: 'Mail <me@dan.example>' }, as(di));
    assert.deepEqual(c.notices, ['links-as-text']);
    assert.match(c.bodyHtml, /Mail me@dan\.example/);
    assert.doesNotMatch(a.bodyHtml + i.bodyHtml + c.bodyHtml, /<a[\s>]/);

    const detail = await readOne(adapter, { kind: 'idea', ideaId: i.id, commentLimit: 20 });
    assert.equal(detail.idea.bodyHtml, i.bodyHtml, 'stored as returned');
    assert.equal(detail.comments.items[0]!.bodyHtml, c.bodyHtml);
    assert.equal('notices' in detail.idea || 'notices' in detail.comments.items[0]!, false);
  });

  it('say nothing when there is nothing to change', async () => {
    const adapter = setup();
    const plain = await ask(
      adapter,
      ed,
      'Just **words** and <a href="https://raw.example">raw</a>.',
    );
    assert.equal('notices' in plain, false);
    assert.match(plain.bodyHtml, /<strong>words<\/strong> and &lt;a href=/);
    const dangerous = await answer(adapter, plain.id, bo, '[x](javascript:alert(1))');
    assert.equal('notices' in dangerous, false, 'a link nobody may write is text for everyone');
    const idea = await adapter.ideas.submitIdea({ board: 'b', title: 'No body', body: '' }, as(cy));
    assert.equal('notices' in idea, false);
  });

  it('stay links from the member’s first post on, and for staff and moderators', async () => {
    const adapter = setup();
    await ask(adapter, ann, 'A first question.');
    assert.equal(await levelOf(adapter, 'ann'), 1);
    const q = await ask(adapter, ann, LINKS);
    assert.equal('notices' in q, false);
    assert.match(q.bodyHtml, /<a href="https:\/\/shop\.example\/guide"[^>]*>the guide<\/a>/);
    assert.match(q.bodyHtml, /a cat \(<a href="https:\/\/img\.example\/cat\.png"/);
    for (const by of [staff, mo]) {
      const a = await answer(adapter, q.id, by, 'See [the manual](https://shop.example/manual).');
      assert.equal('notices' in a, false);
      assert.match(a.bodyHtml, /<a href="https:\/\/shop\.example\/manual"/);
    }
    const i = await adapter.ideas.submitIdea(
      { board: 'b', title: 'Idea', body: 'Like [this](https://x.example/).' },
      as(ann),
    );
    assert.equal('notices' in i, false);
    assert.match(i.bodyHtml, /<a href="https:\/\/x\.example\/"/);
  });

  it('come back as text when the member’s only post is hidden (level 0 again)', async () => {
    const adapter = setup();
    const first = await ask(adapter, ann, 'A first question.');
    await moderate(adapter, 'hide', 'question', first.id);
    assert.equal(await levelOf(adapter, 'ann'), 0);
    const q = await ask(adapter, ann, '[link](https://x.example/)');
    assert.deepEqual(q.notices, ['links-as-text']);
  });
});

// ---- held by a trusted member's flag ----------------------------------------------------------------

const DAY = 86_400_000;
const START = Date.parse('2025-01-01T12:00:00.000Z');

/**
 * A seed where `dan` is at trust level 3: 17 questions on 17 days and 3 accepted answers (20 posts),
 * 10 up votes received, no flags against.
 */
function trustedSeed(): MemorySeed {
  const person = (id: string): MemberSummary => ({
    id,
    name: id,
    roles: ['customer'],
    reputation: 0,
    trustLevel: 0,
  });
  const at = (day: number) => new Date(START + day * DAY).toISOString();
  const question = (id: string, author: string, day: number): Question => ({
    id,
    author: person(author),
    topic: 'old',
    title: id,
    bodyHtml: '<p>x</p>',
    createdAt: at(day),
    activeAt: at(day),
    score: 0,
    upvotes: 0,
    downvotes: 0,
    myVote: 0,
    answerCount: 0,
    acceptedAnswerId: null,
  });
  const questions = Array.from({ length: 17 }, (_, d) => question(`q_dan_${d}`, 'dan', d));
  const asked = [0, 1, 2].map((n) => question(`q_old_${n}`, 'old', n));
  const answers: Answer[] = asked.map((q, n) => ({
    id: `a_dan_${n}`,
    questionId: q.id,
    author: person('dan'),
    bodyHtml: '<p>y</p>',
    createdAt: at(n),
    score: 0,
    upvotes: 0,
    downvotes: 0,
    myVote: 0,
    accepted: true,
  }));
  const votes = Array.from({ length: 10 }, (_, n) => ({
    memberId: `fan_${n}`,
    targetType: 'question' as const,
    targetId: `q_dan_${n}`,
    value: 1 as const,
  }));
  return { members: [person('dan')], questions: [...questions, ...asked], answers, votes };
}

describe('memory trust: a flag from level 3 up', () => {
  it('holds the post at once: out of every count, seen by its author, until staff decide', async () => {
    const adapter = setup({ seed: trustedSeed() });
    assert.equal(await levelOf(adapter, 'dan'), 3);
    const q = await ask(adapter, ann, 'Which size?');
    const a1 = await answer(adapter, q.id, bo, 'Buy now!!!');
    await answer(adapter, q.id, cy, 'The medium.');

    let res = await flag(adapter, 'answer', a1.id, ann);
    assert.deepEqual(res, { targetType: 'answer', targetId: a1.id, visibility: 'visible' });
    assert.equal(
      (await thread(adapter, q.id)).question.answerCount,
      2,
      'a level-1 flag holds nothing',
    );
    res = await flag(adapter, 'answer', a1.id, staff);
    assert.equal(res.visibility, 'visible', 'staff hide, their flags hold nothing');

    res = await flag(adapter, 'answer', a1.id, dan);
    assert.deepEqual(res, { targetType: 'answer', targetId: a1.id, visibility: 'held' });
    let read = await thread(adapter, q.id);
    assert.equal(read.question.answerCount, 1);
    assert.deepEqual(
      read.answers.items.map((x) => x.bodySource),
      ['The medium.'],
    );
    read = await thread(adapter, q.id, bo);
    assert.equal(
      read.answers.items.find((x) => x.id === a1.id)?.visibility,
      'held',
      'the author still sees it',
    );
    await assert.rejects(
      adapter.vote({ targetType: 'answer', targetId: a1.id, value: 1 }, as(ann)),
      NotFoundError,
      'held: not votable by others',
    );

    res = await moderate(adapter, 'approve', 'answer', a1.id);
    assert.equal(res.visibility, 'visible');
    assert.equal((await thread(adapter, q.id)).question.answerCount, 2, 'approving restores');
    assert.equal((await flag(adapter, 'answer', a1.id, dan)).visibility, 'held');
    assert.equal((await moderate(adapter, 'hide', 'answer', a1.id)).visibility, 'hidden');
    assert.equal((await thread(adapter, q.id)).question.answerCount, 1);
    assert.equal(
      (await thread(adapter, q.id, bo)).answers.items.length,
      1,
      'hidden: not even the author',
    );
  });

  it('holds comments, reviews and questions too; hidden posts stay out of reach', async () => {
    const adapter = setup({ seed: trustedSeed() });
    const idea = await adapter.ideas.submitIdea({ board: 'b', title: 'Idea', body: '' }, as(ann));
    const c = await adapter.ideas.comment({ ideaId: idea.id, body: 'Spam.' }, as(bo));
    assert.equal((await flag(adapter, 'comment', c.id, dan)).visibility, 'held');
    const detail = (viewerToken: string | null) =>
      readOne(adapter, { kind: 'idea', ideaId: idea.id, commentLimit: 20 }, viewerToken);
    assert.equal((await detail(null)).idea.commentCount, 0);
    assert.equal((await detail(bo)).comments.items[0]?.id, c.id);

    const ratings = async () => (await readOne(adapter, { kind: 'ratings', products: ['p'] }))[0];
    const low = await adapter.reviews.submitReview(
      { product: 'p', rating: 1, title: 'Awful', body: 'Spam.' },
      as(cy),
    );
    await adapter.reviews.submitReview(
      { product: 'p', rating: 5, title: 'Good', body: 'Yes.' },
      as(di),
    );
    assert.deepEqual([(await ratings())?.count, (await ratings())?.average], [2, 3]);
    assert.equal((await flag(adapter, 'review', low.id, dan)).visibility, 'held');
    assert.deepEqual([(await ratings())?.count, (await ratings())?.average], [1, 5]);
    await moderate(adapter, 'approve', 'review', low.id);
    assert.deepEqual([(await ratings())?.count, (await ratings())?.average], [2, 3]);

    const q = await ask(adapter, ed, 'Off topic.');
    assert.equal((await flag(adapter, 'question', q.id, dan)).visibility, 'held');
    await assert.rejects(thread(adapter, q.id), NotFoundError);
    assert.equal((await thread(adapter, q.id, ed)).question.visibility, 'held');
    const list = await readOne(adapter, {
      kind: 'questions',
      topic: 'sku-1',
      sort: 'newest',
      limit: 20,
    });
    assert.equal(list.total, 0);

    const other = await ask(adapter, ann, 'Another.');
    await moderate(adapter, 'hide', 'question', other.id);
    await assert.rejects(flag(adapter, 'question', other.id, dan), NotFoundError);
  });
});
