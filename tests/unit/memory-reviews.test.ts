/// <reference types="node" />
/**
 * The memory adapter's reviews (docs/api.md, "Reviews"): one review per member per product, plain
 * text, verified purchases from the token, sorts, the star filter, pages, the exact summary, `mine`,
 * the `ratings` read, helpful votes, staff replies, persistence and seeds, and the checks an upload
 * passes before Node has to give up (no IndexedDB or image decoder here: tests/elements covers it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { MemorySeed } from '../../src/adapters/memory.js';
import type { ReadRequest } from '../../src/core/adapter.js';
import {
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  UnsupportedError,
  ValidationError,
} from '../../src/core/errors.js';
import { MAX_PHOTO_BYTES, type Review, type Role, type Stars } from '../../src/core/types.js';
import { clockedMemoryAdapter, memoryStorage, readOne } from '../support/memory-adapter.js';
import { isError, token as memberToken } from './helpers.js';

// ---- helpers --------------------------------------------------------------------------------------

const PRODUCT = 'sku-28';
const token = (sub: string, roles: Role[] = ['customer'], extra: Record<string, unknown> = {}) =>
  memberToken(sub, sub.toUpperCase(), roles, extra);
const [m1, m2, m3, m4] = ['m1', 'm2', 'm3', 'm4'].map((sub) => token(sub));
const staff = token('sam', ['staff']);

let keys = 0;
const as = (t: string | null, idempotencyKey = `key-${++keys}`) => ({ token: t, idempotencyKey });

type Adapter = ReturnType<typeof clockedMemoryAdapter>;
const setup = clockedMemoryAdapter;

function review(
  adapter: Adapter,
  by: string,
  rating: number,
  extra: Partial<Parameters<Adapter['reviews']['submitReview']>[0]> = {},
) {
  return adapter.reviews.submitReview(
    {
      product: PRODUCT,
      rating: rating as Stars,
      title: `${rating} stars`,
      body: 'Fine.',
      ...extra,
    },
    as(by),
  );
}

const list = (
  adapter: Adapter,
  extra: Partial<Extract<ReadRequest, { kind: 'reviews' }>> = {},
  viewer: string | null = null,
) =>
  readOne(
    adapter,
    { kind: 'reviews', product: PRODUCT, sort: 'helpful', limit: 20, ...extra },
    viewer,
  );

const helpful = (adapter: Adapter, reviewId: string, by: string, value: 1 | -1 | 0 = 1) =>
  adapter.vote({ targetType: 'review', targetId: reviewId, value }, as(by));

const titles = (page: { items: Review[] }) => page.items.map((r) => r.title);

const withFields = (...names: string[]) =>
  isError(ValidationError, (e) =>
    assert.deepEqual(Object.keys(e.fields).sort(), [...names].sort(), JSON.stringify(e.fields)),
  );

// ---- tests ----------------------------------------------------------------------------------------

describe('memory reviews: writing', () => {
  it('stores plain text with escaped paragraphs and the author from the token', async () => {
    const adapter = setup();
    const written = await adapter.reviews.submitReview(
      {
        product: PRODUCT,
        rating: 4,
        title: '  Roomy  ',
        body: 'Fits a <b>laptop</b> & more.\r\n\r\nStraps:\nfirm **yes**',
        pageUrl: 'https://shop.example/p/28',
      },
      as(m1),
    );
    assert.equal(written.title, 'Roomy');
    assert.equal(written.body, 'Fits a <b>laptop</b> & more.\r\n\r\nStraps:\nfirm **yes**');
    assert.equal(
      written.bodyHtml,
      '<p>Fits a &lt;b&gt;laptop&lt;/b&gt; &amp; more.</p><p>Straps:<br>firm **yes**</p>',
    );
    assert.equal(written.bodySource, undefined, 'no Markdown source: the body is the text');
    assert.deepEqual(
      [written.product, written.rating, written.verifiedPurchase, written.photos, written.reply],
      [PRODUCT, 4, false, [], null],
    );
    assert.deepEqual(
      [written.score, written.upvotes, written.downvotes, written.myVote],
      [0, 0, 0, 0],
    );
    assert.deepEqual([written.author.id, written.author.name], ['m1', 'M1']);
    assert.equal(written.pageUrl, 'https://shop.example/p/28');
    assert.equal(written.visibility, 'visible');
    assert.equal(written.updatedAt, undefined);
    assert.deepEqual((await list(adapter)).items, [written]);
  });

  it('keeps one review per member and product: writing again edits it', async () => {
    const adapter = setup();
    const first = await review(adapter, m1, 2, { title: 'Meh' });
    await helpful(adapter, first.id, m2);
    await helpful(adapter, first.id, m3, -1);
    const edited = await review(adapter, m1, 5, { title: 'Grew on me', body: 'Now I love it.' });
    assert.equal(edited.id, first.id);
    assert.equal(edited.createdAt, first.createdAt);
    assert.ok(edited.updatedAt && edited.updatedAt > first.createdAt, 'updatedAt set');
    assert.deepEqual(
      [edited.rating, edited.title, edited.body, edited.bodyHtml],
      [5, 'Grew on me', 'Now I love it.', '<p>Now I love it.</p>'],
    );
    assert.deepEqual([edited.upvotes, edited.downvotes, edited.score], [1, 1, 0], 'votes kept');
    const page = await list(adapter);
    assert.equal(page.total, 1);
    assert.deepEqual([page.summary.count, page.summary.average], [1, 5]);

    const other = await review(adapter, m1, 3, { product: 'sku-29' });
    assert.notEqual(other.id, first.id, 'another product, another review');
    assert.equal((await list(adapter)).total, 1);
  });

  it('marks a verified purchase from the token’s purchases only; an edit never clears it', async () => {
    const adapter = setup();
    const buyer = token('m1', ['customer'], { purchases: ['sku-1', PRODUCT] });
    const claimed = await adapter.reviews.submitReview(
      {
        product: PRODUCT,
        rating: 5,
        title: '',
        body: 'Bought it.',
        verifiedPurchase: true,
      } as never,
      as(m2),
    );
    assert.equal(claimed.verifiedPurchase, false, 'the request body cannot claim it');
    assert.equal((await review(adapter, buyer, 4)).verifiedPurchase, true);
    assert.equal((await review(adapter, m1, 3)).verifiedPurchase, true, 'kept by an edit');
    const late = token('m2', ['customer'], { purchases: [PRODUCT] });
    assert.equal((await review(adapter, late, 5)).verifiedPurchase, true, 'bought since');
    const other = token('m3', ['customer'], { purchases: ['sku-1'] });
    assert.equal((await review(adapter, other, 5)).verifiedPurchase, false, 'another product');
  });

  it('refuses bad input and names the field', async () => {
    const adapter = setup();
    for (const rating of [0, 6, 2.5, '5', null]) {
      await assert.rejects(review(adapter, m1, rating as number), withFields('rating'));
    }
    await assert.rejects(review(adapter, m1, 3, { body: '' }), withFields('body'));
    await assert.rejects(review(adapter, m1, 3, { body: ' \n\n ' }), withFields('body'));
    await assert.rejects(review(adapter, m1, 3, { body: 'y'.repeat(20_001) }), withFields('body'));
    await assert.rejects(review(adapter, m1, 3, { title: 't'.repeat(201) }), withFields('title'));
    await assert.rejects(review(adapter, m1, 3, { product: ' ' }), withFields('product'));
    await assert.rejects(
      review(adapter, m1, 3, { product: 'p'.repeat(201) }),
      withFields('product'),
    );
    await assert.rejects(
      review(adapter, m1, 3, { pageUrl: 'javascript:x' }),
      withFields('pageUrl'),
    );
    await assert.rejects(
      review(adapter, m1, 3, { photoIds: ['a', 'b', 'c', 'd', 'e'] }),
      withFields('photoIds'),
    );
    await assert.rejects(review(adapter, m1, 3, { photoIds: ['a', 'a'] }), withFields('photoIds'));
    await assert.rejects(
      review(adapter, m1, 3, { photoIds: ['ph_not-mine'] }),
      isError(ValidationError, (e) => assert.match(e.fields.photoIds!, /not one of your uploads/)),
    );
    assert.equal((await list(adapter)).total, 0, 'nothing stored');

    const longest = await review(adapter, m1, 1, {
      title: 't'.repeat(200),
      body: 'y'.repeat(20_000),
    });
    assert.equal(longest.body.length, 20_000);
    assert.equal((await review(adapter, m2, 3, { title: '' })).title, '', 'the title is optional');
  });

  it('needs a signed-in member with a usable token', async () => {
    const adapter = setup();
    await assert.rejects(review(adapter, null as never, 5), UnauthorizedError);
    await assert.rejects(review(adapter, 'not-a-token', 5), UnauthorizedError);
    const expired = token('m1', ['customer'], { exp: Date.parse('2020-01-01') / 1000 });
    await assert.rejects(
      review(adapter, expired, 5),
      isError(UnauthorizedError, (e) => assert.equal(e.expired, true)),
    );
  });

  it('returns the first result for a repeated idempotency key', async () => {
    const adapter = setup();
    const ctx = as(m1);
    const input = { product: PRODUCT, rating: 4 as Stars, title: 'Once', body: 'Once.' };
    const [first, second] = await Promise.all([
      adapter.reviews.submitReview(input, ctx),
      adapter.reviews.submitReview({ ...input, rating: 1 }, ctx),
    ]);
    assert.deepEqual(second, first);
    assert.equal((await list(adapter)).items[0]!.rating, 4);
  });
});

describe('memory reviews: reading', () => {
  /** A: 3★ +2 helpful; B: 5★ 0; C: 1★ +1; D: 5★ -1 (oldest first). */
  async function four(adapter: Adapter) {
    const a = await review(adapter, m1, 3, { title: 'A' });
    const b = await review(adapter, m2, 5, { title: 'B' });
    const c = await review(adapter, m3, 1, { title: 'C' });
    const d = await review(adapter, m4, 5, { title: 'D' });
    await helpful(adapter, a.id, m2);
    await helpful(adapter, a.id, m3);
    await helpful(adapter, c.id, m1);
    await helpful(adapter, d.id, m1, -1);
    return { a, b, c, d };
  }

  it('sorts by helpful, newest, highest and lowest, newest first on ties', async () => {
    const adapter = setup();
    await four(adapter);
    assert.deepEqual(titles(await list(adapter, { sort: 'helpful' })), ['A', 'C', 'B', 'D']);
    assert.deepEqual(titles(await list(adapter, { sort: 'newest' })), ['D', 'C', 'B', 'A']);
    assert.deepEqual(titles(await list(adapter, { sort: 'highest' })), ['D', 'B', 'A', 'C']);
    assert.deepEqual(titles(await list(adapter, { sort: 'lowest' })), ['C', 'A', 'D', 'B']);
  });

  it('filters by stars: total counts the filtered list, the summary all of them', async () => {
    const adapter = setup();
    await four(adapter);
    const fives = await list(adapter, { stars: 5, sort: 'newest' });
    assert.deepEqual(titles(fives), ['D', 'B']);
    assert.equal(fives.total, 2);
    assert.equal(fives.summary.count, 4);
    const twos = await list(adapter, { stars: 2 });
    assert.deepEqual([twos.items, twos.total, twos.nextCursor], [[], 0, null]);
  });

  it('pages with a cursor', async () => {
    const adapter = setup();
    await four(adapter);
    const first = await list(adapter, { sort: 'newest', limit: 3 });
    assert.deepEqual([titles(first), first.total], [['D', 'C', 'B'], 4]);
    assert.ok(first.nextCursor, 'a next page');
    const second = await list(adapter, { sort: 'newest', limit: 3, cursor: first.nextCursor });
    assert.deepEqual([titles(second), second.total, second.nextCursor], [['A'], 4, null]);
  });

  it('summarises exactly: average, count and histogram, also after edits', async () => {
    const adapter = setup();
    await review(adapter, m1, 5);
    await review(adapter, m2, 4);
    await review(adapter, m3, 4);
    let { summary } = await list(adapter);
    assert.deepEqual(summary, {
      product: PRODUCT,
      average: 13 / 3,
      count: 3,
      histogram: { 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 },
    });
    await review(adapter, m2, 1);
    ({ summary } = await list(adapter));
    assert.deepEqual(
      [summary.average, summary.count, summary.histogram],
      [10 / 3, 3, { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 }],
    );
    const nothing = await list(adapter, { product: 'sku-unknown' });
    assert.deepEqual(nothing.summary, {
      product: 'sku-unknown',
      average: 0,
      count: 0,
      histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    });
    assert.equal(nothing.mine, null);
  });

  it('gives the reader’s own review as `mine`, whatever the filter, with their votes', async () => {
    const adapter = setup();
    const { a, b } = await four(adapter);
    const page = await list(adapter, { stars: 1 }, m1);
    assert.equal(page.mine?.id, a.id, 'A is 3 stars, outside the filter');
    assert.equal(page.mine?.myVote, 0);
    assert.equal((await list(adapter, {}, m2)).mine?.id, b.id);
    const seen = (await list(adapter, {}, m2)).items.find((r) => r.id === a.id)!;
    assert.equal(seen.myVote, 1);
    assert.equal((await list(adapter)).mine, null, 'signed out');
    assert.equal((await list(adapter, {}, staff)).mine, null, 'no review of this product');
  });

  it('reads the ratings of many products in one call, in the order asked', async () => {
    const adapter = setup();
    await review(adapter, m1, 5);
    await review(adapter, m2, 2);
    await review(adapter, m1, 3, { product: 'sku-29' });
    const ratings = await readOne(adapter, {
      kind: 'ratings',
      products: ['sku-29', 'sku-none', PRODUCT],
    });
    assert.deepEqual(
      ratings.map((r) => [r.product, r.average, r.count]),
      [
        ['sku-29', 3, 1],
        ['sku-none', 0, 0],
        [PRODUCT, 3.5, 2],
      ],
    );
    assert.deepEqual(ratings[2]!.histogram, { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 });
  });

  it('refuses malformed reads in their slot', async () => {
    const adapter = setup();
    const outcomes = await adapter.read(
      [
        { kind: 'reviews', product: PRODUCT, sort: 'best' as never, limit: 10 },
        { kind: 'reviews', product: PRODUCT, sort: 'newest', stars: 6 as never, limit: 10 },
        { kind: 'reviews', product: '', sort: 'newest', limit: 10 },
        { kind: 'ratings', products: [] },
        { kind: 'ratings', products: Array.from({ length: 101 }, (_, i) => `p${i}`) },
        { kind: 'ratings', products: ['ok'] },
      ],
      {},
    );
    const fields = outcomes.map((o) =>
      o.ok ? 'ok' : Object.keys((o.error as ValidationError).fields ?? {}).join(),
    );
    assert.deepEqual(fields, ['sort', 'stars', 'product', 'products', 'products', 'ok']);
  });
});

