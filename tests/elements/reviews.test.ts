import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { configure } from '../../src/core/config.js';
import type { Stars } from '../../src/core/types.js';
import type { KithRating } from '../../src/elements/rating/rating.element.js';
import '../../src/elements/rating/rating.js';
import type { KithReviews } from '../../src/elements/reviews/reviews.element.js';
import '../../src/elements/reviews/reviews.js';
import type { KithStarInput } from '../../src/elements/star-input/star-input.element.js';
import '../../src/elements/star-input/star-input.js';
import { countingAdapter } from '../support/counting-adapter.js';
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

const PRODUCT = 'trail-28';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON-LD, checked field by field
type Json = Record<string, any>;
const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
const cleo = () => token('m_cleo', 'Cleo Park');

/** Reviews by Ada (5★), Ben (3★, verified purchase) and Cleo (4★), in that order. */
async function seedReviews(adapter: MemoryAdapter, product = PRODUCT) {
  const a = await adapter.reviews!.submitReview(
    {
      product,
      rating: 5,
      title: 'Carries like a dream',
      body: 'Wore it for 3 days.\nNo sore shoulders.',
    },
    ctx(ada()),
  );
  const b = await adapter.reviews!.submitReview(
    { product, rating: 3, title: 'Good, hip belt thin', body: 'The belt pockets are small.' },
    ctx(token('m_ben', 'Ben Okafor', ['customer'], { purchases: [product] })),
  );
  const c = await adapter.reviews!.submitReview(
    { product, rating: 4, title: '', body: 'Solid pack.' },
    ctx(cleo()),
  );
  return { a, b, c };
}

async function mountReviews(adapter: MemoryAdapter, attrs = '', memberToken?: string) {
  const node = document.createElement('kith-reviews');
  node.setAttribute('product', PRODUCT);
  node.setAttribute('product-name', 'Aurora Trail 28');
  for (const pair of attrs.split(' ').filter(Boolean)) {
    const [name, value] = pair.split('=');
    node.setAttribute(name!, value ?? '');
  }
  const mounted = await mount<KithReviews>(adapter, html`${node}`, memberToken);
  await until(() => $$(mounted.el, '.review, .empty').length, 'reviews shown');
  return mounted;
}

const shownTitles = (el: Element) =>
  $$(el, '.review').map((r) => r.querySelector('.review-body')!.textContent!.trim());
const ratingLabel = (el: Element) => $(el, '.summary .stars').getAttribute('aria-label');
const liveText = (el: Element) => $(el, '[role="status"]').textContent!;
/** "Write a review" / "Edit your review", once the member's controls (their own chunk) are in. */
const writeButton = (el: Element, text: string) =>
  until(() => {
    const b = button(el, text);
    return !b.disabled && b;
  }, `${text} enabled`);
/** A review's button by its text, once the member's controls (their own chunk) have arrived. */
const reviewButton = (review: () => HTMLElement, text: string) =>
  until(
    () => [...review().querySelectorAll('button')].find((x) => x.textContent!.trim() === text),
    `button ${text}`,
  );

