/// <reference types="node" />
/**
 * The memory adapter's ideas (docs/api.md, "Ideas"): boards and statuses, submitting, votes and the
 * vote budget, the sorts, search, status changes with official responses and notifications, comments,
 * merging duplicates, following, persistence and seeds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { MemorySeed } from '../../src/adapters/memory.js';
import type { ReadRequest } from '../../src/core/adapter.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../src/core/errors.js';
import type { Idea, MemberSummary, Role } from '../../src/core/types.js';
import { clockedMemoryAdapter, memoryStorage, readOne } from '../support/memory-adapter.js';
import { isError, token as memberToken } from './helpers.js';

// ---- helpers --------------------------------------------------------------------------------------

const DAY = 86_400_000;
const START = Date.parse('2025-03-01T12:00:00.000Z');
const BOARD = 'trail-28';

const token = (sub: string, roles: Role[] = ['customer']): string =>
  memberToken(sub, sub, roles, { exp: Date.parse('2100-01-01') / 1000 });
const [m1, m2, m3, m4] = ['m1', 'm2', 'm3', 'm4'].map((sub) => token(sub));
const staff = token('sam', ['staff']);
const moderator = token('mo', ['moderator']);

let keys = 0;
const as = (t: string | null, idempotencyKey = `key-${++keys}`) => ({ token: t, idempotencyKey });

const setup = clockedMemoryAdapter;
type Adapter = ReturnType<typeof setup>;

const read = readOne;

const list = (
  adapter: Adapter,
  extra: Partial<Extract<ReadRequest, { kind: 'ideas' }>> = {},
  viewer: string | null = null,
) => read(adapter, { kind: 'ideas', board: BOARD, sort: 'top', limit: 20, ...extra }, viewer);
const detail = (adapter: Adapter, ideaId: string, viewer: string | null = null, extra = {}) =>
  read(adapter, { kind: 'idea', ideaId, commentLimit: 20, ...extra }, viewer);
const board = (adapter: Adapter, viewer: string | null = null, slug = BOARD) =>
  read(adapter, { kind: 'board', board: slug }, viewer);
const titles = (ideas: { items: Idea[] }) => ideas.items.map((idea) => idea.title);

function submit(adapter: Adapter, title: string, by = m1, body = '', slug = BOARD) {
  return adapter.ideas.submitIdea({ board: slug, title, body }, as(by));
}
function vote(adapter: Adapter, ideaId: string, by: string, value: 0 | 1 = 1) {
  return adapter.vote({ targetType: 'idea', targetId: ideaId, value }, as(by));
}
function setStatus(adapter: Adapter, ideaId: string, status: string, response?: string) {
  return adapter.ideas.setStatus({ ideaId, status, response }, as(staff));
}
function configure(adapter: Adapter, input: { statuses?: unknown; voteBudget?: unknown }) {
  return adapter.ideas.configureBoard({ board: BOARD, ...input } as never, as(staff));
}

const withFields = (...names: string[]) =>
  isError(ValidationError, (e) =>
    assert.deepEqual(Object.keys(e.fields).sort(), [...names].sort(), JSON.stringify(e.fields)),
  );

/** The notifications the adapter keeps in its stored state. */
function storedNotifications(storage: ReturnType<typeof memoryStorage>) {
  const state = JSON.parse(storage.items.get('kith-memory:test')!) as {
    notifications: {
      memberId: string;
      kind: string;
      title: string;
      targetId: string;
      excerpt?: string;
      actor?: { id: string } | null;
      pageUrl?: string;
    }[];
  };
  return state.notifications;
}

// ---- tests ----------------------------------------------------------------------------------------

