import { expect } from '@open-wc/testing';
import { html } from 'lit';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { NetworkError } from '../../src/core/errors.js';
import type { KithEvent } from '../../src/core/events.js';
import type { KithInbox } from '../../src/elements/inbox/inbox.element.js';
import '../../src/elements/inbox/inbox.js';
import { countingAdapter } from '../support/counting-adapter.js';
import { $, $$, ada, ben, button, click, memory, mount, press, until } from './helpers.js';

const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const here = () => location.href.split('#')[0]!;

/** Ada asked two questions on this page; Ben answered both: Ada has unread notifications. */
async function seeded(): Promise<MemoryAdapter> {
  const adapter = memory();
  for (const title of ['Does it fit a 15" laptop?', 'Is it waterproof?']) {
    const q = await adapter.askQuestion(
      { topic: 'packs', title, body: 'Asking.', pageUrl: here() },
      ctx(ada()),
    );
    await adapter.postAnswer({ questionId: q.id, body: `Yes: ${title}` }, ctx(ben()));
  }
  return adapter;
}

async function unreadOf(adapter: MemoryAdapter, t = ada()): Promise<number> {
  const [outcome] = await adapter.read([{ kind: 'notifications', limit: 1 }], { token: t });
  if (!outcome?.ok) throw new Error('inbox read failed');
  return (outcome.data as { unread: number }).unread;
}

async function mountInbox(adapter: MemoryAdapter, member: string | null = ada(), attrs = '') {
  const node = document.createElement('kith-inbox');
  if (attrs) node.setAttribute('sign-in-url', attrs);
  const { el } = await mount<KithInbox>(adapter, html`${node}`, member ?? undefined);
  return el;
}

const bell = (el: KithInbox) => $(el, '.bell');
const panel = (el: KithInbox) => $(el, '#panel');
const isOpen = (el: KithInbox) => panel(el).matches(':popover-open');

async function openByKeyboard(el: KithInbox) {
  bell(el).focus();
  await press('Enter');
  await until(() => isOpen(el) && $$(el, '.item, .empty, .state-error').length, 'panel open');
}