describe('<kith-reviews>', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  it('has no axe violations: list, write form, staff controls, in a dark theme', async () => {
    const adapter = memory();
    await seedReviews(adapter);
    const { el } = await mountReviews(adapter, '', ben());
    await expect(el).to.be.accessible();
    await click(await writeButton(el, 'Edit your review'));
    await until(
      () => customElements.get('kith-star-input') && $$(el, 'kith-star-input').length,
      'form',
    );
    await expect(el).to.be.accessible();
    const staff = await mountReviews(adapter, 'theme=dark', sam());
    await expect(staff.el).to.be.accessible();
  });

  it('shows the average with one decimal, the count and a histogram whose bars filter the list', async () => {
    const adapter = memory();
    await seedReviews(adapter);
    const { el } = await mountReviews(adapter);
    expect(ratingLabel(el)).to.equal('Rated 4.0 out of 5, 3 reviews');
    expect($(el, '.average').textContent!.trim()).to.equal('4.0');
    const bars = $$(el, '.bar');
    expect(bars.map((b) => b.querySelector('.visually-hidden')!.textContent!.trim())).to.deep.equal(
      [
        '5 stars: 1 review (33%)',
        '4 stars: 1 review (33%)',
        '3 stars: 1 review (33%)',
        '2 stars: 0 reviews (0%)',
        '1 star: 0 reviews (0%)',
      ],
    );
    await click(bars[2]!);
    await until(() => $$(el, '.review').length === 1, 'filtered to 3 stars');
    expect(shownTitles(el)).to.deep.equal(['The belt pockets are small.']);
    expect($$(el, '.bar')[2]!.getAttribute('aria-pressed')).to.equal('true');
    expect(el.shadowRoot!.activeElement, 'focus stays on the bar').to.equal($$(el, '.bar')[2]);
    // Keyboard: the same bar again (Enter) shows everything.
    await press('Enter');
    await until(() => $$(el, '.review').length === 3, 'filter cleared');
    expect($$(el, '.bar')[2]!.getAttribute('aria-pressed')).to.equal('false');
  });

  it('sorts by rating, shows verified purchases and keeps line breaks as text', async () => {
    const adapter = memory();
    await seedReviews(adapter);
    const { el } = await mountReviews(adapter);
    await click(button(el, 'Lowest rated'));
    await until(() => shownTitles(el)[0] === 'The belt pockets are small.', 'lowest first');
    expect(shownTitles(el)).to.deep.equal([
      'The belt pockets are small.',
      'Solid pack.',
      'Wore it for 3 days.\nNo sore shoulders.',
    ]);
    const verified = $$(el, '.review').map((r) => !!r.querySelector('.verified'));
    expect(verified).to.deep.equal([true, false, false]);
    await click(button(el, 'Highest rated'));
    await until(() => shownTitles(el)[0]!.startsWith('Wore it'), 'highest first');
  });

  it('writes a review with the keyboard: stars by arrow keys, a draft that survives a reload', async () => {
    const adapter = memory();
    await seedReviews(adapter);
    const submitted: unknown[] = [];
    document.addEventListener('kith-review-submitted', (e) =>
      submitted.push((e as CustomEvent).detail),
    );
    const dan = token('m_dan', 'Dan Brooks', ['customer'], { purchases: [PRODUCT] });
    const first = await mountReviews(adapter, '', dan);
    await click(await writeButton(first.el, 'Write a review'));
    const stars = await until(
      () =>
        first.el.shadowRoot!.querySelector<KithStarInput>('kith-star-input[id="review-rating"]'),
      'star input',
    );
    await until(() => stars.shadowRoot?.querySelector('input'), 'star input rendered');
    await click(stars.shadowRoot!.querySelector('label[for="star-2"]')!);
    await press('ArrowRight');
    await press('ArrowRight');
    expect(stars.value).to.equal('4');
    await typeInto($(first.el, '#review-title'), 'Light and roomy');
    await typeInto($(first.el, '#review-body'), 'Took it up Snowdon.');
    first.scope.remove();

    // Reloaded: the form opens again with the draft.
    const { el } = await mountReviews(adapter, '', dan);
    await until(() => $$(el, '#review-body').length, 'draft form');
    expect(($(el, '#review-title') as HTMLInputElement).value).to.equal('Light and roomy');
    expect(($(el, '#review-body') as HTMLTextAreaElement).value).to.equal('Took it up Snowdon.');
    const restored = el.shadowRoot!.querySelector<KithStarInput>('kith-star-input')!;
    expect(restored.value).to.equal('4');
    await click(button(el, 'Post review'));
    await until(() => ratingLabel(el) === 'Rated 4.0 out of 5, 4 reviews', 'summary updated');
    await until(() => liveText(el).includes('Your review was posted.'), 'announced');
    const mine = $$(el, '.review').find((r) => r.textContent!.includes('Took it up Snowdon.'))!;
    expect(mine.querySelector('.verified'), 'verified from the token').to.exist;
    expect(submitted).to.have.length(1);
    expect(localStorage.length, 'the draft is gone once posted').to.equal(0);
  });

  it('refuses a review without stars or text, says why at the field, and stores nothing', async () => {
    const adapter = memory();
    const { el } = await mountReviews(adapter, '', ada());
    await click(await writeButton(el, 'Write a review'));
    await until(() => $$(el, '#review-body').length, 'form');
    await click(button(el, 'Post review'));
    await until(() => $$(el, '#rating-error').length, 'rating error');
    expect($(el, '#rating-error').textContent!.trim()).to.equal(
      'Choose a rating from 1 to 5 stars.',
    );
    const stars = el.shadowRoot!.querySelector<KithStarInput>('kith-star-input')!;
    await click(stars.shadowRoot!.querySelector('label[for="star-5"]')!);
    await click(button(el, 'Post review'));
    await until(() => $$(el, '#body-error').length, 'body error');
    expect($(el, '#body-error').textContent!.trim()).to.equal(
      'Please write a few words about the product.',
    );
    expect(el.shadowRoot!.activeElement?.id).to.equal('review-body');
    const read = await adapter.read(
      [{ kind: 'reviews', product: PRODUCT, sort: 'newest', limit: 10 }],
      { token: ada() },
    );
    expect(read[0]!.ok && (read[0]!.data as { total: number }).total).to.equal(0);
  });

  it('writing again edits the member’s review instead of adding one', async () => {
    const adapter = memory();
    const { a } = await seedReviews(adapter);
    const { el } = await mountReviews(adapter, '', ada());
    await click(await writeButton(el, 'Edit your review'));
    await until(() => $$(el, '#review-body').length, 'form');
    expect(($(el, '#review-title') as HTMLInputElement).value).to.equal(a.title);
    const stars = el.shadowRoot!.querySelector<KithStarInput>('kith-star-input')!;
    await until(() => stars.shadowRoot?.querySelector('input'), 'stars rendered');
    await click(stars.shadowRoot!.querySelector('label[for="star-2"]')!);
    await click(button(el, 'Update review'));
    await until(() => ratingLabel(el) === 'Rated 3.0 out of 5, 3 reviews', 'average from the edit');
    expect($$(el, '.review')).to.have.length(3);
  });

  it('counts helpful votes once per member, not on one’s own review, and fires kith-vote', async () => {
    const adapter = memory();
    const { a } = await seedReviews(adapter);
    const votes: unknown[] = [];
    document.addEventListener('kith-vote', (e) => votes.push((e as CustomEvent).detail));
    const { el } = await mountReviews(adapter, 'sort=newest', ben());
    const review = () => $(el, `[data-review-id="${a.id}"]`);
    const yes = () => review().querySelector<HTMLButtonElement>('.helpful-button')!;
    const group = review().querySelector('[role="group"]')!;
    const groupName = $(el, `#${group.getAttribute('aria-labelledby')!}`).textContent!.trim();
    expect(groupName, 'the buttons are named by the question').to.equal('Was this helpful?');
    expect(yes().textContent!.trim()).to.equal('Yes (0)');
    await click(yes());
    await until(() => yes().getAttribute('aria-pressed') === 'true', 'pressed');
    expect(yes().textContent!.trim()).to.equal('Yes (1)');
    await until(() => votes.length === 1, 'kith-vote');
    expect(votes[0]).to.deep.equal({ targetType: 'review', targetId: a.id, value: 1 });
    // Ben's own review has no vote buttons.
    const own = $$(el, '.review').find((r) => r.textContent!.includes('belt pockets'))!;
    expect(own.querySelector('.helpful-button')).to.equal(null);
    // And the adapter refuses it anyway.
    const b = $$(el, '.review').indexOf(own);
    expect(b).to.be.greaterThan(-1);
  });

  it('lets staff reply (marked as the company’s) and hide a review, which leaves the count', async () => {
    const adapter = memory();
    const { b } = await seedReviews(adapter);
    const { el } = await mountReviews(adapter, '', sam());
    const review = () => $(el, `[data-review-id="${b.id}"]`);
    await click(await reviewButton(review, 'Reply'));
    await typeInto($(el, '#reply-body'), 'Thanks Ben, a wider belt is on the way.');
    await click(button(el, 'Post reply'));
    await until(() => review().querySelector('.reply'), 'reply shown');
    expect(review().querySelector('.reply-heading')!.textContent).to.include(
      'Response from Sam Rivera',
    );
    // The author is a <kith-badge>: the role mark is what its chip shows.
    const staff = review().querySelector('.reply kith-badge')!;
    await until(() => staff.shadowRoot?.querySelector('.role-mark'), 'staff chip');
    expect(staff.shadowRoot!.querySelector('.role-mark')!.textContent!.trim()).to.equal('Staff');

    await click(await reviewButton(review, 'Hide'));
    await until(() => $$(el, '#hide-reason').length, 'the hide form (its own chunk)');
    await typeInto($(el, '#hide-reason'), 'Test of hiding');
    await click(button(el, 'Hide it'));
    await until(() => !$$(el, `[data-review-id="${b.id}"]`).length, 'hidden review gone');
    await until(() => ratingLabel(el) === 'Rated 4.5 out of 5, 2 reviews', 'summary without it');
  });

  it('lets a member report a review with a reason and fires kith-flag', async () => {
    const adapter = memory();
    const { a } = await seedReviews(adapter);
    const flags: unknown[] = [];
    document.addEventListener('kith-flag', (e) => flags.push((e as CustomEvent).detail));
    const { el } = await mountReviews(adapter, '', ben());
    const review = () => $(el, `[data-review-id="${a.id}"]`);
    await click(await reviewButton(review, 'Report'));
    await until(() => $$(el, '#flag-reason-off-topic').length, 'the report form (its own chunk)');
    await click($(el, '#flag-reason-off-topic'));
    await click(button(el, 'Send report'));
    await until(() => review().querySelector('.flag-done'), 'reported');
    expect(flags).to.deep.equal([{ targetType: 'review', targetId: a.id, reason: 'off-topic' }]);
  });

  it('with seo, writes schema.org Product + AggregateRating + Review JSON-LD matching what is shown', async () => {
    const adapter = memory();
    await seedReviews(adapter);
    const { el } = await mountReviews(adapter, 'seo');
    const script = await until(
      () => el.querySelector<HTMLScriptElement>(':scope > script[type="application/ld+json"]'),
      'JSON-LD',
    );
    const data = JSON.parse(script.text) as Json;
    expect(data['@context']).to.equal('https://schema.org');
    expect(data['@type']).to.equal('Product');
    expect(data.name).to.equal('Aurora Trail 28');
    expect(data.aggregateRating).to.include({
      '@type': 'AggregateRating',
      ratingValue: 4,
      reviewCount: 3,
    });
    expect(data.review).to.have.length($$(el, '.review').length);
    for (const r of data.review as Json[]) {
      expect(r['@type']).to.equal('Review');
      expect(r.author).to.have.property('name').that.is.a('string');
      expect(r.reviewRating.ratingValue).to.be.within(1, 5);
      expect(r.reviewBody).to.be.a('string');
    }
    el.remove();
    expect(document.querySelector('script[data-kith-seo]'), 'removed with the element').to.equal(
      null,
    );
  });

  it('says a missing product attribute clearly instead of loading anything', async () => {
    const adapter = memory();
    const { el } = await mount<KithReviews>(adapter, html`<kith-reviews></kith-reviews>`);
    await until(() => $$(el, '.config-error').length, 'config error');
    expect($(el, '.config-error').textContent).to.include('the product attribute is required');
  });

  // Found by the end-to-end tests (tests/e2e/reviews.spec.ts) against the demo.
  it('opening the form from the keyboard puts focus on the stars (the chosen one when editing)', async () => {
    const adapter = memory();
    await seedReviews(adapter);
    const { el } = await mountReviews(adapter, '', cleo());
    const focusedStar = () => {
      const stars = el.shadowRoot!.activeElement as KithStarInput | null;
      return stars?.localName === 'kith-star-input' ? stars.shadowRoot!.activeElement : null;
    };
    const edit = await until(() => $$(el, '#write-review:not([disabled])')[0], 'edit button');
    edit.focus();
    await press('Enter');
    const star = await until(focusedStar, 'focus on the stars');
    expect(star.id, 'Cleo gave 4 stars').to.equal('star-4');
    await press('ArrowLeft');
    expect(el.shadowRoot!.querySelector<KithStarInput>('kith-star-input')!.value).to.equal('3');
  });

  it('says why a photo was refused at the photos field', async () => {
    const adapter = memory();
    const { el } = await mountReviews(adapter, '', ada());
    await click(await until(() => $$(el, '#write-review:not([disabled])')[0], 'write button'));
    const input = await until(() => $$(el, '#add-photos')[0] as HTMLInputElement, 'file input');
    const files = new DataTransfer();
    files.items.add(
      new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'map.svg', { type: 'image/svg+xml' }),
    );
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const error = await until(() => $$(el, '.photos-field .error')[0], 'error at the field');
    expect(error.textContent!.trim()).to.equal(
      'map.svg was not added: SVG images are not accepted (they can contain scripts): use PNG or JPEG.',
    );
  });

  it('lists the member’s own review first once posted, though the sort puts it on a later page', async () => {
    const adapter = memory();
    await seedReviews(adapter);
    const { el } = await mountReviews(adapter, 'page-size=1 sort=highest', token('m_dan', 'Dan'));
    await click(await until(() => $$(el, '#write-review:not([disabled])')[0], 'write button'));
    const stars = await until(
      () => el.shadowRoot!.querySelector<KithStarInput>('kith-star-input')?.shadowRoot,
      'stars',
    );
    await click(await until(() => stars.querySelector('label[for="star-1"]'), 'star 1'));
    await typeInto($(el, '#review-body'), 'Too small for me.');
    await click(button(el, 'Post review'));
    const first = await until(
      () =>
        $$(el, '.review')[0]?.textContent!.includes('Too small for me.')
          ? $$(el, '.review')[0]
          : null,
      'own review listed first',
    );
    await until(() => el.shadowRoot!.activeElement === first, 'focused');
    await until(() => $$(el, '.review').length === 2, 'and the first page');
  });
});