describe('memory ideas: boards', () => {
  it('reads an unknown board as the defaults and an empty page', async () => {
    const adapter = setup();
    assert.deepEqual(await board(adapter, m1, 'nowhere'), {
      slug: 'nowhere',
      statuses: ['open', 'under-review', 'planned', 'in-progress', 'done', 'declined'].map(
        (slug, order) => ({ slug, order }),
      ),
      voteBudget: null,
      votesRemaining: null,
    });
    assert.deepEqual(await list(adapter, { board: 'nowhere' }), {
      items: [],
      nextCursor: null,
      total: 0,
    });
  });

  it('refuses malformed reads in their slot', async () => {
    const adapter = setup();
    const outcomes = await adapter.read(
      [
        { kind: 'ideas', board: BOARD, sort: 'hot' as never, limit: 10 },
        { kind: 'idea', ideaId: 'i_missing', commentLimit: 10 },
        { kind: 'board', board: 7 as never },
        { kind: 'ideas', board: BOARD, sort: 'newest', limit: 10, cursor: 'x' },
      ],
      {},
    );
    assert.ok(!outcomes[0]!.ok && outcomes[0]!.error instanceof ValidationError);
    assert.ok(!outcomes[1]!.ok && outcomes[1]!.error instanceof NotFoundError);
    assert.ok(!outcomes[2]!.ok && outcomes[2]!.error instanceof ValidationError);
    assert.ok(!outcomes[3]!.ok && outcomes[3]!.error instanceof ValidationError);
  });
});

describe('memory ideas: submitting', () => {
  it('stores the idea open, with the author’s vote and the author following', async () => {
    const adapter = setup();
    const idea = await adapter.ideas.submitIdea(
      {
        board: BOARD,
        title: '  A lid pocket  ',
        body: 'For **keys**.',
        pageUrl: 'https://shop.example/p',
      },
      as(m1),
    );
    assert.equal(idea.title, 'A lid pocket');
    assert.equal(idea.status, 'open');
    assert.equal(idea.bodyHtml, '<p>For <strong>keys</strong>.</p>\n');
    assert.equal(idea.bodySource, 'For **keys**.');
    assert.equal(idea.pageUrl, 'https://shop.example/p');
    assert.deepEqual(
      [idea.upvotes, idea.score, idea.downvotes, idea.myVote, idea.commentCount],
      [1, 1, 0, 1, 0],
    );
    assert.equal(idea.following, true);
    assert.equal(idea.officialResponse, null);
    assert.equal(idea.mergedInto, null);
    assert.equal(idea.author.id, 'm1');

    const seen = (await list(adapter, {}, m2)).items[0]!;
    assert.deepEqual([seen.id, seen.myVote, seen.following], [idea.id, 0, false]);
    assert.equal((await list(adapter)).items[0]!.following, false, 'signed out');
  });

  it('allows an empty body and validates every field', async () => {
    const adapter = setup();
    assert.equal((await submit(adapter, 'No body')).bodyHtml, '');
    await assert.rejects(
      adapter.ideas.submitIdea(
        { board: ' ', title: 'x'.repeat(201), body: 'y'.repeat(20_001), pageUrl: 'javascript:x' },
        as(m1),
      ),
      withFields('board', 'title', 'body', 'pageUrl'),
    );
    await assert.rejects(submit(adapter, '   '), withFields('title'));
    await assert.rejects(
      submit(adapter, 'Long board', m1, '', 'b'.repeat(201)),
      withFields('board'),
    );
  });

  it('refuses every write when signed out', async () => {
    const adapter = setup();
    const idea = await submit(adapter, 'Mine');
    const out = as(null);
    const writes = [
      adapter.ideas.submitIdea({ board: BOARD, title: 'x', body: '' }, out),
      adapter.vote({ targetType: 'idea', targetId: idea.id, value: 1 }, out),
      adapter.ideas.comment({ ideaId: idea.id, body: 'x' }, out),
      adapter.ideas.follow({ ideaId: idea.id, following: false }, out),
      adapter.ideas.setStatus({ ideaId: idea.id, status: 'done' }, out),
      adapter.ideas.merge({ duplicateId: idea.id, originalId: idea.id }, out),
      adapter.ideas.configureBoard({ board: BOARD, voteBudget: 3 }, out),
    ];
    for (const write of writes) await assert.rejects(write, UnauthorizedError);
  });

  it('returns the first result for a repeated idempotency key', async () => {
    const adapter = setup();
    const ctx = as(m1);
    const input = { board: BOARD, title: 'Once', body: '' };
    const [first, second] = await Promise.all([
      adapter.ideas.submitIdea(input, ctx),
      adapter.ideas.submitIdea(input, ctx),
    ]);
    assert.deepEqual(second, first);
    assert.deepEqual(await adapter.ideas.submitIdea(input, ctx), first);
    assert.equal((await list(adapter)).total, 1);
  });
});

