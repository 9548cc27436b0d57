/**
 * Atom feeds: each feed is well-formed XML (jsdom's XML parser throws otherwise) with the elements RFC
 * 4287 requires, user text survives escaping exactly (`<`, `&`, `]]>`), posts that are not visible are
 * absent, ETag/304 and caching, unknown keys, sites and paths. On PGlite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import type { Database } from '../src/db/database.js';
import {
  ORIGIN,
  client,
  expectStatus as ok,
  openTestDatabase,
  resetDatabase,
  token,
  type Body,
  type Client,
  type TestDatabase,
} from './helpers.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const PAGE = 'https://shop.example/tent';
const NASTY = '<b>Bold</b> & ]]> "quoted" \'single\' <script>alert(1)</script>';

interface Entry {
  id: string;
  title: string;
  updated: string;
  published: string;
  author: string;
  link: string | null;
  contentType: string | null;
  content: string;
}

/** Parses a feed (throws on malformed XML) and checks what RFC 4287 requires of it. */
function parseFeed(xml: string): {
  feed: Element;
  entries: Entry[];
  child: (name: string) => Element[];
} {
  const doc = new JSDOM(xml, { contentType: 'application/xml' }).window.document;
  const feed = doc.documentElement;
  assert.equal(feed.localName, 'feed');
  assert.equal(feed.namespaceURI, ATOM);
  const childrenOf = (el: Element, name: string) =>
    Array.from(el.children).filter((c) => c.localName === name && c.namespaceURI === ATOM);
  const one = (el: Element, name: string): Element => {
    const found = childrenOf(el, name);
    assert.equal(found.length, 1, `one atom:${name} in ${el.localName}`);
    return found[0]!;
  };
  const date = (el: Element, name: string): string => {
    const text = one(el, name).textContent!;
    assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, name);
    return text;
  };
  assert.ok(one(feed, 'id').textContent);
  assert.ok(one(feed, 'title').textContent);
  date(feed, 'updated');
  const self = childrenOf(feed, 'link').find((l) => l.getAttribute('rel') === 'self');
  assert.ok(self, 'a self link');
  assert.ok(/^https?:\/\//.test(self.getAttribute('href')!), 'an absolute self link');
  const feedAuthors = childrenOf(feed, 'author');
  const entries = childrenOf(feed, 'entry').map((entry): Entry => {
    const authors = childrenOf(entry, 'author');
    assert.ok(authors.length || feedAuthors.length, 'an author');
    const alternate = childrenOf(entry, 'link').find((l) => l.getAttribute('rel') === 'alternate');
    const content = one(entry, 'content');
    return {
      id: one(entry, 'id').textContent!,
      title: one(entry, 'title').textContent!,
      updated: date(entry, 'updated'),
      published: date(entry, 'published'),
      author: one(authors[0]!, 'name').textContent!,
      link: alternate?.getAttribute('href') ?? null,
      contentType: content.getAttribute('type'),
      content: content.textContent!,
    };
  });
  assert.equal(new Set(entries.map((e) => e.id)).size, entries.length, 'ids are unique');
  return { feed, entries, child: (name) => childrenOf(feed, name) };
}

