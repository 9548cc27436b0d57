import { expect } from '@open-wc/testing';
import { html } from 'lit';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory.js';
import { configure } from '../../src/core/config.js';
import type { KithBadge } from '../../src/elements/badge/badge.element.js';
import type { KithLeaderboard } from '../../src/elements/leaderboard/leaderboard.element.js';
import '../../src/elements/leaderboard/leaderboard.js';
import { $, $$, ada, ben, button, click, mount, press, token, until } from './helpers.js';

const DAY = 86_400_000;
const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
const cleo = () => token('m_cleo', 'Cleo Park');
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/**
 * 60 days ago Ben accepted Cleo's answer (Cleo 15, Ben 2); 20 days ago five of Ada's answers (Ada 75,
 * Ben 10); today Ben up-voted Cleo's answer (Cleo 10). Week: Cleo 10. Month: Ada 75, Ben 10, Cleo 10
 * (Ben's first point is earlier). All time: Ada 75, Cleo 25, Ben 12.
 */
async function seeded(): Promise<MemoryAdapter> {
  let clock = Date.now() - 60 * DAY;
  const adapter = createMemoryAdapter({
    site: 'test',
    storage: null,
    now: () => new Date(clock),
  });
  const q0 = await adapter.askQuestion(
    { topic: 'packs', title: 'Rain cover?', body: '' },
    ctx(ben()),
  );
  const c = await adapter.postAnswer({ questionId: q0.id, body: 'Yes, built in.' }, ctx(cleo()));
  await adapter.acceptAnswer({ questionId: q0.id, answerId: c.id }, ctx(ben()));
  clock = Date.now() - 20 * DAY;
  for (let i = 1; i <= 5; i++) {
    const q = await adapter.askQuestion(
      { topic: 'straps', title: `Strap question ${i}`, body: '' },
      ctx(ben()),
    );
    const a = await adapter.postAnswer({ questionId: q.id, body: `Answer ${i}` }, ctx(ada()));
    await adapter.acceptAnswer({ questionId: q.id, answerId: a.id }, ctx(ben()));
  }
  clock = Date.now();
  await adapter.vote({ targetType: 'answer', targetId: c.id, value: 1 }, ctx(ben()));
  return adapter;
}

async function mountBoard(adapter: MemoryAdapter, attrs: Record<string, string> = {}) {
  const node = document.createElement('kith-leaderboard');
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  const { el } = await mount<KithLeaderboard>(adapter, html`${node}`);
  await until(() => $$(el, '.entry, .empty, .state-error').length, 'leaderboard shown');
  return el;
}

/** Rank, member name (from the compact badge) and points, once every badge has its card. */
async function rows(el: KithLeaderboard) {
  const entries = () => $$(el, '.entry');
  await until(
    () =>
      entries().every((e) =>
        (e.querySelector('kith-badge') as KithBadge).shadowRoot?.querySelector('.name'),
      ),
    'every badge shown',
  );
  return entries().map((e) => {
    const badge = e.querySelector('kith-badge') as KithBadge;
    return [
      text(e.querySelector('.rank [aria-hidden]')),
      text(badge.shadowRoot!.querySelector('.name')),
      text(e.querySelector('.points')),
    ];
  });
}

const pressed = (el: KithLeaderboard) =>
  $$(el, '.period').map((b) => `${text(b)}:${b.getAttribute('aria-pressed')}`);