describe('memory reviews: helpful votes', () => {
  it('counts helpful and not helpful, one vote per member, 0 withdraws', async () => {
    const adapter = setup();
    const mine = await review(adapter, m1, 4);
    assert.deepEqual(await helpful(adapter, mine.id, m2), {
      targetType: 'review',
      targetId: mine.id,
      value: 1,
      score: 1,
      upvotes: 1,
      downvotes: 0,
    });
    assert.equal((await helpful(adapter, mine.id, m2)).upvotes, 1, 'one vote per member');
    const switched = await helpful(adapter, mine.id, m2, -1);
    assert.deepEqual([switched.upvotes, switched.downvotes, switched.score], [0, 1, -1]);
    await helpful(adapter, mine.id, m3);
    const withdrawn = await helpful(adapter, mine.id, m2, 0);
    assert.deepEqual([withdrawn.upvotes, withdrawn.downvotes, withdrawn.value], [1, 0, 0]);
    const seen = (await list(adapter, {}, m3)).items[0]!;
    assert.deepEqual([seen.score, seen.myVote], [1, 1]);
  });

  it('forbids voting on one’s own review and refuses unknown reviews and values', async () => {
    const adapter = setup();
    const mine = await review(adapter, m1, 4);
    await assert.rejects(helpful(adapter, mine.id, m1), ForbiddenError);
    await assert.rejects(helpful(adapter, 'r_missing', m2), NotFoundError);
    await assert.rejects(
      adapter.vote({ targetType: 'review', targetId: mine.id, value: 2 as never }, as(m2)),
      withFields('value'),
    );
    await assert.rejects(helpful(adapter, mine.id, null as never), UnauthorizedError);
  });
});

