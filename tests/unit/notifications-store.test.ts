/// <reference types="node" />
/**
 * The inbox store in Node: nothing read signed out, one batched read signed in, optimistic marking
 * with rollback, show more, and polling paused while the page is hidden.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createMemoryAdapter } from '../../src/adapters/memory.js';
import { NetworkError } from '../../src/core/errors.js';
import {
  inbox,
  loadMoreNotifications,
  markNotificationsRead,
  watchInbox,
  type InboxState,
} from '../../src/stores/notifications.js';
import { sessionFor } from '../../src/stores/session.js';
import { countingAdapter } from '../support/counting-adapter.js';
import { token, write } from './helpers.js';

const ada = token('ada', 'Ada');
const ben = token('ben', 'Ben');

async function setup(member: string | null, answers = 3) {
  const memory = createMemoryAdapter({ site: 'test', storage: null });
  for (let i = 0; i < answers; i++) {
    const q = await memory.askQuestion({ topic: 't', title: `Q${i}`, body: '' }, write(ada));
    await memory.postAnswer({ questionId: q.id, body: `A${i}` }, write(ben));
  }
  const counting = countingAdapter(memory);
  const session = await sessionFor({
    adapter: counting.adapter,
    site: 'test',
    memberToken: member,
  });
  return { memory, ...counting, session };
}

async function settled(store: { get(): InboxState }): Promise<InboxState> {
  for (let i = 0; i < 100 && store.get().status === 'loading'; i++)
    await new Promise((r) => setTimeout(r, 5));
  return store.get();
}

describe('inbox store', () => {
  it('reads nothing signed out', async () => {
    const { session, reads } = await setup(null);
    assert.equal(inbox(session).get().status, 'signed-out');
    const stop = watchInbox(session, { hidden: () => false, onChange: () => () => {} }, 1);
    await new Promise((r) => setTimeout(r, 20));
    stop();
    assert.equal(reads.length, 0);
  });

  it('reads the first page in one batched read with the unread count, and shows more', async () => {
    const { session, reads } = await setup(ada, 12);
    const state = await settled(inbox(session));
    assert.equal(state.status, 'ready');
    assert.equal(state.items.length, 10);
    assert.equal(reads.length, 1);
    assert.ok(state.unread >= 12);
    const added = await loadMoreNotifications(session);
    assert.ok(added >= 2);
    assert.equal(inbox(session).get().items.length, 10 + added);
  });

  it('marks read at once and rolls back when the backend refuses', async () => {
    const { session, memory } = await setup(ada);
    const store = inbox(session);
    const before = await settled(store);
    const first = before.items[0]!;
    await markNotificationsRead(session, [first.id]);
    assert.equal(store.get().items[0]!.read, true);
    assert.equal(store.get().unread, before.unread - 1);

    const markRead = memory.notifications.markRead;
    memory.notifications.markRead = async () => {
      throw new NetworkError('down');
    };
    const pending = markNotificationsRead(session, 'all');
    assert.equal(store.get().unread, 0, 'optimistic');
    await assert.rejects(pending, NetworkError);
    assert.equal(store.get().unread, before.unread - 1, 'rolled back');
    assert.equal(store.get().items.filter((n) => !n.read).length, before.items.length - 1);
    memory.notifications.markRead = markRead;
  });

  it('polls while visible, pauses while hidden, reads at once when shown again', async () => {
    const { session, reads } = await setup(ada);
    await settled(inbox(session));
    let hidden = false;
    let changed = () => {};
    const stop = watchInbox(
      session,
      { hidden: () => hidden, onChange: (l) => ((changed = l), () => {}) },
      10,
    );
    await new Promise((r) => setTimeout(r, 100));
    const polled = reads.length;
    assert.ok(polled >= 2, `polled ${polled - 1} times`);
    hidden = true;
    changed();
    await new Promise((r) => setTimeout(r, 60));
    assert.ok(reads.length <= polled + 1, 'no polling while hidden');
    const paused = reads.length;
    hidden = false;
    changed();
    await new Promise((r) => setTimeout(r, 5));
    assert.ok(reads.length > paused, 'read when shown again');
    stop();
  });
});