describe('memory ideas: votes', () => {
  it('votes 1 or 0, also on one’s own idea, and follows on voting only', async () => {
    const adapter = setup();
    const idea = await submit(adapter, 'Votable');
    const withdrawn = await vote(adapter, idea.id, m1, 0);
    assert.deepEqual(withdrawn, {
      targetType: 'idea',
      targetId: idea.id,
      value: 0,
      score: 0,
      upvotes: 0,
      downvotes: 0,
      votesRemaining: null,
    });
    assert.equal((await vote(adapter, idea.id, m1)).upvotes, 1, 'own idea');
    assert.equal((await vote(adapter, idea.id, m2)).upvotes, 2);
    assert.equal((await vote(adapter, idea.id, m2)).upvotes, 2, 'one vote per member');
    assert.equal((await detail(adapter, idea.id, m2)).idea.following, true, 'voting follows');
    await vote(adapter, idea.id, m2, 0);
    const after = (await detail(adapter, idea.id, m2)).idea;
    assert.deepEqual([after.upvotes, after.myVote, after.following], [1, 0, true]);

    await assert.rejects(
      adapter.vote({ targetType: 'idea', targetId: idea.id, value: -1 }, as(m2)),
      withFields('value'),
    );
    await assert.rejects(vote(adapter, 'i_missing', m2), NotFoundError);
  });

  it('keeps members within the vote budget; done and declined ideas give votes back', async () => {
    const adapter = setup();
    const [a, b, c] = [
      await submit(adapter, 'A'),
      await submit(adapter, 'B'),
      await submit(adapter, 'C'),
    ];
    const configured = await configure(adapter, { voteBudget: 2 });
    assert.deepEqual([configured.voteBudget, configured.votesRemaining], [2, 2]);
    assert.equal((await board(adapter, m1)).votesRemaining, 0, 'm1 voted on A, B, C by submitting');
    assert.equal((await board(adapter)).votesRemaining, null, 'signed out');

    assert.equal((await vote(adapter, a.id, m2)).votesRemaining, 1);
    assert.equal((await vote(adapter, b.id, m2)).votesRemaining, 0);
    await assert.rejects(
      vote(adapter, c.id, m2),
      isError(ConflictError, (e) =>
        assert.equal(e.message, 'You have no votes left on this board.'),
      ),
    );
    assert.equal((await vote(adapter, b.id, m2)).votesRemaining, 0, 'voting again is no new vote');

    await setStatus(adapter, a.id, 'done');
    assert.equal((await board(adapter, m2)).votesRemaining, 1, 'a done idea frees its votes');
    assert.equal((await vote(adapter, c.id, m2)).votesRemaining, 0);
    await setStatus(adapter, b.id, 'declined');
    assert.equal((await board(adapter, m2)).votesRemaining, 1, 'so does a declined one');
    assert.equal((await vote(adapter, a.id, m2, 0)).votesRemaining, 1, 'unvoting a done idea');
    assert.equal((await vote(adapter, a.id, m2)).votesRemaining, 1, 'votes on done ideas are free');

    // Lowering the budget keeps the votes held; a new idea then starts without its author's vote.
    await configure(adapter, { voteBudget: 1 });
    await vote(adapter, c.id, m3);
    const late = await submit(adapter, 'D', m3);
    assert.deepEqual([late.upvotes, late.myVote], [0, 0]);
    assert.equal((await board(adapter, m2)).votesRemaining, 0);
    assert.equal((await detail(adapter, c.id, m2)).idea.myVote, 1);

    await configure(adapter, { voteBudget: null });
    assert.deepEqual(
      [(await board(adapter, m2)).voteBudget, (await vote(adapter, late.id, m2)).votesRemaining],
      [null, null],
    );
  });
});

