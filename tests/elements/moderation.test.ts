import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html } from 'lit';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { ForbiddenError, NetworkError } from '../../src/core/errors.js';
import type { KithEvent } from '../../src/core/events.js';
import type { KithModeration } from '../../src/elements/moderation/moderation.element.js';
import '../../src/elements/moderation/moderation.js';
import { readOne } from '../support/memory-adapter.js';
import {
  $,
  $$,
  ada,
  ben,
  button,
  click,
  memory,
  mount,
  press,
  sam,
  token,
  until,
} from './helpers.js';

const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const here = () => location.href.split('#')[0]!;
const cy = () => token('m_cy', 'Cy Young');
const di = () => token('m_di', 'Di Prince');

/**
 * Ada asked a question; Ben's answer to it got three spam flags (held for review); Ben's own question
 * got one flag (still visible): the queue holds the answer, then the question.
 */
async function seeded(adapter: MemoryAdapter = memory()) {
  const question = await adapter.askQuestion(
    { topic: 'packs', title: 'Is it waterproof?', body: 'Asking before I buy.', pageUrl: here() },
    ctx(ada()),
  );
  const answer = await adapter.postAnswer(
    { questionId: question.id, body: 'Cheap watches at spam.example' },
    ctx(ben()),
  );
  const flag = (targetType: 'answer' | 'question', targetId: string, by: string, note?: string) =>
    adapter.moderation.flag({ targetType, targetId, reason: 'spam', note }, ctx(by));
  await flag('answer', answer.id, ada(), 'An advert');
  await flag('answer', answer.id, cy());
  await flag('answer', answer.id, di());
  const flagged = await adapter.askQuestion(
    { topic: 'packs', title: 'Buy followers now', body: 'Best prices.', pageUrl: here() },
    ctx(ben()),
  );
  await adapter.moderation.flag(
    { targetType: 'question', targetId: flagged.id, reason: 'offensive' },
    ctx(ada()),
  );
  return { adapter, question, answer, flagged };
}

async function mountModeration(adapter: MemoryAdapter, member: string | null = sam(), attrs = '') {
  const node = document.createElement('kith-moderation');
  if (attrs) node.setAttribute('page-size', attrs);
  const { el } = await mount<KithModeration>(adapter, html`${node}`, member ?? undefined);
  return el;
}

const items = (el: KithModeration) => $$(el, '.item');
const active = (el: KithModeration) => el.shadowRoot!.activeElement as HTMLElement | null;
const live = (el: KithModeration) => text($(el, '[role="status"]'));
const itemTitled = (el: KithModeration, title: string) =>
  items(el).find((i) => text(i.querySelector('.title')) === title);
const actionButton = (item: HTMLElement, action: string) =>
  item.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;

async function ready(el: KithModeration, count: number) {
  await until(() => items(el).length === count, `${count} items`);
}

/** Opens an item's action form by keyboard (focus the button, Enter); focus lands in the reason. */
async function openAction(el: KithModeration, item: HTMLElement, action: string) {
  actionButton(item, action).focus();
  await press('Enter');
  await until(() => active(el)?.id === 'action-reason', 'reason field focused');
}

async function auditRows(el: KithModeration) {
  if ($(el, '#tab-audit').getAttribute('aria-selected') !== 'true') {
    $(el, '#tab-queue').focus();
    await press('ArrowRight');
  }
  await until(() => $$(el, '.audit-row').length, 'audit rows');
  return $$(el, '.audit-row').map((row) => [...row.children].map((cell) => text(cell)));
}

function events(el: KithModeration) {
  const fired: KithEvent<'kith-moderation-action'>['detail'][] = [];
  el.addEventListener('kith-moderation-action', (e) => fired.push(e.detail));
  return fired;
}

