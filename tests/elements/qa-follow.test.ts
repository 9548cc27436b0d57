/**
 * Following a question in `<kith-qa>` (and the same event from `<kith-ideas>`): the toggle, its
 * rollback, the follows that asking, answering and voting bring, and who sees the toggle.
 */
import { expect } from '@open-wc/testing';
import { html } from 'lit';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { configure } from '../../src/core/config.js';
import type { KithEventDetails } from '../../src/core/events.js';
import type { KithIdeas } from '../../src/elements/ideas/ideas.element.js';
import '../../src/elements/ideas/ideas.js';
import type { KithQa } from '../../src/elements/qa/qa.element.js';
import { $, $$, ada, ben, button, click, memory, mount, sam, typeInto, until } from './helpers.js';

const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
const liveText = (el: Element) => $(el, '[role="status"]').textContent!;
const toggle = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('[part="follow"]');
type FollowDetail = KithEventDetails['kith-follow-changed'];

async function following(adapter: MemoryAdapter, questionId: string, t: string) {
  const [outcome] = await adapter.read([{ kind: 'thread', questionId, answerLimit: 5 }], {
    token: t,
  });
  return outcome!.ok && (outcome.data as { following?: boolean }).following;
}

function authorCardsRead(el: Element) {
  type Chip = HTMLElement & { card?: { value?: { status: string } } };
  return until(() => {
    const chips = $$(el, 'kith-badge') as Chip[];
    return chips.length && chips.every((c) => c.card?.value && c.card.value.status !== 'loading');
  }, 'author cards read');
}

