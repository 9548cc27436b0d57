/**
 * What every compose form has besides its text (`common/compose-fields.ts`): the site's community
 * guidelines, the spam guards (honeypot, minimum time), guest posting where the site allows it, and
 * `kith-impression` from every element. Memory adapter, real Chromium, real keys and clicks.
 */
import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { createMemoryAdapter, type MemoryAdapterOptions } from '../../src/adapters/memory.js';
import { configure } from '../../src/core/config.js';
import type { KithEvent } from '../../src/core/events.js';
import type { Page, Question } from '../../src/core/types.js';
import '../../src/elements/ideas/ideas.js';
import '../../src/elements/rating/rating.js';
import '../../src/elements/reviews/reviews.js';
import type { KithStarInput } from '../../src/elements/star-input/star-input.element.js';
import { $, $$, ada, ben, button, click, mount, press, typeInto, until } from './helpers.js';

const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
const GUIDELINES = 'Be kind and stay on topic.\n\nNo <b>ads</b>, no\nlinks to shops.';
const NOT_ACCEPTED = 'This post could not be accepted.';
const TOO_FAST = 'That was fast — please take a moment to check your post and send it again.';
const HELD = 'Thanks — your post will appear once a moderator has approved it.';

function adapterWith(options: MemoryAdapterOptions = {}) {
  return createMemoryAdapter({ site: 'test', storage: null, ...options });
}

const liveText = (el: Element) => $(el, '[role="status"]').textContent!;
/** The form holding the compose fields with the id prefix `id`, once they have arrived. */
const composeForm = (el: Element, id: string) =>
  until(
    () => el.shadowRoot?.querySelector(`#${id}-website`)?.closest('form'),
    `the compose fields of ${id}`,
  );

/**
 * Every compose form of Q&A, ideas and reviews, opened by a member as they would: the ask and idea
 * forms by typing a title, the answer and comment forms by opening a post, the review form by its
 * button. Resolves with each form once its compose fields are in.
 */
async function openEveryForm(options: MemoryAdapterOptions): Promise<Record<string, Element>> {
  const adapter = adapterWith(options);
  await adapter.askQuestion({ topic: 'fit', title: 'Does it fit a laptop?', body: '' }, ctx(ben()));
  await adapter.ideas.submitIdea({ board: 'trail', title: 'A rain cover', body: '' }, ctx(ben()));
  const forms: Record<string, Element> = {};

  const qa = (await mount(adapter, html`<kith-qa topic="fit"></kith-qa>`, ada())).el;
  await typeInto($(qa, '#ask-title'), 'Is it waterproof?');
  forms.ask = await composeForm(qa, 'ask-body');
  await click(await until(() => qa.shadowRoot?.querySelector('.question-title'), 'question'));
  forms.answer = await composeForm(qa, 'answer-body');

  const ideas = (await mount(adapter, html`<kith-ideas board="trail"></kith-ideas>`, ada())).el;
  await typeInto($(ideas, '#idea-title'), 'A hip belt pocket');
  forms.idea = await composeForm(ideas, 'idea-body');
  await click(await until(() => ideas.shadowRoot?.querySelector('.idea-title'), 'idea'));
  forms.comment = await composeForm(ideas, 'comment-body');

  const reviews = (await mount(adapter, html`<kith-reviews product="p1"></kith-reviews>`, ada()))
    .el;
  // Enabled once the member's controls (their own chunk) are in.
  await click(
    await until(
      () => $$(reviews, '#write-review').find((b) => !(b as HTMLButtonElement).disabled),
      'Write a review',
    ),
  );
  forms.review = await composeForm(reviews, 'review');
  return forms;
}