describe('memory reviews: staff replies', () => {
  it('lets staff reply in plain text; replying again replaces the reply', async () => {
    const adapter = setup();
    const written = await review(adapter, m1, 2);
    const replied = await adapter.reviews.reply(
      { reviewId: written.id, body: 'Sorry!\n\nWrite to <support>.' },
      as(staff),
    );
    assert.equal(replied.id, written.id);
    assert.equal(replied.reply?.body, 'Sorry!\n\nWrite to <support>.');
    assert.equal(replied.reply?.bodyHtml, '<p>Sorry!</p><p>Write to &lt;support&gt;.</p>');
    assert.deepEqual([replied.reply?.author.id, replied.reply?.author.roles], ['sam', ['staff']]);
    assert.equal(replied.reply?.updatedAt, undefined);

    const moderator = token('mo', ['moderator']);
    const again = await adapter.reviews.reply(
      { reviewId: written.id, body: 'Fixed.' },
      as(moderator),
    );
    assert.equal(again.reply?.body, 'Fixed.');
    assert.equal(again.reply?.author.id, 'mo');
    assert.equal(again.reply?.createdAt, replied.reply?.createdAt);
    assert.ok(again.reply?.updatedAt && again.reply.updatedAt > again.reply.createdAt, 'updatedAt');
    assert.deepEqual((await list(adapter)).items[0]!.reply, again.reply);
  });

  it('forbids customers and experts, and refuses empty, long and unknown', async () => {
    const adapter = setup();
    const written = await review(adapter, m1, 2);
    const input = { reviewId: written.id, body: 'Thanks.' };
    await assert.rejects(adapter.reviews.reply(input, as(m2)), ForbiddenError);
    await assert.rejects(adapter.reviews.reply(input, as(m1)), ForbiddenError, 'not the author');
    await assert.rejects(
      adapter.reviews.reply(input, as(token('erin', ['expert']))),
      ForbiddenError,
    );
    await assert.rejects(
      adapter.reviews.reply({ ...input, body: ' ' }, as(staff)),
      withFields('body'),
    );
    await assert.rejects(
      adapter.reviews.reply({ ...input, body: 'x'.repeat(5001) }, as(staff)),
      withFields('body'),
    );
    await assert.rejects(
      adapter.reviews.reply({ reviewId: 'r_missing', body: 'Hi' }, as(staff)),
      NotFoundError,
    );
    assert.equal((await list(adapter)).items[0]!.reply, null);
  });
});

