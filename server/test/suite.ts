/**
 * The API suite, run once per database (api.pglite.test.ts, api.postgres.test.ts). `open` gives a
 * migrated database; every test starts from empty tables and the site `test`.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import { updateSite } from '../src/db/sites.js';
import {
  HIGH_LIMITS,
  ORIGIN,
  SITE,
  client,
  countRows,
  eventTypes,
  expiredToken,
  resetDatabase,
  token,
  type Client,
  type Reply,
} from './helpers.js';

export interface SuiteDatabase {
  db: Database;
  close(): Promise<void>;
}

export function apiSuite(name: string, open: () => Promise<SuiteDatabase>): void {
  describe(`API on ${name}`, () => {
    let handle: SuiteDatabase;
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let cleo: string;
    let sam: string;

    before(async () => {
      handle = await open();
      db = handle.db;
      api = client(db);
      [ada, ben, cleo, sam] = await Promise.all([
        token('m_ada'),
        token('m_ben'),
        token('m_cleo'),
        token('m_sam', { roles: ['staff'], name: 'Sam (staff)' }),
      ]);
    });
    after(async () => {
      await handle?.close();
    });
    beforeEach(async () => {
      await resetDatabase(db);
    });

    async function ask(
      tok: string,
      input: Partial<{ topic: string; title: string; body: string; pageUrl: string }> = {},
    ) {
      const res = await api.request('POST', '/v1/questions', {
        token: tok,
        body: { topic: 'sku-1', title: 'How big is it?', body: 'Is it **large**?', ...input },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    async function answer(tok: string, questionId: string, body = 'It is *big*.') {
      const res = await api.request('POST', `/v1/questions/${questionId}/answers`, {
        token: tok,
        body: { body },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    const vote = (tok: string, targetType: string, targetId: string, value: number, key?: string) =>
      api.request('PUT', '/v1/votes', {
        token: tok,
        body: { targetType, targetId, value },
        ...(key && { key }),
      });

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
        body: { targetType: 'idea', targetId: '', value: 2 },
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
        { kind: 'ideas', board: 'roadmap', sort: 'top', limit: 5 },
        { kind: 'questions', topic: '', sort: 'sideways', limit: 5 },
      ];
      const res = await api.request(
        'GET',
        `/v1/bootstrap?site=test&requests=${encodeURIComponent(JSON.stringify(requests))}`,
        { token: ada },
      );
      assert.equal(res.status, 200);
      const [questions, thread, missing, member, ideas, invalid] = res.body.results;
      assert.equal(questions.ok, true);
      assert.equal(questions.data.items[0].id, q.id);
      assert.equal(thread.ok, true);
      assert.equal(thread.data.answers.total, 1);
      assert.deepEqual(missing, {
        ok: false,
        error: { code: 'not-found', message: 'This question does not exist.' },
      });
      assert.equal(member.data.id, 'm_ben');
      assert.equal(ideas.ok, false);
      assert.equal(ideas.error.code, 'unsupported');
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

    // ---- hardening ---------------------------------------------------------------------------

    it('limits writes per member and reads per IP with 429 and Retry-After', async () => {
      await updateSite(db, SITE, {
        settings: {
          rateLimits: { ...HIGH_LIMITS, writesPerMinutePerMember: 2, readsPerMinutePerIp: 3 },
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