describe('memory ideas: lists', () => {
  it('sorts by top, newest and trending (recent votes weigh more)', async () => {
    const adapter = setup();
    const old = await submit(adapter, 'Old favourite');
    for (const member of [m2, m3, m4]) await vote(adapter, old.id, member);
    const quiet = await submit(adapter, 'Quiet');
    adapter.later(30);
    const fresh = await submit(adapter, 'Fresh', m2);
    await vote(adapter, fresh.id, m3);
    const [tie] = [await submit(adapter, 'Newest, no votes', m4)];
    await vote(adapter, tie.id, m4, 0);

    assert.deepEqual(titles(await list(adapter, { sort: 'top' })), [
      'Old favourite',
      'Fresh',
      'Quiet',
      'Newest, no votes',
    ]);
    assert.deepEqual(titles(await list(adapter, { sort: 'newest' })), [
      'Newest, no votes',
      'Fresh',
      'Quiet',
      'Old favourite',
    ]);
    // 4 votes 30 days old weigh 4 × 0.5^(30/7) ≈ 0.2; 2 votes of today weigh ≈ 2.
    assert.deepEqual(titles(await list(adapter, { sort: 'trending' })), [
      'Fresh',
      'Old favourite',
      'Quiet',
      'Newest, no votes',
    ]);
    // Weeks later the order of trending follows the newer votes again.
    adapter.later(60);
    await vote(adapter, quiet.id, m3);
    assert.equal(titles(await list(adapter, { sort: 'trending' }))[0], 'Quiet');
  });

  it('filters by status, searches titles and bodies, and pages with a cursor', async () => {
    const adapter = setup();
    await submit(adapter, 'Bigger hip belt pockets', m1, 'Phone does not fit.');
    const bottle = await submit(
      adapter,
      'Bottle holster',
      m1,
      'Reachable while walking, for a phone too?',
    );
    await submit(adapter, 'Orange colour', m1, 'Ember, please.');
    await setStatus(adapter, bottle.id, 'planned');

    assert.deepEqual(titles(await list(adapter, { status: 'planned' })), ['Bottle holster']);
    assert.equal((await list(adapter, { status: 'done' })).total, 0);
    assert.deepEqual(titles(await list(adapter, { query: 'PHONE' })).sort(), [
      'Bigger hip belt pockets',
      'Bottle holster',
    ]);
    assert.deepEqual(titles(await list(adapter, { query: 'phone pockets' })), [
      'Bigger hip belt pockets',
    ]);
    assert.deepEqual(titles(await list(adapter, { query: 'phone', status: 'planned' })), [
      'Bottle holster',
    ]);
    assert.equal((await list(adapter, { query: 'waterproof' })).total, 0);

    const first = await list(adapter, { sort: 'newest', limit: 2 });
    assert.deepEqual([titles(first), first.total], [['Orange colour', 'Bottle holster'], 3]);
    const second = await list(adapter, { sort: 'newest', limit: 2, cursor: first.nextCursor });
    assert.deepEqual([titles(second), second.nextCursor], [['Bigger hip belt pockets'], null]);
  });
});

