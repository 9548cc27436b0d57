/// <reference types="node" />
/**
 * Member stores (src/stores/members.ts) over the real memory adapter: cards batched into one read,
 * refreshed after writes (keeping unchanged objects), badge awards told once, profiles, leaderboards
 * and their error states, export and erasure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReadableAtom } from 'nanostores';

import { createMemoryAdapter } from '../../src/adapters/memory.js';
import type { KithAdapter } from '../../src/core/adapter.js';
import { NotFoundError, UnsupportedError, ValidationError } from '../../src/core/errors.js';
import type { Badge } from '../../src/core/types.js';
import { draftKey, saveDraft } from '../../src/stores/drafts.js';
import {
  eraseMember,
  exportMine,
  leaderboard,
  memberCard,
  memberProfile,
  onBadgeAwarded,
  refreshMembers,
  reloadMemberProfile,
} from '../../src/stores/members.js';
import { postAnswer, vote } from '../../src/stores/qa.js';
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

/** Subscribes (as an element would) and returns the unsubscriber. */
const watch = <T>(store: ReadableAtom<T>) => store.listen(() => {});

async function setup(member: string | null = 'bo') {
  const memory = createMemoryAdapter({ site: 'test', storage: null });
  const counting = countingAdapter(memory);
  const adapter: KithAdapter = {
    ...counting.adapter,
    ideas: memory.ideas,
    members: memory.members,
  };
  const session = (sub: string | null) =>
    sessionFor({ adapter, site: 'test', memberToken: sub ? token(sub) : null });
  return { memory, reads: counting.reads, session: await session(member), sessionOf: session };
}

describe('member cards', () => {
  it('reads 150 cards in one adapter call: requests of 100 and 50 ids', async () => {
    const { memory, reads, session } = await setup();
    await memory.askQuestion({ topic: 't', title: 'Hi', body: '' }, write(token('m7')));
    const stores = Array.from({ length: 150 }, (_, i) => memberCard(session, `m${i}`));
    assert.equal(memberCard(session, 'm7'), stores[7], 'cached per session and id');
    await until(() => stores.every((s) => s.get().status === 'ready'), 'cards ready');
    assert.equal(reads.length, 1);
    assert.deepEqual(
      reads[0]!.map((r) => [r.kind, (r as { ids: string[] }).ids.length]),
      [
        ['members', 100],
        ['members', 50],
      ],
    );
    assert.equal(stores[7]!.get().card?.name, 'm7');
    assert.deepEqual(stores[8]!.get(), { status: 'ready', card: null, error: null }, 'unknown');
  });

  it('reads subscribed cards again after a vote; unchanged cards keep their object', async () => {
    const { memory, reads, session } = await setup('bo');
    const q = await memory.askQuestion({ topic: 't', title: 'Q', body: '' }, write(token('ann')));
    await memory.askQuestion({ topic: 't', title: 'Other', body: '' }, write(token('cy')));
    const ann = memberCard(session, 'ann');
    const cy = memberCard(session, 'cy');
    const offs = [watch(ann), watch(cy)];
    await until(() => ann.get().status === 'ready' && cy.get().status === 'ready', 'ready');
    const [cyBefore, readsBefore] = [cy.get(), reads.length];

    assert.equal(await vote(session, 'question', q.id, 1), 1);
    await until(() => ann.get().card?.reputation === 5, 'ann gained 5 points');
    assert.equal(cy.get(), cyBefore, 'same object');
    assert.equal(reads.length, readsBefore + 1, 'one read for the refresh');
    assert.deepEqual(
      reads.at(-1)!.map((r) => r.kind),
      ['members'],
    );
    offs.forEach((off) => off());
  });

  it('updates the cards of other sessions on the same adapter too', async () => {
    const { memory, session, sessionOf } = await setup('bo');
    const q = await memory.askQuestion({ topic: 't', title: 'Q', body: '' }, write(token('ann')));
    const reader = await sessionOf(null);
    const card = memberCard(reader, 'ann');
    const off = watch(card);
    await until(() => card.get().status === 'ready', 'ready');
    await vote(session, 'question', q.id, 1);
    await until(() => card.get().card?.reputation === 5, 'the signed-out reader sees it');
    off();
  });

  it('tells of a badge awarded once, by a card or a profile', async () => {
    const { memory, session } = await setup('bo');
    const q = await memory.askQuestion({ topic: 't', title: 'Q', body: '' }, write(token('ann')));
    await memory.askQuestion({ topic: 't', title: 'Mine', body: '' }, write(token('bo')));
    const card = memberCard(session, 'bo');
    const profile = memberProfile(session, 'bo');
    const offs = [watch(card), watch(profile)];
    await until(() => card.get().status === 'ready' && profile.get().status === 'ready', 'ready');
    const told: { memberId: string; badges: Badge[]; session: Session }[] = [];
    const stop = onBadgeAwarded((e) => told.push(e));

    const key = draftKey('test', 'bo', 'answer', q.id);
    saveDraft(key, { body: 'Like this.' });
    await postAnswer(session, { questionId: q.id, body: 'Like this.' }, key);
    await until(() => card.get().card?.badgeCount === 2, 'the card shows the badge');
    await until(() => profile.get().profile?.badgeCount === 2, 'so does the profile');
    await tick(20);
    assert.equal(told.length, 1);
    assert.equal(told[0]!.memberId, 'bo');
    assert.equal(told[0]!.session, session);
    assert.deepEqual(
      told[0]!.badges.map((b) => b.slug),
      ['first-answer'],
    );

    refreshMembers(session);
    await tick(20);
    assert.equal(told.length, 1, 'nothing new: nothing told');
    stop();
    offs.forEach((off) => off());
  });

  it('reads a card again when next asked for after missing a refresh unsubscribed', async () => {
    const { memory, session } = await setup('bo');
    const q = await memory.askQuestion({ topic: 't', title: 'Q', body: '' }, write(token('ann')));
    const card = memberCard(session, 'ann');
    await until(() => card.get().status === 'ready', 'ready');
    await vote(session, 'question', q.id, 1);
    await tick(20);
    assert.equal(card.get().card?.reputation, 0, 'nobody subscribed: not read');
    assert.equal(memberCard(session, 'ann'), card);
    await until(() => card.get().card?.reputation === 5, 'read when asked for');
  });
});