describe('<kith-inbox>', () => {
  afterEach(() => {
    for (const p of document.querySelectorAll('kith-community')) p.remove();
  });

  it('is accessible, closed and open', async () => {
    const el = await mountInbox(await seeded());
    await until(() => bell(el).getAttribute('aria-label')?.includes('unread'), 'count shown');
    await expect(el).to.be.accessible();
    await openByKeyboard(el);
    await expect(el).to.be.accessible();
  });

  it('shows the unread count in the bell and its accessible name', async () => {
    const adapter = await seeded();
    const unread = await unreadOf(adapter);
    expect(unread).to.be.greaterThanOrEqual(2);
    const el = await mountInbox(adapter);
    await until(() => $$(el, '.count').length, 'count badge');
    expect(bell(el).getAttribute('aria-label')).to.equal(`Notifications, ${unread} unread`);
    expect(text($(el, '.count'))).to.equal(String(unread));
    expect($(el, '.count').getAttribute('aria-hidden')).to.equal('true');
  });

  it('opens by keyboard with focus inside, lists the notifications, and Escape closes back to the bell', async () => {
    const el = await mountInbox(await seeded());
    await until(() => $$(el, '.count').length, 'count badge');
    await openByKeyboard(el);
    expect(el.shadowRoot!.activeElement?.id).to.equal('panel-heading');
    const items = $$(el, '.item');
    const answered = items.filter((i) => text(i).includes('Ben Okafor answered'));
    expect(answered.length).to.equal(2);
    const newest = answered[0]!;
    expect(text(newest)).to.contain('Is it waterproof?');
    expect(text(newest)).to.contain('Yes: Is it waterproof?');
    expect(text(newest.querySelector('.new'))).to.equal('New', 'unread is said in words');
    expect(newest.querySelector('time')).to.exist;
    expect(newest.getAttribute('href')).to.match(/#kith-question-q_/);

    await press('Escape');
    await until(() => !isOpen(el), 'panel closed');
    expect(el.shadowRoot!.activeElement).to.equal(bell(el));
    // Space opens it too.
    await press('Space');
    await until(() => isOpen(el), 'opened by Space');
  });

  it('closes on a click outside', async () => {
    const el = await mountInbox(await seeded());
    await until(() => $$(el, '.count').length, 'count badge');
    await click(bell(el));
    await until(() => isOpen(el), 'opened by click');
    await click(document.body);
    await until(() => !isOpen(el), 'closed by a click outside');
  });

  it('marks all read', async () => {
    const adapter = await seeded();
    const el = await mountInbox(adapter);
    await openByKeyboard(el);
    await click(button(el, 'Mark all read'));
    await until(() => !$$(el, '.count').length, 'count gone');
    expect(bell(el).getAttribute('aria-label')).to.equal('Notifications');
    expect($$(el, '.item.unread').length).to.equal(0);
    expect(await unreadOf(adapter)).to.equal(0);
  });

  it('rolls a failed mark back and says so', async () => {
    const adapter = await seeded();
    const el = await mountInbox(adapter);
    await openByKeyboard(el);
    const unread = $$(el, '.item.unread').length;
    adapter.notifications.markRead = () =>
      Promise.reject(new NetworkError('The community cannot be reached.'));
    await click(button(el, 'Mark all read'));
    await until(() => $$(el, '.action-error').length, 'error shown');
    expect(text($(el, '.action-error'))).to.contain('Could not mark as read');
    expect($$(el, '.item.unread').length).to.equal(unread);
    expect(bell(el).getAttribute('aria-label')).to.equal(`Notifications, ${unread} unread`);
  });

  it('opens a notification: fires kith-notification-open (cancelable) and marks it read', async () => {
    const adapter = await seeded();
    const before = await unreadOf(adapter);
    const el = await mountInbox(adapter);
    await openByKeyboard(el);
    const opened: KithEvent<'kith-notification-open'>[] = [];
    const listener = (e: KithEvent<'kith-notification-open'>) => {
      opened.push(e);
      e.preventDefault();
    };
    document.addEventListener('kith-notification-open', listener as EventListener);
    try {
      const item = $$(el, '.item.unread')[0]!;
      const url = location.href;
      await click(item);
      await until(() => opened.length, 'event fired');
      expect(opened[0]!.detail.notification.title).to.equal(text(item.querySelector('.title')));
      expect(location.href).to.equal(url, 'the host cancelled the navigation');
      await until(async () => true, 'tick');
      await until(() => $$(el, '.item.unread').length === before - 1, 'marked read');
      expect(await unreadOf(adapter)).to.equal(before - 1);
    } finally {
      document.removeEventListener('kith-notification-open', listener as EventListener);
    }
    // Not cancelled: the link is followed (here, a hash on this page) and the panel closes.
    const next = $$(el, '.item.unread')[0]!;
    await click(next);
    await until(() => !isOpen(el), 'closed after following');
    expect(location.hash).to.match(/^#kith-question-q_/);
    history.replaceState(null, '', here());
  });

  it('shows an error with Try again when the inbox cannot be read', async () => {
    const adapter = await seeded();
    adapter.simulate({ failNext: 2 });
    const errors: string[] = [];
    const onError = (e: Event) => errors.push((e as KithEvent<'kith-error'>).detail.action);
    document.addEventListener('kith-error', onError);
    try {
      const el = await mountInbox(adapter);
      await until(() => errors.length, 'error reported');
      await openByKeyboard(el);
      const error = await until(() => $$(el, '.state-error')[0], 'error state');
      expect(error.getAttribute('role')).to.equal('alert');
      expect(text(error), 'says why').to.match(
        /could not be loaded\. The community server could not be reached/,
      );
      await click(button(el, 'Try again'));
      await until(() => $$(el, '.item').length, 'list after retry');
      expect(errors[0]).to.equal('load');
    } finally {
      document.removeEventListener('kith-error', onError);
    }
  });

  it('shows more, moving focus to the first new notification', async () => {
    const adapter = memory();
    for (let i = 0; i < 12; i++) {
      const q = await adapter.askQuestion(
        { topic: 't', title: `Question ${i}`, body: '', pageUrl: here() },
        ctx(ada()),
      );
      await adapter.postAnswer({ questionId: q.id, body: `Answer ${i}` }, ctx(ben()));
    }
    const el = await mountInbox(adapter);
    await openByKeyboard(el);
    const first = $$(el, '.item').length;
    expect(first).to.equal(10);
    await click(button(el, 'Show more'));
    await until(() => $$(el, '.item').length > first, 'more loaded');
    expect(el.shadowRoot!.activeElement).to.equal($$(el, '.item')[first]);
  });

  it('announces new notifications that arrive while the page is open', async () => {
    const adapter = await seeded();
    const el = await mountInbox(adapter);
    await until(() => $$(el, '.count').length, 'count badge');
    const q = await adapter.askQuestion({ topic: 't', title: 'Third?', body: '' }, ctx(ada()));
    await adapter.postAnswer({ questionId: q.id, body: 'Third answer' }, ctx(ben()));
    // What the minute's poll does: becoming visible again reads at once.
    document.dispatchEvent(new Event('visibilitychange'));
    await until(() => text($(el, '[role="status"]')).includes('new notification'), 'announced');
  });

  it('signed out: reads nothing; a sign-in link with sign-in-url, nothing without', async () => {
    const { adapter, reads } = countingAdapter(await seeded());
    const el = await mountInbox(adapter as MemoryAdapter, null, 'https://shop.example/login');
    const link = await until(
      () => el.shadowRoot?.querySelector<HTMLAnchorElement>('a.bell'),
      'link',
    );
    expect(link.href).to.equal('https://shop.example/login');
    expect(link.getAttribute('aria-label')).to.contain('sign in');
    await expect(el).to.be.accessible();
    const requested: unknown[] = [];
    el.addEventListener('kith-sign-in-requested', (e) => {
      requested.push(e.detail);
      e.preventDefault();
    });
    await click(link);
    expect(requested).to.deep.equal([{ signInUrl: 'https://shop.example/login', action: 'inbox' }]);

    const bare = await mountInbox(adapter as MemoryAdapter, null);
    await new Promise((r) => setTimeout(r, 100));
    expect($$(bare, '.bell').length).to.equal(0);
    expect(reads.length).to.equal(0, 'no request signed out');
  });
});