describe('memory ideas: statuses', () => {
  it('lets staff change the status with an official response, kept in the history', async () => {
    const storage = memoryStorage();
    const adapter = setup({ storage });
    const idea = await submit(adapter, 'Lid pocket', m1);
    await vote(adapter, idea.id, m2);
    await adapter.ideas.follow({ ideaId: idea.id, following: true }, as(m3));
    await adapter.ideas.follow({ ideaId: idea.id, following: true }, as(staff));

    await assert.rejects(
      adapter.ideas.setStatus({ ideaId: idea.id, status: 'planned' }, as(m1)),
      ForbiddenError,
    );
    await assert.rejects(setStatus(adapter, idea.id, 'shipped'), withFields('status'));
    await assert.rejects(setStatus(adapter, 'i_missing', 'planned'), NotFoundError);
    await assert.rejects(
      setStatus(adapter, idea.id, 'planned', 'x'.repeat(20_001)),
      withFields('response'),
    );

    const planned = await setStatus(adapter, idea.id, 'planned', 'Coming in **spring**.');
    assert.equal(planned.status, 'planned');
    assert.equal(planned.officialResponse?.bodyHtml, '<p>Coming in <strong>spring</strong>.</p>\n');
    assert.deepEqual(planned.officialResponse?.author.roles, ['staff']);
    const moved = await adapter.ideas.setStatus(
      { ideaId: idea.id, status: 'in-progress' },
      as(moderator),
    );
    assert.equal(moved.officialResponse?.bodyHtml, planned.officialResponse?.bodyHtml, 'kept');
    const again = await setStatus(adapter, idea.id, 'in-progress', 'Samples arrived.');
    assert.equal(again.officialResponse?.bodyHtml, '<p>Samples arrived.</p>\n');

    const { history } = await detail(adapter, idea.id);
    assert.deepEqual(
      history.map((h) => [h.from, h.to, h.changedBy.id, h.response?.bodyHtml ?? null]),
      [
        ['open', 'planned', 'sam', '<p>Coming in <strong>spring</strong>.</p>\n'],
        ['planned', 'in-progress', 'mo', null],
        ['in-progress', 'in-progress', 'sam', '<p>Samples arrived.</p>\n'],
      ],
    );

    // A notification for every follower (author, voter, follower) but the one who changed it.
    const notes = storedNotifications(storage);
    assert.deepEqual(
      notes
        .filter((n) => n.targetId === idea.id && n.excerpt === 'Coming in spring.')
        .map((n) => n.memberId),
      ['m1', 'm2', 'm3', 'sam'].filter((m) => m !== 'sam'),
    );
    assert.equal(notes[0]!.kind, 'idea.status-changed');
    assert.equal(notes[0]!.title, 'Lid pocket');
    assert.equal(notes[0]!.actor?.id, 'sam');
    assert.equal(notes.filter((n) => n.memberId === 'sam').length, 1, 'only for changes by others');
    assert.equal(notes.length, 3 + 4 + 3);
  });

  it('configures custom statuses: validated, ordered, and not removable while in use', async () => {
    const adapter = setup();
    const idea = await submit(adapter, 'Beta me');
    await assert.rejects(
      adapter.ideas.configureBoard({ board: BOARD, voteBudget: 5 }, as(m1)),
      ForbiddenError,
    );
    await assert.rejects(
      configure(adapter, {
        statuses: [
          { slug: 'Beta', label: 'Beta', order: 1 },
          { slug: 'beta', order: 1 },
          { slug: 'gamma', label: 'Gamma', color: 'red', order: 1.5 },
          { slug: 'delta', label: 'x'.repeat(41), color: '#12345', order: 1001 },
          { slug: 'open', label: 'Line\nbreak', order: 0 },
          { slug: 'done', order: 0 },
          { slug: 'done', order: 0 },
          { slug: '-x', label: 'X', order: 0 },
        ],
        voteBudget: 0,
      }),
      withFields(
        'statuses.0.slug',
        'statuses.1.label',
        'statuses.2.color',
        'statuses.2.order',
        'statuses.3.label',
        'statuses.3.color',
        'statuses.3.order',
        'statuses.4.label',
        'statuses.6.slug',
        'statuses.7.slug',
        'voteBudget',
      ),
    );
    const many = Array.from({ length: 21 }, (_, i) => ({
      slug: `s${i}`,
      label: `S${i}`,
      order: i,
    }));
    await assert.rejects(configure(adapter, { statuses: many }), withFields('statuses'));
    await assert.rejects(configure(adapter, { voteBudget: 1.5 }), withFields('voteBudget'));
    await assert.rejects(configure(adapter, { voteBudget: 1001 }), withFields('voteBudget'));

    const configured = await configure(adapter, {
      statuses: [
        { slug: 'beta', label: 'In beta', color: '#7c3aed', order: 4 },
        { slug: 'done', label: 'Shipped', color: '#0a0', order: 9 },
      ],
    });
    assert.deepEqual(configured.statuses, [
      { slug: 'open', order: 0 },
      { slug: 'under-review', order: 1 },
      { slug: 'planned', order: 2 },
      { slug: 'in-progress', order: 3 },
      { slug: 'beta', label: 'In beta', color: '#7c3aed', order: 4 },
      { slug: 'declined', order: 5 },
      { slug: 'done', label: 'Shipped', color: '#0a0', order: 9 },
    ]);
    assert.equal(configured.voteBudget, null, 'an omitted budget stays');

    await setStatus(adapter, idea.id, 'beta');
    await assert.rejects(configure(adapter, { statuses: [] }), ConflictError);
    const kept = await configure(adapter, {
      statuses: [{ slug: 'beta', label: 'Beta', order: 4 }],
    });
    assert.equal(kept.statuses.find((s) => s.slug === 'done')?.label, undefined, 'replaced');
    await setStatus(adapter, idea.id, 'done');
    assert.equal((await configure(adapter, { statuses: [] })).statuses.length, 6);
    await assert.rejects(setStatus(adapter, idea.id, 'beta'), withFields('status'));
  });
});