describe('member profiles and leaderboards', () => {
  it('shows a profile, its error, and reloads', async () => {
    const { memory, session } = await setup('bo');
    const missing = memberProfile(session, 'ann');
    await until(() => missing.get().status === 'error', 'error');
    assert.ok(missing.get().error instanceof NotFoundError);
    assert.equal(missing.get().profile, null);

    await memory.askQuestion({ topic: 't', title: 'Q', body: '' }, write(token('ann')));
    const reloading = reloadMemberProfile(session, 'ann');
    assert.equal(missing.get().status, 'loading');
    await reloading;
    const state = missing.get();
    assert.equal(state.status, 'ready');
    assert.equal(state.profile?.id, 'ann');
    assert.equal(state.profile?.recent[0]?.title, 'Q');
    assert.ok(state.profile?.tieStrength.time);

    await reloadMemberProfile(session, 'ann');
    assert.equal(missing.get(), state, 'unchanged: same object');
  });

  it('shows a leaderboard, refreshed after writes, and its error', async () => {
    const { memory, session } = await setup('bo');
    const q = await memory.askQuestion({ topic: 't', title: 'Q', body: '' }, write(token('ann')));
    const board = leaderboard(session, { period: 'week', limit: 10 });
    assert.equal(leaderboard(session, { period: 'week', limit: 10 }), board);
    const off = watch(board);
    await until(() => board.get().status === 'ready', 'ready');
    assert.deepEqual(board.get().entries, []);
    await vote(session, 'question', q.id, 1);
    await until(() => board.get().entries.length === 1, 'ann ranked');
    assert.deepEqual(
      board.get().entries.map((e) => [e.rank, e.member.id, e.points]),
      [[1, 'ann', 5]],
    );
    off();

    const bad = leaderboard(session, { period: 'year' as 'week', limit: 10 });
    await until(() => bad.get().status === 'error', 'error');
    assert.ok(bad.get().error instanceof ValidationError);
    assert.deepEqual(bad.get().entries, []);
  });
});

describe('own data', () => {
  it('exports and erases through the adapter, then refreshes the cards', async () => {
    const { memory, session, sessionOf } = await setup('bo');
    await memory.askQuestion({ topic: 't', title: 'Q', body: '' }, write(token('bo')));
    const data = await exportMine(session);
    assert.equal(data.member.id, 'bo');
    assert.equal(data.records.questions!.length, 1);

    const reader = await sessionOf(null);
    const card = memberCard(reader, 'bo');
    const off = watch(card);
    await until(() => card.get().card?.id === 'bo', 'ready');
    await eraseMember(session, 'bo');
    await until(() => card.get().card === null, 'the erased member is gone');
    off();

    const bare = await sessionFor({
      adapter: { ...createMemoryAdapter({ storage: null }), members: undefined },
      memberToken: token('x'),
    });
    await assert.rejects(exportMine(bare), UnsupportedError);
    await assert.rejects(eraseMember(bare, 'x'), UnsupportedError);
  });
});