describe('<kith-qa> following a question', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  it('follows and unfollows with a toggle button, fires kith-follow-changed, and the backend agrees', async () => {
    const adapter = memory();
    const q = await adapter.askQuestion(
      { topic: 'f1', title: 'Sizes run small?', body: '' },
      ctx(ada()),
    );
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="f1"></kith-qa>`, ben());
    const changes: FollowDetail[] = [];
    el.addEventListener('kith-follow-changed', (e) => changes.push(e.detail));
    const follow = await until(() => toggle(el), 'the toggle');
    expect(follow.textContent!.trim()).to.equal('Follow this question');
    expect(follow.getAttribute('aria-pressed')).to.equal('false');
    await expect(el).to.be.accessible();

    await click(follow);
    await until(() => changes.length === 1, 'event');
    expect(changes[0]).to.deep.equal({ targetType: 'question', targetId: q.id, following: true });
    expect(toggle(el)!.getAttribute('aria-pressed')).to.equal('true');
    await until(() => liveText(el).includes('You follow this question'), 'announced');
    expect(await following(adapter, q.id, ben())).to.equal(true);

    await click(toggle(el)!);
    await until(() => changes.length === 2, 'second event');
    expect(changes[1]!.following).to.equal(false);
    expect(toggle(el)!.getAttribute('aria-pressed')).to.equal('false');
    await until(() => liveText(el).includes('no longer follow'), 'announced');
    expect(await following(adapter, q.id, ben())).to.equal(false);
  });

  it('rolls a failed follow back and says why', async () => {
    const adapter = memory();
    const q = await adapter.askQuestion({ topic: 'f2', title: 'Lining?', body: '' }, ctx(ada()));
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="f2"></kith-qa>`, ben());
    let events = 0;
    el.addEventListener('kith-follow-changed', () => events++);
    const follow = await until(() => toggle(el), 'the toggle');
    await authorCardsRead(el);
    adapter.simulate({ latency: 150, failNext: 1 });
    await click(follow);
    // Optimistic first…
    expect(toggle(el)!.getAttribute('aria-pressed')).to.equal('true');
    // …then rolled back.
    const alert = await until(() => el.shadowRoot?.querySelector('.thread > .error'), 'error');
    expect(alert.textContent).to.contain('Following did not change.');
    expect(toggle(el)!.getAttribute('aria-pressed')).to.equal('false');
    expect(events).to.equal(0);
    adapter.simulate({ latency: 0 });
    expect(await following(adapter, q.id, ben())).to.equal(false);
  });

  it('asking, answering and voting follow the question', async () => {
    const adapter = memory();
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="f3"></kith-qa>`, ada());
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty');
    await typeInto($(el, '#ask-title'), 'Asked here');
    await click(button(el, 'Post question'));
    await until(() => el.shadowRoot?.querySelector('#thread-heading'), 'posted');
    await until(() => toggle(el)?.getAttribute('aria-pressed') === 'true', 'the asker follows');

    const q = await adapter.askQuestion({ topic: 'f4', title: 'Voted on', body: '' }, ctx(sam()));
    const r = await adapter.askQuestion({ topic: 'f4', title: 'Answered', body: '' }, ctx(sam()));
    const voter = await mount<KithQa>(adapter, html`<kith-qa topic="f4"></kith-qa>`, ben());
    await until(() => $$(voter.el, '.question-title').length === 2, 'list');
    await click($$(voter.el, '.question-title').find((t) => t.textContent === 'Voted on')!);
    await until(() => toggle(voter.el)?.getAttribute('aria-pressed') === 'false', 'not yet');
    await click($(voter.el, '.post .vote-up'));
    await until(() => toggle(voter.el)!.getAttribute('aria-pressed') === 'true', 'vote follows');
    expect(await following(adapter, q.id, ben())).to.equal(true);

    await click(button(voter.el, /All questions/));
    await until(() => $$(voter.el, '.question-title').length === 2, 'list again');
    await click($$(voter.el, '.question-title').find((t) => t.textContent === 'Answered')!);
    await until(() => toggle(voter.el)?.getAttribute('aria-pressed') === 'false', 'not yet');
    await typeInto($(voter.el, '#answer-body'), 'It is fine.');
    await click(button(voter.el, 'Post answer'));
    await until(() => toggle(voter.el)!.getAttribute('aria-pressed') === 'true', 'answer follows');
    expect(await following(adapter, r.id, ben())).to.equal(true);
  });

  it('shows no toggle to visitors, nor with a backend without notifications', async () => {
    const adapter = memory();
    const q = await adapter.askQuestion({ topic: 'f5', title: 'Colours?', body: '' }, ctx(ada()));
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const visitor = await mount<KithQa>(adapter, html`<kith-qa topic="f5"></kith-qa>`);
    await until(() => visitor.el.shadowRoot?.querySelector('#thread-heading'), 'thread');
    expect(toggle(visitor.el)).to.equal(null);

    const bare = { ...adapter, notifications: undefined } as unknown as MemoryAdapter;
    const member = await mount<KithQa>(bare, html`<kith-qa topic="f5"></kith-qa>`, ben());
    await until(() => member.el.shadowRoot?.querySelector('#thread-heading'), 'thread');
    expect(toggle(member.el)).to.equal(null);
    expect(member.el.shadowRoot!.querySelector('.post .vote-up')).to.exist;
  });

  it('<kith-ideas> fires kith-follow-changed too', async () => {
    const adapter = memory();
    const idea = await adapter.ideas.submitIdea(
      { board: 'trail', title: 'Reflective strips', body: '' },
      ctx(ada()),
    );
    history.replaceState(null, '', `#kith-idea-${idea.id}`);
    const { el } = await mount<KithIdeas>(
      adapter,
      html`<kith-ideas board="trail"></kith-ideas>`,
      ben(),
    );
    const changes: FollowDetail[] = [];
    el.addEventListener('kith-follow-changed', (e) => changes.push(e.detail));
    const follow = await until(() => el.shadowRoot?.querySelector<HTMLElement>('.follow'), 'idea');
    expect(follow.getAttribute('aria-pressed')).to.equal('false');
    await click(follow);
    await until(() => changes.length === 1, 'event');
    expect(changes[0]).to.deep.equal({ targetType: 'idea', targetId: idea.id, following: true });
  });
});