describe('memory reviews: persistence and seeds', () => {
  it('keeps reviews, votes and replies in storage for the next adapter', async () => {
    const storage = memoryStorage();
    const first = setup({ storage });
    const written = await review(first, m1, 4);
    await helpful(first, written.id, m2);
    await first.reviews.reply({ reviewId: written.id, body: 'Thanks!' }, as(staff));

    const second = setup({ storage });
    const page = await list(second, {}, m2);
    assert.deepEqual(
      [
        page.items[0]!.id,
        page.items[0]!.upvotes,
        page.items[0]!.myVote,
        page.items[0]!.reply?.body,
      ],
      [written.id, 1, 1, 'Thanks!'],
    );
    assert.equal(JSON.parse(storage.items.get('kith-memory:test')!).version, 3);
  });

  it('drops a state of the previous version for the seed (which has reviews now)', async () => {
    const storage = memoryStorage();
    const older = setup({ storage });
    await older.askQuestion({ topic: 't', title: 'Old', body: '' }, as(m1));
    const raw = JSON.parse(storage.items.get('kith-memory:test')!);
    delete raw.reviews;
    storage.items.set('kith-memory:test', JSON.stringify({ ...raw, version: 2 }));
    const seeded = setup({ storage, seed: seed() });
    assert.equal((await list(seeded)).total, 2);
    const questions = await readOne(seeded, {
      kind: 'questions',
      topic: 't',
      sort: 'newest',
      limit: 5,
    });
    assert.equal(questions.total, 0);
  });

  function seed(): MemorySeed {
    const author = (id: string) => ({
      id,
      name: id,
      roles: ['customer' as const],
      reputation: 0,
      trustLevel: 1 as const,
    });
    const base = {
      product: PRODUCT,
      title: 'Seeded',
      body: 'Seeded.',
      bodyHtml: '<p>Seeded.</p>',
      photos: [],
      score: 1,
      upvotes: 1,
      downvotes: 0,
      myVote: 0 as const,
    };
    return {
      reviews: [
        {
          ...base,
          id: 'r_1',
          author: author('ann'),
          rating: 5,
          verifiedPurchase: true,
          createdAt: '2025-01-01T00:00:00.000Z',
          reply: {
            body: 'Thanks',
            bodyHtml: '<p>Thanks</p>',
            author: { ...author('sam'), roles: ['staff'] },
            createdAt: '2025-01-02T00:00:00.000Z',
          },
        },
        {
          ...base,
          id: 'r_2',
          author: author('bo'),
          rating: 2,
          createdAt: '2025-01-03T00:00:00.000Z',
          verifiedPurchase: false,
        },
      ],
      votes: [
        { memberId: 'bo', targetType: 'review', targetId: 'r_1', value: 1 },
        { memberId: 'ann', targetType: 'review', targetId: 'r_2', value: -1 },
      ],
    };
  }

  it('serves seeded reviews with their votes, reply and summary', async () => {
    const adapter = setup({ seed: seed() });
    const page = await list(adapter, { sort: 'newest' }, token('bo'));
    assert.deepEqual(
      page.items.map((r) => [r.id, r.rating, r.upvotes, r.downvotes, r.myVote, r.verifiedPurchase]),
      [
        ['r_2', 2, 1, 1, 0, false],
        ['r_1', 5, 1, 0, 1, true],
      ],
    );
    assert.equal(page.items[1]!.reply?.author.id, 'sam');
    assert.equal(page.mine?.id, 'r_2');
    assert.deepEqual([page.summary.average, page.summary.count], [3.5, 2]);
  });
});

