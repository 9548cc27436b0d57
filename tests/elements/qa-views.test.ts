/**
 * `<kith-qa>` and the view beacon: opening a thread, opening a suggested similar question and asking
 * are reported (once each, batched; `pagehide` sends what waits), and nothing is under Global Privacy
 * Control. The adapter is the memory one with a recording `recordViews`.
 */
import { expect } from '@open-wc/testing';
import { html } from 'lit';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { configure } from '../../src/core/config.js';
import type { ViewBatch, ViewEvent } from '../../src/core/types.js';
import type { KithQa } from '../../src/elements/qa/qa.element.js';
import { $, $$, ada, ben, button, click, memory, mount, typeInto, until } from './helpers.js';

const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });

function withBeacon(): { adapter: MemoryAdapter; batches: ViewBatch[]; sent: () => ViewEvent[] } {
  const adapter = memory();
  const batches: ViewBatch[] = [];
  Object.assign(adapter, { recordViews: (batch: ViewBatch) => batches.push(batch) });
  return { adapter, batches, sent: () => batches.flatMap((b) => b.events) };
}

/** The page is left: the store sends what waits. */
const leave = () => window.dispatchEvent(new Event('pagehide'));

/**
 * Leaves the page (again, every frame) until `sent` holds: the element hands events to the store
 * through a lazy import, so the first `pagehide` may come before the store has them (then the 5 s
 * batch timer would send them, after the test's patience).
 */
const leaveUntil = (sent: () => unknown, message: string) =>
  until(() => {
    leave();
    return sent();
  }, message);

describe('<kith-qa> view beacon', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });
  afterEach(() => {
    delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
  });

  it('reports a suggestion opened while asking, the thread it shows, and a question asked', async () => {
    const { adapter, batches, sent } = withBeacon();
    const q = await adapter.askQuestion(
      { topic: 'v1', title: 'Does the zipper rust in salt water?', body: '' },
      ctx(ben()),
    );
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="v1"></kith-qa>`, ada());
    await until(() => $$(el, '.question').length === 1, 'list');
    await typeInto($(el, '#ask-title'), 'zipper rust');
    const [suggestion] = await until(() => {
      const links = $$(el, '.similar-list a');
      return links.length ? links : null;
    }, 'similar list');
    await click(suggestion!);
    await until(() => el.shadowRoot?.querySelector('#thread-heading'), 'opened');
    await leaveUntil(() => sent().length === 2, 'two events');
    // Both in this page load (in either order: each goes through the lazily loaded store).
    expect(sent()).to.have.deep.members([
      { type: 'suggestion-opened', questionId: q.id },
      { type: 'question-opened', questionId: q.id },
    ]);

    await click(button(el, /All questions/));
    await until(() => $$(el, '.question').length === 1, 'list again');
    await typeInto($(el, '#ask-title'), 'Is it waterproof?');
    await until(() => el.shadowRoot?.querySelector('#ask-body'), 'body editor');
    let asked = '';
    el.addEventListener('kith-question-asked', (e) => (asked = e.detail.question.id));
    await click(button(el, 'Post question'));
    await until(() => asked, 'asked');
    await leaveUntil(() => sent().some((e) => e.type === 'question-asked'), 'asked reported');
    expect(sent().slice(2)).to.deep.include({ type: 'question-asked', questionId: asked });
    // Opening the first question again in this page load is not news.
    expect(sent().filter((e) => e.questionId === q.id)).to.have.length(2);
    expect(new Set(batches.map((b) => b.pageLoad)).size).to.equal(1);
  });

  it('reports a thread opened from a link', async () => {
    const { adapter, sent } = withBeacon();
    const q = await adapter.askQuestion({ topic: 'v2', title: 'Lining?', body: '' }, ctx(ben()));
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="v2"></kith-qa>`);
    await until(() => el.shadowRoot?.querySelector('#thread-heading'), 'opened');
    await leaveUntil(() => sent().length, 'sent');
    expect(sent()).to.deep.equal([{ type: 'question-opened', questionId: q.id }]);
  });

  it('reports nothing under Global Privacy Control', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    const { adapter, batches } = withBeacon();
    const q = await adapter.askQuestion({ topic: 'v3', title: 'Warm?', body: '' }, ctx(ben()));
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="v3"></kith-qa>`);
    await until(() => el.shadowRoot?.querySelector('#thread-heading'), 'opened');
    // The store loads lazily: give it time to have (not) queued the event.
    await new Promise((resolve) => setTimeout(resolve, 100));
    leave();
    expect(batches).to.deep.equal([]);
  });
});