describe('<kith-rating>', () => {
  beforeEach(() => configure({ memberToken: undefined, adapter: undefined }));

  it('shows stars, average and count as one link, and many ratings on a page cost one read', async () => {
    const inner = memory();
    await seedReviews(inner, 'a');
    await inner.reviews!.submitReview(
      { product: 'b', rating: 2, title: '', body: 'Meh.' },
      ctx(ada()),
    );
    const { adapter, reads } = countingAdapter(inner);
    const scope = await fixture<HTMLElement>(
      html`<kith-community site="test" .adapter=${adapter}>
        ${['a', 'b', 'c', 'a'].map(
          (p) => html`<kith-rating product=${p} href="/products/${p}#reviews"></kith-rating>`,
        )}
      </kith-community>`,
    );
    const tiles = [...scope.querySelectorAll<KithRating>('kith-rating')];
    const link = (t: KithRating) => t.shadowRoot?.querySelector('a');
    await until(() => tiles.every((t) => link(t)?.getAttribute('aria-label')), 'ratings shown');
    expect(tiles.map((t) => link(t)!.getAttribute('aria-label'))).to.deep.equal([
      'Rated 4.0 out of 5, 3 reviews',
      'Rated 2.0 out of 5, 1 review',
      'Not rated yet',
      'Rated 4.0 out of 5, 3 reviews',
    ]);
    expect(link(tiles[0]!)!.getAttribute('href')).to.equal(
      new URL('/products/a#reviews', location.href).href,
    );
    const ratingReads = reads.flat().filter((r) => r.kind === 'ratings');
    expect(reads).to.have.length(1);
    expect(ratingReads).to.have.length(1);
    expect(ratingReads[0]).to.deep.equal({ kind: 'ratings', products: ['a', 'b', 'c'] });
    await expect(tiles[0]).to.be.accessible();
  });
});

