/**
 * Atom feed links of `<kith-qa>` (a topic), `<kith-ideas>` (a board) and `<kith-reviews>` (a product):
 * the link in the header and one `<link rel="alternate">` per feed in the document's head, while an
 * element shows it.
 */
import { expect, fixture, fixtureCleanup } from '@open-wc/testing';
import { html } from 'lit';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { configure } from '../../src/core/config.js';
import type { FeedRef } from '../../src/core/types.js';
import type { KithQa } from '../../src/elements/qa/qa.element.js';
import '../../src/elements/ideas/ideas.js';
import '../../src/elements/reviews/reviews.js';
import { $, $$, memory, mount, until } from './helpers.js';

const FEEDS = 'https://feeds.example/v1';

/** The memory adapter (which has no feeds) with a backend's `feedUrl`; `asked` records each call. */
function withFeeds(inner: MemoryAdapter, asked: FeedRef[] = []): MemoryAdapter {
  return {
    ...inner,
    notifications: {
      ...inner.notifications,
      feedUrl: (feed: FeedRef) => {
        asked.push(feed);
        return `${FEEDS}/feeds/${feed.kind}s/${encodeURIComponent(feed.key)}.atom`;
      },
    },
  };
}

const heads = () =>
  [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="alternate"]')].map((l) => ({
    type: l.type,
    title: l.title,
    href: l.getAttribute('href'),
  }));

const feedLink = (el: Element) =>
  el.shadowRoot?.querySelector<HTMLAnchorElement>('[part="feed-link"]') ?? null;

describe('feed links', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  afterEach(() => {
    fixtureCleanup();
    // Every element is gone: no link may stay behind.
    expect(heads()).to.deep.equal([]);
  });

  it('shows the topic feed of <kith-qa> in its header and in the head, accessibly', async () => {
    const asked: FeedRef[] = [];
    const adapter = withFeeds(memory(), asked);
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="boots"></kith-qa>`);
    const link = await until(() => feedLink(el), 'feed link');
    expect(link.textContent!.trim()).to.equal('Subscribe via Atom feed');
    expect(link.href).to.equal(`${FEEDS}/feeds/topics/boots.atom`);
    expect(link.closest('[part="header"]')).to.exist;
    expect(asked[0]).to.deep.equal({ kind: 'topic', key: 'boots' });
    expect(heads()).to.deep.equal([
      {
        type: 'application/atom+xml',
        title: 'Questions about boots',
        href: `${FEEDS}/feeds/topics/boots.atom`,
      },
    ]);
    await until(() => el.shadowRoot?.querySelector('.empty'), 'loaded');
    await expect(el).to.be.accessible();
  });

  it('adds one <link> for two elements showing one feed, and removes it when the last one leaves', async () => {
    const adapter = withFeeds(memory());
    const scope = await fixture<HTMLElement>(
      html`<kith-community site="test" .adapter=${adapter}>
        <kith-qa topic="tents"></kith-qa>
        <kith-qa topic="tents"></kith-qa>
        <kith-qa topic="stoves"></kith-qa>
      </kith-community>`,
    );
    const [first, second, third] = [...scope.querySelectorAll('kith-qa')];
    await until(() => [first, second, third].every((e) => feedLink(e!)), 'three links');
    expect(heads().map((h) => h.href)).to.deep.equal([
      `${FEEDS}/feeds/topics/tents.atom`,
      `${FEEDS}/feeds/topics/stoves.atom`,
    ]);
    first!.remove();
    expect(heads()).to.have.length(2);
    second!.remove();
    expect(heads().map((h) => h.href)).to.deep.equal([`${FEEDS}/feeds/topics/stoves.atom`]);
    // Back on the page: the link comes back.
    scope.append(second!);
    await until(() => heads().length === 2, 'link back');
    scope.remove();
  });

  it('follows a change of topic: the old feed goes, the new one comes', async () => {
    const adapter = withFeeds(memory());
    const { el, scope } = await mount<KithQa>(adapter, html`<kith-qa topic="maps"></kith-qa>`);
    await until(() => feedLink(el), 'feed link');
    el.topic = 'compasses';
    await until(() => feedLink(el)?.href.endsWith('/compasses.atom'), 'new feed');
    expect(heads().map((h) => h.href)).to.deep.equal([`${FEEDS}/feeds/topics/compasses.atom`]);
    scope.remove();
  });

  it('shows the board feed of <kith-ideas> and the product feed of <kith-reviews>', async () => {
    const adapter = withFeeds(memory());
    const scope = await fixture<HTMLElement>(
      html`<kith-community site="test" .adapter=${adapter}>
        <kith-ideas board="trail"></kith-ideas>
        <kith-reviews product="sku-1" product-name="Trail boot"></kith-reviews>
      </kith-community>`,
    );
    const ideas = scope.querySelector('kith-ideas')!;
    const reviews = scope.querySelector('kith-reviews')!;
    const ideasLink = await until(() => feedLink(ideas), 'ideas feed link');
    const reviewsLink = await until(() => feedLink(reviews), 'reviews feed link');
    expect(ideasLink.href).to.equal(`${FEEDS}/feeds/boards/trail.atom`);
    expect(reviewsLink.href).to.equal(`${FEEDS}/feeds/products/sku-1.atom`);
    expect(heads().map((h) => h.title)).to.deep.equal(['Ideas for trail', 'Reviews of Trail boot']);
    await until(() => ideas.shadowRoot?.querySelector('.empty'), 'ideas loaded');
    await expect(ideas).to.be.accessible();
    await until(() => $$(reviews, '[part="summary"]').length, 'reviews loaded');
    await expect(reviews).to.be.accessible();
    scope.remove();
  });

  it('shows no feed with no-feed, nor when the backend has none (the memory adapter)', async () => {
    const adapter = withFeeds(memory());
    const off = await mount<KithQa>(adapter, html`<kith-qa topic="quiet" no-feed></kith-qa>`);
    await until(() => off.el.shadowRoot?.querySelector('.empty'), 'loaded');
    expect(feedLink(off.el)).to.equal(null);
    expect(heads()).to.deep.equal([]);
    // Turned on again: it shows.
    off.el.noFeed = false;
    await until(() => feedLink(off.el), 'feed link');
    expect(heads()).to.have.length(1);
    off.scope.remove();

    const plain = await mount<KithQa>(memory(), html`<kith-qa topic="plain"></kith-qa>`);
    await until(() => plain.el.shadowRoot?.querySelector('.empty'), 'loaded');
    expect(feedLink(plain.el)).to.equal(null);
    expect($(plain.el, '[part="header"]').textContent).not.to.contain('feed');
    expect(heads()).to.deep.equal([]);
    plain.scope.remove();
  });

  it('speaks German', async () => {
    const adapter = withFeeds(memory());
    const { el, scope } = await mount<KithQa>(
      adapter,
      html`<kith-qa topic="zelte" locale="de"></kith-qa>`,
    );
    await until(
      () => feedLink(el)?.textContent!.trim() === 'Per Atom-Feed abonnieren',
      'German link',
    );
    // The title follows the language's messages as they arrive.
    await until(() => heads()[0]?.title === 'Fragen zu zelte', 'German title');
    expect(heads()).to.have.length(1);
    scope.remove();
  });
});
