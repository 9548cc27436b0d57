/**
 * The reviews, ratings, flags and moderation suite, run once per database (reviews.pglite.test.ts,
 * reviews.postgres.test.ts). Every test starts from empty tables and the site `test`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import { insertPhoto } from '../src/db/photos.js';
import { signMemberToken } from '../src/domain/auth.js';
import { loadSeedFile, seedSite } from '../src/domain/seed.js';
import { repoRoot } from '../src/paths.js';
import {
  SECRET,
  SITE,
  castTokens,
  countRows,
  eventTypes,
  expiredToken,
  posts,
  suiteDatabase,
  token,
  type Body,
  type Client,
  type Reply,
  type TestDatabase,
} from './helpers.js';

/** A customer's token that lists `purchases` (the only source of "verified purchase"). */
const buyer = (member: string, purchases: string[]) =>
  signMemberToken(SECRET, {
    site: SITE,
    member,
    name: member.replace(/^m_/, '').toUpperCase(),
    roles: ['customer'],
    purchases,
  });

export function reviewsSuite(name: string, open: () => Promise<TestDatabase>): void {
  describe(`Reviews, flags and moderation on ${name}`, () => {
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let cleo: string;
    let dan: string;
    let sam: string;
    let mo: string;

    suiteDatabase(open, async (opened) => {
      ({ db, api } = opened);
      ({ ada, ben, cleo, dan, sam, mo } = await castTokens());
    });

    const post = posts(() => api);
    const { review, vote, flag, act } = post;
    const posted = post.postReview;

    const ask = (tok: string, title: string) => post.ask(tok, { title });
    const answer = (tok: string, questionId: string, body: string) =>
      post.answer(tok, questionId, { body });
    const submitIdea = (tok: string, title: string) => post.submitIdea(tok, { title });
    const comment = (tok: string, ideaId: string, body: string) =>
      post.comment(tok, ideaId, { body });

    const list = (query: string, tok: string | null = null) =>
      api.request('GET', `/v1/reviews?site=test&product=sku-1${query}`, { token: tok });

    const reply = (tok: string, id: string, body: string) =>
      api.request('PUT', `/v1/reviews/${id}/reply`, { token: tok, body: { body } });

    async function moderated(action: string, targetType: string, targetId: string): Promise<void> {
      const res = await act(sam, action, targetType, targetId);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }

    /** The product's stored aggregate, and the same counted from its visible reviews. */
    async function aggregates(product = 'sku-1') {
      const { rows: stored } = await db.query(
        `SELECT review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5
         FROM products WHERE site = $1 AND id = $2`,
        [SITE, product],
      );
      const { rows: counted } = await db.query(
        `SELECT count(*)::int AS review_count, coalesce(sum(rating), 0)::int AS rating_sum,
           count(*) FILTER (WHERE rating = 1)::int AS stars_1,
           count(*) FILTER (WHERE rating = 2)::int AS stars_2,
           count(*) FILTER (WHERE rating = 3)::int AS stars_3,
           count(*) FILTER (WHERE rating = 4)::int AS stars_4,
           count(*) FILTER (WHERE rating = 5)::int AS stars_5
         FROM reviews WHERE site = $1 AND product = $2 AND visibility = 'visible'`,
        [SITE, product],
      );
      const numbers = (row: Record<string, unknown> | undefined) =>
        Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
      return { stored: numbers(stored[0]), counted: numbers(counted[0]) };
    }

    const summaryOf = async (product = 'sku-1') =>
      (await api.request('GET', `/v1/ratings?site=test&products=${product}`)).body[0];

    // ---- submitting --------------------------------------------------------------------------

    it('submits a review (201), and a second post edits it (200: same id, helpful votes kept, updatedAt set)', async () => {
      const first = await review(ada, {
        rating: 4,
        title: 'Good pack',
        body: 'Fits <b>well</b> & "dry".\nEven in rain.\n\n\nSecond paragraph.',
        pageUrl: 'https://shop.example/p/sku-1',
      });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const r = first.body;
      assert.match(r.id, /^r_/);
      assert.deepEqual(
        [r.product, r.rating, r.title, r.verifiedPurchase, r.photos, r.reply, r.myVote],
        ['sku-1', 4, 'Good pack', false, [], null, 0],
      );
      assert.equal(r.body, 'Fits <b>well</b> & "dry".\nEven in rain.\n\n\nSecond paragraph.');
      assert.equal(
        r.bodyHtml,
        '<p>Fits &lt;b&gt;well&lt;/b&gt; &amp; &quot;dry&quot;.<br>Even in rain.</p><p>Second paragraph.</p>',
      );
      assert.deepEqual([r.score, r.upvotes, r.downvotes], [0, 0, 0]);
      assert.equal(r.author.id, 'm_ada');
      assert.equal(r.pageUrl, 'https://shop.example/p/sku-1');
      assert.equal(r.updatedAt, undefined);
      assert.equal(r.visibility, 'visible');

      assert.equal((await vote(ben, 'review', r.id, 1)).status, 200);
      const edit = await review(ada, { rating: 2, title: '', body: 'Changed my mind.' });
      assert.equal(edit.status, 200, JSON.stringify(edit.body));
      assert.equal(edit.body.id, r.id);
      assert.deepEqual(
        [edit.body.rating, edit.body.title, edit.body.body, edit.body.upvotes, edit.body.score],
        [2, '', 'Changed my mind.', 1, 1],
      );
      assert.ok(edit.body.updatedAt >= edit.body.createdAt);
      assert.equal(edit.body.createdAt, r.createdAt);
      assert.equal(edit.body.pageUrl, 'https://shop.example/p/sku-1', 'the page URL stays');
      assert.equal(await countRows(db, 'reviews'), 1);

      const summary = await summaryOf();
      assert.deepEqual(summary, {
        product: 'sku-1',
        average: 2,
        count: 1,
        histogram: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 0 },
      });
      const { rows } = await db.query<{ type: string; target_id: string; payload: Body }>(
        'SELECT type, target_id, payload FROM community_events ORDER BY id',
      );
      assert.deepEqual(
        rows.map((e) => [e.type, e.target_id, e.payload.edited ?? null, e.payload.rating ?? null]),
        [
          ['review.submitted', r.id, false, 4],
          ['vote.cast', r.id, null, null],
          ['review.submitted', r.id, true, 2],
        ],
      );
      // Another product is another review; the database refuses a second one of the same product.
      assert.equal((await review(ada, { product: 'sku-2' })).status, 201);
      await assert.rejects(
        db.query(
          `INSERT INTO reviews (site, id, product, author, rating, body, body_html)
           VALUES ($1, 'r_twin', 'sku-1', 'm_ada', 3, 'x', '<p>x</p>')`,
          [SITE],
        ),
        (error: { code?: string }) => error.code === '23505',
      );
    });

    it('takes "verified purchase" only from the token: set by any write that carried it, never cleared, never from the body', async () => {
      let res = await review(ada, { verifiedPurchase: true, upvotes: 99, id: 'r_mine' });
      assert.equal(res.status, 201);
      assert.deepEqual(
        [res.body.verifiedPurchase, res.body.upvotes, res.body.id === 'r_mine'],
        [false, 0, false],
        'server-set fields in the body are ignored',
      );
      res = await review(await buyer('m_ada', ['sku-9', 'sku-1']), { rating: 5 });
      assert.deepEqual([res.status, res.body.verifiedPurchase], [200, true]);
      res = await review(ada, { rating: 3, verifiedPurchase: false });
      assert.deepEqual([res.status, res.body.verifiedPurchase], [200, true], 'an edit keeps it');
      res = await review(await buyer('m_ben', ['sku-2']), {});
      assert.deepEqual([res.status, res.body.verifiedPurchase], [201, false], 'another product');
      res = await review(await buyer('m_cleo', ['sku-1']), {});
      assert.deepEqual([res.status, res.body.verifiedPurchase], [201, true]);
      const { rows } = await db.query<{ author: string; verified_purchase: boolean }>(
        'SELECT author, verified_purchase FROM reviews ORDER BY author',
      );
      assert.deepEqual(
        rows.map((r) => [r.author, r.verified_purchase]),
        [
          ['m_ada', true],
          ['m_ben', false],
          ['m_cleo', true],
        ],
      );
    });

    it('validates a review with field messages and writes nothing; 401 without a valid token', async () => {
      const refused = async (body: Record<string, unknown>, field: string, message?: RegExp) => {
        const res = await review(ada, body);
        assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${res.status}`);
        assert.equal(res.body.error.code, 'validation');
        assert.ok(res.body.error.fields[field], `${field}: ${JSON.stringify(res.body.error)}`);
        if (message) assert.match(res.body.error.fields[field], message);
      };
      for (const rating of [0, 6, 2.5, '5', null, -1])
        await refused({ rating }, 'rating', /whole number of stars from 1 to 5/);
      await refused({ rating: undefined }, 'rating');
      await refused({ body: '' }, 'body', /Write your review first/);
      await refused({ body: ' \n\t ' }, 'body', /Write your review first/);
      await refused({ body: 'b'.repeat(20_001) }, 'body', /At most 20,000 characters/);
      await refused({ body: 42 }, 'body');
      await refused({ title: 't'.repeat(201) }, 'title', /At most 200 characters/);
      await refused({ product: '' }, 'product');
      await refused({ product: '   ' }, 'product');
      await refused({ product: undefined }, 'product');
      await refused({ product: 'p'.repeat(201) }, 'product', /At most 200 characters/);
      await refused({ pageUrl: 'javascript:alert(1)' }, 'pageUrl');
      await refused({ photoIds: ['a', 'b', 'c', 'd', 'e'] }, 'photoIds', /At most 4 photos/);
      await refused({ photoIds: 'ph_1' }, 'photoIds');
      assert.equal(await countRows(db, 'reviews'), 0);
      assert.equal(await countRows(db, 'products'), 0);

      let res = await api.request('POST', '/v1/reviews', {
        body: { product: 'sku-1', rating: 4, body: 'x' },
      });
      assert.equal(res.status, 401);
      res = await review(await expiredToken('m_ada'), {});
      assert.equal(res.status, 401);
      assert.equal(res.body.error.expired, true);
      assert.equal(await countRows(db, 'community_events'), 0);

      // The limits exactly, an omitted title, and NUL characters kept as U+FFFD.
      res = await api.request('POST', '/v1/reviews', {
        token: ada,
        body: { product: 'sku-1', rating: 1, body: `a\u0000${'b'.repeat(19_998)}` },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 200));
      assert.equal(res.body.title, '');
      assert.equal(res.body.body.length, 20_000);
      assert.ok(res.body.body.startsWith('a\uFFFDb'));
      res = await review(ben, { title: `T\u0000${'t'.repeat(198)}` });
      assert.equal(res.status, 201);
      assert.equal(res.body.title.length, 200);
      assert.ok(res.body.title.startsWith('T\uFFFD'));
    });

    it('attaches the member’s uploads as photos (replaced by photoIds on an edit, kept without) and reads them back', async () => {
      const upload = async (member: string, n: number) => {
        const id = `ph_${String(n).padStart(22, 'x')}`;
        await db.query(
          `INSERT INTO members (site, id, name) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING`,
          [SITE, member],
        );
        await insertPhoto(db, {
          site: SITE,
          id,
          member,
          contentType: 'image/png',
          image: new Uint8Array([1, 2, 3]),
          thumbnail: new Uint8Array([4]),
          width: 40,
          height: 30,
          alt: `Photo ${n}`,
        });
        return id;
      };
      const [p1, p2, p3] = [
        await upload('m_ada', 1),
        await upload('m_ada', 2),
        await upload('m_ada', 3),
      ];
      const theirs = await upload('m_ben', 4);
      let res = await review(ada, { photoIds: [p2, p1] });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.photos.map((p: Body) => [p.id, p.width, p.height, p.alt]),
        [
          [p2, 40, 30, 'Photo 2'],
          [p1, 40, 30, 'Photo 1'],
        ],
      );
      res = await review(ada, { rating: 5 });
      assert.deepEqual(
        res.body.photos.map((p: Body) => p.id),
        [p2, p1],
        'kept without photoIds',
      );
      res = await review(ada, { photoIds: [p3] });
      assert.deepEqual(
        res.body.photos.map((p: Body) => p.id),
        [p3],
        'replaced',
      );
      const read = await list('', ada);
      assert.deepEqual(
        read.body.items[0].photos.map((p: Body) => p.id),
        [p3],
      );
      assert.deepEqual(read.body.mine.photos, read.body.items[0].photos);
      res = await review(ada, { photoIds: [theirs] });
      assert.equal(res.status, 400);
      assert.ok(res.body.error.fields.photoIds);
      assert.deepEqual(
        (await list('')).body.items[0].photos.map((p: Body) => p.id),
        [p3],
      );
    });

    // ---- reading -----------------------------------------------------------------------------

    it('lists reviews in each sort with the stars filter and keyset pages; total counts the filtered list', async () => {
      const writers = await Promise.all(
        ['m_r0', 'm_r1', 'm_r2', 'm_r3', 'm_r4', 'm_r5'].map((m) => token(m)),
      );
      const ratings = [5, 3, 4, 5, 2, 4];
      const ids: string[] = [];
      for (const [i, tok] of writers.entries())
        ids.push((await posted(tok, { rating: ratings[i], title: `Review ${i}` })).id);
      // Helpful scores: r1 +2, r4 +1, r2 -1, the rest 0.
      await vote(ada, 'review', ids[1]!, 1);
      await vote(ben, 'review', ids[1]!, 1);
      await vote(ada, 'review', ids[4]!, 1);
      await vote(cleo, 'review', ids[2]!, -1);

      const all = async (query: string, tok: string | null = null) => {
        const seen: Body[] = [];
        let cursor: string | null = null;
        let total = -1;
        do {
          const res: Reply = await list(
            `${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            tok,
          );
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.ok(res.body.items.length <= 2);
          seen.push(...res.body.items);
          cursor = res.body.nextCursor;
          total = res.body.total;
        } while (cursor);
        return { ids: seen.map((r) => ids.indexOf(r.id)), seen, total };
      };
      assert.deepEqual((await all('&sort=helpful')).ids, [1, 4, 5, 3, 0, 2]);
      assert.deepEqual((await all('')).ids, [1, 4, 5, 3, 0, 2], 'helpful by default');
      assert.deepEqual((await all('&sort=newest')).ids, [5, 4, 3, 2, 1, 0]);
      assert.deepEqual((await all('&sort=highest')).ids, [3, 0, 5, 2, 1, 4]);
      assert.deepEqual((await all('&sort=lowest')).ids, [4, 1, 5, 2, 3, 0]);
      const fives = await all('&sort=newest&stars=5');
      assert.deepEqual([fives.ids, fives.total], [[3, 0], 2]);
      const fours = await all('&sort=lowest&stars=4', ada);
      assert.deepEqual([fours.ids, fours.total], [[5, 2], 2]);
      assert.deepEqual(
        (await all('&sort=helpful&stars=3', ada)).seen.map((r) => r.myVote),
        [1],
      );
      assert.deepEqual((await all('&stars=1')).total, 0);
      const page = await list('&sort=newest&limit=4');
      assert.equal(page.body.total, 6);
      assert.match(page.body.nextCursor, /^s\./);

      for (const query of [
        '&sort=best',
        '&stars=0',
        '&stars=6',
        '&stars=2.5',
        '&cursor=o.5',
        '&cursor=x',
      ]) {
        const res = await list(query);
        assert.equal(res.status, 400, query);
        assert.equal(res.body.error.code, 'validation');
      }
      const none = await api.request('GET', '/v1/reviews?site=test&product=no-such-product', {
        token: ada,
      });
      assert.deepEqual(none.body, {
        items: [],
        nextCursor: null,
        total: 0,
        summary: {
          product: 'no-such-product',
          average: 0,
          count: 0,
          histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
        },
        mine: null,
      });
      assert.equal((await api.request('GET', '/v1/reviews?site=test')).status, 400);
    });

    it('answers with the summary (exact average, count, histogram) and the reader’s own review whatever the filter', async () => {
      const mine = await posted(ada, { rating: 5, body: 'Mine.' });
      await posted(ben, { rating: 4 });
      await posted(cleo, { rating: 4 });
      const res = await list('&stars=4', ada);
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 2);
      assert.ok(res.body.items.every((r: Body) => r.rating === 4));
      assert.deepEqual(res.body.summary, {
        product: 'sku-1',
        average: 13 / 3,
        count: 3,
        histogram: { 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 },
      });
      assert.equal(res.body.mine.id, mine.id, 'mine although the filter leaves it out');
      assert.equal(res.body.mine.body, 'Mine.');
      assert.equal((await list('', dan)).body.mine, null, 'a reader without a review');
      assert.equal((await list('')).body.mine, null, 'signed out');
      assert.equal((await list('', 'not-a-token')).status, 200, 'a bad token reads as signed out');
      const { stored, counted } = await aggregates();
      assert.deepEqual(stored, counted);
      // The database keeps the aggregate consistent with itself.
      await assert.rejects(
        db.query(`UPDATE products SET review_count = review_count + 1 WHERE id = 'sku-1'`),
        (error: { code?: string }) => error.code === '23514',
      );
    });

    it('counts 20 concurrent reviews, then concurrent edits and hides, exactly', async () => {
      const members = Array.from({ length: 20 }, (_, i) => `m_c${i}`);
      const tokens = await Promise.all(members.map((m) => token(m)));
      const results = await Promise.all(
        tokens.map((tok, i) => review(tok, { rating: (i % 5) + 1, body: `Review ${i}` }, `c-${i}`)),
      );
      assert.ok(
        results.every((r) => r.status === 201),
        JSON.stringify(results.find((r) => r.status !== 201)?.body),
      );
      let summary = await summaryOf();
      assert.deepEqual(summary, {
        product: 'sku-1',
        average: 3,
        count: 20,
        histogram: { 1: 4, 2: 4, 3: 4, 4: 4, 5: 4 },
      });
      let { stored, counted } = await aggregates();
      assert.deepEqual(stored, counted);

      // Authors 0–9 edit (all to 5 stars) while staff hide the reviews of authors 5–14.
      const ids = results.map((r) => r.body.id as string);
      const writes = await Promise.all([
        ...tokens.slice(0, 10).map((tok, i) => review(tok, { rating: 5, body: `Edit ${i}` })),
        ...ids.slice(5, 15).map((id) => act(sam, 'hide', 'review', id)),
      ]);
      assert.ok(
        writes.every((r) => r.status === 200),
        JSON.stringify(writes.find((r) => r.status !== 200)?.body),
      );
      ({ stored, counted } = await aggregates());
      assert.deepEqual(stored, counted);
      summary = await summaryOf();
      // Visible: authors 0–4 (now 5 stars) and 15–19 (ratings 1–5).
      assert.deepEqual(summary, {
        product: 'sku-1',
        average: (5 * 5 + 15) / 10,
        count: 10,
        histogram: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 6 },
      });
    });

    it('answers ratings of many products in one call, in the order asked; unknown products are zeros', async () => {
      await posted(ada, { product: 'p-a', rating: 5 });
      await posted(ben, { product: 'p-a', rating: 2 });
      await posted(ada, { product: 'p-b', rating: 3 });
      let res = await api.request('GET', '/v1/ratings?site=test&products=p-b,unknown,p-a,p-b');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.map((s: Body) => [s.product, s.average, s.count]),
        [
          ['p-b', 3, 1],
          ['unknown', 0, 0],
          ['p-a', 3.5, 2],
          ['p-b', 3, 1],
        ],
      );
      assert.deepEqual(res.body[2].histogram, { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 });
      assert.ok(res.headers.get('etag'));

      const hundred = Array.from({ length: 100 }, (_, i) => `p-${i}`).join(',');
      res = await api.request('GET', `/v1/ratings?site=test&products=${hundred}`);
      assert.deepEqual([res.status, res.body.length], [200, 100]);
      for (const query of [`${hundred},p-x`, '', 'p-a,,p-b', `p-a,${'x'.repeat(201)}`]) {
        res = await api.request('GET', `/v1/ratings?site=test&products=${query}`);
        assert.equal(res.status, 400, query.slice(0, 40));
        assert.ok(
          Object.keys(res.body.error.fields).some((f) => f.startsWith('products')),
          JSON.stringify(res.body.error),
        );
      }
      assert.equal((await api.request('GET', '/v1/ratings?site=test')).status, 400);
    });

    // ---- helpful votes and replies -----------------------------------------------------------

    it('counts helpful votes one per member, with a change of mind; not on one’s own review', async () => {
      const r = await posted(ada);
      let res = await vote(ben, 'review', r.id, 1);
      assert.deepEqual(res.body, {
        targetType: 'review',
        targetId: r.id,
        value: 1,
        score: 1,
        upvotes: 1,
        downvotes: 0,
      });
      res = await vote(ben, 'review', r.id, 1);
      assert.deepEqual([res.body.upvotes, res.body.downvotes], [1, 0], 'once per member');
      res = await vote(cleo, 'review', r.id, -1);
      assert.deepEqual([res.body.score, res.body.upvotes, res.body.downvotes], [0, 1, 1]);
      res = await vote(ben, 'review', r.id, -1);
      assert.deepEqual(
        [res.body.value, res.body.score, res.body.upvotes, res.body.downvotes],
        [-1, -2, 0, 2],
      );
      res = await vote(ben, 'review', r.id, 0);
      assert.deepEqual([res.body.value, res.body.upvotes, res.body.downvotes], [0, 0, 1]);
      assert.equal(await countRows(db, 'votes'), 1);
      const events = await countRows(db, 'community_events');
      res = await vote(ada, 'review', r.id, 1);
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
      assert.equal((await vote(ben, 'review', 'r_missing', 1)).status, 404);
      assert.equal((await vote(ben, 'review', r.id, 2)).status, 400);
      assert.equal(await countRows(db, 'community_events'), events);
      const read = await list('', cleo);
      assert.deepEqual(
        [read.body.items[0].myVote, read.body.items[0].downvotes, read.body.items[0].score],
        [-1, 1, -1],
      );
    });

    it('lets staff reply to a review (again replaces it) and refuses customers', async () => {
      const r = await posted(ada);
      let res = await reply(ben, r.id, 'I am not staff.');
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
      res = await reply(sam, r.id, 'Thanks, Ada!\nGlad it fits.\n\n<i>Sam</i>');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const first = res.body.reply;
      assert.equal(first.body, 'Thanks, Ada!\nGlad it fits.\n\n<i>Sam</i>');
      assert.equal(
        first.bodyHtml,
        '<p>Thanks, Ada!<br>Glad it fits.</p><p>&lt;i&gt;Sam&lt;/i&gt;</p>',
      );
      assert.equal(first.author.id, 'm_sam');
      assert.deepEqual(first.author.roles, ['staff']);
      assert.equal(first.updatedAt, undefined);
      assert.equal(res.body.id, r.id);

      res = await reply(mo, r.id, 'A moderator answers instead.');
      assert.equal(res.status, 200);
      assert.deepEqual(
        [res.body.reply.body, res.body.reply.author.id, res.body.reply.createdAt],
        ['A moderator answers instead.', 'm_mo', first.createdAt],
      );
      assert.ok(res.body.reply.updatedAt);
      const read = await list('');
      assert.deepEqual(read.body.items[0].reply, res.body.reply);

      for (const body of ['', '  ', 'x'.repeat(5_001)]) {
        res = await reply(sam, r.id, body);
        assert.equal(res.status, 400);
        assert.ok(res.body.error.fields.body);
      }
      assert.equal((await reply(sam, 'r_missing', 'Hello')).status, 404);
      assert.equal(
        (await api.request('PUT', `/v1/reviews/${r.id}/reply`, { body: { body: 'x' } })).status,
        401,
      );
      const { rows } = await db.query<{ actor: string; payload: Body }>(
        `SELECT actor, payload FROM community_events WHERE type = 'review.replied' ORDER BY id`,
      );
      assert.deepEqual(
        rows.map((e) => [e.actor, e.payload.replaced]),
        [
          ['m_sam', false],
          ['m_mo', true],
        ],
      );
    });

    it('serves the reviews and ratings reads in a bootstrap, as the single reads do', async () => {
      await posted(ada, { rating: 4 });
      await posted(ben, { rating: 5 });
      await posted(ben, { product: 'sku-2', rating: 1 });
      const products = Array.from({ length: 30 }, (_, i) => (i % 2 ? 'sku-1' : `other-${i}`));
      const requests = [
        { kind: 'reviews', product: 'sku-1', sort: 'newest', stars: 4, limit: 5 },
        { kind: 'ratings', products: ['sku-2', ...products] },
        { kind: 'reviews', product: 'sku-1', sort: 'newest', stars: 6, limit: 5 },
        { kind: 'ratings', products: [] },
        { kind: 'reviews', product: 'sku-1', sort: 'helpful', limit: 5, stars: null, cursor: null },
      ];
      const res = await api.request(
        'GET',
        `/v1/bootstrap?site=test&requests=${encodeURIComponent(JSON.stringify(requests))}`,
        { token: ada },
      );
      assert.equal(res.status, 200);
      const [filtered, ratings, badStars, noProducts, plain] = res.body.results;
      assert.deepEqual(filtered.data, (await list('&sort=newest&stars=4&limit=5', ada)).body);
      assert.equal(filtered.data.mine.author.id, 'm_ada');
      assert.equal(ratings.data.length, 31);
      assert.deepEqual(ratings.data[0], await summaryOf('sku-2'));
      assert.deepEqual(
        [ratings.data[1].count, ratings.data[2].count, ratings.data[2].average],
        [0, 2, 4.5],
      );
      assert.equal(badStars.error.code, 'validation');
      assert.ok(badStars.error.fields.stars);
      assert.equal(noProducts.error.code, 'validation');
      assert.ok(noProducts.error.fields.products);
      assert.deepEqual(plain.data, (await list('&limit=5', ada)).body);
    });

    it('replays a review post with the same Idempotency-Key and refuses the key for another body', async () => {
      const body = { rating: 5, body: 'Once.' };
      const first = await review(ada, body, 'rev-1');
      const again = await review(ada, body, 'rev-1');
      assert.equal(first.status, 201);
      assert.equal(again.status, 201, 'the first status too');
      assert.equal(again.headers.get('idempotency-replayed'), 'true');
      assert.deepEqual(again.body, first.body);
      const edit = await review(ada, { rating: 3, body: 'Twice.' }, 'rev-2');
      const editAgain = await review(ada, { rating: 3, body: 'Twice.' }, 'rev-2');
      assert.deepEqual([edit.status, editAgain.status], [200, 200]);
      assert.equal(editAgain.headers.get('idempotency-replayed'), 'true');
      assert.equal((await review(ada, { rating: 1, body: 'Other.' }, 'rev-1')).status, 409);
      assert.equal(await countRows(db, 'reviews'), 1);
      assert.deepEqual(await eventTypes(db), ['review.submitted', 'review.submitted']);
      assert.deepEqual([(await summaryOf()).count, (await summaryOf()).average], [1, 3]);
    });

    // ---- flags -------------------------------------------------------------------------------

    /** One post of each kind: ada's question, ben's answer, cleo's idea, ben's comment, cleo's review. */
    async function contentOfEachKind() {
      const q = await ask(ada, 'Is it big?');
      const a = await answer(ben, q.id, 'Yes.');
      const i = await submitIdea(cleo, 'Dark mode');
      const c = await comment(ben, i.id, 'Yes please.');
      const r = await posted(cleo, { rating: 2 });
      return {
        question: { id: q.id as string, author: ada, other: ben },
        answer: { id: a.id as string, author: ben, other: cleo },
        idea: { id: i.id as string, author: cleo, other: ada },
        comment: { id: c.id as string, author: ben, other: ada },
        review: { id: r.id as string, author: cleo, other: dan },
      };
    }

    it('lets members flag any kind of content once (again updates the reason), not their own', async () => {
      const posts = await contentOfEachKind();
      const before = await countRows(db, 'community_events');
      for (const [type, post] of Object.entries(posts)) {
        let res = await flag(post.author, type, post.id);
        assert.equal(res.status, 403, `own ${type}`);
        assert.equal(res.body.error.code, 'forbidden');
        res = await flag(post.other, type, post.id, 'spam', 'Looks like an ad.');
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.deepEqual(res.body, { targetType: type, targetId: post.id, visibility: 'visible' });
        res = await flag(post.other, type, post.id, 'offensive');
        assert.equal(res.status, 200);
        assert.equal(
          await countRows(db, 'flags', 'target_type = $1 AND target_id = $2', [type, post.id]),
          1,
          `twice counts once (${type})`,
        );
      }
      const { rows } = await db.query<{
        reason: string;
        note: string | null;
        updated_at: Date | null;
      }>(`SELECT reason, note, updated_at FROM flags WHERE target_type = 'review'`);
      assert.deepEqual([rows[0]!.reason, rows[0]!.note], ['offensive', null]);
      assert.ok(rows[0]!.updated_at);
      const { rows: events } = await db.query<{ type: string; target_type: string; payload: Body }>(
        `SELECT type, target_type, payload FROM community_events WHERE id > $1 ORDER BY id`,
        [before],
      );
      assert.equal(events.length, 10);
      assert.ok(events.every((e) => e.type === 'content.flagged'));
      assert.deepEqual(
        events.slice(0, 2).map((e) => [e.target_type, e.payload.reason, e.payload.previousReason]),
        [
          ['question', 'spam', null],
          ['question', 'offensive', 'spam'],
        ],
      );

      const refused: [Record<string, unknown>, string][] = [
        [{ targetType: 'review', targetId: posts.review.id, reason: 'rude' }, 'reason'],
        [{ targetType: 'member', targetId: 'm_ada', reason: 'spam' }, 'targetType'],
        [{ targetType: 'review', targetId: '', reason: 'spam' }, 'targetId'],
        [
          {
            targetType: 'review',
            targetId: posts.review.id,
            reason: 'other',
            note: 'n'.repeat(501),
          },
          'note',
        ],
      ];
      for (const [body, field] of refused) {
        const res = await api.request('POST', '/v1/flags', { token: dan, body });
        assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
        assert.ok(res.body.error.fields[field], JSON.stringify(res.body.error));
      }
      assert.equal((await flag(dan, 'answer', 'a_missing')).status, 404);
      const anonymous = await api.request('POST', '/v1/flags', {
        body: { targetType: 'review', targetId: posts.review.id, reason: 'spam' },
      });
      assert.equal(anonymous.status, 401);
      assert.equal(await countRows(db, 'flags'), 5);
    });

    // ---- moderation --------------------------------------------------------------------------

    it('lets staff (and moderators) hide and approve with a reason; customers 403; member actions need a member', async () => {
      const posts = await contentOfEachKind();
      let res = await act(ada, 'hide', 'review', posts.review.id);
      assert.equal(res.status, 403);
      for (const action of ['suspend', 'warn', 'unsuspend']) {
        res = await act(sam, action, 'review', posts.review.id);
        assert.equal(res.status, 400, action);
        assert.match(res.body.error.fields.targetType, /acts on a member/);
      }
      const invalid: [Record<string, unknown>, string][] = [
        [{ action: 'ban', targetType: 'review', targetId: posts.review.id, reason: 'x' }, 'action'],
        [
          { action: 'hide', targetType: 'review', targetId: posts.review.id, reason: ' ' },
          'reason',
        ],
        [
          {
            action: 'hide',
            targetType: 'review',
            targetId: posts.review.id,
            reason: 'r'.repeat(501),
          },
          'reason',
        ],
        [{ action: 'hide', targetType: 'member', targetId: 'm_ada', reason: 'x' }, 'targetType'],
        [{ action: 'hide', targetType: 'thing', targetId: 'x', reason: 'x' }, 'targetType'],
      ];
      for (const [body, field] of invalid) {
        res = await api.request('POST', '/v1/moderation/actions', { token: sam, body });
        assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
        assert.ok(res.body.error.fields?.[field], JSON.stringify(res.body.error));
      }
      assert.equal((await act(sam, 'hide', 'question', 'q_missing')).status, 404);
      assert.equal(await countRows(db, 'community_events', `type LIKE 'content.%'`), 0);

      for (const [type, post] of Object.entries(posts)) {
        res = await act(type === 'idea' ? mo : sam, 'hide', type, post.id, `Hiding the ${type}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.deepEqual(res.body, { targetType: type, targetId: post.id, visibility: 'hidden' });
        res = await act(sam, 'approve', type, post.id, 'On second thought');
        assert.deepEqual(res.body, { targetType: type, targetId: post.id, visibility: 'visible' });
      }
      const { rows } = await db.query<{
        type: string;
        actor: string;
        target_type: string;
        payload: Body;
      }>(
        `SELECT type, actor, target_type, payload FROM community_events
         WHERE type LIKE 'content.%' ORDER BY id`,
      );
      assert.deepEqual(
        rows
          .slice(0, 2)
          .map((e) => [e.type, e.actor, e.target_type, e.payload.reason, e.payload.previous]),
        [
          ['content.hidden', 'm_sam', 'question', 'Hiding the question', 'visible'],
          ['content.approved', 'm_sam', 'question', 'On second thought', 'hidden'],
        ],
      );
      assert.equal(rows.length, 10);
      assert.equal(rows[4]!.actor, 'm_mo');
    });

    it('hides questions and answers from every list, count and read, and approving brings them back', async () => {
      const q1 = await ask(ada, 'First?');
      const q2 = await ask(ben, 'Second?');
      const a1 = await answer(ben, q1.id, 'One');
      const a2 = await answer(cleo, q1.id, 'Two');
      await api.request('PUT', `/v1/questions/${q1.id}/accepted-answer`, {
        token: ada,
        body: { answerId: a1.id },
      });
      const thread = () => api.request('GET', `/v1/questions/${q1.id}?site=test`, { token: ada });
      const topic = (sort = 'newest') =>
        api.request('GET', `/v1/questions?site=test&topic=sku-1&sort=${sort}`);

      await moderated('hide', 'answer', a1.id);
      let res = await thread();
      assert.equal(res.body.question.answerCount, 1);
      assert.equal(res.body.question.acceptedAnswerId, a1.id, 'the accepted id stays');
      assert.deepEqual(
        res.body.answers.items.map((a: Body) => a.id),
        [a2.id],
      );
      assert.equal(res.body.answers.total, 1);
      assert.equal((await vote(ada, 'answer', a1.id, 1)).status, 404);
      assert.equal((await flag(ada, 'answer', a1.id)).status, 404);
      await moderated('hide', 'answer', a1.id);
      assert.equal((await thread()).body.question.answerCount, 1, 'hiding twice counts once');
      await moderated('hide', 'answer', a2.id);
      assert.deepEqual(
        (await topic('unanswered')).body.items.map((q: Body) => q.id),
        [q2.id, q1.id],
        'no visible answers: unanswered',
      );
      await moderated('approve', 'answer', a1.id);
      await moderated('approve', 'answer', a2.id);
      res = await thread();
      assert.equal(res.body.question.answerCount, 2);
      assert.equal(res.body.answers.items[0].accepted, true);

      await moderated('hide', 'question', q1.id);
      res = await topic();
      assert.deepEqual([res.body.total, res.body.items.map((q: Body) => q.id)], [1, [q2.id]]);
      assert.equal((await thread()).status, 404);
      res = await api.request('POST', `/v1/questions/${q1.id}/answers`, {
        token: dan,
        body: { body: 'Late' },
      });
      assert.equal(res.status, 404);
      assert.equal((await vote(dan, 'answer', a2.id, 1)).status, 404, 'its thread went with it');
      assert.equal((await flag(dan, 'answer', a2.id)).status, 404);
      assert.equal((await vote(dan, 'question', q1.id, 1)).status, 404);
      const profile = await api.request('GET', '/v1/members/m_ben?site=test');
      assert.deepEqual(
        profile.body.recent.map((c: Body) => c.targetId),
        [q2.id],
      );
      await moderated('approve', 'question', q1.id);
      res = await topic();
      assert.equal(res.body.total, 2);
      assert.equal((await thread()).body.question.answerCount, 2);
      const { rows } = await db.query<{ answer_count: number; counted: number }>(
        `SELECT q.answer_count, (SELECT count(*)::int FROM answers a
           WHERE a.question_id = q.id AND a.visibility = 'visible') AS counted
         FROM questions q`,
      );
      assert.ok(rows.every((r) => Number(r.answer_count) === Number(r.counted)));
    });

    it('hides ideas and comments from every list, count and read, and approving brings them back', async () => {
      await api.request('PUT', '/v1/boards/roadmap', { token: sam, body: { voteBudget: 2 } });
      const i1 = await submitIdea(ada, 'Dark mode');
      const i2 = await submitIdea(ada, 'Offline');
      const c1 = await comment(ben, i1.id, 'First');
      await comment(cleo, i1.id, 'Second');
      await vote(ben, 'idea', i1.id, 1);
      const detail = () => api.request('GET', `/v1/ideas/${i1.id}?site=test`, { token: ben });
      const board = () => api.request('GET', '/v1/ideas?site=test&board=roadmap');
      const remaining = async () =>
        (await api.request('GET', '/v1/boards/roadmap?site=test', { token: ben })).body
          .votesRemaining;
      assert.equal(await remaining(), 1);

      await moderated('hide', 'comment', c1.id);
      let res = await detail();
      assert.equal(res.body.idea.commentCount, 1);
      assert.equal(res.body.comments.total, 1);
      assert.ok(res.body.comments.items.every((c: Body) => c.id !== c1.id));
      assert.equal((await flag(ada, 'comment', c1.id)).status, 404);
      assert.equal((await board()).body.items.find((i: Body) => i.id === i1.id).commentCount, 1);
      await moderated('approve', 'comment', c1.id);
      assert.equal((await detail()).body.idea.commentCount, 2);

      await moderated('hide', 'idea', i1.id);
      res = await board();
      assert.deepEqual([res.body.total, res.body.items.map((i: Body) => i.id)], [1, [i2.id]]);
      assert.equal((await detail()).status, 404);
      assert.equal((await vote(cleo, 'idea', i1.id, 1)).status, 404);
      res = await api.request('POST', `/v1/ideas/${i1.id}/comments`, {
        token: dan,
        body: { body: 'Hello?' },
      });
      assert.equal(res.status, 404);
      assert.equal((await flag(dan, 'comment', c1.id)).status, 404, 'its thread went with it');
      assert.equal(await remaining(), 2, "a hidden idea's votes leave the budget");
      await moderated('approve', 'idea', i1.id);
      res = await detail();
      assert.deepEqual([res.status, res.body.idea.commentCount], [200, 2]);
      assert.equal((await board()).body.total, 2);
      assert.equal(await remaining(), 1);
    });

    it('hides reviews from the list, total, summary and histogram; approving restores them; the author still sees theirs', async () => {
      const five = await posted(ada, { rating: 5 });
      await posted(ben, { rating: 4 });
      const one = await posted(cleo, { rating: 1 });
      await vote(dan, 'review', one.id, 1);
      assert.equal((await summaryOf()).count, 3);

      await moderated('hide', 'review', one.id);
      let res = await list('&sort=lowest');
      assert.equal(res.body.total, 2);
      assert.deepEqual(res.body.items.map((r: Body) => r.id).includes(one.id), false);
      assert.deepEqual(res.body.summary, {
        product: 'sku-1',
        average: 4.5,
        count: 2,
        histogram: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 },
      });
      assert.equal((await list('&stars=1')).body.total, 0);
      assert.deepEqual(await summaryOf(), res.body.summary);
      assert.equal((await vote(dan, 'review', one.id, 0)).status, 404);
      assert.equal((await reply(sam, one.id, 'Sorry to hear that.')).status, 404);
      assert.equal((await flag(dan, 'review', one.id)).status, 404);

      // The author sees it as theirs (hidden), and editing it keeps it hidden and out of the summary.
      res = await list('', cleo);
      assert.deepEqual([res.body.mine.id, res.body.mine.visibility], [one.id, 'hidden']);
      res = await review(cleo, { rating: 2, body: 'Edited while hidden.' });
      assert.deepEqual([res.status, res.body.id, res.body.visibility], [200, one.id, 'hidden']);
      assert.equal((await summaryOf()).count, 2);
      let { stored, counted } = await aggregates();
      assert.deepEqual(stored, counted);

      await moderated('approve', 'review', one.id);
      res = await list('&sort=lowest');
      assert.deepEqual(
        [res.body.total, res.body.items[0].id, res.body.items[0].upvotes],
        [3, one.id, 1],
      );
      assert.deepEqual(res.body.summary, {
        product: 'sku-1',
        average: 11 / 3,
        count: 3,
        histogram: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 },
      });
      await moderated('approve', 'review', one.id);
      assert.equal((await summaryOf()).count, 3, 'approving twice counts once');
      await moderated('hide', 'review', five.id);
      await moderated('hide', 'review', five.id);
      assert.deepEqual([(await summaryOf()).count, (await summaryOf()).average], [2, 3]);
      ({ stored, counted } = await aggregates());
      assert.deepEqual(stored, counted);
    });

    it('writes one community event per write, with its actor and target', async () => {
      const r = await posted(ada);
      await vote(ben, 'review', r.id, 1);
      await reply(sam, r.id, 'Thanks');
      await flag(ben, 'review', r.id, 'other', 'Duplicate?');
      await act(sam, 'hide', 'review', r.id, 'Checking');
      await act(sam, 'approve', 'review', r.id, 'Fine');
      const { rows } = await db.query<{
        type: string;
        actor: string;
        target_type: string;
        target_id: string;
      }>('SELECT type, actor, target_type, target_id FROM community_events ORDER BY id');
      assert.deepEqual(
        rows.map((e) => [e.type, e.actor, e.target_type, e.target_id]),
        [
          ['review.submitted', 'm_ada', 'review', r.id],
          ['vote.cast', 'm_ben', 'review', r.id],
          ['review.replied', 'm_sam', 'review', r.id],
          ['content.flagged', 'm_ben', 'review', r.id],
          ['content.hidden', 'm_sam', 'review', r.id],
          ['content.approved', 'm_sam', 'review', r.id],
        ],
      );
    });

    // ---- seed and document -------------------------------------------------------------------

    it('loads the demo seed’s reviews once, with helpful counts and product summaries as the seed shows them', async () => {
      const seed = await loadSeedFile(path.join(repoRoot, 'demo/seed.js'));
      const reviews = seed.reviews ?? [];
      assert.ok(reviews.length >= 14, 'the demo seed has reviews');
      assert.equal(await seedSite(db, SITE, seed), true);
      assert.equal(await seedSite(db, SITE, seed), false, 'once');
      assert.equal(await countRows(db, 'reviews'), reviews.length);

      const products = [...new Set(reviews.map((r) => r.product))];
      assert.ok(products.includes('aurora-trail-28') && products.length >= 3);
      const res = await api.request('GET', `/v1/ratings?site=test&products=${products.join(',')}`);
      for (const [i, product] of products.entries()) {
        const ratings = reviews.filter((r) => r.product === product).map((r) => r.rating);
        assert.equal(res.body[i].count, ratings.length, product);
        assert.equal(res.body[i].average, ratings.reduce((a, b) => a + b, 0) / ratings.length);
        const { stored, counted } = await aggregates(product);
        assert.deepEqual(stored, counted);
      }
      const read = await api.request(
        'GET',
        '/v1/reviews?site=test&product=aurora-trail-28&sort=newest&limit=100',
      );
      const byId = new Map(read.body.items.map((r: Body) => [r.id, r]));
      for (const r of reviews.filter((x) => x.product === 'aurora-trail-28')) {
        const served = byId.get(r.id) as Body;
        assert.deepEqual(
          [
            served.upvotes,
            served.downvotes,
            served.verifiedPurchase,
            served.bodyHtml,
            served.title,
          ],
          [r.upvotes, r.downvotes, r.verifiedPurchase, r.bodyHtml, r.title],
          r.id,
        );
        assert.equal(served.reply?.author.id ?? null, r.reply?.author.id ?? null);
        assert.equal(served.reply?.bodyHtml ?? null, r.reply?.bodyHtml ?? null);
      }
      assert.ok(reviews.some((r) => r.reply) && reviews.some((r) => r.verifiedPurchase));
    });

    it('documents the review, ratings, flag and moderation routes', async () => {
      const doc = await api.request('GET', '/v1/openapi.json');
      for (const route of [
        '/v1/reviews',
        '/v1/ratings',
        '/v1/reviews/{id}/reply',
        '/v1/flags',
        '/v1/moderation/actions',
      ])
        assert.ok(doc.body.paths[route], `${route} is documented`);
      assert.ok(doc.body.paths['/v1/reviews'].post.responses['201']);
      for (const schema of ['Review', 'ReviewPage', 'RatingSummary', 'ModerationResult'])
        assert.ok(doc.body.components.schemas[schema], schema);
    });
  });
}
