/**
 * The API suite, run once per database (api.pglite.test.ts, api.postgres.test.ts). `open` gives a
 * migrated database; every test starts from empty tables and the site `test`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import { updateSite } from '../src/db/sites.js';
import { seedSite } from '../src/domain/seed.js';
import {
  HIGH_LIMITS,
  NO_DUPLICATE_CHECK,
  ORIGIN,
  SITE,
  castTokens,
  client,
  countRows,
  eventTypes,
  expiredToken,
  posts,
  suiteDatabase,
  token,
  type Client,
  type Reply,
  type TestDatabase,
} from './helpers.js';

export function apiSuite(name: string, open: () => Promise<TestDatabase>): void {
  describe(`API on ${name}`, () => {
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let cleo: string;
    let sam: string;

    suiteDatabase(open, async (opened) => {
      ({ db, api } = opened);
      ({ ada, ben, cleo, sam } = await castTokens());
    });

    const post = posts(() => api, {
      question: { topic: 'sku-1', title: 'How big is it?', body: 'Is it **large**?' },
    });
    const ask = (
      tok: string,
      input: Partial<{ topic: string; title: string; body: string; pageUrl: string }> = {},
    ) => post.ask(tok, input);
    const answer = (tok: string, questionId: string, body = 'It is *big*.') =>
      post.answer(tok, questionId, { body });
    const { vote } = post;

    // ---- identity ----------------------------------------------------------------------------

    it('refuses every write without a valid token (missing, forged, expired, wrong aud, malformed)', async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      const before = await countRows(db, 'community_events');
      const writes: [string, string, unknown][] = [
        ['POST', '/v1/questions', { topic: 'sku-1', title: 'T', body: 'B' }],
        ['POST', `/v1/questions/${q.id}/answers`, { body: 'B' }],
        ['PUT', '/v1/votes', { targetType: 'answer', targetId: a.id, value: 1 }],
        ['PUT', `/v1/questions/${q.id}/accepted-answer`, { answerId: a.id }],
        ['PATCH', '/v1/site/settings', { settings: { rateLimits: { readsPerMinutePerIp: 5 } } }],
      ];
      const forged = await token('m_ada', { secret: 'another-secret-0123456789-abcdefghij' });
      const otherSite = await token('m_ada', { site: 'elsewhere' });
      const expired = await expiredToken('m_ada');
      const cases: [string, Record<string, string>, RegExp, boolean][] = [
        ['missing', {}, /sign in/i, false],
        ['forged', { authorization: `Bearer ${forged}` }, /signature/i, false],
        ['expired', { authorization: `Bearer ${expired}` }, /expired/i, true],
        ['wrong aud', { authorization: `Bearer ${otherSite}` }, /not for the site "test"/, false],
        ['malformed', { authorization: 'Bearer not.a.jwt' }, /malformed/i, false],
        ['not bearer', { authorization: 'Basic abc' }, /Bearer/, false],
      ];
      for (const [method, path, body] of writes) {
        for (const [label, headers, message, expiredFlag] of cases) {
          const res = await api.request(method, path, { body, headers });
          assert.equal(res.status, 401, `${method} ${path} with a ${label} token`);
          assert.equal(res.body.error.code, 'unauthorized');
          assert.match(res.body.error.message, message, `${label}: ${res.body.error.message}`);
          assert.equal(res.body.error.expired === true, expiredFlag, `${label}: expired flag`);
        }
      }
      assert.equal(await countRows(db, 'community_events'), before);
    });

    it('takes roles only from the token', async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      // A body claiming a role changes nothing: cleo is a customer, not the asker.
      const res = await api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
        token: cleo,
        body: { answerId: a.id, roles: ['staff'] },
      });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    });

    // ---- validation --------------------------------------------------------------------------

    it('stores text with NUL characters (which PostgreSQL cannot hold) with U+FFFD instead', async () => {
      const nul = await token('m_nul', { name: 'Nu\u0000ll' });
      const q = await ask(nul, { topic: 'sku\u0000x', title: 'Ti\u0000tle', body: 'Bo\u0000dy' });
      assert.equal(q.title, 'Ti\uFFFDtle');
      assert.equal(q.topic, 'sku\uFFFDx');
      assert.equal(q.author.name, 'Nu\uFFFDll');
      const a = await answer(nul, q.id, 'An\u0000swer');
      assert.ok(a.bodyHtml.includes('An\uFFFDswer'), a.bodyHtml);
    });

    it('validates input with field-level messages', async () => {
      let res = await api.request('POST', '/v1/questions', {
        token: ada,
        body: {
          topic: '',
          title: 'x'.repeat(201),
          body: 'y'.repeat(20_001),
          pageUrl: 'ftp://x.example',
        },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation');
      assert.deepEqual(Object.keys(res.body.error.fields).sort(), [
        'body',
        'pageUrl',
        'title',
        'topic',
      ]);
      assert.equal(res.body.error.fields.title, 'At most 200 characters.');
      assert.equal(res.body.error.fields.body, 'At most 20,000 characters.');
      assert.match(res.body.error.fields.pageUrl, /http\(s\)/);

      res = await api.request('POST', '/v1/questions', {
        token: ada,
        body: { topic: 'sku-1', title: '   ', body: '' },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.fields.title, 'Enter a title for your question.');

      // 200 characters exactly, 20,000 exactly: accepted.
      await ask(ada, { title: 't'.repeat(200), body: 'b'.repeat(20_000) });

      res = await api.request('PUT', '/v1/votes', {
        token: ada,
        body: { targetType: 'comment', targetId: '', value: 2 },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(Object.keys(res.body.error.fields).sort(), [
        'targetId',
        'targetType',
        'value',
      ]);

      res = await api.request('POST', '/v1/questions/q_x/answers', {
        token: ada,
        body: { body: '  ' },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.fields.body, 'Write an answer first.');

      res = await api.request('POST', '/v1/questions', { token: ada, rawBody: '{"topic": ' });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation');

      res = await api.request('POST', '/v1/questions', {
        token: ada,
        rawBody: JSON.stringify({ topic: 'sku-1', title: 'Big', body: 'x'.repeat(70_000) }),
      });
      assert.equal(res.status, 413);
      assert.equal(res.body.error.code, 'validation');

      res = await api.request('GET', '/v1/questions?site=test&topic=sku-1&sort=best');
      assert.equal(res.status, 400);
      assert.ok(res.body.error.fields.sort);

      res = await api.request('GET', '/v1/questions?site=test&topic=sku-1&cursor=zzz');
      assert.equal(res.status, 400);
      assert.equal(res.body.error.fields.cursor, 'Unknown cursor.');

      const noSite = await api.app.request('/v1/questions?topic=sku-1');
      assert.equal(noSite.status, 400);
      assert.ok(
        ((await noSite.json()) as { error: { fields: { site: string } } }).error.fields.site,
      );

      res = await api.request('GET', '/v1/questions?site=nope&topic=sku-1');
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'not-found');

      res = await api.request('POST', '/v1/questions', {
        token: ada,
        body: { topic: 'sku-1', title: 'T' },
        key: 'k'.repeat(101),
      });
      assert.equal(res.status, 400);
      assert.ok(res.body.error.fields['Idempotency-Key']);

      assert.equal(await countRows(db, 'community_events'), 1);
      assert.equal(await countRows(db, 'questions'), 1);
    });

    // ---- writes ------------------------------------------------------------------------------

    it('asks, answers, votes and accepts, each with one community event', async () => {
      const q = await ask(ada, {
        body: 'Hello <script>alert(1)</script> [x](javascript:alert(1)) **bold**',
        pageUrl: 'https://shop.example/p/sku-1',
      });
      assert.match(q.id, /^q_/);
      assert.equal(q.topic, 'sku-1');
      assert.equal(q.author.id, 'm_ada');
      assert.equal(q.author.name, 'ADA');
      assert.equal(q.pageUrl, 'https://shop.example/p/sku-1');
      assert.equal(
        q.bodySource,
        'Hello <script>alert(1)</script> [x](javascript:alert(1)) **bold**',
      );
      assert.match(q.bodyHtml, /<strong>bold<\/strong>/);
      assert.match(q.bodyHtml, /&lt;script&gt;/);
      assert.doesNotMatch(q.bodyHtml, /<script|href="javascript/i);
      assert.equal(await countRows(db, 'topics', 'slug = $1', ['sku-1']), 1);

      const a1 = await answer(ben, q.id, 'See [the guide](https://shop.example/guide).');
      assert.match(
        a1.bodyHtml,
        /<a href="https:\/\/shop.example\/guide" rel="nofollow ugc noopener" target="_blank">/,
      );
      assert.equal(a1.questionId, q.id);
      assert.equal(a1.accepted, false);
      const a2 = await answer(cleo, q.id);

      let res = await vote(ada, 'answer', a1.id, 1);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        targetType: 'answer',
        targetId: a1.id,
        value: 1,
        score: 1,
        upvotes: 1,
        downvotes: 0,
      });
      res = await vote(cleo, 'answer', a1.id, -1);
      assert.deepEqual([res.body.score, res.body.upvotes, res.body.downvotes], [0, 1, 1]);
      res = await vote(ben, 'question', q.id, 1);
      assert.equal(res.body.score, 1);

      res = await api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
        token: ada,
        body: { answerId: a2.id },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.acceptedAnswerId, a2.id);
      assert.equal(res.body.answerCount, 2);
      res = await api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
        token: ada,
        body: { answerId: null },
      });
      assert.equal(res.body.acceptedAnswerId, null);

      assert.deepEqual(await eventTypes(db), [
        'question.asked',
        'answer.posted',
        'answer.posted',
        'vote.cast',
        'vote.cast',
        'vote.cast',
        'answer.accepted',
        'answer.unaccepted',
      ]);
      const { rows } = await db.query<{
        actor: string;
        target_type: string;
        target_id: string;
        payload: Record<string, unknown>;
        site: string;
      }>(`SELECT site, actor, target_type, target_id, payload FROM community_events ORDER BY id`);
      assert.deepEqual(rows[0]!.site, SITE);
      assert.deepEqual(
        [rows[0]!.actor, rows[0]!.target_type, rows[0]!.target_id],
        ['m_ada', 'question', q.id],
      );
      assert.deepEqual(
        [rows[3]!.actor, rows[3]!.target_type, rows[3]!.payload.value],
        ['m_ada', 'answer', 1],
      );
      assert.deepEqual([rows[6]!.target_id, rows[6]!.payload.questionId], [a2.id, q.id]);
      assert.deepEqual([rows[7]!.target_id, rows[7]!.payload.previousAnswerId], [a2.id, a2.id]);

      // Members are upserted from the token on every write.
      const renamed = await token('m_ada', { name: 'Ada L.' });
      await ask(renamed);
      const { rows: members } = await db.query<{ name: string }>(
        `SELECT name FROM members WHERE id = 'm_ada'`,
      );
      assert.equal(members[0]!.name, 'Ada L.');
    });

    it('counts one vote per member per target; 0 withdraws it', async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      await vote(cleo, 'answer', a.id, 1);
      let res = await vote(cleo, 'answer', a.id, 1);
      assert.deepEqual([res.body.upvotes, res.body.downvotes], [1, 0]);
      res = await vote(cleo, 'answer', a.id, -1);
      assert.deepEqual(
        [res.body.value, res.body.upvotes, res.body.downvotes, res.body.score],
        [-1, 0, 1, -1],
      );
      assert.equal(await countRows(db, 'votes'), 1);
      res = await vote(cleo, 'answer', a.id, 0);
      assert.deepEqual([res.body.value, res.body.upvotes, res.body.downvotes], [0, 0, 0]);
      assert.equal(await countRows(db, 'votes'), 0);

      res = await vote(cleo, 'answer', 'a_missing', 1);
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'not-found');
    });

    it("refuses a vote on one's own post (403) and writes no event", async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      const before = await countRows(db, 'community_events');
      let res = await vote(ada, 'question', q.id, 1);
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
      res = await vote(ben, 'answer', a.id, -1);
      assert.equal(res.status, 403);
      assert.equal(await countRows(db, 'community_events'), before);
      assert.equal(await countRows(db, 'votes'), 0);
    });

    it('lets the asker and staff accept, not another customer; the answer must be of this question', async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      const other = await ask(cleo, { title: 'Another one?' });
      const foreign = await answer(ben, other.id);

      let res = await api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
        token: cleo,
        body: { answerId: a.id },
      });
      assert.equal(res.status, 403);
      assert.match(res.body.error.message, /asked, or staff/);
      res = await api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
        token: ada,
        body: { answerId: a.id },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.acceptedAnswerId, a.id);
      res = await api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
        token: sam,
        body: { answerId: null },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.acceptedAnswerId, null);

      const events = await countRows(db, 'community_events');
      res = await api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
        token: ada,
        body: { answerId: foreign.id },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.fields.answerId, 'That answer belongs to another question.');
      res = await api.request('PUT', `/v1/questions/q_missing/accepted-answer`, {
        token: sam,
        body: { answerId: null },
      });
      assert.equal(res.status, 404);
      res = await api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
        token: ada,
        body: { answerId: 'a_missing' },
      });
      assert.equal(res.status, 404);
      assert.equal(await countRows(db, 'community_events'), events);
    });

    it('enforces the accepted-answer rule in the database too', async () => {
      const q = await ask(ada);
      const other = await ask(ada, { title: 'Other?' });
      const foreign = await answer(ben, other.id);
      await assert.rejects(
        db.query(`UPDATE questions SET accepted_answer_id = $2 WHERE id = $1`, [q.id, foreign.id]),
        (error: { code?: string }) => error.code === '23503',
      );
      await assert.rejects(
        db.query(
          `INSERT INTO votes (site, member, target_type, target_id, value) VALUES ($1, 'm_ben', 'answer', 'x', 2)`,
          [SITE],
        ),
        (error: { code?: string }) => error.code === '23514',
      );
    });

    // ---- idempotency -------------------------------------------------------------------------

    it('replays a write with the same Idempotency-Key and refuses the key for another body', async () => {
      const body = { topic: 'sku-1', title: 'Once only?', body: 'Please.' };
      const first = await api.request('POST', '/v1/questions', { token: ada, body, key: 'key-1' });
      const again = await api.request('POST', '/v1/questions', { token: ada, body, key: 'key-1' });
      assert.equal(first.status, 201);
      assert.equal(again.status, 201);
      assert.deepEqual(again.body, first.body);
      assert.equal(again.headers.get('idempotency-replayed'), 'true');
      assert.equal(await countRows(db, 'questions'), 1);
      assert.equal(await countRows(db, 'community_events'), 1);

      const reused = await api.request('POST', '/v1/questions', {
        token: ada,
        body: { ...body, title: 'Changed' },
        key: 'key-1',
      });
      assert.equal(reused.status, 409);
      assert.equal(reused.body.error.code, 'conflict');

      // Another member's key is their own.
      const other = await api.request('POST', '/v1/questions', { token: ben, body, key: 'key-1' });
      assert.equal(other.status, 201);
      assert.notEqual(other.body.id, first.body.id);

      // Concurrent retries of one vote: one write.
      const a = await answer(cleo, first.body.id);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => vote(ada, 'answer', a.id, 1, 'vote-key')),
      );
      assert.ok(results.every((r) => r.status === 200 && r.body.upvotes === 1));
      assert.equal(await countRows(db, 'community_events', `type = 'vote.cast'`), 1);

      // A failed write keeps no key: the retry runs.
      const refused = await api.request('POST', `/v1/questions/q_missing/answers`, {
        token: ada,
        body: { body: 'x' },
        key: 'key-2',
      });
      assert.equal(refused.status, 404);
      assert.equal(await countRows(db, 'idempotency_keys', `key = 'key-2'`), 0);
    });

    // ---- reads -------------------------------------------------------------------------------

    it('sends ETags and answers 304 to If-None-Match', async () => {
      await ask(ada);
      const path = '/v1/questions?site=test&topic=sku-1';
      const first = await api.request('GET', path);
      assert.equal(first.status, 200);
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^"[\w-]+"$/);
      assert.equal(first.headers.get('cache-control'), 'private, no-cache');
      const again = await api.request('GET', path, { headers: { 'if-none-match': etag! } });
      assert.equal(again.status, 304);
      assert.equal(again.body, null);
      await ask(ben, { title: 'Second?' });
      const changed = await api.request('GET', path, { headers: { 'if-none-match': etag! } });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
    });

    it('pages questions in each sort with cursors, and fills myVote for the reader', async () => {
      const asked = [];
      for (let i = 0; i < 5; i++)
        asked.push(await ask(i % 2 ? ben : ada, { title: `Question ${i}?` }));
      await answer(cleo, asked[1].id);
      await vote(cleo, 'question', asked[3].id, 1);
      await vote(ben, 'question', asked[2].id, 1);
      await vote(cleo, 'question', asked[2].id, 1);

      const all = async (sort: string, tok?: string) => {
        const seen: { id: string; myVote: number }[] = [];
        let cursor: string | null = null;
        let total = 0;
        do {
          const res: Reply = await api.request(
            'GET',
            `/v1/questions?site=test&topic=sku-1&sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            { token: tok ?? null },
          );
          assert.equal(res.status, 200, JSON.stringify(res.body));
          seen.push(...res.body.items);
          cursor = res.body.nextCursor;
          total = res.body.total;
        } while (cursor);
        return { ids: seen.map((q) => q.id), seen, total };
      };
      const ids = asked.map((q) => q.id);
      const newest = await all('newest');
      assert.deepEqual(newest.ids, [...ids].reverse());
      assert.equal(newest.total, 5);
      const active = await all('active');
      assert.deepEqual(active.ids, [ids[1], ids[4], ids[3], ids[2], ids[0]]);
      const top = await all('top');
      assert.deepEqual(top.ids, [ids[2], ids[3], ids[4], ids[1], ids[0]]);
      const unanswered = await all('unanswered');
      assert.deepEqual(unanswered.ids, [ids[4], ids[3], ids[2], ids[0]]);
      assert.equal(unanswered.total, 4);

      const mine = await all('top', cleo);
      assert.deepEqual(
        mine.seen.map((q) => q.myVote),
        [1, 1, 0, 0, 0],
      );
      const signedOut = await all('top');
      assert.ok(signedOut.seen.every((q) => q.myVote === 0));
      // A bad token reads as signed out.
      const bad = await api.request('GET', '/v1/questions?site=test&topic=sku-1', {
        token: 'nonsense',
      });
      assert.equal(bad.status, 200);

      const empty = await api.request('GET', '/v1/questions?site=test&topic=no-such-topic');
      assert.deepEqual(empty.body, { items: [], nextCursor: null, total: 0 });
    });

    it('reads a thread: accepted first, then by score, then oldest; answers paged', async () => {
      const q = await ask(ada);
      const a1 = await answer(ben, q.id, 'first');
      const a2 = await answer(cleo, q.id, 'second');
      const a3 = await answer(sam, q.id, 'third');
      const a4 = await answer(ben, q.id, 'fourth');
      await vote(ada, 'answer', a3.id, 1);
      await vote(ada, 'answer', a1.id, -1);
      await api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
        token: ada,
        body: { answerId: a4.id },
      });

      const res = await api.request('GET', `/v1/questions/${q.id}?site=test&answerLimit=3`, {
        token: ada,
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.question.id, q.id);
      assert.equal(res.body.question.acceptedAnswerId, a4.id);
      assert.deepEqual(
        res.body.answers.items.map((a: { id: string }) => a.id),
        [a4.id, a3.id, a2.id],
      );
      assert.equal(res.body.answers.items[0].accepted, true);
      assert.equal(res.body.answers.items[1].myVote, 1);
      assert.equal(res.body.answers.total, 4);
      const next = await api.request(
        'GET',
        `/v1/questions/${q.id}?site=test&answerLimit=3&answerCursor=${res.body.answers.nextCursor}`,
        { token: ada },
      );
      assert.deepEqual(
        next.body.answers.items.map((a: { id: string; myVote: number }) => [a.id, a.myVote]),
        [[a1.id, -1]],
      );
      assert.equal(next.body.answers.nextCursor, null);
      // The author gets the Markdown source; others only the HTML.
      assert.equal(res.body.question.bodySource, 'Is it **large**?');
      const asOther = await api.request('GET', `/v1/questions/${q.id}?site=test`, { token: ben });
      assert.equal(asOther.body.question.bodySource, undefined);

      const missing = await api.request('GET', '/v1/questions/q_missing?site=test');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'not-found');
    });

    it('reads a member profile with recent contributions', async () => {
      const q = await ask(ada, { title: 'Where is the zip?', pageUrl: 'https://shop.example/a' });
      await answer(ada, q.id, 'Found it myself.');
      const res = await api.request('GET', '/v1/members/m_ada?site=test');
      assert.equal(res.status, 200);
      assert.equal(res.body.id, 'm_ada');
      assert.deepEqual(res.body.roles, ['customer']);
      assert.ok(res.body.joinedAt);
      assert.deepEqual(res.body.badges, []);
      assert.deepEqual(
        res.body.recent.map((r: { targetType: string; title: string }) => [r.targetType, r.title]),
        [
          ['answer', 'Where is the zip?'],
          ['question', 'Where is the zip?'],
        ],
      );
      assert.equal((await api.request('GET', '/v1/members/m_nobody?site=test')).status, 404);
    });

    it('searches full text, by word prefix and by substring', async () => {
      const zipper = await ask(ada, {
        title: 'Zipper stuck on the main pocket',
        body: 'The slider will not move.',
      });
      const straps = await ask(ben, {
        title: 'Shoulder straps too long',
        body: 'Can I shorten the webbing?',
      });
      await ask(cleo, { title: 'Colour fading', body: 'Does the orange fade?' });
      const search = async (q: string) => {
        const res = await api.request(
          'GET',
          `/v1/questions?site=test&topic=sku-1&q=${encodeURIComponent(q)}`,
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.items.map((x: { id: string }) => x.id);
      };
      assert.deepEqual(await search('zipper'), [zipper.id]);
      assert.deepEqual(await search('zipp'), [zipper.id]);
      assert.deepEqual(await search('ZIPPER pocket'), [zipper.id]);
      assert.deepEqual(await search('webbing'), [straps.id]);
      assert.deepEqual(await search('shorten webb'), [straps.id]);
      assert.deepEqual(await search('ipper'), [zipper.id]);
      assert.deepEqual(await search('nothing-like-this'), []);
      assert.deepEqual(await search('%'), []);
      assert.deepEqual(await search("it's & (or) !"), []);
      const paged = await api.request('GET', '/v1/questions?site=test&topic=sku-1&q=the&limit=1');
      assert.equal(paged.body.items.length, 1);
      assert.equal(paged.body.total, 3);
      assert.match(paged.body.nextCursor, /^o\./);
    });

    it('answers a bootstrap of several reads, each failing alone', async () => {
      const q = await ask(ada);
      await answer(ben, q.id);
      const requests = [
        { kind: 'questions', topic: 'sku-1', sort: 'newest', limit: 5 },
        { kind: 'thread', questionId: q.id, answerLimit: 5 },
        { kind: 'thread', questionId: 'q_missing', answerLimit: 5 },
        { kind: 'member', memberId: 'm_ben' },
        { kind: 'horoscope', sign: 'leo' },
        { kind: 'questions', topic: '', sort: 'sideways', limit: 5 },
      ];
      const res = await api.request(
        'GET',
        `/v1/bootstrap?site=test&requests=${encodeURIComponent(JSON.stringify(requests))}`,
        { token: ada },
      );
      assert.equal(res.status, 200);
      const [questions, thread, missing, member, unknownKind, invalid] = res.body.results;
      assert.equal(questions.ok, true);
      assert.equal(questions.data.items[0].id, q.id);
      assert.equal(thread.ok, true);
      assert.equal(thread.data.answers.total, 1);
      assert.deepEqual(missing, {
        ok: false,
        error: { code: 'not-found', message: 'This question does not exist.' },
      });
      assert.equal(member.data.id, 'm_ben');
      assert.equal(unknownKind.ok, false);
      assert.equal(unknownKind.error.code, 'unsupported');
      assert.equal(invalid.error.code, 'validation');
      assert.ok(invalid.error.fields.topic && invalid.error.fields.sort);

      // The same code paths as the single reads.
      const single = await api.request('GET', `/v1/questions/${q.id}?site=test&answerLimit=5`, {
        token: ada,
      });
      assert.deepEqual(thread.data, single.body);

      const tooMany = Array.from({ length: 21 }, () => requests[0]);
      const refused = await api.request(
        'GET',
        `/v1/bootstrap?site=test&requests=${encodeURIComponent(JSON.stringify(tooMany))}`,
      );
      assert.equal(refused.status, 400);
      assert.ok(refused.body.error.fields.requests);
      const broken = await api.request(
        'GET',
        `/v1/bootstrap?site=test&requests=${encodeURIComponent('[{')}`,
      );
      assert.equal(broken.status, 400);
    });

    // ---- ideas -------------------------------------------------------------------------------

    async function submit(
      tok: string,
      input: Partial<{ board: string; title: string; body: string; pageUrl: string }> = {},
      key?: string,
    ) {
      const res = await api.request('POST', '/v1/ideas', {
        token: tok,
        body: { board: 'roadmap', title: 'Dark mode', body: 'Please **add** it.', ...input },
        ...(key && { key }),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    const setStatus = (tok: string, id: string, status: string, response?: string) =>
      api.request('PUT', `/v1/ideas/${id}/status`, {
        token: tok,
        body: { status, ...(response !== undefined && { response }) },
      });

    const configure = (tok: string, body: unknown, board = 'roadmap') =>
      api.request('PUT', `/v1/boards/${encodeURIComponent(board)}`, { token: tok, body });

    const comment = (tok: string, id: string, body: string) =>
      api.request('POST', `/v1/ideas/${id}/comments`, { token: tok, body: { body } });

    const merge = (tok: string, duplicateId: string, originalId: string) =>
      api.request('POST', `/v1/ideas/${duplicateId}/merge`, { token: tok, body: { originalId } });

    const detail = (id: string, tok: string | null = null, query = '') =>
      api.request('GET', `/v1/ideas/${id}?site=test${query}`, { token: tok });

    const board = (slug = 'roadmap', tok: string | null = null) =>
      api.request('GET', `/v1/boards/${encodeURIComponent(slug)}?site=test`, { token: tok });

    async function ideaIds(query: string, tok: string | null = null): Promise<string[]> {
      const res = await api.request('GET', `/v1/ideas?site=test&board=roadmap${query}`, {
        token: tok,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items.map((i: { id: string }) => i.id);
    }

    const followers = (ideaId: string) =>
      db
        .query<{ member: string }>(
          'SELECT member FROM idea_followers WHERE idea_id = $1 ORDER BY member',
          [ideaId],
        )
        .then((r) => r.rows.map((row) => row.member));

    it('submits an idea: the author votes for it and follows it; a retry with the key replays', async () => {
      const idea = await submit(
        ada,
        {
          title: 'Dark mode',
          body: 'Please <script>alert(1)</script> [x](javascript:alert(1)) **add** it.',
          pageUrl: 'https://shop.example/p/sku-1',
        },
        'idea-key',
      );
      assert.match(idea.id, /^i_/);
      assert.deepEqual(
        [idea.board, idea.title, idea.status, idea.upvotes, idea.score, idea.downvotes],
        ['roadmap', 'Dark mode', 'open', 1, 1, 0],
      );
      assert.deepEqual(
        [idea.myVote, idea.following, idea.commentCount, idea.officialResponse, idea.mergedInto],
        [1, true, 0, null, null],
      );
      assert.equal(idea.author.id, 'm_ada');
      assert.equal(idea.pageUrl, 'https://shop.example/p/sku-1');
      assert.match(idea.bodySource, /<script>/);
      assert.match(idea.bodyHtml, /<strong>add<\/strong>/);
      assert.doesNotMatch(idea.bodyHtml, /<script|href="javascript/i);
      assert.deepEqual(await eventTypes(db), ['idea.submitted', 'vote.cast']);
      assert.deepEqual(await followers(idea.id), ['m_ada']);

      const again = await api.request('POST', '/v1/ideas', {
        token: ada,
        body: {
          board: 'roadmap',
          title: 'Dark mode',
          body: 'Please <script>alert(1)</script> [x](javascript:alert(1)) **add** it.',
          pageUrl: 'https://shop.example/p/sku-1',
        },
        key: 'idea-key',
      });
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotency-replayed'), 'true');
      assert.deepEqual(again.body, idea);
      assert.equal(await countRows(db, 'ideas'), 1);
      assert.equal(await countRows(db, 'votes'), 1);

      // An empty body is allowed; a title is not optional.
      assert.equal((await submit(ben, { title: 'Offline sync', body: '' })).bodyHtml, '');
      let res = await api.request('POST', '/v1/ideas', {
        token: ada,
        body: { board: ' ', title: ' ', body: 'x'.repeat(20_001), pageUrl: 'javascript:x' },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(Object.keys(res.body.error.fields).sort(), [
        'board',
        'body',
        'pageUrl',
        'title',
      ]);
      assert.equal(res.body.error.fields.title, 'Enter a title for your idea.');
      res = await api.request('POST', '/v1/ideas', { body: { board: 'roadmap', title: 'T' } });
      assert.equal(res.status, 401);
    });

    it('lists ideas by top, trending and newest, pages them, filters by status and searches', async () => {
      const i0 = await submit(ada, { title: 'Dark mode for the app' });
      const i1 = await submit(ada, { title: 'Offline sync', body: 'Works on the train.' });
      const i2 = await submit(ada, { title: 'Export to CSV' });
      const i3 = await submit(ada, { title: 'Dark theme for emails' });
      await vote(ben, 'idea', i1.id, 1);
      await vote(cleo, 'idea', i1.id, 1);
      await vote(ben, 'idea', i2.id, 1);
      // i1's three votes are two months old: trending weighs them at 0.5^(60/7) each.
      await db.query(
        `UPDATE votes SET created_at = now() - interval '60 days' WHERE target_id = $1`,
        [i1.id],
      );
      const all = async (sort: string, tok: string | null = null) => {
        const ids: string[] = [];
        const votes: number[] = [];
        let cursor: string | null = null;
        let total = 0;
        const cursors: string[] = [];
        do {
          const res: Reply = await api.request(
            'GET',
            `/v1/ideas?site=test&board=roadmap&sort=${sort}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            { token: tok },
          );
          assert.equal(res.status, 200, JSON.stringify(res.body));
          ids.push(...res.body.items.map((i: { id: string }) => i.id));
          votes.push(...res.body.items.map((i: { myVote: number }) => i.myVote));
          cursor = res.body.nextCursor;
          if (cursor) cursors.push(cursor);
          total = res.body.total;
        } while (cursor);
        return { ids, votes, total, cursors };
      };
      const top = await all('top', ben);
      assert.deepEqual(top.ids, [i1.id, i2.id, i3.id, i0.id]);
      assert.deepEqual(top.votes, [1, 1, 0, 0]);
      assert.equal(top.total, 4);
      assert.match(top.cursors[0]!, /^s\./);
      const trending = await all('trending');
      assert.deepEqual(trending.ids, [i2.id, i3.id, i0.id, i1.id]);
      assert.match(trending.cursors[0]!, /^o\./);
      assert.deepEqual((await all('newest')).ids, [i3.id, i2.id, i1.id, i0.id]);
      assert.deepEqual(await ideaIds(''), [i1.id, i2.id, i3.id, i0.id], 'top by default');

      assert.equal((await setStatus(sam, i2.id, 'planned')).status, 200);
      assert.deepEqual(await ideaIds('&status=planned'), [i2.id]);
      assert.deepEqual(await ideaIds('&status=open&sort=newest'), [i3.id, i1.id, i0.id]);
      assert.deepEqual(await ideaIds('&status=no-such-status'), []);

      assert.deepEqual((await ideaIds('&q=dark')).sort(), [i0.id, i3.id].sort());
      assert.deepEqual(await ideaIds('&q=expo'), [i2.id]);
      assert.deepEqual(await ideaIds('&q=train'), [i1.id]);
      assert.deepEqual(await ideaIds('&q=DARK%20emails'), [i3.id]);
      assert.deepEqual(await ideaIds('&q=nothing-like-this'), []);
      assert.deepEqual(await ideaIds('&q=dark&status=planned'), []);
      const searched = await api.request('GET', '/v1/ideas?site=test&board=roadmap&q=dark&limit=1');
      assert.equal(searched.body.total, 2);
      assert.match(searched.body.nextCursor, /^o\./);

      const unknown = await api.request('GET', '/v1/ideas?site=test&board=no-such-board');
      assert.deepEqual(unknown.body, { items: [], nextCursor: null, total: 0 });
      const bad = await api.request('GET', '/v1/ideas?site=test&board=roadmap&sort=best');
      assert.equal(bad.status, 400);
      assert.ok(bad.body.error.fields.sort);
    });

    it('votes and unvotes ideas (1 or 0, own ideas too); voters follow; a merged idea votes on its original', async () => {
      const idea = await submit(ada);
      let res = await vote(ben, 'idea', idea.id, 1);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, {
        targetType: 'idea',
        targetId: idea.id,
        value: 1,
        score: 2,
        upvotes: 2,
        downvotes: 0,
        votesRemaining: null,
      });
      res = await vote(ben, 'idea', idea.id, 1);
      assert.equal(res.body.upvotes, 2, 'one vote per member');
      assert.deepEqual(await followers(idea.id), ['m_ada', 'm_ben']);
      res = await vote(ben, 'idea', idea.id, 0);
      assert.deepEqual([res.body.value, res.body.upvotes], [0, 1]);
      assert.deepEqual(await followers(idea.id), ['m_ada', 'm_ben'], 'unvoting keeps following');
      res = await vote(ada, 'idea', idea.id, 0);
      assert.equal(res.body.upvotes, 0);
      res = await vote(ada, 'idea', idea.id, 1);
      assert.equal(res.body.upvotes, 1, 'authors may vote on their own idea');

      const events = await countRows(db, 'community_events');
      res = await vote(ben, 'idea', idea.id, -1);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation');
      assert.ok(res.body.error.fields.value);
      res = await vote(ben, 'idea', 'i_missing', 1);
      assert.equal(res.status, 404);
      assert.equal(await countRows(db, 'community_events'), events);
      await assert.rejects(
        db.query(
          `INSERT INTO votes (site, member, target_type, target_id, value) VALUES ($1, 'm_ben', 'idea', $2, -1)`,
          [SITE, idea.id],
        ),
        (error: { code?: string }) => error.code === '23514',
      );

      const duplicate = await submit(cleo, { title: 'Dark theme' });
      assert.equal((await merge(sam, duplicate.id, idea.id)).status, 200);
      res = await vote(ben, 'idea', duplicate.id, 1);
      assert.equal(res.status, 200);
      assert.deepEqual([res.body.targetId, res.body.upvotes], [idea.id, 3]);
      const { rows } = await db.query<{ target_id: string }>(
        `SELECT target_id FROM votes WHERE member = 'm_ben'`,
      );
      assert.deepEqual(
        rows.map((r) => r.target_id),
        [idea.id],
      );
    });

    it('keeps a per-member vote budget: 409 beyond it, closed ideas free it, concurrent votes cannot overspend it', async () => {
      let res = await configure(sam, { voteBudget: 3 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.voteBudget, 3);
      const ideas = [];
      for (let i = 0; i < 4; i++) ideas.push(await submit(ada, { title: `Idea ${i}` }));
      assert.deepEqual(
        ideas.map((i) => [i.upvotes, i.myVote]),
        [
          [1, 1],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
        'the fourth idea is submitted without its author vote',
      );
      assert.equal((await board('roadmap', ada)).body.votesRemaining, 0);
      assert.equal((await board('roadmap', ben)).body.votesRemaining, 3);
      assert.equal((await board('roadmap')).body.votesRemaining, null);

      res = await vote(ada, 'idea', ideas[3].id, 1);
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'conflict');
      assert.equal(res.body.error.message, 'You have no votes left on this board.');
      res = await vote(ada, 'idea', ideas[0].id, 1);
      assert.equal(res.status, 200, 'voting again on an idea is not a second vote');
      assert.equal(res.body.votesRemaining, 0);

      // Done and declined ideas give their votes back.
      await setStatus(sam, ideas[0].id, 'done');
      assert.equal((await board('roadmap', ada)).body.votesRemaining, 1);
      res = await vote(ada, 'idea', ideas[3].id, 1);
      assert.equal(res.status, 200);
      assert.equal(res.body.votesRemaining, 0);
      res = await vote(ada, 'idea', ideas[2].id, 0);
      assert.equal(res.body.votesRemaining, 1);

      // A lower budget keeps the votes members hold.
      res = await configure(sam, { voteBudget: 1 });
      assert.equal(res.body.voteBudget, 1);
      assert.equal((await board('roadmap', ada)).body.votesRemaining, 0);
      assert.equal(await countRows(db, 'votes', `member = 'm_ada'`), 3);
      res = await configure(sam, { voteBudget: null });
      assert.equal(res.body.voteBudget, null);
      assert.equal((await board('roadmap', ada)).body.votesRemaining, null);
      for (const voteBudget of [0, 1001, 2.5, '3']) {
        res = await configure(sam, { voteBudget });
        assert.equal(res.status, 400, `voteBudget ${voteBudget}`);
        assert.ok(res.body.error.fields.voteBudget);
      }

      // Twenty concurrent votes by one member on a budget of three: exactly three.
      await configure(sam, { voteBudget: 3 }, 'budgeted');
      const many = [];
      for (let i = 0; i < 20; i++)
        many.push(await submit(sam, { board: 'budgeted', title: `Budgeted ${i}` }));
      const results = await Promise.all(
        many.map((idea, i) => vote(cleo, 'idea', idea.id, 1, `budget-${i}`)),
      );
      assert.deepEqual(
        results.map((r) => r.status).sort(),
        [...Array(3).fill(200), ...Array(17).fill(409)],
        JSON.stringify(results.find((r) => r.status !== 200 && r.status !== 409)?.body),
      );
      assert.equal(await countRows(db, 'votes', `member = 'm_cleo'`), 3);
      assert.equal((await board('budgeted', cleo)).body.votesRemaining, 0);
    });

    it('counts 50 members voting on one idea at once exactly', async () => {
      const idea = await submit(ada);
      const voters = await Promise.all(Array.from({ length: 50 }, (_, i) => token(`m_fan_${i}`)));
      const results = await Promise.all(
        voters.map((t, i) => vote(t, 'idea', idea.id, 1, `f-${i}`)),
      );
      assert.ok(
        results.every((r) => r.status === 200),
        JSON.stringify(results.find((r) => r.status !== 200)?.body),
      );
      assert.equal((await detail(idea.id)).body.idea.upvotes, 51);
      assert.equal(await countRows(db, 'votes', 'target_id = $1', [idea.id]), 51);
      assert.equal(Math.max(...results.map((r) => r.body.upvotes)), 51);
      assert.equal((await followers(idea.id)).length, 51);
    });

    it('lets staff set a status with an official response: history, notifications to followers, events', async () => {
      const STATUS_CHANGES = "kind = 'idea.status-changed'";
      const idea = await submit(ada, { pageUrl: 'https://shop.example/p/sku-1' });
      await vote(ben, 'idea', idea.id, 1);
      assert.equal((await comment(cleo, idea.id, 'Yes please')).status, 201);
      await api.request('PUT', `/v1/ideas/${idea.id}/following`, {
        token: sam,
        body: { following: true },
      });
      const events = await countRows(db, 'community_events');

      let res = await setStatus(ada, idea.id, 'planned');
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
      res = await setStatus(sam, idea.id, 'shipped');
      assert.equal(res.status, 400);
      assert.match(res.body.error.fields.status, /not a status of this board/);
      res = await setStatus(sam, idea.id, 'Not A Slug!');
      assert.equal(res.status, 400);
      assert.ok(res.body.error.fields.status);
      res = await setStatus(sam, idea.id, 'planned', 'x'.repeat(20_001));
      assert.equal(res.status, 400);
      assert.ok(res.body.error.fields.response);
      assert.equal(await countRows(db, 'community_events'), events);
      assert.equal(await countRows(db, 'notifications', STATUS_CHANGES), 0);

      res = await setStatus(
        sam,
        idea.id,
        'planned',
        'We are **on it** <script>alert(1)</script><img src=x onerror=alert(1)>',
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.status, 'planned');
      assert.match(res.body.officialResponse.bodyHtml, /<strong>on it<\/strong>/);
      assert.doesNotMatch(res.body.officialResponse.bodyHtml, /<(script|img)/i);
      assert.match(res.body.officialResponse.bodyHtml, /&lt;script&gt;/);
      assert.equal(res.body.officialResponse.author.id, 'm_sam');
      const { rows: notes } = await db.query<{
        member: string;
        kind: string;
        title: string;
        target_type: string;
        target_id: string;
        page_url: string;
        read_at: Date | null;
      }>(
        `SELECT member, kind, title, target_type, target_id, page_url, read_at FROM notifications
         WHERE ${STATUS_CHANGES} ORDER BY member`,
      );
      assert.deepEqual(
        notes.map((n) => n.member),
        ['m_ada', 'm_ben', 'm_cleo'],
        'every follower but the actor',
      );
      assert.deepEqual(notes[0], {
        member: 'm_ada',
        kind: 'idea.status-changed',
        title: '"Dark mode" is now planned',
        target_type: 'idea',
        target_id: idea.id,
        page_url: `https://shop.example/p/sku-1#kith-idea-${idea.id}`,
        read_at: null,
      });

      res = await setStatus(sam, idea.id, 'in-progress');
      assert.equal(res.body.status, 'in-progress');
      assert.match(res.body.officialResponse.bodyHtml, /on it/, 'the latest response stays');
      res = await setStatus(sam, idea.id, 'in-progress', 'Half way there.');
      assert.equal(res.status, 200, 'the same status with a new response');
      assert.match(res.body.officialResponse.bodyHtml, /Half way there/);
      assert.equal(await countRows(db, 'notifications', STATUS_CHANGES), 9);

      const read = await detail(idea.id, ada);
      assert.equal(read.body.idea.status, 'in-progress');
      assert.match(read.body.idea.officialResponse.bodyHtml, /Half way there/);
      assert.deepEqual(
        read.body.history.map((h: { from: string; to: string; response?: unknown }) => [
          h.from,
          h.to,
          h.response !== undefined,
        ]),
        [
          ['open', 'planned', true],
          ['planned', 'in-progress', false],
          ['in-progress', 'in-progress', true],
        ],
      );
      assert.equal(read.body.history[0].changedBy.id, 'm_sam');
      assert.ok(read.body.history[0].changedAt);
      const { rows } = await db.query<{ type: string; target_type: string; payload: object }>(
        `SELECT type, target_type, payload FROM community_events
         WHERE type = 'idea.status-changed' ORDER BY id`,
      );
      assert.deepEqual(
        rows.map((r) => [r.target_type, r.payload]),
        [
          ['idea', { from: 'open', to: 'planned' }],
          ['idea', { from: 'planned', to: 'in-progress' }],
          ['idea', { from: 'in-progress', to: 'in-progress' }],
        ],
      );
    });

    it('reads a board (unknown: the defaults) and lets staff configure custom statuses, validated', async () => {
      let res = await board('no-such-board', ada);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        slug: 'no-such-board',
        statuses: [
          { slug: 'open', order: 0 },
          { slug: 'under-review', order: 1 },
          { slug: 'planned', order: 2 },
          { slug: 'in-progress', order: 3 },
          { slug: 'done', order: 4 },
          { slug: 'declined', order: 5 },
        ],
        voteBudget: null,
        votesRemaining: null,
      });
      const statuses = [
        { slug: 'beta', label: 'In beta', color: '#7c3aed', order: 4 },
        { slug: 'done', label: 'Shipped', color: '#0a0', order: 5 },
      ];
      res = await configure(ada, { statuses });
      assert.equal(res.status, 403);
      res = await configure(sam, { statuses });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.statuses, [
        { slug: 'open', order: 0 },
        { slug: 'under-review', order: 1 },
        { slug: 'planned', order: 2 },
        { slug: 'in-progress', order: 3 },
        { slug: 'beta', label: 'In beta', color: '#7c3aed', order: 4 },
        { slug: 'declined', order: 5 },
        { slug: 'done', label: 'Shipped', color: '#0a0', order: 5 },
      ]);
      assert.deepEqual((await board('roadmap')).body.statuses, res.body.statuses);
      // Any slug a topic may be, through the path.
      res = await configure(sam, { voteBudget: 2 }, 'sku/1 ü?#');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.slug, 'sku/1 ü?#');
      assert.equal((await board('sku/1 ü?#')).body.voteBudget, 2);

      const invalid: [unknown, string][] = [
        [[{ slug: 'Beta', label: 'B', order: 1 }], 'statuses.0.slug'],
        [[{ slug: '-beta', label: 'B', order: 1 }], 'statuses.0.slug'],
        [[{ slug: 'b'.repeat(41), label: 'B', order: 1 }], 'statuses.0.slug'],
        [[{ slug: 'beta', order: 1 }], 'statuses.0.label'],
        [[{ slug: 'beta', label: ' ', order: 1 }], 'statuses.0.label'],
        [[{ slug: 'beta', label: 'l'.repeat(41), order: 1 }], 'statuses.0.label'],
        [[{ slug: 'beta', label: 'B', color: 'red', order: 1 }], 'statuses.0.color'],
        [[{ slug: 'beta', label: 'B', color: '#12345', order: 1 }], 'statuses.0.color'],
        [[{ slug: 'beta', label: 'B', color: '#fff;x', order: 1 }], 'statuses.0.color'],
        [[{ slug: 'beta', label: 'B', order: 1001 }], 'statuses.0.order'],
        [[{ slug: 'beta', label: 'B', order: 1.5 }], 'statuses.0.order'],
        [[{ slug: 'beta', label: 'B', order: 1, style: 'x' }], 'statuses.0'],
        [
          [
            { slug: 'beta', label: 'B', order: 1 },
            { slug: 'beta', label: 'C', order: 2 },
          ],
          'statuses.1.slug',
        ],
        [
          Array.from({ length: 21 }, (_, i) => ({ slug: `s${i}`, label: 'S', order: i })),
          'statuses',
        ],
      ];
      for (const [list, field] of invalid) {
        res = await configure(sam, { statuses: list });
        assert.equal(res.status, 400, JSON.stringify(list));
        assert.ok(res.body.error.fields[field], `${field}: ${JSON.stringify(res.body.error)}`);
      }
      // A default's label is optional (the element translates it).
      res = await configure(sam, { statuses: [{ slug: 'planned', color: '#abc', order: 9 }] });
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.statuses.map((s: { slug: string }) => s.slug),
        ['open', 'under-review', 'in-progress', 'done', 'declined', 'planned'],
        'beta was removed; done is back to its defaults',
      );

      // A custom status an idea still has cannot be removed.
      await configure(sam, { statuses });
      const idea = await submit(ada);
      assert.equal((await setStatus(sam, idea.id, 'beta')).status, 200);
      res = await configure(sam, { statuses: [] });
      assert.equal(res.status, 409);
      assert.match(res.body.error.message, /"beta" is still used by an idea/);
      assert.ok((await board()).body.statuses.some((s: { slug: string }) => s.slug === 'beta'));
      await assert.rejects(
        db.query(`DELETE FROM board_statuses WHERE slug = 'beta'`),
        (error: { code?: string }) => error.code === '23503',
      );
      assert.deepEqual(await ideaIds('&status=beta'), [idea.id]);
      const { rows } = await db.query<{ target_type: string; target_id: string }>(
        `SELECT target_type, target_id FROM community_events WHERE type = 'board.configured'`,
      );
      assert.equal(rows.length, 4);
      assert.deepEqual(rows[0], { target_type: 'board', target_id: 'roadmap' });
    });

    it('comments on ideas through the sanitising path; commenters follow; staff are recognisable', async () => {
      const idea = await submit(ada);
      let res = await comment(
        ben,
        idea.id,
        '**hi** <img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href="https://x.example" onclick="alert(1)">y</a>',
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const first = res.body;
      assert.match(first.id, /^c_/);
      assert.equal(first.ideaId, idea.id);
      assert.match(first.bodyHtml, /<strong>hi<\/strong>/);
      assert.doesNotMatch(first.bodyHtml, /<img|<a [^>]*(onclick|javascript:)/i);
      assert.match(first.bodyHtml, /&lt;img src=x onerror=alert\(1\)&gt;/);
      assert.match(first.bodySource, /onerror/);
      assert.equal(first.fromIdeaId, undefined);
      res = await comment(ben, idea.id, '   ');
      assert.equal(res.status, 400);
      assert.equal(res.body.error.fields.body, 'Write a comment first.');
      res = await comment(ben, 'i_missing', 'Hello');
      assert.equal(res.status, 404);
      res = await comment(sam, idea.id, 'Thanks, we are looking into it.');
      assert.deepEqual(res.body.author.roles, ['staff']);
      assert.deepEqual(await followers(idea.id), ['m_ada', 'm_ben', 'm_sam']);

      const read = await detail(idea.id, ben, '&commentLimit=1');
      assert.equal(read.status, 200);
      assert.equal(read.body.idea.commentCount, 2);
      assert.equal(read.body.comments.total, 2);
      assert.deepEqual(
        read.body.comments.items.map((c: { id: string }) => c.id),
        [first.id],
      );
      assert.equal(read.body.comments.items[0].bodySource, first.bodySource, "the author's source");
      const next = await detail(
        idea.id,
        ada,
        `&commentLimit=1&commentCursor=${read.body.comments.nextCursor}`,
      );
      assert.equal(next.body.comments.items[0].author.id, 'm_sam');
      assert.equal(next.body.comments.items[0].bodySource, undefined);
      assert.equal(next.body.comments.nextCursor, null);
      assert.equal((await ideaIds('')).length, 1);
      const listed = await api.request('GET', '/v1/ideas?site=test&board=roadmap');
      assert.equal(listed.body.items[0].commentCount, 2);
      const { rows } = await db.query<{ type: string; target_type: string }>(
        `SELECT type, target_type FROM community_events WHERE type = 'idea.commented'`,
      );
      assert.deepEqual(rows[0], { type: 'idea.commented', target_type: 'comment' });
      assert.equal((await detail('i_missing')).status, 404);
    });

    it('merges a duplicate: votes combine counting each member once, comments and followers move', async () => {
      const dan = await token('m_dan');
      await configure(sam, { voteBudget: 5 });
      const a = await submit(ada, { title: 'Dark mode' });
      await vote(ben, 'idea', a.id, 1);
      await vote(cleo, 'idea', a.id, 1);
      const b = await submit(dan, { title: 'Night theme' });
      await vote(cleo, 'idea', b.id, 1);
      await comment(ada, a.id, 'On A');
      const onB = (await comment(ben, b.id, 'On B')).body;
      assert.equal((await board('roadmap', cleo)).body.votesRemaining, 3);

      let res = await merge(ada, b.id, a.id);
      assert.equal(res.status, 403);
      res = await merge(sam, b.id, a.id);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        [res.body.id, res.body.upvotes, res.body.commentCount],
        [a.id, 4, 2],
        'voters {ada, ben, cleo} + {cleo, dan}: cleo once',
      );
      assert.equal(await countRows(db, 'votes', 'target_id = $1', [a.id]), 4);
      assert.equal(await countRows(db, 'votes', 'target_id = $1', [b.id]), 0);
      const { rows } = await db.query<{ upvotes: number; merged_into: string }>(
        'SELECT upvotes, merged_into FROM ideas WHERE id = $1',
        [b.id],
      );
      assert.deepEqual(rows[0], { upvotes: 0, merged_into: a.id });
      assert.equal(
        (await board('roadmap', cleo)).body.votesRemaining,
        4,
        "cleo's second vote is free",
      );
      assert.deepEqual(await followers(a.id), ['m_ada', 'm_ben', 'm_cleo', 'm_dan']);

      const read = await detail(b.id, ada);
      assert.equal(read.status, 200);
      assert.equal(read.body.idea.id, a.id, 'a duplicate reads as its original');
      assert.deepEqual(read.body.mergedIdeas, [{ id: b.id, title: 'Night theme' }]);
      assert.deepEqual(
        read.body.comments.items.map((c: { id: string; fromIdeaId?: string }) => [
          c.id === onB.id,
          c.fromIdeaId ?? null,
        ]),
        [
          [false, null],
          [true, b.id],
        ],
      );
      assert.deepEqual(await ideaIds(''), [a.id], 'duplicates are not listed');
      assert.equal((await api.request('GET', '/v1/ideas?site=test&board=roadmap')).body.total, 1);

      res = await merge(sam, b.id, a.id);
      assert.equal(res.status, 409);
      res = await merge(sam, a.id, b.id);
      assert.equal(res.status, 400, 'B resolves to A: A into itself');
      assert.ok(res.body.error.fields.originalId);
      res = await merge(sam, a.id, a.id);
      assert.equal(res.status, 400);
      const other = await submit(ada, { board: 'elsewhere', title: 'Elsewhere' });
      res = await merge(sam, other.id, a.id);
      assert.equal(res.status, 400);
      assert.match(res.body.error.fields.originalId, /same board/);
      res = await merge(sam, a.id, 'i_missing');
      assert.equal(res.status, 400);
      res = await merge(sam, 'i_missing', a.id);
      assert.equal(res.status, 404);

      // Into a duplicate: into its original. A commented duplicate keeps where its comments came from.
      const c = await submit(ben, { title: 'Dark UI' });
      await comment(cleo, c.id, 'On C');
      res = await merge(sam, c.id, b.id);
      assert.equal(res.status, 200);
      assert.deepEqual([res.body.id, res.body.upvotes, res.body.commentCount], [a.id, 4, 3]);
      const merged = await detail(a.id);
      assert.deepEqual(
        merged.body.mergedIdeas.map((m: { id: string }) => m.id),
        [b.id, c.id],
      );
      const { rows: events } = await db.query<{ target_id: string; payload: object }>(
        `SELECT target_id, payload FROM community_events WHERE type = 'idea.merged' ORDER BY id`,
      );
      assert.deepEqual(events, [
        { target_id: b.id, payload: { originalId: a.id } },
        { target_id: c.id, payload: { originalId: a.id } },
      ]);
      // A comment on a duplicate lands on the original.
      res = await comment(dan, b.id, 'Late to the party');
      assert.equal(res.body.ideaId, a.id);
    });

    it('follows and unfollows ideas (the original of a duplicate)', async () => {
      const idea = await submit(ada);
      const follow = (tok: string, id: string, following: boolean) =>
        api.request('PUT', `/v1/ideas/${id}/following`, { token: tok, body: { following } });
      let res = await follow(ben, idea.id, true);
      assert.deepEqual([res.status, res.body], [200, { following: true }]);
      assert.equal((await detail(idea.id, ben)).body.idea.following, true);
      assert.equal((await detail(idea.id)).body.idea.following, false, 'signed out');
      res = await follow(ben, idea.id, false);
      assert.deepEqual(res.body, { following: false });
      assert.equal((await detail(idea.id, ben)).body.idea.following, false);
      res = await follow(ada, idea.id, false);
      assert.deepEqual(await followers(idea.id), []);
      assert.equal((await follow(ben, 'i_missing', true)).status, 404);
      assert.equal(
        (await api.request('PUT', `/v1/ideas/${idea.id}/following`, { body: { following: true } }))
          .status,
        401,
      );
      assert.equal((await follow(ben, idea.id, 'yes' as never)).status, 400);
      const dup = await submit(cleo, { title: 'Again' });
      await merge(sam, dup.id, idea.id);
      res = await follow(ben, dup.id, true);
      assert.deepEqual(await followers(idea.id), ['m_ben', 'm_cleo']);
      const types = (await eventTypes(db)).filter(
        (t) => t.startsWith('idea.f') || t.startsWith('idea.u'),
      );
      assert.deepEqual(types, [
        'idea.followed',
        'idea.unfollowed',
        'idea.unfollowed',
        'idea.followed',
      ]);
    });

    it('serves the ideas, idea and board reads in a bootstrap, as the single reads do', async () => {
      const idea = await submit(ada);
      await comment(ben, idea.id, 'Me too');
      await configure(sam, { voteBudget: 4 });
      const requests = [
        { kind: 'ideas', board: 'roadmap', sort: 'trending', limit: 5 },
        { kind: 'idea', ideaId: idea.id, commentLimit: 5 },
        { kind: 'board', board: 'roadmap' },
        { kind: 'ideas', board: 'unknown', sort: 'top', limit: 5, status: null, query: 'x' },
        { kind: 'board', board: 'unknown' },
        { kind: 'idea', ideaId: 'i_missing', commentLimit: 5 },
        { kind: 'ideas', board: '', sort: 'best', limit: 5 },
      ];
      const res = await api.request(
        'GET',
        `/v1/bootstrap?site=test&requests=${encodeURIComponent(JSON.stringify(requests))}`,
        { token: ada },
      );
      assert.equal(res.status, 200);
      const [list, one, config, empty, defaults, missing, invalid] = res.body.results;
      assert.equal(list.data.items[0].id, idea.id);
      assert.equal(list.data.items[0].myVote, 1);
      assert.deepEqual(
        one.data,
        (await api.request('GET', `/v1/ideas/${idea.id}?site=test&commentLimit=5`, { token: ada }))
          .body,
      );
      assert.deepEqual(config.data, (await board('roadmap', ada)).body);
      assert.equal(config.data.votesRemaining, 3);
      assert.deepEqual(empty.data, { items: [], nextCursor: null, total: 0 });
      assert.equal(defaults.data.statuses.length, 6);
      assert.equal(missing.error.code, 'not-found');
      assert.equal(invalid.error.code, 'validation');
      assert.ok(invalid.error.fields.board && invalid.error.fields.sort);
    });

    it('loads the demo seed’s boards and ideas, also into a site that has questions already', async () => {
      await ask(ada);
      const member = (id: string, roles: string[] = ['customer']) => ({
        id,
        name: id,
        roles,
        reputation: 0,
        trustLevel: 1,
      });
      const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
      const idea = (id: string, title: string, status: string, extra: object = {}) => ({
        id,
        board: 'demo-board',
        title,
        author: member('m_ada'),
        bodySource: `About ${title}`,
        bodyHtml: `<p>About ${title}</p><script>alert(1)</script>`,
        createdAt: daysAgo(30),
        status,
        score: 0,
        upvotes: 0,
        downvotes: 0,
        myVote: 0,
        commentCount: 0,
        ...extra,
      });
      const seed = {
        members: [member('m_ada'), member('m_sam', ['staff'])],
        boards: [
          {
            slug: 'demo-board',
            voteBudget: 10,
            statuses: [{ slug: 'beta', label: 'In beta', color: '#7c3aed', order: 4 }],
          },
        ],
        ideas: [
          idea('i_old', 'Old favourite', 'planned'),
          idea('i_new', 'New hotness', 'beta'),
          idea('i_dup', 'New hotness again', 'open', { mergedInto: 'i_new' }),
          idea('i_bad', 'Unknown status', 'no-such-status'),
        ],
        ideaComments: [
          {
            id: 'c_1',
            ideaId: 'i_new',
            fromIdeaId: 'i_dup',
            author: member('m_sam', ['staff']),
            bodyHtml: '<p>Merged in</p>',
            createdAt: daysAgo(2),
          },
        ],
        ideaStatusChanges: [
          {
            ideaId: 'i_new',
            from: 'open',
            to: 'beta',
            changedAt: daysAgo(1),
            changedBy: member('m_sam', ['staff']),
            response: {
              bodyHtml: '<p>In beta now</p>',
              author: member('m_sam', ['staff']),
              createdAt: daysAgo(1),
            },
          },
        ],
        followers: [{ ideaId: 'i_old', memberId: 'm_follower' }],
        votes: [
          ...['m_v1', 'm_v2', 'm_v3'].map((memberId) => ({
            memberId,
            targetType: 'idea',
            targetId: 'i_old',
            value: 1 as const,
            createdAt: daysAgo(60),
          })),
          { memberId: 'm_v1', targetType: 'idea', targetId: 'i_new', value: 1 as const },
          { memberId: 'm_v2', targetType: 'idea', targetId: 'i_dup', value: 1 as const },
        ],
      };
      assert.equal(await seedSite(db, SITE, seed as never), true);
      assert.equal(await seedSite(db, SITE, seed as never), false, 'once');
      assert.equal(await countRows(db, 'questions'), 1);

      const top = await api.request('GET', '/v1/ideas?site=test&board=demo-board&sort=top');
      assert.deepEqual(
        top.body.items.map((i: { id: string; upvotes: number; status: string }) => [
          i.id,
          i.upvotes,
          i.status,
        ]),
        [
          ['i_old', 3, 'planned'],
          ['i_new', 2, 'beta'],
          ['i_bad', 0, 'open'],
        ],
      );
      const trending = await api.request(
        'GET',
        '/v1/ideas?site=test&board=demo-board&sort=trending',
      );
      assert.deepEqual(
        trending.body.items.map((i: { id: string }) => i.id),
        ['i_new', 'i_old', 'i_bad'],
      );
      const read = await detail('i_dup');
      assert.equal(read.body.idea.id, 'i_new');
      assert.match(read.body.idea.officialResponse.bodyHtml, /In beta now/);
      assert.doesNotMatch(read.body.idea.bodyHtml, /<script/);
      assert.equal(read.body.comments.items[0].fromIdeaId, 'i_dup');
      assert.deepEqual(read.body.mergedIdeas, [{ id: 'i_dup', title: 'New hotness again' }]);
      assert.equal(read.body.history[0].to, 'beta');
      const config = await board('demo-board');
      assert.equal(config.body.voteBudget, 10);
      assert.equal(config.body.statuses[4].label, 'In beta');
      assert.deepEqual(await followers('i_old'), ['m_ada', 'm_follower', 'm_v1', 'm_v2', 'm_v3']);
    });

    // ---- hardening ---------------------------------------------------------------------------

    it('limits writes per member and reads per IP with 429 and Retry-After', async () => {
      await updateSite(db, SITE, {
        settings: {
          rateLimits: { ...HIGH_LIMITS, writesPerMinutePerMember: 2, readsPerMinutePerIp: 3 },
          moderation: NO_DUPLICATE_CHECK,
        },
      });
      const limited = client(db, { trustProxy: 1 });
      const write = (tok: string) =>
        limited.request('POST', '/v1/questions', {
          token: tok,
          body: { topic: 'sku-1', title: 'Spam?' },
        });
      assert.equal((await write(ada)).status, 201);
      assert.equal((await write(ada)).status, 201);
      const third = await write(ada);
      assert.equal(third.status, 429);
      assert.equal(third.body.error.code, 'rate-limited');
      const retryAfter = Number(third.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal((await write(ben)).status, 201, 'another member has their own budget');
      assert.equal(await countRows(db, 'questions'), 3);

      const read = (ip: string) =>
        limited.request('GET', '/v1/questions?site=test&topic=sku-1', {
          headers: { 'x-forwarded-for': `203.0.113.9, ${ip}` },
        });
      for (let i = 0; i < 3; i++) assert.equal((await read('198.51.100.1')).status, 200);
      const over = await read('198.51.100.1');
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers.get('retry-after')) >= 1);
      assert.equal((await read('198.51.100.2')).status, 200, 'another IP has its own budget');
    });

    it('allows the site origins through CORS and refuses others', async () => {
      const preflight = (origin: string, site = SITE) =>
        api.app.request(`/v1/votes?site=${site}`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'PUT',
            'access-control-request-headers': 'authorization,content-type,idempotency-key',
          },
        });
      let res = await preflight(ORIGIN);
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
      res = await preflight('http://localhost:5173');
      assert.equal(res.status, 204, 'a port wildcard origin');
      res = await preflight('https://evil.example');
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      assert.equal((await res.json()).error.code, 'forbidden');

      const read = await api.request('GET', '/v1/questions?site=test&topic=sku-1', {
        headers: { origin: ORIGIN },
      });
      assert.equal(read.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(read.headers.get('access-control-expose-headers') ?? '', /ETag/);
      assert.match(read.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
      // Errors carry the CORS headers too, so that the page can read them.
      const refusedWrite = await api.request('POST', '/v1/questions', {
        body: { topic: 'sku-1', title: 'No token?' },
        headers: { origin: ORIGIN },
      });
      assert.equal(refusedWrite.status, 401);
      assert.equal(refusedWrite.headers.get('access-control-allow-origin'), ORIGIN);
      const foreignRead = await api.request('GET', '/v1/questions?site=test&topic=sku-1', {
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(foreignRead.headers.get('access-control-allow-origin'), null);
      const foreignWrite = await api.request('POST', '/v1/questions', {
        token: ada,
        body: { topic: 'sku-1', title: 'From elsewhere?' },
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(foreignWrite.status, 403);
      assert.equal(await countRows(db, 'questions'), 0);
    });

    it('lets staff read and change site settings', async () => {
      let res = await api.request('GET', '/v1/site/settings', { token: sam });
      assert.equal(res.status, 200);
      assert.equal(
        res.body.settings.rateLimits.writesPerMinutePerIp,
        HIGH_LIMITS.writesPerMinutePerIp,
      );
      res = await api.request('GET', '/v1/site/settings', { token: ada });
      assert.equal(res.status, 403);
      res = await api.request('PATCH', '/v1/site/settings', {
        token: sam,
        body: { settings: { rateLimits: { readsPerMinutePerIp: 1234 } } },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.settings.rateLimits.readsPerMinutePerIp, 1234);
      assert.equal(
        res.body.settings.rateLimits.writesPerMinutePerIp,
        HIGH_LIMITS.writesPerMinutePerIp,
      );
      res = await api.request('PATCH', '/v1/site/settings', {
        token: sam,
        body: { settings: { rateLimits: { readsPerMinutePerIp: 0 } } },
      });
      assert.equal(res.status, 400);
      assert.ok(res.body.error.fields['settings.rateLimits.readsPerMinutePerIp']);
      res = await api.request('PATCH', '/v1/site/settings', { token: ada, body: { settings: {} } });
      assert.equal(res.status, 403);
      assert.deepEqual(await eventTypes(db), ['site.settings-changed']);
    });

    it('serves health, the OpenAPI document, and the dev token endpoint only in development', async () => {
      const health = await api.request('GET', '/v1/health');
      assert.deepEqual(health.body, { ok: true, database: db.kind });
      const doc = await api.request('GET', '/v1/openapi.json');
      assert.equal(doc.status, 200);
      assert.equal(doc.body.openapi, '3.1.0');
      for (const path of [
        '/v1/health',
        '/v1/bootstrap',
        '/v1/questions',
        '/v1/questions/{id}',
        '/v1/questions/{id}/answers',
        '/v1/questions/{id}/accepted-answer',
        '/v1/votes',
        '/v1/members/{id}',
        '/v1/site/settings',
        '/v1/ideas',
        '/v1/ideas/{id}',
        '/v1/ideas/{id}/comments',
        '/v1/ideas/{id}/status',
        '/v1/ideas/{id}/merge',
        '/v1/ideas/{id}/following',
        '/v1/boards/{slug}',
      ]) {
        assert.ok(doc.body.paths[path], `${path} is documented`);
      }
      assert.ok(doc.body.paths['/v1/questions'].post.requestBody);
      assert.ok(doc.body.components.schemas.Question);

      const refused = await api.request('POST', '/v1/dev/token', {
        body: { member: 'm_x', name: 'X' },
      });
      assert.equal(refused.status, 404);
      const dev = client(db, { dev: true });
      const minted = await dev.request('POST', '/v1/dev/token', {
        body: { member: 'm_x', name: 'X', roles: ['staff'] },
      });
      assert.equal(minted.status, 200);
      const res = await dev.request('GET', '/v1/site/settings', { token: minted.body.token });
      assert.equal(res.status, 200, 'a dev token is a staff token for the site');
    });

    it('hides internals: unknown errors are a 500 with a request id and no stack', async () => {
      const broken = client({
        kind: db.kind,
        query: async (sql: string, params?: unknown[]) => {
          if (/FROM questions q\s/.test(sql))
            throw new Error('secret internals at /srv/kith/db.ts:42');
          return db.query(sql, params);
        },
        transaction: (fn) => db.transaction(fn),
        close: async () => {},
      } as Database);
      const res = await broken.request('GET', '/v1/questions?site=test&topic=sku-1');
      assert.equal(res.status, 500);
      assert.deepEqual(res.body, { error: { code: 'internal', message: 'Something went wrong.' } });
      assert.ok(res.headers.get('x-request-id'));
    });

    // ---- concurrency -------------------------------------------------------------------------

    it('counts 50 members voting on one answer at once exactly', async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      const voters = await Promise.all(Array.from({ length: 50 }, (_, i) => token(`m_voter_${i}`)));
      const results = await Promise.all(voters.map((t, i) => vote(t, 'answer', a.id, 1, `v-${i}`)));
      assert.ok(
        results.every((r) => r.status === 200),
        JSON.stringify(results.find((r) => r.status !== 200)?.body),
      );
      const thread = await api.request('GET', `/v1/questions/${q.id}?site=test`);
      assert.equal(thread.body.answers.items[0].upvotes, 50);
      assert.equal(await countRows(db, 'votes', 'target_id = $1', [a.id]), 50);
      assert.equal(await countRows(db, 'community_events', `type = 'vote.cast'`), 50);
      assert.equal(Math.max(...results.map((r) => r.body.upvotes)), 50);
    });

    it('counts one member sending 10 concurrent votes once', async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => vote(cleo, 'answer', a.id, 1, `same-member-${i}`)),
      );
      assert.ok(results.every((r) => r.status === 200));
      const thread = await api.request('GET', `/v1/questions/${q.id}?site=test`);
      assert.equal(thread.body.answers.items[0].upvotes, 1);
      assert.equal(await countRows(db, 'votes'), 1);
    });
  });
}
