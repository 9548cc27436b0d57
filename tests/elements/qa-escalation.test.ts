/**
 * `<kith-qa>` and support escalation: the "Escalated to support" / "Answered by support" marks, and
 * the asker's "I still need help" — who sees it and when, by keyboard, once per double click, and
 * what a failure leaves.
 */
import { expect } from '@open-wc/testing';
import { html } from 'lit';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory.js';
import { configure } from '../../src/core/config.js';
import { ConflictError, ForbiddenError } from '../../src/core/errors.js';
import type { KithQa } from '../../src/elements/qa/qa.element.js';
import type { MemberSummary, Question } from '../../src/core/types.js';
import { $, $$, ada, ben, button, click, mount, press, sam, until } from './helpers.js';

const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });

/** A memory adapter where the asker may escalate `after` ms after asking (default: at once). */
function escalating(after = 0): MemoryAdapter {
  return createMemoryAdapter({ site: 'test', storage: null, escalationAskerAfter: after });
}

/** Waits for the author chips' card read, so that a failure simulated next hits the write. */
function authorCardsRead(el: Element) {
  type Chip = HTMLElement & { card?: { value?: { status: string } } };
  return until(() => {
    const chips = $$(el, 'kith-badge') as Chip[];
    return chips.length && chips.every((c) => c.card?.value && c.card.value.status !== 'loading');
  }, 'author cards read');
}

const liveText = (el: Element) => $(el, '[role="status"]').textContent!;
const escalateButton = (el: Element) =>
  el.shadowRoot!.querySelector<HTMLElement>('[part="escalate"]');

async function openQuestion(el: KithQa, title: string) {
  await until(() => $$(el, '.question-title').length, 'list');
  await click($$(el, '.question-title').find((t) => t.textContent === title)!);
  await until(() => el.shadowRoot?.querySelector('#thread-heading')?.textContent === title, title);
}

const ben_: MemberSummary = {
  id: 'm_ben',
  name: 'Ben Okafor',
  roles: ['customer'],
  reputation: 0,
  trustLevel: 1,
};

function seeded(id: string, title: string, extra: Partial<Question>): Question {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    id,
    topic: 'marks',
    title,
    author: ben_,
    bodyHtml: '<p>Help?</p>',
    createdAt: at,
    activeAt: at,
    answerCount: 0,
    acceptedAnswerId: null,
    score: 0,
    upvotes: 0,
    downvotes: 0,
    myVote: 0,
    ...extra,
  };
}

