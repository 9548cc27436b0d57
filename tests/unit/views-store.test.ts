/// <reference types="node" />
/**
 * The view beacon store in Node: nothing under Do Not Track or Global Privacy Control, one random page
 * load id, each event once per page load, batches after 5 s, at 20 events, and when the page is hidden
 * or left. The page's globals (`navigator`, `document`, the window's events) are stand-ins.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';

import type { KithAdapter } from '../../src/core/adapter.js';
import type { ViewBatch, ViewEvent } from '../../src/core/types.js';
import type { Session } from '../../src/stores/session.js';
import { FLUSH_AT, FLUSH_DELAY_MS, recordView } from '../../src/stores/views.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const page = globalThis as unknown as {
  navigator?: unknown;
  doNotTrack?: unknown;
  document?: unknown;
  addEventListener?: EventTarget['addEventListener'];
};
const windowEvents = new EventTarget();
page.addEventListener = windowEvents.addEventListener.bind(windowEvents);

function setPrivacy(signals: { doNotTrack?: string; windowDnt?: string; gpc?: boolean }): void {
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: { doNotTrack: signals.doNotTrack ?? null, globalPrivacyControl: signals.gpc ?? false },
  });
  page.doNotTrack = signals.windowDnt;
}

/** A session whose adapter records the batches it is given (a fresh adapter: a fresh queue). */
function beaconSession(withBeacon = true): { session: Session; batches: ViewBatch[] } {
  const batches: ViewBatch[] = [];
  const adapter = {
    name: 'fake',
    ...(withBeacon && { recordViews: (batch: ViewBatch) => batches.push(batch) }),
  } as unknown as KithAdapter;
  return { session: { key: 'fake', adapter, site: 'test', token: null, member: null }, batches };
}

const opened = (questionId: string): ViewEvent => ({ type: 'question-opened', questionId });

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  setPrivacy({});
  page.document = { visibilityState: 'visible' };
});
afterEach(() => {
  mock.timers.reset();
});

describe('view beacon store: privacy', () => {
  for (const [name, signals] of [
    ['navigator.doNotTrack = "1"', { doNotTrack: '1' }],
    ['window.doNotTrack = "1"', { windowDnt: '1' }],
    ['navigator.globalPrivacyControl', { gpc: true }],
  ] as const) {
    it(`sends nothing at all under ${name}`, () => {
      setPrivacy(signals);
      const { session, batches } = beaconSession();
      for (let i = 0; i < FLUSH_AT + 5; i++) recordView(session, opened(`q${i}`));
      mock.timers.tick(FLUSH_DELAY_MS * 2);
      windowEvents.dispatchEvent(new Event('pagehide'));
      assert.equal(batches.length, 0);
      // The browser changed its mind: only what is recorded from now on goes.
      setPrivacy({});
      recordView(session, opened('q-after'));
      windowEvents.dispatchEvent(new Event('pagehide'));
      assert.deepEqual(
        batches.map((b) => b.events),
        [[opened('q-after')]],
      );
    });
  }

  it('does nothing when the adapter has no beacon', () => {
    const { session } = beaconSession(false);
    assert.doesNotThrow(() => recordView(session, opened('q1')));
    mock.timers.tick(FLUSH_DELAY_MS);
  });
});

describe('view beacon store: batching', () => {
  it('sends what waits 5 s after the first event, in one batch, with a random page load id', () => {
    const { session, batches } = beaconSession();
    recordView(session, opened('q1'));
    mock.timers.tick(FLUSH_DELAY_MS - 1000);
    recordView(session, { type: 'suggestion-opened', questionId: 'q2' });
    recordView(session, { type: 'question-asked', questionId: 'q3' });
    mock.timers.tick(999);
    assert.equal(batches.length, 0, 'nothing before 5 s');
    mock.timers.tick(1);
    assert.equal(batches.length, 1);
    assert.match(batches[0]!.pageLoad, UUID);
    assert.deepEqual(batches[0]!.events, [
      opened('q1'),
      { type: 'suggestion-opened', questionId: 'q2' },
      { type: 'question-asked', questionId: 'q3' },
    ]);
    mock.timers.tick(FLUSH_DELAY_MS * 2);
    assert.equal(batches.length, 1, 'nothing more to send');
  });

  it('sends at once when 20 events wait', () => {
    const { session, batches } = beaconSession();
    for (let i = 0; i < FLUSH_AT; i++) recordView(session, opened(`q${i}`));
    assert.equal(batches.length, 1);
    assert.equal(batches[0]!.events.length, FLUSH_AT);
    recordView(session, opened('q-next'));
    assert.equal(batches.length, 1, 'the next one waits again');
    mock.timers.tick(FLUSH_DELAY_MS);
    assert.deepEqual(batches[1]!.events, [opened('q-next')]);
  });

  it('sends what waits when the page is left or hidden, not when it is shown', () => {
    const { session, batches } = beaconSession();
    recordView(session, opened('q1'));
    windowEvents.dispatchEvent(new Event('pagehide'));
    assert.deepEqual(
      batches.map((b) => b.events),
      [[opened('q1')]],
    );
    recordView(session, opened('q2'));
    windowEvents.dispatchEvent(new Event('visibilitychange'));
    assert.equal(batches.length, 1, 'still visible');
    page.document = { visibilityState: 'hidden' };
    windowEvents.dispatchEvent(new Event('visibilitychange'));
    assert.deepEqual(batches[1]!.events, [opened('q2')]);
    mock.timers.tick(FLUSH_DELAY_MS);
    assert.equal(batches.length, 2, 'the timer went with its batch');
  });

  it('sends each event once per page load, with one page load id for every batch', () => {
    const { session, batches } = beaconSession();
    recordView(session, opened('q1'));
    recordView(session, opened('q1'));
    mock.timers.tick(FLUSH_DELAY_MS);
    recordView(session, opened('q1'));
    recordView(session, { type: 'suggestion-opened', questionId: 'q1' });
    mock.timers.tick(FLUSH_DELAY_MS);
    assert.deepEqual(
      batches.map((b) => b.events),
      [[opened('q1')], [{ type: 'suggestion-opened', questionId: 'q1' }]],
    );
    const other = beaconSession();
    recordView(other.session, opened('q1'));
    mock.timers.tick(FLUSH_DELAY_MS);
    assert.deepEqual(other.batches[0]!.events, [opened('q1')], 'another backend hears of it too');
    assert.equal(new Set([...batches, ...other.batches].map((b) => b.pageLoad)).size, 1);
  });
});