describe('Atom feeds', () => {
  let handle: TestDatabase;
  let db: Database;
  let api: Client;
  let question: Body;
  let answer: Body;
  let hiddenQuestion: Body;
  let hiddenAnswer: Body;
  let idea: Body;
  let review: Body;
  let hiddenReview: Body;

  before(async () => {
    handle = await openTestDatabase('pglite');
    db = handle.db;
    api = client(db);
    await resetDatabase(db);
    const [ada, ben, sam] = await Promise.all([
      token('m_ada', { name: 'Ada <& Co>' }),
      token('m_ben'),
      token('m_sam', { roles: ['staff'] }),
    ]);
    const ask = (title: string, topic = 'tent') =>
      ok(
        api.request('POST', '/v1/questions', {
          token: ada,
          body: { topic, title, body: 'Text with **bold** & <i>raw</i>.', pageUrl: PAGE },
        }),
        201,
      );
    const reply = (questionId: string, body: string) =>
      ok(
        api.request('POST', `/v1/questions/${questionId}/answers`, { token: ben, body: { body } }),
        201,
      );
    const hide = (targetType: string, targetId: string) =>
      ok(
        api.request('POST', '/v1/moderation/actions', {
          token: sam,
          body: { action: 'hide', targetType, targetId, reason: 'Spam' },
        }),
      );
    question = await ask(NASTY);
    answer = await reply(question.id, `An answer: ${NASTY}`);
    hiddenAnswer = await reply(question.id, 'Buy cheap watches');
    await hide('answer', hiddenAnswer.id);
    hiddenQuestion = await ask('Spam question');
    await hide('question', hiddenQuestion.id);
    await ask('Elsewhere', 'other-topic');
    await ask('Slashes and accents', 'a/b ü');

    idea = await ok(
      api.request('POST', '/v1/ideas', {
        token: ada,
        body: { board: 'roadmap', title: NASTY, body: 'Please.', pageUrl: PAGE },
      }),
      201,
    );
    await ok(
      api.request('PUT', `/v1/ideas/${idea.id}/status`, {
        token: sam,
        body: { status: 'planned', response: 'Coming in **May** & <soon>.' },
      }),
    );

    review = await ok(
      api.request('POST', '/v1/reviews', {
        token: ada,
        body: {
          product: 'tent',
          rating: 4,
          title: NASTY,
          body: 'Dry.\n\n<b>Really</b> & truly.',
          pageUrl: PAGE,
        },
      }),
      201,
    );
    hiddenReview = await ok(
      api.request('POST', '/v1/reviews', {
        token: ben,
        body: { product: 'tent', rating: 1, body: 'Spam review' },
      }),
      201,
    );
    await hide('review', hiddenReview.id);
  });
  after(async () => {
    await handle?.close();
  });

  it('a topic: its visible questions and answers, escaped exactly', async () => {
    const res = await api.request('GET', '/v1/feeds/topics/tent.atom?site=test');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
    assert.ok(!res.body.includes('<script>'), 'no raw markup from user text');
    const { entries, child } = parseFeed(res.body);
    assert.equal(child('id')[0]!.textContent, 'urn:kith:test:topic:tent');
    assert.equal(
      child('link')
        .find((l) => l.getAttribute('rel') === 'self')!
        .getAttribute('href'),
      'http://localhost/v1/feeds/topics/tent.atom?site=test',
    );
    assert.equal(
      child('link')
        .find((l) => l.getAttribute('rel') === 'alternate')!
        .getAttribute('href'),
      PAGE,
    );
    // Newest first: the answer, then the question; hidden posts and other topics absent.
    assert.deepEqual(
      entries.map((e) => e.id),
      [`urn:kith:test:answer:${answer.id}`, `urn:kith:test:question:${question.id}`],
    );
    const [a, q] = entries;
    assert.equal(q!.title, NASTY);
    assert.equal(a!.title, `Answer: ${NASTY}`);
    assert.equal(q!.author, 'Ada <& Co>');
    assert.equal(q!.link, `${PAGE}#kith-question-${question.id}`);
    assert.equal(a!.link, `${PAGE}#kith-question-${question.id}`);
    assert.equal(q!.contentType, 'html');
    assert.equal(q!.content, question.bodyHtml, 'the sanitised HTML, as text');
    assert.equal(a!.content, answer.bodyHtml);
    assert.ok(!a!.content.includes('<script>'), 'escaped by the sanitiser first');
    assert.ok(!res.body.includes('Buy cheap watches') && !res.body.includes('Spam question'));
    assert.ok(!res.body.includes('Elsewhere'));
  });

  it('a board: its ideas and status changes with the official response', async () => {
    const res = await api.request('GET', '/v1/feeds/boards/roadmap.atom?site=test');
    assert.equal(res.status, 200);
    const { entries } = parseFeed(res.body);
    assert.equal(entries.length, 2);
    const [status, submitted] = entries;
    assert.match(status!.id, /^urn:kith:test:idea-status:\d+$/);
    assert.equal(status!.title, `"${NASTY}" is now planned`);
    assert.ok(status!.content.startsWith('<p>Status: planned</p>'));
    assert.ok(status!.content.includes('<strong>May</strong>'), status!.content);
    assert.ok(status!.content.includes('&amp; &lt;soon&gt;.'), status!.content);
    assert.equal(submitted!.id, `urn:kith:test:idea:${idea.id}`);
    assert.equal(submitted!.title, NASTY);
    assert.equal(submitted!.link, `${PAGE}#kith-idea-${idea.id}`);
  });

  it('a product: its visible reviews', async () => {
    const res = await api.request('GET', '/v1/feeds/products/tent.atom?site=test');
    const { entries } = parseFeed(res.body);
    assert.deepEqual(
      entries.map((e) => e.id),
      [`urn:kith:test:review:${review.id}`],
    );
    assert.equal(entries[0]!.title, `${NASTY} (4 of 5 stars)`);
    assert.equal(entries[0]!.content, `<p>Rated 4 of 5 stars.</p>${review.bodyHtml}`);
    assert.ok(entries[0]!.content.includes('&lt;b&gt;Really&lt;/b&gt; &amp; truly.'));
    assert.equal(entries[0]!.link, `${PAGE}#kith-review-${review.id}`);
  });

  it('ETag and 304; CORS like other reads', async () => {
    const first = await api.request('GET', '/v1/feeds/topics/tent.atom?site=test', {
      headers: { origin: ORIGIN },
    });
    const tag = first.headers.get('etag');
    assert.ok(tag);
    assert.equal(first.headers.get('access-control-allow-origin'), ORIGIN);
    const again = await api.request('GET', '/v1/feeds/topics/tent.atom?site=test', {
      headers: { 'if-none-match': tag },
    });
    assert.equal(again.status, 304);
    assert.equal(again.body, null);
  });

  it('unknown keys give an empty valid feed; encoded keys work; other paths are 404', async () => {
    const empty = await api.request('GET', '/v1/feeds/topics/nothing-yet.atom?site=test');
    assert.equal(empty.status, 200);
    const { entries, child } = parseFeed(empty.body);
    assert.equal(entries.length, 0);
    assert.equal(child('author').length, 1, 'a feed author stands in for entries');
    const encoded = await api.request(
      'GET',
      `/v1/feeds/topics/${encodeURIComponent('a/b ü')}.atom?site=test`,
    );
    assert.equal(encoded.status, 200);
    const parsed = parseFeed(encoded.body);
    assert.deepEqual(
      parsed.entries.map((e) => e.title),
      ['Slashes and accents'],
    );
    assert.equal(parsed.child('id')[0]!.textContent, 'urn:kith:test:topic:a%2Fb%20%C3%BC');
    for (const path of [
      '/v1/feeds/topics/tent?site=test',
      '/v1/feeds/topics/.atom?site=test',
      '/v1/feeds/questions/tent.atom?site=test',
      '/v1/feeds/topics/tent.atom?site=nope',
    ]) {
      assert.equal((await api.request('GET', path)).status, 404, path);
    }
    assert.equal((await api.app.request('/v1/feeds/topics/tent.atom')).status, 400, 'no site');
  });
});