describe('<kith-moderation>', () => {
  afterEach(() => {
    for (const p of document.querySelectorAll('kith-community')) p.remove();
  });

  it('is accessible: the queue, an open form with its errors, and the audit log', async () => {
    const { adapter } = await seeded();
    const el = await mountModeration(adapter);
    await ready(el, 2);
    await expect(el).to.be.accessible();
    await openAction(el, items(el)[0]!, 'suspend');
    await press('Enter');
    await until(() => $$(el, '.field-error').length, 'field error');
    await expect(el).to.be.accessible();
    await press('Escape');
    await auditRows(el);
    await expect(el).to.be.accessible();
    for (const theme of ['light', 'dark']) {
      el.setAttribute('theme', theme);
      $(el, '[role="tab"][aria-selected="true"]').focus();
      await press('Home');
      await ready(el, 2);
      await expect(el, `${theme} theme`).to.be.accessible();
    }
  });

  it('shows staff the held and flagged posts, oldest first, with what they need to decide', async () => {
    const { adapter, question } = await seeded();
    const el = await mountModeration(adapter);
    await ready(el, 2);
    expect(text($(el, '.count'))).to.equal('2 waiting');
    const [held, flagged] = items(el) as [HTMLElement, HTMLElement];
    expect(text(held.querySelector('.type'))).to.equal('Answer');
    expect(text(held.querySelector('.reason'))).to.equal('Held for review');
    const link = held.querySelector<HTMLAnchorElement>('.title a')!;
    expect(text(link)).to.equal('Is it waterproof?');
    expect(link.href).to.equal(`${here()}#kith-question-${question.id}`);
    expect(text(held.querySelector('.excerpt'))).to.equal('Cheap watches at spam.example');
    expect(text(held.querySelector('[part="author"]'))).to.equal('By Ben Okafor');
    expect(text(held.querySelector('.flags'))).to.equal('Flags Spam: 3');
    expect(text(held.querySelector('.notes'))).to.equal('Reporters’ notes An advert');
    expect(held.querySelectorAll('[part="since"] time').length).to.equal(2, 'posted, last flagged');
    expect(text(held.querySelector('.actions'))).to.equal(
      'Approve Hide Delete Warn author Suspend author',
    );
    expect(text(flagged.querySelector('.reason'))).to.equal('Flagged');
    expect(text(flagged.querySelector('.flags'))).to.equal('Flags Offensive: 1');

    await click(button(el, 'Held'));
    await ready(el, 1);
    expect(text(items(el)[0]!.querySelector('.reason'))).to.equal('Held for review');
    expect(button(el, 'Held').getAttribute('aria-pressed')).to.equal('true');
    await click(button(el, 'Guests'));
    await until(() => $$(el, '.empty').length, 'empty guests');
    expect(text($(el, '.empty'))).to.equal('No guests’ posts are waiting.');
  });

  it('requires a reason, then approves by keyboard: the item leaves, focus moves on, the log has it', async () => {
    const { adapter, answer, question } = await seeded();
    const el = await mountModeration(adapter);
    const fired = events(el);
    await ready(el, 2);
    await openAction(el, items(el)[0]!, 'approve');
    await press('Enter');
    const error = await until(() => $$(el, '#action-reason-error')[0], 'reason error');
    expect(text(error)).to.equal('Give a reason.');
    expect(active(el)?.id).to.equal('action-reason', 'focus stays in the field');
    expect(active(el)?.getAttribute('aria-invalid')).to.equal('true');
    expect(active(el)?.getAttribute('aria-describedby')).to.equal('action-reason-error');
    expect(fired).to.have.length(0);

    await sendKeys({ type: 'Not spam: a real shop.' });
    await press('Enter');
    await ready(el, 1);
    expect(active(el)).to.equal(items(el)[0], 'focus on the next item');
    expect(text(items(el)[0]!.querySelector('.title'))).to.equal('Buy followers now');
    await until(() => live(el) === 'Approved: Is it waterproof?', 'announced');
    expect(fired).to.deep.equal([{ action: 'approve', targetType: 'answer', targetId: answer.id }]);
    const thread = await readOne(adapter, {
      kind: 'thread',
      questionId: question.id,
      answerLimit: 5,
    });
    expect(thread.answers.total).to.equal(1, 'the answer is back on the page');

    const rows = await auditRows(el);
    expect(rows[0]!.slice(0, 4)).to.deep.equal([
      'Approved',
      'Sam Rivera',
      'Answer by Ben Okafor Cheap watches at spam.example',
      'Not spam: a real shop.',
    ]);
    expect(rows.map((r) => r[0])).to.deep.equal(['Approved', 'Held']);
    expect(rows[1]!.slice(1, 4)).to.deep.equal([
      'Community flags',
      'Answer by Ben Okafor Cheap watches at spam.example',
      'Spam',
    ]);
  });

  it('hides by keyboard; the last item leaving moves focus to the heading', async () => {
    const { adapter } = await seeded();
    const el = await mountModeration(adapter);
    await ready(el, 2);
    await click(button(el, 'Flagged'));
    await ready(el, 1);
    await openAction(el, items(el)[0]!, 'hide');
    await sendKeys({ type: 'Spam.' });
    await press('Enter');
    await until(() => $$(el, '.empty').length, 'empty');
    expect(active(el)?.id).to.equal('moderation-heading');
    const list = await readOne(adapter, {
      kind: 'questions',
      topic: 'packs',
      sort: 'newest',
      limit: 9,
    });
    expect(list.items.map((q) => q.title)).to.deep.equal(['Is it waterproof?']);
    expect((await auditRows(el))[0]!.slice(0, 2)).to.deep.equal(['Hidden', 'Sam Rivera']);
  });

  it('deletes only once confirmed, for good', async () => {
    const { adapter, question } = await seeded();
    const el = await mountModeration(adapter);
    await ready(el, 2);
    await openAction(el, items(el)[0]!, 'delete');
    await sendKeys({ type: 'Spam link.' });
    await press('Enter');
    const error = await until(() => $$(el, '#action-confirm-error')[0], 'confirm error');
    expect(text(error)).to.equal('Confirm that it should be deleted for good.');
    expect(active(el)?.id).to.equal('action-confirm');
    expect(items(el)).to.have.length(2, 'nothing deleted yet');
    await press('Space');
    await press('Tab');
    expect(text(active(el))).to.equal('Delete for good');
    await press('Enter');
    await ready(el, 1);
    const thread = await readOne(
      adapter,
      { kind: 'thread', questionId: question.id, answerLimit: 5 },
      ben(),
    );
    expect(thread.answers.total).to.equal(0, 'gone, also for its author');
    expect((await auditRows(el))[0]![0]).to.equal('Deleted');
  });

  it('suspends the author for a number of hours: their writes fail until then; unsuspends', async () => {
    const { adapter, question } = await seeded();
    const el = await mountModeration(adapter);
    const fired = events(el);
    await ready(el, 2);
    await openAction(el, items(el)[0]!, 'suspend');
    await sendKeys({ type: 'Repeated spam.' });
    await press('Tab');
    expect(active(el)?.getAttribute('value')).to.equal('24', 'the first duration: 1 day');
    for (let i = 0; i < 4; i++) await press('ArrowDown');
    const hours = await until(() => $$(el, '#action-hours')[0], 'hours field');
    expect(active(el)?.getAttribute('value')).to.equal('hours');
    hours.focus();
    await sendKeys({ type: 'abc' });
    await press('Enter');
    await until(() => $$(el, '#action-hours-error').length, 'hours error');
    expect(active(el)).to.equal(hours);
    await press('Control+A');
    await sendKeys({ type: '48' });
    await press('Enter');

    await until(() => fired.length, 'stored');
    expect(fired).to.deep.equal([{ action: 'suspend', targetType: 'member', targetId: 'm_ben' }]);
    await until(() => live(el) === 'Ben Okafor is suspended.', 'announced');
    // The post still waits for its decision; both of Ben's items say until when he is suspended.
    await until(
      () =>
        items(el).every((i) => /Suspended until/.test(text(i.querySelector('[part="author"]')))),
      'suspension shown',
    );
    expect(items(el)).to.have.length(2);
    expect(active(el)).to.equal(items(el)[0]);
    expect(actionButton(items(el)[0]!, 'unsuspend')).to.exist;

    let refused: unknown;
    await adapter
      .postAnswer({ questionId: question.id, body: 'More spam' }, ctx(ben()))
      .catch((e: unknown) => (refused = e));
    expect(refused).to.be.instanceOf(ForbiddenError);
    expect((refused as Error).message).to.match(/suspended until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);

    const rows = await auditRows(el);
    expect(rows[0]!.slice(0, 4)).to.deep.equal([
      'Suspended',
      'Sam Rivera',
      'Ben Okafor',
      'Repeated spam.',
    ]);
    expect(rows[0]![4]).to.not.equal('', 'until when');

    $(el, '#tab-audit').focus();
    await press('ArrowLeft');
    await ready(el, 2);
    await openAction(el, items(el)[0]!, 'unsuspend');
    await sendKeys({ type: 'Appeal accepted.' });
    await press('Enter');
    await until(() => fired.length === 2, 'unsuspended');
    await adapter.postAnswer({ questionId: question.id, body: 'Sorry.' }, ctx(ben()));
  });

  it('warns the author: the reason reaches their inbox', async () => {
    const { adapter } = await seeded();
    const el = await mountModeration(adapter);
    await ready(el, 2);
    await openAction(el, items(el)[1]!, 'warn');
    await sendKeys({ type: 'Please stop advertising.' });
    await press('Enter');
    await until(() => live(el) === 'Ben Okafor was warned.', 'announced');
    const inbox = await readOne(adapter, { kind: 'notifications', limit: 20 }, ben());
    const warned = inbox.items.filter((n) => n.kind === 'member.warned');
    expect(warned.map((n) => n.excerpt)).to.deep.equal(['Please stop advertising.']);
    expect((await auditRows(el))[0]!.slice(0, 3)).to.deep.equal([
      'Warned',
      'Sam Rivera',
      'Ben Okafor',
    ]);
  });

  it('acts once on a double click', async () => {
    const { adapter } = await seeded();
    const act = adapter.moderation.act.bind(adapter.moderation);
    let calls = 0;
    adapter.moderation.act = async (input, c) => {
      calls++;
      await new Promise((r) => setTimeout(r, 300));
      return act(input, c);
    };
    const el = await mountModeration(adapter);
    await ready(el, 2);
    await openAction(el, items(el)[0]!, 'hide');
    await sendKeys({ type: 'Spam.' });
    const submit = $(el, '#action-form button[type="submit"]');
    await click(submit);
    await click(submit);
    await ready(el, 1);
    expect(calls).to.equal(1);
    const rows = await auditRows(el);
    expect(rows.filter((r) => r[0] === 'Hidden')).to.have.length(1);
  });

  it('shows a failure next to the form and keeps the reason; trying again stores it', async () => {
    const { adapter } = await seeded();
    const act = adapter.moderation.act;
    adapter.moderation.act = () =>
      Promise.reject(new NetworkError('The community cannot be reached.'));
    const errors: string[] = [];
    const el = await mountModeration(adapter);
    el.addEventListener('kith-error', (e) => errors.push(e.detail.action));
    await ready(el, 2);
    await openAction(el, items(el)[0]!, 'hide');
    await sendKeys({ type: 'Spam link.' });
    await press('Enter');
    const failure = await until(() => $$(el, '#action-failure')[0], 'failure');
    expect(failure.getAttribute('role')).to.equal('alert');
    expect(text(failure)).to.equal(
      'This was not saved. The community server could not be reached. Your reason is kept: try again.',
    );
    expect(items(el)[0]!.contains(failure), 'next to the form, in its item').to.equal(true);
    expect(($(el, '#action-reason') as HTMLInputElement).value).to.equal('Spam link.');
    expect(items(el)).to.have.length(2);
    expect(errors).to.deep.equal(['moderate']);

    adapter.moderation.act = act;
    $(el, '#action-reason').focus();
    await press('Enter');
    await ready(el, 1);
  });

  it('tells signed-out visitors and members who are not staff, and reads nothing', async () => {
    const { adapter } = await seeded();
    let reads = 0;
    const queue = adapter.moderation.queue.bind(adapter.moderation);
    adapter.moderation.queue = (input, c) => {
      reads++;
      return queue(input, c);
    };
    const member = await mountModeration(adapter, ada());
    await until(() => $$(member, '.notice').length, 'notice');
    expect(text($(member, '.notice'))).to.equal(
      'Only staff and moderators can moderate this community.',
    );
    await expect(member).to.be.accessible();
    const visitor = await mountModeration(adapter, null);
    await until(() => $$(visitor, '.notice').length, 'notice');
    expect(text($(visitor, '.notice'))).to.equal(
      'Sign in with a staff account to moderate this community.',
    );
    expect($$(visitor, '[role="tab"]')).to.have.length(0);
    expect(reads).to.equal(0);
  });

  it('shows an error with why and Try again; an empty queue says so', async () => {
    const adapter = memory();
    const queue = adapter.moderation.queue;
    adapter.moderation.queue = () => Promise.reject(new NetworkError());
    const el = await mountModeration(adapter);
    const error = await until(() => $$(el, '.state-error')[0], 'error state');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.match(
      /^The moderation queue could not be loaded\. The community server could not be reached\. Try again$/,
    );
    adapter.moderation.queue = queue;
    await click(button(el, 'Try again'));
    await until(() => $$(el, '.empty').length, 'empty state');
    expect(text($(el, '.empty'))).to.match(/^Nothing waiting\./);
    expect(text($(el, '.count'))).to.equal('Nothing waiting');
  });

  it('keeps the list when Refresh fails and says why; offers no suspension of staff', async () => {
    const { adapter, answer } = await seeded();
    // Sam (staff) answered too, and Ada flagged it.
    const staffAnswer = await adapter.postAnswer(
      {
        questionId: (
          await adapter.askQuestion(
            { topic: 'packs', title: 'Hip belt?', body: 'Asking.', pageUrl: here() },
            ctx(ada()),
          )
        ).id,
        body: 'It is removable.',
      },
      ctx(sam()),
    );
    await adapter.moderation.flag(
      { targetType: 'answer', targetId: staffAnswer.id, reason: 'other' },
      ctx(ada()),
    );
    const el = await mountModeration(adapter);
    await ready(el, 3);
    const staffItem = items(el).find(
      (i) => text(i.querySelector('.excerpt')) === 'It is removable.',
    )!;
    expect(
      [...staffItem.querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action')),
    ).to.deep.equal(['approve', 'hide', 'delete']);
    const bens = items(el).find((i) => text(i.querySelector('.excerpt')) === answer.bodySource)!;
    expect(actionButton(bens, 'suspend')).to.exist;

    adapter.moderation.queue = () => Promise.reject(new NetworkError());
    await click(button(el, 'Refresh'));
    const failure = await until(() => el.shadowRoot?.querySelector('.more-error'), 'failure');
    expect(text(failure)).to.equal(
      'The list could not be refreshed: it shows what was read before. The community server could not be reached.',
    );
    expect(items(el)).to.have.length(3);
  });

  it('switches views with the arrow keys, Home and End (WAI-ARIA tabs)', async () => {
    const { adapter } = await seeded();
    const el = await mountModeration(adapter);
    await ready(el, 2);
    const tab = (view: string) => $(el, `#tab-${view}`);
    expect(tab('queue').getAttribute('tabindex')).to.equal('0');
    expect(tab('audit').getAttribute('tabindex')).to.equal('-1');
    tab('queue').focus();
    for (const [key, view] of [
      ['ArrowRight', 'audit'],
      ['ArrowRight', 'queue'],
      ['ArrowLeft', 'audit'],
      ['Home', 'queue'],
      ['End', 'audit'],
    ] as const) {
      await press(key);
      await until(() => active(el) === tab(view), `${key} → ${view}`);
      expect(tab(view).getAttribute('aria-selected')).to.equal('true');
      expect($(el, `#panel-${view}`).hidden).to.equal(false);
      expect($(el, `#panel-${view === 'queue' ? 'audit' : 'queue'}`).hidden).to.equal(true);
    }
  });

  it('shows more (page-size), focusing the first new item', async () => {
    const { adapter } = await seeded();
    const el = await mountModeration(adapter, sam(), '1');
    await ready(el, 1);
    await click(button(el, 'Show more'));
    await ready(el, 2);
    expect(active(el)).to.equal(items(el)[1]);
    expect($$(el, '.more')).to.have.length(0);
    expect(itemTitled(el, 'Buy followers now')).to.exist;
  });
});