describe('<kith-qa> escalation to support', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  it('marks escalated questions in the list and the thread, in words, and resolved ones as answered by support', async () => {
    const adapter = createMemoryAdapter({
      site: 'test',
      storage: null,
      seed: {
        members: [ben_],
        questions: [
          seeded('q_late', 'Nobody came', {
            escalatedAt: '2025-01-02T00:00:00.000Z',
            escalatedBy: 'schedule',
          }),
          seeded('q_asked', 'I asked for help', {
            escalatedAt: '2025-01-01T03:00:00.000Z',
            escalatedBy: 'asker',
          }),
          seeded('q_done', 'Support answered', {
            escalatedAt: '2025-01-02T00:00:00.000Z',
            escalatedBy: 'schedule',
            escalationResolvedAt: '2025-01-03T00:00:00.000Z',
          }),
          seeded('q_staff', 'Staff passed it on', {
            escalatedAt: '2025-01-01T05:00:00.000Z',
            escalatedBy: 'staff',
          }),
          seeded('q_plain', 'Not escalated', {}),
        ],
      },
    });
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="marks"></kith-qa>`, ada());
    await until(() => $$(el, '.question').length === 5, 'list');
    const markOf = (title: string) => {
      const item = $$(el, '.question').find((q) => q.textContent!.includes(title))!;
      return item.querySelector('[part="escalated"]')?.textContent!.trim() ?? null;
    };
    expect(markOf('Nobody came')).to.equal('Escalated to support');
    expect(markOf('I asked for help')).to.equal('Escalated to support');
    expect(markOf('Support answered')).to.equal('Answered by support');
    expect(markOf('Not escalated')).to.equal(null);
    await expect(el).to.be.accessible();

    await openQuestion(el, 'Nobody came');
    const note = $(el, '[part="escalation"]');
    expect(note.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Escalated to support Nobody answered in time, so our support team has it.',
    );
    await expect(el).to.be.accessible();
    await click(button(el, /All questions/));
    await openQuestion(el, 'I asked for help');
    expect($(el, '[part="escalation"]').textContent).to.contain(
      'The asker asked our support team for help.',
    );
    await click(button(el, /All questions/));
    await openQuestion(el, 'Staff passed it on');
    expect($(el, '[part="escalation"]').textContent).to.contain(
      'Our staff passed this question to our support team.',
    );
    await click(button(el, /All questions/));
    await openQuestion(el, 'Support answered');
    expect($(el, '[part="escalation"]').textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Answered by support Our support team answered this question.',
    );
    await click(button(el, /All questions/));
    await openQuestion(el, 'Not escalated');
    expect(el.shadowRoot!.querySelector('[part="escalation"]')).to.equal(null);
  });

  it('offers "I still need help" to the asker only, not before escalatableAt, and not once answered', async () => {
    const adapter = escalating();
    const q = await adapter.askQuestion(
      { topic: 'rules', title: 'Where is my order?', body: '' },
      ctx(ada()),
    );
    history.replaceState(null, '', `#kith-question-${q.id}`);

    // Another member, staff and a visitor: no button.
    for (const t of [ben(), sam(), undefined]) {
      const other = await mount<KithQa>(adapter, html`<kith-qa topic="rules"></kith-qa>`, t);
      await until(() => other.el.shadowRoot?.querySelector('#thread-heading'), 'thread');
      expect(escalateButton(other.el)).to.equal(null);
      expect(other.el.shadowRoot!.querySelector('[part="escalate-hint"]')).to.equal(null);
      other.scope.remove();
    }

    // The asker: the button, explained.
    const mine = await mount<KithQa>(adapter, html`<kith-qa topic="rules"></kith-qa>`, ada());
    const help = await until(() => escalateButton(mine.el), 'the button');
    expect(help.textContent!.trim()).to.equal('I still need help');
    const note = $(mine.el, `#${help.getAttribute('aria-describedby')}`);
    expect(note.textContent).to.equal('Sends your question to our support team.');
    await expect(mine.el).to.be.accessible();
    mine.scope.remove();

    // Once an answer is accepted: no button.
    const solved = await adapter.askQuestion(
      { topic: 'rules', title: 'Where is my parcel?', body: '' },
      ctx(ada()),
    );
    const answer = await adapter.postAnswer(
      { questionId: solved.id, body: 'Tracking link' },
      ctx(ben()),
    );
    await adapter.acceptAnswer({ questionId: solved.id, answerId: answer.id }, ctx(ada()));
    history.replaceState(null, '', `#kith-question-${solved.id}`);
    const accepted = await mount<KithQa>(adapter, html`<kith-qa topic="rules"></kith-qa>`, ada());
    await until(() => $$(accepted.el, '.answer').length === 1, 'thread with the answer');
    expect(escalateButton(accepted.el)).to.equal(null);
  });

  it('before escalatableAt, tells the asker from when, without a button', async () => {
    const adapter = escalating(2 * 60 * 60 * 1000);
    const q = await adapter.askQuestion(
      { topic: 'early', title: 'Just asked', body: '' },
      ctx(ada()),
    );
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="early"></kith-qa>`, ada());
    const hint = await until(
      () => el.shadowRoot?.querySelector('[part="escalate-hint"]'),
      'the hint',
    );
    expect(hint.textContent!.trim()).to.equal(
      'No answer yet? You can ask our support team for help in 2 hours.',
    );
    expect(escalateButton(el)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('escalates by keyboard: the mark replaces the button in the thread and the list, focus moves to it, announced and evented', async () => {
    const adapter = escalating();
    const q = await adapter.askQuestion(
      { topic: 'kb', title: 'Broken zipper', body: 'It broke.' },
      ctx(ada()),
    );
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="kb"></kith-qa>`, ada());
    const events: Question[] = [];
    el.addEventListener('kith-question-escalated', (e) => events.push(e.detail.question));
    await openQuestion(el, 'Broken zipper');
    const help = await until(() => escalateButton(el), 'the button');
    // From the heading, Tab until the button has focus, then Enter.
    for (let i = 0; i < 10 && el.shadowRoot!.activeElement !== help; i++) await press('Tab');
    expect(el.shadowRoot!.activeElement).to.equal(help);
    await press('Enter');
    const note = await until(() => el.shadowRoot?.querySelector('#escalation'), 'escalated');
    expect(note.textContent).to.contain('You asked our support team for help.');
    expect(escalateButton(el)).to.equal(null);
    await until(() => el.shadowRoot!.activeElement === note, 'focus on the mark');
    await until(() => liveText(el).includes('sent to our support team'), 'announced');
    expect(events).to.have.length(1);
    expect(events[0]!.id).to.equal(q.id);
    expect(events[0]!.escalatedBy).to.equal('asker');
    await expect(el).to.be.accessible();

    await click(button(el, /All questions/));
    const item = await until(() => $$(el, '.question')[0], 'list');
    expect(item.querySelector('[part="escalated"]')!.textContent!.trim()).to.equal(
      'Escalated to support',
    );
    // The backend agrees.
    const [outcome] = await adapter.read([{ kind: 'thread', questionId: q.id, answerLimit: 5 }], {
      token: ada(),
    });
    expect(outcome!.ok && outcome.data).to.have.nested.property('question.escalatedBy', 'asker');
  });

  it('sends one escalation on a double click', async () => {
    const adapter = escalating();
    const q = await adapter.askQuestion(
      { topic: 'dbl', title: 'Double trouble', body: '' },
      ctx(ada()),
    );
    let calls = 0;
    const real = adapter.escalate.bind(adapter);
    adapter.escalate = (input, c) => {
      calls++;
      return real(input, c);
    };
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="dbl"></kith-qa>`, ada());
    const help = await until(() => escalateButton(el), 'the button');
    adapter.simulate({ latency: 200 });
    await click(help);
    expect(help.getAttribute('aria-disabled')).to.equal('true');
    expect(help.textContent!.trim()).to.equal('Sending…');
    await click(help);
    await until(() => el.shadowRoot?.querySelector('#escalation'), 'escalated');
    expect(calls).to.equal(1);
  });

  for (const [what, fail, reason] of [
    [
      'the network is down',
      (a: MemoryAdapter) => a.simulate({ failNext: 1 }),
      'could not be reached',
    ],
    [
      'the backend answers 409',
      (a: MemoryAdapter) => {
        a.escalate = () =>
          Promise.reject(new ConflictError('An answer was accepted: the question is answered.'));
      },
      // The backend's reason.
      'An answer was accepted: the question is answered.',
    ],
    [
      'the backend answers 403',
      (a: MemoryAdapter) => {
        a.escalate = () =>
          Promise.reject(new ForbiddenError('Only the person who asked, or staff, can escalate.'));
      },
      'Only the person who asked, or staff, can escalate.',
    ],
  ] as const) {
    it(`keeps the button and says why when ${what}`, async () => {
      const adapter = escalating();
      const q = await adapter.askQuestion(
        { topic: 'fail', title: 'Still broken', body: '' },
        ctx(ada()),
      );
      history.replaceState(null, '', `#kith-question-${q.id}`);
      const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="fail"></kith-qa>`, ada());
      const errors: string[] = [];
      el.addEventListener('kith-error', (e) => errors.push(e.detail.action));
      let escalated = 0;
      el.addEventListener('kith-question-escalated', () => escalated++);
      const help = await until(() => escalateButton(el), 'the button');
      await authorCardsRead(el);
      fail(adapter);
      help.focus();
      await press('Enter');
      const alert = await until(() => el.shadowRoot?.querySelector('.thread > .error'), 'error');
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(alert.textContent).to.contain('Your question was not sent to support.');
      expect(alert.textContent).to.contain(reason);
      expect(errors).to.deep.equal(['escalate']);
      expect(escalated).to.equal(0);
      const again = escalateButton(el)!;
      expect(again.textContent!.trim()).to.equal('I still need help');
      expect(again.getAttribute('aria-disabled')).to.equal('false');
      expect(el.shadowRoot!.activeElement).to.equal(again);
      expect(el.shadowRoot!.querySelector('#escalation')).to.equal(null);
      await until(() => liveText(el).includes('not sent to support'), 'announced');
      await expect(el).to.be.accessible();
    });
  }

  it('meets contrast in the light and dark themes: marks, button and hint', async () => {
    const adapter = createMemoryAdapter({
      site: 'test',
      storage: null,
      escalationAskerAfter: 0,
      seed: {
        members: [ben_],
        questions: [
          seeded('q_open', 'Still with support', {
            escalatedAt: '2025-01-02T00:00:00.000Z',
            escalatedBy: 'schedule',
          }),
          seeded('q_done', 'Support answered', {
            escalatedAt: '2025-01-02T00:00:00.000Z',
            escalatedBy: 'schedule',
            escalationResolvedAt: '2025-01-03T00:00:00.000Z',
          }),
        ],
      },
    });
    await adapter.askQuestion({ topic: 'marks', title: 'Mine', body: '' }, ctx(ada()));
    for (const theme of ['light', 'dark']) {
      history.replaceState(null, '', location.pathname);
      const { el, scope } = await mount<KithQa>(
        adapter,
        html`<kith-qa topic="marks" theme=${theme}></kith-qa>`,
        ada(),
      );
      await until(() => $$(el, '[part="escalated"]').length === 2, 'marks in the list');
      await expect(el).to.be.accessible();
      await openQuestion(el, 'Support answered');
      await expect(el).to.be.accessible();
      await click(button(el, /All questions/));
      await openQuestion(el, 'Mine');
      await until(() => escalateButton(el), 'the button');
      await expect(el).to.be.accessible();
      scope.remove();
    }
  });

  it('speaks German', async () => {
    const adapter = escalating();
    const q = await adapter.askQuestion({ topic: 'de', title: 'Hilfe', body: '' }, ctx(ada()));
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const { el } = await mount<KithQa>(
      adapter,
      html`<kith-qa topic="de" locale="de"></kith-qa>`,
      ada(),
    );
    await until(
      () => escalateButton(el)?.textContent!.trim() === 'Ich brauche noch Hilfe',
      'German button',
    );
    await click(escalateButton(el)!);
    const note = await until(() => el.shadowRoot?.querySelector('#escalation'), 'escalated');
    expect(note.textContent).to.contain('An den Support übergeben');
  });
});