describe('memory reviews: photo uploads in Node', () => {
  const jpeg = (name?: string) => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    return name === undefined ? new Blob([bytes]) : new File([bytes], name);
  };
  const upload = (adapter: Adapter, file: Blob, by: string | null = m1) =>
    adapter.reviews.uploadPhoto(file, as(by));
  const refused = (pattern: RegExp) =>
    isError(ValidationError, (e) => {
      assert.match(e.message, pattern);
      assert.deepEqual(Object.keys(e.fields), ['file']);
    });

  it('checks the file as the server does before anything else', async () => {
    const adapter = setup();
    const svg = new Blob([
      '\uFEFF  <?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    ]);
    await assert.rejects(upload(adapter, svg), refused(/SVG/));
    await assert.rejects(
      upload(adapter, new Blob(['just text'])),
      refused(/not a JPEG, PNG, WebP or GIF/),
    );
    await assert.rejects(upload(adapter, new Blob([])), refused(/empty/));
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    await assert.rejects(upload(adapter, new Blob([big])), refused(/larger than 8 MB/));
    await assert.rejects(upload(adapter, jpeg('<script>.jpg')), refused(/file name/));
    await assert.rejects(upload(adapter, 'not a file' as never), refused(/Choose a photo/));
    await assert.rejects(upload(adapter, jpeg(), null), UnauthorizedError);
  });

  it('says clearly that Node cannot store or re-encode photos', async () => {
    const adapter = setup();
    await assert.rejects(
      upload(adapter, jpeg('trail.jpg')),
      isError(UnsupportedError, (e) => assert.match(e.message, /photo uploads.*IndexedDB/)),
    );
    const persisted = setup({ storage: memoryStorage() });
    await assert.rejects(upload(persisted, jpeg()), UnsupportedError);
  });
});