describe('<kith-leaderboard>', () => {
  beforeEach(() => {
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  it('has no axe violations, in the light and dark themes', async () => {
    const adapter = await seeded();
    const el = await mountBoard(adapter, { period: 'all' });
    await rows(el);
    await expect(el).to.be.accessible();
    const dark = await mountBoard(adapter, { period: 'all', theme: 'dark' });
    await rows(dark);
    await expect(dark).to.be.accessible();
  });

  it('ranks members by the points of each period, switched by toggle buttons', async () => {
    const adapter = await seeded();
    const el = await mountBoard(adapter);
    expect(text($(el, 'h2'))).to.equal('Top helpers');
    expect($(el, '.periods').getAttribute('role')).to.equal('group');
    expect(pressed(el)).to.deep.equal(['This week:true', 'This month:false', 'All time:false']);
    expect(el.shadowRoot!.querySelector('ol.entries')).to.exist;
    expect(await rows(el)).to.deep.equal([['1', 'Cleo Park', '10 points']]);
    const badge = $(el, '.entry kith-badge') as KithBadge;
    expect(badge.hasAttribute('compact')).to.equal(true);
    expect(badge.getAttribute('member')).to.equal('m_cleo');
    expect(text($(el, '.entry .rank .visually-hidden'))).to.equal('Rank 1');

    await click(button(el, 'This month'));
    await until(() => $$(el, '.entry').length === 3, 'month');
    expect(pressed(el)).to.deep.equal(['This week:false', 'This month:true', 'All time:false']);
    expect(el.getAttribute('period')).to.equal('month');
    expect(await rows(el)).to.deep.equal([
      ['1', 'Ada Lovelace', '75 points'],
      ['2', 'Ben Okafor', '10 points'],
      ['3', 'Cleo Park', '10 points'],
    ]);

    // Keyboard: Tab to "All time", Enter.
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'This month'));
    await press('Tab');
    await press('Enter');
    await until(() => el.getAttribute('period') === 'all', 'all time');
    await until(() => text($$(el, '.entry .points')[1]) === '25 points', 'all-time list');
    expect(await rows(el)).to.deep.equal([
      ['1', 'Ada Lovelace', '75 points'],
      ['2', 'Cleo Park', '25 points'],
      ['3', 'Ben Okafor', '12 points'],
    ]);
  });

  it('honours limit and topic', async () => {
    const adapter = await seeded();
    const limited = await mountBoard(adapter, { period: 'all', limit: '2' });
    expect((await rows(limited)).map((r) => r[1])).to.deep.equal(['Ada Lovelace', 'Cleo Park']);
    const topic = await mountBoard(adapter, { period: 'all', topic: 'packs' });
    expect((await rows(topic)).map((r) => r[1])).to.deep.equal(['Cleo Park', 'Ben Okafor']);
  });

  it('shows the empty state', async () => {
    const adapter = await seeded();
    const el = await mountBoard(adapter, { topic: 'nothing-here' });
    expect(text($(el, '.empty'))).to.equal('Nobody has earned points in this period yet.');
    expect($$(el, '.entry')).to.have.length(0);
  });

  it('reserves the list height with a skeleton while loading', async () => {
    const adapter = await seeded();
    adapter.simulate({ latency: 300 });
    const node = document.createElement('kith-leaderboard');
    node.setAttribute('period', 'month');
    node.setAttribute('limit', '3');
    const { el } = await mount<KithLeaderboard>(adapter, html`${node}`);
    const skeleton = await until(
      () => el.shadowRoot?.querySelector<HTMLElement>('.skeleton-list'),
      'skeleton',
    );
    expect(skeleton.getAttribute('aria-busy')).to.equal('true');
    expect($$(el, '.skeleton-row')).to.have.length(3);
    const loadingHeight = el.getBoundingClientRect().height;
    adapter.simulate({ latency: 0 });
    await rows(await until(() => $$(el, '.entry').length === 3 && el, 'entries'));
    expect(Math.abs(el.getBoundingClientRect().height - loadingHeight)).to.be.below(2);
  });

  it('shows an error with Try again, and recovers', async () => {
    const adapter = await seeded();
    adapter.simulate({ failNext: 1 });
    const el = await mountBoard(adapter, { period: 'all' });
    expect(text($(el, '.state-error p'))).to.include('The leaderboard could not be loaded.');
    expect($(el, '.state-error').getAttribute('role')).to.equal('alert');
    await click(button(el, 'Try again'));
    await until(() => $$(el, '.entry').length === 3, 'recovered');
  });

  it('warns once about invalid attributes and uses the defaults', async () => {
    const adapter = await seeded();
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const el = await mountBoard(adapter, { period: 'year', limit: '1000' });
      expect(pressed(el)[0]).to.equal('This week:true');
      expect(await rows(el)).to.have.length(1);
    } finally {
      console.warn = original;
    }
    expect(warnings.some((w) => w.includes('period="year"') && w.includes('"week"'))).to.equal(
      true,
    );
    expect(warnings.some((w) => w.includes('limit="1000"') && w.includes('10'))).to.equal(true);
  });

  it('speaks German with locale="de", down to the badges', async () => {
    const adapter = await seeded();
    const el = await mountBoard(adapter, { period: 'all', locale: 'de' });
    await until(() => text($(el, 'h2')) === 'Die hilfreichsten Mitglieder', 'German');
    expect($$(el, '.period').map(text)).to.deep.equal(['Diese Woche', 'Diesen Monat', 'Gesamt']);
    expect(text($$(el, '.entry .points')[0])).to.equal('75 Punkte');
    expect(text($(el, '.entry .rank .visually-hidden'))).to.equal('Platz 1');
    expect($(el, '.entry kith-badge').getAttribute('locale')).to.equal('de');
  });
});