describe('memory ideas: comments and following', () => {
  it('comments in Markdown, oldest first, counted; the commenter follows', async () => {
    const adapter = setup();
    const idea = await submit(adapter, 'Talk about it');
    await assert.rejects(
      adapter.ideas.comment({ ideaId: idea.id, body: '  ' }, as(m2)),
      withFields('body'),
    );
    await assert.rejects(
      adapter.ideas.comment({ ideaId: 'nope', body: 'Hi' }, as(m2)),
      NotFoundError,
    );
    const first = await adapter.ideas.comment(
      { ideaId: idea.id, body: 'Yes *please*', pageUrl: 'https://shop.example/p' },
      as(m2),
    );
    assert.equal(first.bodyHtml, '<p>Yes <em>please</em></p>\n');
    assert.deepEqual([first.ideaId, first.author.id, first.fromIdeaId], [idea.id, 'm2', undefined]);
    const second = await adapter.ideas.comment({ ideaId: idea.id, body: 'On it.' }, as(staff));
    assert.deepEqual(second.author.roles, ['staff']);

    const read = await detail(adapter, idea.id, m2, { commentLimit: 1 });
    assert.deepEqual(
      read.comments.items.map((c) => c.id),
      [first.id],
    );
    assert.equal(read.comments.total, 2);
    assert.equal(read.idea.commentCount, 2);
    assert.equal(read.idea.following, true);
    const rest = await detail(adapter, idea.id, m2, { commentCursor: read.comments.nextCursor });
    assert.deepEqual(
      rest.comments.items.map((c) => c.id),
      [second.id],
    );
  });

  it('follows and unfollows', async () => {
    const adapter = setup();
    const idea = await submit(adapter, 'Follow me');
    assert.deepEqual(await adapter.ideas.follow({ ideaId: idea.id, following: true }, as(m2)), {
      following: true,
    });
    assert.equal((await detail(adapter, idea.id, m2)).idea.following, true);
    assert.equal((await detail(adapter, idea.id)).idea.following, false, 'signed out');
    await adapter.ideas.follow({ ideaId: idea.id, following: false }, as(m1));
    assert.equal((await list(adapter, {}, m1)).items[0]!.following, false, 'the author too');
    await assert.rejects(
      adapter.ideas.follow({ ideaId: idea.id, following: 'yes' as never }, as(m2)),
      withFields('following'),
    );
  });
});

