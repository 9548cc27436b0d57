import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { configure } from '../../src/core/config.js';
import type { KithQa } from '../../src/elements/qa/qa.element.js';
import { Kith } from '../../src/kith-api.js';
import { countingAdapter } from '../support/counting-adapter.js';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
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
  typeInto,
  until,
} from './helpers.js';

const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });

async function seedQuestions(adapter: MemoryAdapter, topic: string, count: number) {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const q = await adapter.askQuestion(
      { topic, title: `Question number ${i} about zips`, body: `Body ${i}` },
      ctx(ben()),
    );
    ids.push(q.id);
  }
  return ids;
}

/**
 * Waits for the author chips' card read (one batched `members` read), so that a failure simulated
 * next hits the write under test rather than that read.
 */
function authorCardsRead(el: Element) {
  type Chip = HTMLElement & { card?: { value?: { status: string } } };
  return until(() => {
    const chips = $$(el, 'kith-badge') as Chip[];
    return chips.length && chips.every((c) => c.card?.value && c.card.value.status !== 'loading');
  }, 'author cards read');
}

function shown(el: Element, selector: string): string[] {
  return $$(el, selector).map((n) => n.textContent!.trim());
}

describe('<kith-qa>', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  describe('accessibility', () => {
    it('has no axe violations when empty, listing, reading a thread, and signed out', async () => {
      const adapter = memory();
      const [id] = await seedQuestions(adapter, 'a11y', 2);
      await adapter.postAnswer({ questionId: id!, body: 'Yes, **it is**.' }, ctx(sam()));
      const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="a11y"></kith-qa>`, ada());
      await until(() => $$(el, '.question').length === 2, 'list');
      await expect(el).to.be.accessible();
      await click(
        $$(el, '.question-title').find((t) => t.textContent === 'Question number 1 about zips')!,
      );
      await until(() => $$(el, '.answer').length === 1, 'thread');
      await expect(el).to.be.accessible();

      const signedOut = await mount<KithQa>(adapter, html`<kith-qa topic="none"></kith-qa>`);
      await until(() => signedOut.el.shadowRoot?.querySelector('.empty'), 'empty');
      await expect(signedOut.el).to.be.accessible();
    });

    it('meets contrast and has no violations in the light and dark themes', async () => {
      const adapter = memory();
      const [id] = await seedQuestions(adapter, 'themes', 1);
      await adapter.postAnswer({ questionId: id!, body: 'An answer' }, ctx(sam()));
      for (const theme of ['light', 'dark']) {
        history.replaceState(null, '', location.pathname);
        const { el } = await mount<KithQa>(
          adapter,
          html`<kith-qa topic="themes" theme=${theme}></kith-qa>`,
          ada(),
        );
        await until(() => $$(el, '.question').length === 1, 'list');
        expect($(el, '.base').classList.contains(`theme-${theme}`)).to.equal(true);
        await expect(el).to.be.accessible();
        await click($(el, '.question-title'));
        await until(() => $$(el, '.answer').length === 1, 'thread');
        await expect(el).to.be.accessible();
      }
    });

    it('shows the error state with a retry button, accessibly, and recovers', async () => {
      const adapter = memory();
      await seedQuestions(adapter, 'err', 1);
      adapter.simulate({ offline: true });
      const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="err"></kith-qa>`);
      const alert = await until(() => el.shadowRoot?.querySelector('.state-error'), 'error');
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(alert.textContent).to.contain('could not be loaded');
      await expect(el).to.be.accessible();
      adapter.simulate({ offline: false });
      await click(button(el, 'Try again'));
      await until(() => $$(el, '.question').length === 1, 'list after retry');
    });

    it('reserves height with a skeleton while loading', async () => {
      const adapter = memory();
      adapter.simulate({ latency: 400 });
      const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="slow"></kith-qa>`);
      const skeleton = await until(
        () => el.shadowRoot?.querySelector('.skeleton-list'),
        'skeleton',
      );
      expect(skeleton.getAttribute('aria-busy')).to.equal('true');
      expect(skeleton.getBoundingClientRect().height).to.be.greaterThan(150);
      await expect(el).to.be.accessible();
      await until(() => el.shadowRoot?.querySelector('.empty'), 'empty after load');
    });
  });

  it('shows similar questions while a question is typed, before it is posted', async () => {
    const adapter = memory();
    await adapter.askQuestion(
      { topic: 'search', title: 'Does the zipper rust in salt water?', body: '' },
      ctx(ben()),
    );
    await adapter.askQuestion({ topic: 'search', title: 'How heavy is it?', body: '' }, ctx(ben()));
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="search"></kith-qa>`, ada());
    await until(() => $$(el, '.question').length === 2, 'list');
    await typeInto($(el, '#ask-title'), 'zipper rust');
    const similar = await until(() => {
      const links = $$(el, '.similar-list a');
      return links.length ? links : null;
    }, 'similar list');
    expect(similar.map((a) => a.textContent!.trim())).to.deep.equal([
      'Does the zipper rust in salt water?',
    ]);
    const status = $(el, '[role="status"]');
    await until(() => status.textContent!.includes('1 similar question found'), 'announcement');
    await click(similar[0]!);
    await until(
      () =>
        el.shadowRoot?.querySelector('#thread-heading')?.textContent ===
        'Does the zipper rust in salt water?',
      'opened',
    );
  });

  it('lets a signed-in customer ask, then answer, and fires events', async () => {
    const adapter = memory();
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="t1"></kith-qa>`, ada());
    const asked: unknown[] = [];
    const answered: unknown[] = [];
    el.addEventListener('kith-question-asked', (e) => asked.push(e.detail.question.title));
    el.addEventListener('kith-answer-posted', (e) => answered.push(e.detail.answer.questionId));
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty state');
    await typeInto($(el, '#ask-title'), 'Is it waterproof?');
    await until(() => el.shadowRoot?.querySelector('#ask-body'), 'body editor');
    await typeInto($(el, '#ask-body'), 'Going to **Scotland**.');
    await click(button(el, 'Post question'));
    const heading = await until(() => el.shadowRoot?.querySelector('#thread-heading'), 'thread');
    expect(heading.textContent).to.equal('Is it waterproof?');
    expect(el.shadowRoot!.activeElement).to.equal(heading);
    expect($(el, '.post-body').innerHTML).to.contain('<strong>Scotland</strong>');
    expect(location.hash).to.match(/^#kith-question-q_/);
    expect(asked).to.deep.equal(['Is it waterproof?']);

    await typeInto($(el, '#answer-body'), 'Mine survived a storm.');
    await click(button(el, 'Post answer'));
    const answer = await until(() => el.shadowRoot?.querySelector('.answer'), 'answer');
    expect(answer.textContent).to.contain('Mine survived a storm.');
    expect(el.shadowRoot!.activeElement).to.equal(answer);
    expect(answered).to.have.length(1);
    expect(($(el, '#answer-body') as HTMLTextAreaElement).value).to.equal('');

    await click(button(el, /All questions/));
    const item = await until(() => $$(el, '.question')[0], 'list');
    expect(item.textContent).to.contain('Is it waterproof?');
    expect(item.querySelector('.stat:nth-child(2) strong')!.textContent).to.equal('1');
  });

  it('tells a new member, under their post and aloud, that links and images were posted as text', async () => {
    const asText =
      'Your links and images were posted as text. They work once you have taken part a little more.';
    const adapter = memory();
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="links"></kith-qa>`, ada());
    const status = await until(() => el.shadowRoot?.querySelector('[role="status"]'), 'status');
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty state');
    await typeInto($(el, '#ask-title'), 'Which strap?');
    await until(() => el.shadowRoot?.querySelector('#ask-body'), 'body editor');
    await typeInto($(el, '#ask-body'), 'Like [this one](https://shop.example/strap)?');
    await click(button(el, 'Post question'));
    const notice = await until(
      () => el.shadowRoot?.querySelector('.post [part="notice"]'),
      'notice',
    );
    expect(notice.textContent!.trim()).to.equal(asText);
    const body = $(el, '.post .post-body');
    expect(body.textContent).to.contain('Like this one (https://shop.example/strap)?');
    expect(body.querySelector('a')).to.equal(null);
    await until(
      () => status.textContent!.includes(`Your question was posted. ${asText}`),
      'announced',
    );
    await expect(el).to.be.accessible();

    // From the first post on, links stay links, and nothing more is said.
    await typeInto($(el, '#answer-body'), 'Or [that one](https://shop.example/other).');
    await click(button(el, 'Post answer'));
    const answer = await until(() => el.shadowRoot?.querySelector('.answer'), 'answer');
    expect(answer.querySelector('.post-body a')!.getAttribute('href')).to.equal(
      'https://shop.example/other',
    );
    await until(() => status.textContent!.includes('Your answer was posted.'), 'posted');
    expect(status.textContent).not.to.contain(asText);
    expect($$(el, '[part="notice"]')).to.have.length(0);

    // A new member's answer: the notice is under it.
    const other = await mount<KithQa>(adapter, html`<kith-qa topic="links"></kith-qa>`, ben());
    await until(() => $$(other.el, '.question-title')[0], 'list');
    await click($$(other.el, '.question-title')[0]!);
    await until(() => other.el.shadowRoot?.querySelector('#answer-body'), 'answer form');
    await typeInto($(other.el, '#answer-body'), '![A photo of mine](https://img.example/p.jpg)');
    await click(button(other.el, 'Post answer'));
    const mine = await until(
      () => $$(other.el, '.answer').find((a) => a.querySelector('[part="notice"]')),
      'notice under the answer',
    );
    expect(mine.querySelector('.post-body')!.textContent!.trim()).to.equal('A photo of mine');
    const otherStatus = $(other.el, '[role="status"]');
    await until(
      () => otherStatus.textContent!.includes(`Your answer was posted. ${asText}`),
      'announced',
    );
  });

  it('works by keyboard alone: type, tab to the button, press Enter', async () => {
    const adapter = memory();
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="kb"></kith-qa>`, ada());
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty');
    $(el, '#ask-title').focus();
    const { sendKeys } = await import('@web/test-runner-commands');
    await sendKeys({ type: 'Keyboard only question' });
    await until(() => el.shadowRoot?.querySelector('#ask-body'), 'editor');
    // Tab order: Write, Preview, textarea, Post.
    await press('Tab');
    await press('Tab');
    await press('Tab');
    await sendKeys({ type: 'typed with keys' });
    await press('Tab');
    expect(el.shadowRoot!.activeElement!.textContent!.trim()).to.equal('Post question');
    await press('Enter');
    await until(
      () =>
        el.shadowRoot?.querySelector('#thread-heading')?.textContent === 'Keyboard only question',
      'posted',
    );
    // Back to the list by keyboard: the heading has focus; before it come the vote buttons.
    await press('Shift+Tab');
    await press('Shift+Tab');
    await press('Shift+Tab');
    expect(el.shadowRoot!.activeElement!.textContent).to.contain('All questions');
    await press('Enter');
    await until(() => $$(el, '.question').length === 1, 'back to the list');
  });

  it('votes up and down as toggles, fires kith-vote after the acknowledgement', async () => {
    const adapter = memory();
    const [id] = await seedQuestions(adapter, 'votes', 1);
    const answer = await adapter.postAnswer({ questionId: id!, body: 'Use wax.' }, ctx(sam()));
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="votes"></kith-qa>`, ada());
    const votes: unknown[] = [];
    el.addEventListener('kith-vote', (e) => votes.push(e.detail));
    await until(() => $$(el, '.question-title').length, 'list');
    await click($(el, '.question-title'));
    const up = await until(
      () => el.shadowRoot?.querySelector<HTMLElement>('.answer .vote-up'),
      'answer',
    );
    expect(up.getAttribute('aria-pressed')).to.equal('false');
    expect(up.getAttribute('aria-label')).to.equal('Upvote, score 0');
    await click(up);
    await until(() => votes.length === 1, 'vote event');
    expect(votes[0]).to.deep.equal({ targetType: 'answer', targetId: answer.id, value: 1 });
    const upAfter = $(el, '.answer .vote-up');
    expect(upAfter.getAttribute('aria-pressed')).to.equal('true');
    expect(upAfter.getAttribute('aria-label')).to.equal('Upvote, score 1');
    expect($(el, '.answer .score').textContent).to.equal('1');

    await click($(el, '.answer .vote-down'));
    await until(() => votes.length === 2, 'second vote');
    expect($(el, '.answer .score').textContent).to.equal('-1');
    expect($(el, '.answer .vote-up').getAttribute('aria-pressed')).to.equal('false');
    expect($(el, '.answer .vote-down').getAttribute('aria-pressed')).to.equal('true');

    await click($(el, '.answer .vote-down'));
    await until(() => votes.length === 3, 'withdrawn');
    expect(votes[2]).to.deep.include({ value: 0 });
    expect($(el, '.answer .score').textContent).to.equal('0');
    // The backend agrees.
    const [outcome] = await adapter.read([{ kind: 'thread', questionId: id!, answerLimit: 5 }], {
      token: ada(),
    });
    expect(outcome!.ok && outcome.data).to.have.nested.property('answers.items[0].score', 0);
  });

  it('rolls a failed vote back and announces the error', async () => {
    const adapter = memory();
    const [id] = await seedQuestions(adapter, 'vfail', 1);
    await adapter.postAnswer({ questionId: id!, body: 'Hmm.' }, ctx(sam()));
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="vfail"></kith-qa>`, ada());
    const errors: string[] = [];
    el.addEventListener('kith-error', (e) => errors.push(e.detail.action));
    let voteEvents = 0;
    el.addEventListener('kith-vote', () => voteEvents++);
    await until(() => $$(el, '.question-title').length, 'list');
    await click($(el, '.question-title'));
    const up = await until(
      () => el.shadowRoot?.querySelector<HTMLElement>('.answer .vote-up'),
      'answer',
    );
    await authorCardsRead(el);
    adapter.simulate({ latency: 150, failNext: 1 });
    await click(up);
    // Optimistic first…
    expect($(el, '.answer .score').textContent).to.equal('1');
    // …then rolled back.
    await until(() => errors.length === 1, 'error event');
    expect($(el, '.answer .score').textContent).to.equal('0');
    expect($(el, '.answer .vote-up').getAttribute('aria-pressed')).to.equal('false');
    expect($(el, '[role="status"]').textContent).to.contain('Your vote was not saved');
    expect(voteEvents).to.equal(0);
  });

  it('refuses voting on your own post with a clear message', async () => {
    const adapter = memory();
    await adapter.askQuestion({ topic: 'own', title: 'My own question', body: '' }, ctx(ada()));
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="own"></kith-qa>`, ada());
    await until(() => $$(el, '.question-title').length, 'list');
    await click($(el, '.question-title'));
    const up = await until(
      () => el.shadowRoot?.querySelector<HTMLElement>('.post .vote-up'),
      'thread',
    );
    await click(up);
    const error = await until(() => el.shadowRoot?.querySelector('.thread > .error'), 'error');
    // The backend's reason, not a generic "not allowed".
    expect(error.textContent).to.contain('You cannot vote on your own post.');
    expect($(el, '.post .score').textContent).to.equal('0');
  });

  it('lets the asker accept an answer, pins it first, and un-accept it', async () => {
    const adapter = memory();
    const q = await adapter.askQuestion(
      { topic: 'acc', title: 'Which size?', body: '' },
      ctx(ada()),
    );
    await adapter.postAnswer({ questionId: q.id, body: 'First answer' }, ctx(ben()));
    const second = await adapter.postAnswer(
      { questionId: q.id, body: 'Second answer' },
      ctx(sam()),
    );
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="acc"></kith-qa>`, ada());
    const accepted: unknown[] = [];
    el.addEventListener('kith-answer-accepted', (e) => accepted.push(e.detail));
    await until(() => $$(el, '.question-title').length, 'list');
    await click($(el, '.question-title'));
    await until(() => $$(el, '.answer').length === 2, 'answers');
    expect(shown(el, '.answer .post-body')).to.deep.equal(['First answer', 'Second answer']);
    // Staff answers are marked.
    // The author is a <kith-badge>: the role mark is what its chip shows.
    const staff = $$(el, '.answer')[1]!.querySelector('kith-badge')!;
    await until(() => staff.shadowRoot?.querySelector('.role-mark'), 'staff chip');
    expect(staff.shadowRoot!.querySelector('.role-mark')!.textContent!.trim()).to.equal('Staff');
    const acceptSecond = $$(el, '.answer')[1]!.querySelector<HTMLElement>('.accept')!;
    expect(acceptSecond.getAttribute('aria-pressed')).to.equal('false');
    await click(acceptSecond);
    await until(() => accepted.length === 1, 'accepted event');
    expect(accepted[0]).to.deep.equal({ questionId: q.id, answerId: second.id });
    expect(shown(el, '.answer .post-body')).to.deep.equal(['Second answer', 'First answer']);
    expect($$(el, '.answer')[0]!.querySelector('.accepted-mark')).to.exist;
    expect($$(el, '.answer')[0]!.getAttribute('part')).to.equal('answer accepted');
    await click($$(el, '.answer')[0]!.querySelector<HTMLElement>('.accept')!);
    await until(() => accepted.length === 2, 'un-accepted');
    expect(el.shadowRoot!.querySelector('.accepted-mark')).to.equal(null);
  });

  it('lets a member report an answer and staff hide it: it leaves the thread and the count', async () => {
    const adapter = memory();
    const q = await adapter.askQuestion(
      { topic: 'mod', title: 'Rain cover?', body: '' },
      ctx(ada()),
    );
    const spam = await adapter.postAnswer(
      { questionId: q.id, body: 'Buy cheap pills' },
      ctx(ben()),
    );
    await adapter.postAnswer({ questionId: q.id, body: 'It is under the base.' }, ctx(sam()));
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const flags: unknown[] = [];
    document.addEventListener('kith-flag', (e) => flags.push((e as CustomEvent).detail));
    const reporter = await mount<KithQa>(adapter, html`<kith-qa topic="mod"></kith-qa>`, ada());
    await until(() => $$(reporter.el, '.answer').length === 2, 'thread');
    const answer = () => $(reporter.el, `[data-answer-id="${spam.id}"]`);
    // Ada's own question has no Report button; the answers do.
    expect($(reporter.el, '.post').querySelector('.post-actions button')).to.equal(null);
    await click(button(reporter.el, 'Report'));
    await until(() => $$(reporter.el, '#flag-reason-spam').length, 'the report form');
    await click(button(reporter.el, 'Send report'));
    await until(() => answer().querySelector('.flag-done'), 'reported');
    expect(flags).to.deep.equal([{ targetType: 'answer', targetId: spam.id, reason: 'spam' }]);

    const staff = await mount<KithQa>(adapter, html`<kith-qa topic="mod"></kith-qa>`, sam());
    await until(() => $$(staff.el, '.answer').length === 2, 'thread for staff');
    const hide = [...$(staff.el, `[data-answer-id="${spam.id}"]`).querySelectorAll('button')].find(
      (b) => b.textContent!.trim() === 'Hide',
    )!;
    await click(hide);
    await until(() => $$(staff.el, '#hide-reason').length, 'the hide form');
    await click(button(staff.el, 'Hide it'));
    await until(() => $$(staff.el, '#hide-error').length, 'a reason is required');
    await typeInto($(staff.el, '#hide-reason'), 'Spam');
    await click(button(staff.el, 'Hide it'));
    await until(() => $$(staff.el, '.answer').length === 1, 'hidden answer gone');
    const read = await adapter.read([{ kind: 'thread', questionId: q.id, answerLimit: 10 }], {});
    expect(
      read[0]!.ok && (read[0]!.data as { question: { answerCount: number } }).question.answerCount,
    ).to.equal(1);
  });

  it('shows no accept button to another customer, but does to staff', async () => {
    const adapter = memory();
    const q = await adapter.askQuestion({ topic: 'acc2', title: 'Colour?', body: '' }, ctx(ada()));
    await adapter.postAnswer({ questionId: q.id, body: 'Blue' }, ctx(ben()));
    history.replaceState(null, '', `#kith-question-${q.id}`);
    const other = await mount<KithQa>(adapter, html`<kith-qa topic="acc2"></kith-qa>`, ben());
    await until(() => $$(other.el, '.answer').length === 1, 'deep-linked thread');
    expect($$(other.el, '.accept')).to.have.length(0);
    const staff = await mount<KithQa>(adapter, html`<kith-qa topic="acc2"></kith-qa>`, sam());
    await until(() => $$(staff.el, '.answer').length === 1, 'thread for staff');
    expect($$(staff.el, '.accept')).to.have.length(1);
  });

  it('keeps the draft when posting fails, posts once on retry and on a double click', async () => {
    const adapter = memory();
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="fail"></kith-qa>`, ada());
    const errors: string[] = [];
    el.addEventListener('kith-error', (e) => errors.push(e.detail.code));
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty');
    await typeInto($(el, '#ask-title'), 'Will this survive an outage?');
    adapter.simulate({ offline: true });
    await click(button(el, 'Post question'));
    const alert = await until(() => el.shadowRoot?.querySelector('#ask-error'), 'error');
    expect(alert.textContent).to.contain('could not be reached');
    expect(alert.textContent).to.contain('kept as a draft');
    expect(errors).to.deep.equal(['network']);
    expect(($(el, '#ask-title') as HTMLInputElement).value).to.equal(
      'Will this survive an outage?',
    );

    adapter.simulate({ offline: false, latency: 200 });
    const post = button(el, 'Post question');
    await click(post);
    await click(post); // a double click
    await until(() => el.shadowRoot?.querySelector('#thread-heading'), 'posted');
    const [outcome] = await adapter.read(
      [{ kind: 'questions', topic: 'fail', sort: 'newest', limit: 10 }],
      {},
    );
    expect(outcome!.ok && (outcome.data as { total: number }).total).to.equal(1);
  });

  it('keeps a typed draft across a reload (a new element)', async () => {
    const adapter = memory();
    const first = await mount<KithQa>(adapter, html`<kith-qa topic="draft"></kith-qa>`, ada());
    await until(() => first.el.shadowRoot?.querySelector('.empty'), 'empty');
    await typeInto($(first.el, '#ask-title'), 'Half-written question');
    first.scope.remove();
    const second = await mount<KithQa>(adapter, html`<kith-qa topic="draft"></kith-qa>`, ada());
    const input = await until(
      () => second.el.shadowRoot?.querySelector<HTMLInputElement>('#ask-title'),
      'input',
    );
    await until(() => input.value === 'Half-written question', 'restored draft');
    // Another member does not see it.
    const third = await mount<KithQa>(adapter, html`<kith-qa topic="draft"></kith-qa>`, ben());
    await until(() => third.el.shadowRoot?.querySelector('.empty'), 'empty');
    expect(($(third.el, '#ask-title') as HTMLInputElement).value).to.equal('');
  });

  it('shows field errors for invalid input and loses nothing', async () => {
    const adapter = memory();
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="val"></kith-qa>`, ada());
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty');
    await typeInto($(el, '#ask-title'), '   ');
    await until(() => el.shadowRoot?.querySelector('#ask-body'), 'editor');
    await typeInto($(el, '#ask-body'), 'body kept');
    await click(button(el, 'Post question'));
    const error = await until(
      () => el.shadowRoot?.querySelector('#ask-title-error'),
      'field error',
    );
    expect(error.textContent).to.contain('Please write your question');
    expect($(el, '#ask-title').getAttribute('aria-invalid')).to.equal('true');
    expect(($(el, '#ask-body') as HTMLTextAreaElement).value).to.equal('body kept');
  });

  it('paginates with "show more" and moves focus to the first new question', async () => {
    const adapter = memory();
    await seedQuestions(adapter, 'pages', 7);
    const { el } = await mount<KithQa>(
      adapter,
      html`<kith-qa topic="pages" sort="newest" page-size="3"></kith-qa>`,
    );
    await until(() => $$(el, '.question').length === 3, 'first page');
    expect(shown(el, '.question-title')[0]).to.equal('Question number 7 about zips');
    await click(button(el, 'Show more questions'));
    await until(() => $$(el, '.question').length === 6, 'second page');
    expect(el.shadowRoot!.activeElement!.textContent).to.equal('Question number 4 about zips');
    await click(button(el, 'Show more questions'));
    await until(() => $$(el, '.question').length === 7, 'last page');
    expect(() => button(el, 'Show more questions')).to.throw();
  });

  it('sorts by newest, top and unanswered', async () => {
    const adapter = memory();
    const [a, b, c] = await seedQuestions(adapter, 'sorts', 3);
    await adapter.vote({ targetType: 'question', targetId: a!, value: 1 }, ctx(ada()));
    await adapter.postAnswer({ questionId: b!, body: 'answered' }, ctx(ada()));
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="sorts"></kith-qa>`);
    await until(() => $$(el, '.question').length === 3, 'list');
    const title = (id: string) => `Question number ${[a, b, c].indexOf(id) + 1} about zips`;
    await click(button(el, 'Top'));
    await until(() => shown(el, '.question-title')[0] === title(a!), 'top');
    expect(button(el, 'Top').getAttribute('aria-pressed')).to.equal('true');
    await click(button(el, 'Unanswered'));
    await until(() => $$(el, '.question').length === 2, 'unanswered');
    expect(shown(el, '.question-title')).to.not.include(title(b!));
    await click(button(el, 'Newest'));
    await until(() => shown(el, '.question-title')[0] === title(c!), 'newest');
  });

  it('invites signed-out visitors to sign in instead of posting or voting', async () => {
    const adapter = memory();
    await seedQuestions(adapter, 'anon', 1);
    const { el } = await mount<KithQa>(
      adapter,
      html`<kith-qa topic="anon" sign-in-url="/login"></kith-qa>`,
    );
    const requests: unknown[] = [];
    el.addEventListener('kith-sign-in-requested', (e) => {
      requests.push(e.detail);
      e.preventDefault();
    });
    await until(() => $$(el, '.question').length === 1, 'list');
    const link = $(el, '.sign-in a') as HTMLAnchorElement;
    expect(link.href).to.equal(new URL('/login', location.href).href);
    await click($(el, '.question-title'));
    const up = await until(
      () => el.shadowRoot?.querySelector<HTMLElement>('.post .vote-up'),
      'thread',
    );
    await click(up);
    expect(requests).to.deep.equal([{ signInUrl: link.href, action: 'vote' }]);
    expect($(el, '.post .score').textContent).to.equal('0');
    expect(el.shadowRoot!.querySelector('#answer-body')).to.equal(null);
    expect($(el, '.sign-in').textContent).to.contain('Sign in to ask');
  });

  it('shows a configuration error instead of silently using a fallback', async () => {
    const el = await fixture<KithQa>(html`<kith-qa topic="x"></kith-qa>`);
    const error = await until(() => el.shadowRoot?.querySelector('.config-error'), 'config error');
    expect(error.textContent).to.contain('no community server is set');
    await expect(el).to.be.accessible();
  });

  it('warns once about an invalid attribute and uses the default', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const adapter = memory();
      await seedQuestions(adapter, 'warn', 2);
      const { el } = await mount<KithQa>(
        adapter,
        html`<kith-qa topic="warn" sort="sideways" page-size="lots"></kith-qa>`,
      );
      await until(() => $$(el, '.question').length === 2, 'list');
      expect(button(el, 'Active').getAttribute('aria-pressed')).to.equal('true');
      expect(warnings.filter((w) => w.includes('sort="sideways"'))).to.have.length(1);
      expect(warnings.filter((w) => w.includes('page-size="lots"'))).to.have.length(1);
    } finally {
      console.warn = original;
    }
  });

  it('shows the empty state for an unknown topic', async () => {
    const adapter = memory();
    await seedQuestions(adapter, 'known', 1);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="never-seen"></kith-qa>`);
    const empty = await until(() => el.shadowRoot?.querySelector('.empty'), 'empty');
    expect(empty.textContent).to.contain('No questions yet');
  });

  it('opens a question from the URL hash', async () => {
    const adapter = memory();
    const [, second] = await seedQuestions(adapter, 'hash', 2);
    history.replaceState(null, '', `#kith-question-${second}`);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="hash"></kith-qa>`);
    await until(
      () =>
        el.shadowRoot?.querySelector('#thread-heading')?.textContent ===
        'Question number 2 about zips',
      'thread from hash',
    );
  });

  it('follows Kith.identify() and Kith.signOut() without a reload; sign-out forgets drafts', async () => {
    const adapter = memory();
    const el = await fixture<KithQa>(html`<kith-qa topic="ident"></kith-qa>`);
    Kith.configure({ adapter });
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty');
    expect(el.shadowRoot!.querySelector('.sign-in')).to.exist;
    Kith.identify(ada());
    await until(() => !el.shadowRoot?.querySelector('.sign-in'), 'signed in');
    await typeInto($(el, '#ask-title'), 'Draft to forget');
    expect(Object.keys(localStorage).some((k) => k.startsWith('kith:draft:'))).to.equal(true);
    Kith.signOut();
    await until(() => el.shadowRoot?.querySelector('.sign-in'), 'signed out');
    expect(Object.keys(localStorage).some((k) => k.startsWith('kith:draft:'))).to.equal(false);
  });

  it('fires kith-auth-expired on an expired token, keeps the draft and posts after identify()', async () => {
    const adapter = memory();
    const el = await fixture<KithQa>(html`<kith-qa topic="exp"></kith-qa>`);
    const past = Math.floor(Date.now() / 1000) - 10;
    // The token looks valid to the page (exp checked by the server, here the memory adapter).
    Kith.configure({ adapter });
    Kith.identify(token('m_ada', 'Ada', ['customer'], { exp: past + 5 }));
    const expired: unknown[] = [];
    el.addEventListener('kith-auth-expired', (e) => expired.push(e.detail));
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty');
    // The page believes the member is signed in only while the token is fresh: sign in again.
    Kith.identify(token('m_ada', 'Ada', ['customer'], { exp: past + 3600 }));
    await until(() => el.shadowRoot?.querySelector('#ask-title'), 'form');
    await typeInto($(el, '#ask-title'), 'Posted after re-auth');
    // The server now says the token expired.
    const realAsk = adapter.askQuestion.bind(adapter);
    let calls = 0;
    adapter.askQuestion = async (input, c) => {
      calls++;
      if (calls === 1) {
        const { UnauthorizedError } = await import('../../src/core/errors.js');
        throw new UnauthorizedError('expired', { expired: true });
      }
      return realAsk(input, c);
    };
    await click(button(el, 'Post question'));
    await until(() => expired.length === 1, 'auth expired event');
    expect($(el, '#ask-error').textContent).to.contain('session has expired');
    expect(($(el, '#ask-title') as HTMLInputElement).value).to.equal('Posted after re-auth');
    Kith.identify(ada());
    await until(() => el.shadowRoot?.querySelector('#thread-heading'), 'retried after identify');
    expect(calls).to.equal(2);
  });

  it('speaks German with locale="de"', async () => {
    const adapter = memory();
    await seedQuestions(adapter, 'de', 2);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="de" locale="de"></kith-qa>`);
    await until(() => $(el, 'h2').textContent === 'Fragen & Antworten', 'German heading');
    await until(() => $$(el, '.question').length === 2, 'list');
    expect(button(el, 'Neueste')).to.exist;
    expect($(el, '.base').getAttribute('lang')).to.equal('de');
  });

  it('coalesces the reads of three elements into one adapter call', async () => {
    const inner = memory();
    await seedQuestions(inner, 'c1', 1);
    const { adapter: counting, reads: calls } = countingAdapter(inner);
    const scope = await fixture<HTMLElement>(
      html`<kith-community site="test" .adapter=${counting}>
        <kith-qa topic="c1"></kith-qa><kith-qa topic="c2"></kith-qa><kith-qa topic="c3"></kith-qa>
      </kith-community>`,
    );
    const els = [...scope.querySelectorAll('kith-qa')];
    await until(
      () => els.every((e) => e.shadowRoot?.querySelector('.question, .empty')),
      'all three loaded',
    );
    // The authors' cards are read after the questions arrive (their ids come with them): one more call.
    const lists = calls.filter((c) => c.some((r) => r.kind !== 'members'));
    expect(lists).to.have.length(1);
    // The compose forms' community info (guidelines, guests) comes in the same call, asked once.
    expect(lists[0]!.map((r) => (r.kind === 'questions' ? r.topic : r.kind))).to.deep.equal([
      'community',
      'c1',
      'c2',
      'c3',
    ]);
    await until(() => calls.length === 2, "the authors' cards");
    expect(calls[1]!.map((r) => r.kind)).to.deep.equal(['members']);
  });
});