describe('compose forms', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  describe('community guidelines', () => {
    it('are in the ask, answer, idea, comment and review forms, as text, paragraph by paragraph', async () => {
      const forms = await openEveryForm({ guidelines: GUIDELINES });
      expect(Object.keys(forms)).to.deep.equal(['ask', 'answer', 'idea', 'comment', 'review']);
      for (const [name, form] of Object.entries(forms)) {
        const guidelines = form.querySelector('details.guidelines');
        expect(guidelines, `${name} form`).to.exist;
        expect(guidelines!.querySelector('summary')!.textContent!.trim()).to.equal(
          'Community guidelines',
        );
        const paragraphs = [...guidelines!.querySelectorAll('p')].map((p) => p.textContent);
        expect(paragraphs, name).to.deep.equal([
          'Be kind and stay on topic.',
          'No <b>ads</b>, no\nlinks to shops.',
        ]);
        expect(guidelines!.querySelector('b'), 'never HTML').to.equal(null);
      }
    });

    it('open and close by keyboard, and pass axe', async () => {
      const forms = await openEveryForm({ guidelines: GUIDELINES });
      const form = forms.review!;
      const details = form.querySelector('details')!;
      const el = (form.getRootNode() as ShadowRoot).host;
      expect(details.open).to.equal(false);
      details.querySelector('summary')!.focus();
      await press('Enter');
      expect(details.open).to.equal(true);
      await expect(el).to.be.accessible();
      await press('Space');
      expect(details.open).to.equal(false);
    });

    it('are absent where the site has none', async () => {
      const forms = await openEveryForm({});
      for (const [name, form] of Object.entries(forms)) {
        expect(form.querySelector(`[name="website"]`), `${name}: its compose fields`).to.exist;
        expect(form.querySelector('.guidelines'), name).to.equal(null);
      }
    });
  });

  describe('spam guards', () => {
    it('hide the honeypot from people: off-screen, never reached by Tab, hidden from AT', async () => {
      const adapter = adapterWith({ guidelines: 'Be kind.' });
      const { el } = await mount(adapter, html`<kith-qa topic="hp"></kith-qa>`, ada());
      await typeInto($(el, '#ask-title'), 'Is it waterproof?');
      const form = await composeForm(el, 'ask-body');
      const honeypot = form.querySelector<HTMLInputElement>('[name="website"]')!;
      expect(honeypot.type).to.equal('text');
      expect(honeypot.getAttribute('tabindex')).to.equal('-1');
      expect(honeypot.getAttribute('autocomplete')).to.equal('off');
      expect(honeypot.closest('[aria-hidden="true"]'), 'aria-hidden wrapper').to.exist;
      expect(honeypot.getBoundingClientRect().right, 'off-screen').to.be.below(0);
      // Tab from the title through the whole form: the honeypot is never reached.
      $(el, '#ask-title').focus();
      const reached: Element[] = [];
      for (let i = 0; i < 8; i++) {
        await press('Tab');
        reached.push(el.shadowRoot!.activeElement!);
        if (reached.at(-1)?.textContent?.trim() === 'Post question') break;
      }
      expect(reached.at(-1)?.textContent?.trim(), 'Tab reached the submit button').to.equal(
        'Post question',
      );
      expect(reached).to.include(form.querySelector('summary'));
      expect(reached).not.to.include(honeypot);
      await expect(el).to.be.accessible();
    });

    it('refuse a post whose honeypot a bot filled, showing why and keeping the draft', async () => {
      const adapter = adapterWith();
      const { el } = await mount(adapter, html`<kith-qa topic="bot"></kith-qa>`, ada());
      await typeInto($(el, '#ask-title'), 'Cheap watches here');
      const form = await composeForm(el, 'ask-body');
      await typeInto(await until(() => form.querySelector('textarea'), 'editor'), 'Buy now');
      // What a bot filling every field does: no event, just the value.
      form.querySelector<HTMLInputElement>('[name="website"]')!.value = 'https://spam.example';
      await click(button(el, 'Post question'));
      const error = await until(() => el.shadowRoot?.querySelector('#ask-error'), 'the refusal');
      expect(error.textContent).to.contain(NOT_ACCEPTED);
      expect(error.textContent).to.contain('Your text is kept as a draft.');
      expect(($(el, '#ask-title') as HTMLInputElement).value).to.equal('Cheap watches here');
      expect(($(el, '#ask-body') as HTMLTextAreaElement).value).to.equal('Buy now');
      expect(localStorage.getItem('kith:draft:test:m_ada:question:bot')).to.contain('Buy now');
      const [page] = await adapter.read(
        [{ kind: 'questions', topic: 'bot', sort: 'newest', limit: 10 }],
        { token: null },
      );
      expect(page!.ok && (page.data as Page<Question>).total).to.equal(0);
    });

    it('refuse a post sent too fast, showing why and keeping the draft; it goes once time passed', async () => {
      const adapter = adapterWith({ minSubmitSeconds: 1 });
      const { el } = await mount(adapter, html`<kith-qa topic="fast"></kith-qa>`, ada());
      await typeInto($(el, '#ask-title'), 'Quick one');
      const form = await composeForm(el, 'ask-body');
      await click(button(el, 'Post question'));
      const error = await until(() => el.shadowRoot?.querySelector('#ask-error'), 'the refusal');
      expect(error.textContent).to.contain(TOO_FAST);
      expect(error.textContent).to.contain('Your text is kept as a draft.');
      await until(() => liveText(el).includes(TOO_FAST), 'announced');
      expect(($(el, '#ask-title') as HTMLInputElement).value).to.equal('Quick one');
      expect(form.isConnected).to.equal(true);
      await new Promise((r) => setTimeout(r, 1000));
      await click(button(el, 'Post question'));
      await until(() => el.shadowRoot?.querySelector('#thread-heading'), 'the question opened');
      expect($(el, '#thread-heading').textContent).to.contain('Quick one');
    });
  });

  describe('guests', () => {
    it('signed out where the site has no guests: the invitation to sign in, no guest form', async () => {
      const { el } = await mount(adapterWith(), html`<kith-qa topic="g0"></kith-qa>`);
      await typeInto($(el, '#ask-title'), 'Hello?');
      await composeForm(el, 'ask-body');
      expect($$(el, 'button').map((b) => b.textContent!.trim())).not.to.include('Post as guest');
      expect(el.shadowRoot!.querySelector('[autocomplete="name"]')).to.equal(null);
      expect(button(el, 'Sign in')).to.exist;
    });

    it('ask as a guest: the name is required, then the question waits for a moderator', async () => {
      const adapter = adapterWith({ guests: true });
      const { el } = await mount(adapter, html`<kith-qa topic="guest"></kith-qa>`);
      await until(() => el.shadowRoot?.querySelector('.empty'), 'empty list');
      const asked: unknown[] = [];
      el.addEventListener('kith-question-asked', (e) => asked.push((e as CustomEvent).detail));
      await typeInto($(el, '#ask-title'), 'Does it fit a 16-inch laptop?');
      const form = await composeForm(el, 'ask-body');
      await typeInto(form.querySelector('textarea')!, 'Asking before I buy.');
      const name = form.querySelector<HTMLInputElement>('#ask-body-name')!;
      expect(name.required).to.equal(true);
      expect(form.querySelector('label[for="ask-body-name"]')!.textContent!.trim()).to.equal(
        'Your name',
      );
      expect(form.querySelector('label[for="ask-body-email"]')!.textContent).to.contain(
        'never shown',
      );
      expect(button(el, 'Sign in'), 'signing in stays possible').to.exist;
      await expect(el).to.be.accessible();

      await click(button(el, 'Post as guest'));
      const nameError = await until(
        () => el.shadowRoot?.querySelector('#ask-body-name-error'),
        'the name is required',
      );
      expect(nameError.textContent!.trim()).to.equal('Enter your name.');
      expect(name.getAttribute('aria-invalid')).to.equal('true');
      expect(name.getAttribute('aria-describedby')).to.equal('ask-body-name-error');
      expect(asked).to.have.length(0);

      await typeInto(name, 'Gia');
      await typeInto(form.querySelector<HTMLInputElement>('#ask-body-email')!, 'gia@example.com');
      await click(button(el, 'Post as guest'));
      await until(() => liveText(el).includes(HELD), 'thanks announced');
      expect($(el, '.notice').textContent!.trim()).to.equal(HELD);
      expect(asked).to.have.length(1);
      // Not shown as if published: the list is still empty, nothing opened; the draft is gone.
      expect($$(el, '.question')).to.have.length(0);
      expect(el.shadowRoot!.querySelector('.empty')).to.exist;
      expect(location.hash).to.equal('');
      expect(($(el, '#ask-title') as HTMLInputElement).value).to.equal('');
      expect(($(el, '#ask-body') as HTMLTextAreaElement).value).to.equal('');
      expect(localStorage.getItem('kith:draft:test:anon:question:guest')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('answer as a guest: held, not added to the thread', async () => {
      const adapter = adapterWith({ guests: true });
      await adapter.askQuestion({ topic: 'ga', title: 'Is it heavy?', body: '' }, ctx(ben()));
      const { el } = await mount(adapter, html`<kith-qa topic="ga"></kith-qa>`);
      await click(await until(() => el.shadowRoot?.querySelector('.question-title'), 'question'));
      const form = await composeForm(el, 'answer-body');
      await typeInto(form.querySelector('textarea')!, 'About a kilo.');
      await typeInto(form.querySelector<HTMLInputElement>('#answer-body-name')!, 'Gia');
      await click(button(el, 'Post as guest'));
      await until(() => liveText(el).includes(HELD), 'thanks announced');
      expect(form.querySelector('.notice')!.textContent!.trim()).to.equal(HELD);
      expect($$(el, '.answer')).to.have.length(0);
      expect((form.querySelector('textarea') as HTMLTextAreaElement).value).to.equal('');
    });

    it('review as a guest: no photos, held, not in the list or the summary', async () => {
      const adapter = adapterWith({ guests: true, guidelines: 'Be fair.' });
      const { el } = await mount(adapter, html`<kith-reviews product="g1"></kith-reviews>`);
      await click(await until(() => el.shadowRoot?.querySelector('#write-review'), 'the button'));
      const form = await composeForm(el, 'review');
      expect(form.querySelector('.photos-field'), 'guests upload no photos').to.equal(null);
      expect(form.querySelector('.guidelines')).to.exist;
      const stars = await until(
        () => el.shadowRoot!.querySelector<KithStarInput>('kith-star-input'),
        'stars',
      );
      await until(() => stars.shadowRoot?.querySelector('input'), 'stars rendered');
      await click(stars.shadowRoot!.querySelector('label[for="star-4"]')!);
      await typeInto($(el, '#review-body'), 'Comfortable on long hikes.');
      await click(button(el, 'Post as guest'));
      await until(() => el.shadowRoot?.querySelector('#review-name-error'), 'name required');
      await typeInto($(el, '#review-name'), 'Gia');
      await click(button(el, 'Post as guest'));
      await until(() => liveText(el).includes(HELD), 'thanks announced');
      expect($(el, '.notice').textContent!.trim()).to.equal(HELD);
      expect($$(el, '.review')).to.have.length(0);
      expect($(el, '.summary .stars').getAttribute('aria-label')).to.contain('Not rated');
      expect(($(el, '#review-body') as HTMLTextAreaElement).value).to.equal('');
      await expect(el).to.be.accessible();
    });
  });

  describe('kith-impression', () => {
    it('fires once per element when it first scrolls into view, and not before', async () => {
      const adapter = adapterWith();
      const seen: { element: string; target: EventTarget | null }[] = [];
      const record = (e: Event) =>
        seen.push({
          element: (e as KithEvent<'kith-impression'>).detail.element,
          target: e.composedPath()[0] ?? null,
        });
      document.addEventListener('kith-impression', record);
      try {
        window.scrollTo(0, 0);
        const scope = await fixture<HTMLElement>(
          html`<kith-community site="test" .adapter=${adapter}>
            <div style="height: ${innerHeight * 3}px"></div>
            <kith-qa topic="imp"></kith-qa>
            <kith-rating product="p1"></kith-rating>
          </kith-community>`,
        );
        const qa = scope.querySelector('kith-qa')!;
        await until(() => qa.shadowRoot?.querySelector('.empty'), 'loaded');
        for (let i = 0; i < 10; i++) await new Promise((r) => requestAnimationFrame(r));
        expect(seen, 'nothing seen below the fold').to.deep.equal([]);

        qa.scrollIntoView();
        await until(() => seen.length === 2, 'both elements seen');
        expect(seen.map((s) => s.element).sort()).to.deep.equal(['kith-qa', 'kith-rating']);
        expect(seen.find((s) => s.element === 'kith-qa')!.target).to.equal(qa);

        window.scrollTo(0, 0);
        for (let i = 0; i < 5; i++) await new Promise((r) => requestAnimationFrame(r));
        qa.scrollIntoView();
        for (let i = 0; i < 10; i++) await new Promise((r) => requestAnimationFrame(r));
        expect(seen, 'once only').to.have.length(2);
      } finally {
        document.removeEventListener('kith-impression', record);
        window.scrollTo(0, 0);
      }
    });
  });
});