describe('memory ideas: merging duplicates', () => {
  it('combines votes without counting a member twice and keeps the comments visible', async () => {
    const storage = memoryStorage();
    const adapter = setup({ storage });
    const a = await submit(adapter, 'Original', m1);
    await vote(adapter, a.id, m2);
    await vote(adapter, a.id, m3);
    const b = await submit(adapter, 'Duplicate', m3);
    await vote(adapter, b.id, m4);
    const comment = await adapter.ideas.comment({ ideaId: b.id, body: 'Me too' }, as(m4));
    const c = await submit(adapter, 'Older duplicate', m2);
    await adapter.ideas.merge({ duplicateId: c.id, originalId: b.id }, as(staff));
    assert.equal((await detail(adapter, b.id, m2)).idea.upvotes, 3, 'm2 voted on C only');

    await assert.rejects(
      adapter.ideas.merge({ duplicateId: b.id, originalId: a.id }, as(m1)),
      ForbiddenError,
    );
    const merged = await adapter.ideas.merge({ duplicateId: b.id, originalId: a.id }, as(staff));
    assert.equal(merged.id, a.id);
    assert.equal(merged.upvotes, 4, 'voters {1,2,3} and {2,3,4} make {1,2,3,4}');
    assert.equal(merged.commentCount, 1);

    const viaDuplicate = await detail(adapter, b.id, m3);
    assert.equal(viaDuplicate.idea.id, a.id, 'reading the duplicate gives the original');
    assert.equal(viaDuplicate.idea.myVote, 1);
    assert.deepEqual(viaDuplicate.mergedIdeas, [
      { id: b.id, title: 'Duplicate' },
      { id: c.id, title: 'Older duplicate' },
    ]);
    assert.deepEqual(
      viaDuplicate.comments.items.map((x) => [x.id, x.ideaId, x.fromIdeaId]),
      [[comment.id, a.id, b.id]],
    );
    assert.equal((await detail(adapter, c.id)).idea.id, a.id, 'earlier merges re-pointed');
    assert.deepEqual(titles(await list(adapter)), ['Original'], 'duplicates are not listed');

    // m3 holds one vote: withdrawing it lowers the count by one.
    assert.equal((await vote(adapter, b.id, m3, 0)).upvotes, 3);
    const onDuplicate = await vote(adapter, b.id, m3);
    assert.deepEqual([onDuplicate.targetId, onDuplicate.upvotes], [a.id, 4]);
    const reply = await adapter.ideas.comment({ ideaId: c.id, body: 'Lands on A' }, as(m1));
    assert.equal(reply.ideaId, a.id);

    // Followers of the duplicate now hear about the original.
    await setStatus(adapter, a.id, 'planned');
    assert.deepEqual(
      storedNotifications(storage)
        .filter((n) => n.targetId === a.id && n.kind === 'idea.status-changed')
        .map((n) => n.memberId)
        .sort(),
      ['m1', 'm2', 'm3', 'm4'],
    );
  });

  it('refuses merging into itself, across boards, twice, or unknown ideas (an unknown duplicate is not found, as on the server)', async () => {
    const adapter = setup();
    const a = await submit(adapter, 'A');
    const b = await submit(adapter, 'B');
    const elsewhere = await submit(adapter, 'Elsewhere', m1, '', 'other-board');
    const merge = (duplicateId: string, originalId: string) =>
      adapter.ideas.merge({ duplicateId, originalId }, as(staff));

    await assert.rejects(merge(a.id, a.id), withFields('originalId'));
    await assert.rejects(merge(a.id, elsewhere.id), withFields('originalId'));
    await assert.rejects(merge('i_none', a.id), NotFoundError);
    await assert.rejects(merge(a.id, 'i_none'), withFields('originalId'));
    await merge(b.id, a.id);
    await assert.rejects(merge(b.id, a.id), ConflictError);
    await assert.rejects(merge(a.id, b.id), withFields('originalId'), 'B resolves to A');
  });
});