describe('<kith-rating> while loading', () => {
  it('reserves its space and has no axe violations before the figures arrive', async () => {
    const slow = memory();
    slow.simulate({ latency: 400 });
    const scope = await fixture<HTMLElement>(
      html`<kith-community site="test" .adapter=${slow}>
        <kith-rating product="x" href="/x"></kith-rating>
      </kith-community>`,
    );
    const tile = scope.querySelector<KithRating>('kith-rating')!;
    await until(() => tile.shadowRoot?.querySelector('[aria-busy="true"]'), 'loading state');
    expect(tile.getBoundingClientRect().height).to.be.greaterThan(0);
    await expect(tile).to.be.accessible();
    await until(() => tile.shadowRoot?.querySelector('a'), 'loaded');
  });
});

describe('<kith-star-input>', () => {
  it('is a form control: required, arrow keys, FormData, reset, labels "N of 5 stars"', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><kith-star-input name="stars" required label="Rate it"></kith-star-input></form>`,
    );
    const input = form.querySelector<KithStarInput>('kith-star-input')!;
    await input.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(input.validationMessage).to.equal('Choose a rating from 1 to 5 stars.');
    const labels = [...input.shadowRoot!.querySelectorAll('label')].map((l) =>
      l.textContent!.trim(),
    );
    expect(labels).to.deep.equal([
      '★1 of 5 stars',
      '★2 of 5 stars',
      '★3 of 5 stars',
      '★4 of 5 stars',
      '★5 of 5 stars',
    ]);
    const changes: string[] = [];
    input.addEventListener('change', () => changes.push(input.value));
    await click(input.shadowRoot!.querySelector('label[for="star-3"]')!);
    await press('ArrowLeft');
    expect(input.value).to.equal('2');
    expect(changes).to.deep.equal(['3', '2']);
    await input.updateComplete;
    expect(new FormData(form).get('stars')).to.equal('2');
    expect(form.checkValidity()).to.equal(true);
    form.reset();
    await input.updateComplete;
    expect(input.value).to.equal('');
    expect(new FormData(form).get('stars')).to.equal(null);
    await expect(input).to.be.accessible();
  });

  it('warns once and falls back to none for an invalid value', async () => {
    const input = await fixture<KithStarInput>(html`<kith-star-input value="7"></kith-star-input>`);
    await input.updateComplete;
    expect(input.value).to.equal('');
    expect(input.stars).to.equal(0 as Stars | 0);
  });
});