describe('memory ideas: persistence and seeds', () => {
  it('shares ideas, votes, followers and boards between adapters on the same storage', async () => {
    const storage = memoryStorage();
    const first = setup({ storage });
    const idea = await submit(first, 'Persisted');
    await configure(first, {
      statuses: [{ slug: 'beta', label: 'In beta', order: 4 }],
      voteBudget: 3,
    });
    await setStatus(first, idea.id, 'beta', 'Try it.');
    await first.ideas.comment({ ideaId: idea.id, body: 'Tried it.' }, as(m2));

    const second = setup({ storage });
    const read = await detail(second, idea.id, m1);
    assert.deepEqual(
      [read.idea.status, read.idea.myVote, read.idea.following, read.idea.commentCount],
      ['beta', 1, true, 1],
    );
    assert.equal(read.idea.officialResponse?.bodyHtml, '<p>Try it.</p>\n');
    assert.equal(read.history.length, 1);
    assert.equal((await board(second, m1)).votesRemaining, 2);
    await vote(second, idea.id, m3);
    assert.equal((await detail(first, idea.id)).idea.upvotes, 2);
  });

  it('serves seeded boards, ideas, comments, history, followers and dated votes', async () => {
    const author = (id: string, roles: Role[] = ['customer']): MemberSummary => ({
      id,
      name: id.toUpperCase(),
      roles,
      reputation: 1,
      trustLevel: 1,
    });
    const at = (daysAgo: number) => new Date(START - daysAgo * DAY).toISOString();
    const idea = (id: string, title: string, upvotes: number, extra: Partial<Idea> = {}): Idea => ({
      id,
      author: author('m1'),
      bodyHtml: `<p>${title}</p>`,
      createdAt: at(60),
      score: upvotes,
      upvotes,
      downvotes: 0,
      myVote: 0,
      board: BOARD,
      title,
      status: 'open',
      commentCount: 0,
      ...extra,
    });
    const seed: MemorySeed = {
      members: [author('m1'), author('sam', ['staff'])],
      boards: [
        { slug: BOARD, voteBudget: 10, statuses: [{ slug: 'beta', label: 'In beta', order: 4 }] },
      ],
      ideas: [
        idea('i_old', 'Old', 3, { status: 'beta' }),
        idea('i_new', 'New', 1),
        idea('i_dup', 'Dup', 0, { mergedInto: 'i_old' }),
      ],
      ideaComments: [
        {
          id: 'ic_1',
          ideaId: 'i_old',
          fromIdeaId: 'i_dup',
          author: author('m2'),
          bodyHtml: '<p>Same</p>',
          createdAt: at(50),
        },
      ],
      ideaStatusChanges: [
        {
          ideaId: 'i_old',
          from: 'open',
          to: 'beta',
          changedAt: at(40),
          changedBy: author('sam', ['staff']),
          response: {
            bodyHtml: '<p>In beta now.</p>',
            author: author('sam', ['staff']),
            createdAt: at(40),
          },
        },
      ],
      followers: [{ ideaId: 'i_old', memberId: 'm2' }],
      votes: [
        { memberId: 'm1', targetType: 'idea', targetId: 'i_old', value: 1, createdAt: at(50) },
        { memberId: 'm2', targetType: 'idea', targetId: 'i_old', value: 1, createdAt: at(45) },
        { memberId: 'm3', targetType: 'idea', targetId: 'i_old', value: 1, createdAt: at(40) },
        { memberId: 'm2', targetType: 'idea', targetId: 'i_new', value: 1, createdAt: at(1) },
        { memberId: 'm4', targetType: 'idea', targetId: 'i_new', value: -1 },
      ],
    };
    const adapter = setup({ seed });
    assert.deepEqual(titles(await list(adapter, { sort: 'top' })), ['Old', 'New']);
    assert.deepEqual(titles(await list(adapter, { sort: 'trending' })), ['New', 'Old']);
    const old = await detail(adapter, 'i_dup', m2);
    assert.deepEqual(
      [old.idea.id, old.idea.myVote, old.idea.following, old.idea.commentCount, old.idea.upvotes],
      ['i_old', 1, true, 1, 3],
    );
    assert.equal(old.idea.officialResponse?.author.name, 'SAM');
    assert.deepEqual(
      old.history.map((h) => [h.from, h.to, h.changedBy.id]),
      [['open', 'beta', 'sam']],
    );
    assert.deepEqual(old.mergedIdeas, [{ id: 'i_dup', title: 'Dup' }]);
    assert.equal(old.comments.items[0]!.fromIdeaId, 'i_dup');
    assert.equal((await board(adapter, m2)).votesRemaining, 8);
    assert.equal((await board(adapter)).statuses[4]!.label, 'In beta');
  });
});
