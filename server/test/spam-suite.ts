/**
 * Spam guards, guests and the public `community` read, run once per database (spam.pglite.test.ts,
 * spam.postgres.test.ts): the honeypot, the minimum time, link limits by trust level, duplicates,
 * banned words; guests' posts held for review; the settings they follow. Every test starts from empty
 * tables and the site `test`.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import { DUPLICATE, NOT_ACCEPTED, TOO_FAST } from '../src/domain/spam.js';
import {
  HIGH_LIMITS,
  NEW_MEMBERS_LINK,
  NO_BADGES,
  castTokens,
  countRows,
  expectStatus as ok,
  resetDatabase,
  suiteDatabase,
  type Body,
  type Client,
  type Reply,
  type TestDatabase,
} from './helpers.js';

const SIGN_IN = 'Please sign in: this needs a member token (Authorization: Bearer …).';
const HUMAN = { elapsedMs: 8000 };

type Kind = 'question' | 'answer' | 'idea' | 'comment' | 'review';
const KINDS: Kind[] = ['question', 'answer', 'idea', 'comment', 'review'];
const TABLE: Record<Kind, string> = {
  question: 'questions',
  answer: 'answers',
  idea: 'ideas',
  comment: 'idea_comments',
  review: 'reviews',
};

/** The event announcing a new post of each kind. */
const CREATED: Record<Kind, string> = {
  question: 'question.asked',
  answer: 'answer.posted',
  idea: 'idea.submitted',
  comment: 'idea.commented',
  review: 'review.submitted',
};

const links = (n: number) =>
  Array.from({ length: n }, (_, i) => `[site ${i}](https://example.com/${i})`).join(' ');

export function spamSuite(name: string, open: () => Promise<TestDatabase>): void {
  describe(`Spam guards and guests on ${name}`, () => {
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let sam: string;
    /** Posts to answer and comment on, written by Sam (staff) in `beforeEach`. */
    let questionId: string;
    let ideaId: string;

    suiteDatabase(
      open,
      async (opened) => {
        ({ db, api } = opened);
        ({ ada, ben, sam } = await castTokens({ ada: { name: 'Ada' }, ben: { name: 'Ben' } }));
      },
      { settings: { rateLimits: HIGH_LIMITS, trustLevels: NEW_MEMBERS_LINK, badges: NO_BADGES } },
    );

    async function writeStaffPosts(): Promise<void> {
      questionId = (await ok(write('question', sam, { title: 'Staff question' }), 201)).id;
      ideaId = (await ok(write('idea', sam, { title: 'Staff idea' }), 201)).id;
    }
    beforeEach(writeStaffPosts);

    /** Posts a `kind` with sensible content; `fields` override or add (guard, guest, title, body). */
    function write(
      kind: Kind,
      tok: string | null,
      fields: Record<string, unknown> = {},
      key?: string,
    ): Promise<Reply> {
      const options = (body: Record<string, unknown>) => ({
        token: tok,
        body: { ...body, ...fields },
        ...(key && { key }),
      });
      switch (kind) {
        case 'question':
          return api.request(
            'POST',
            '/v1/questions',
            options({ topic: 'sku-1', title: 'Does it fit?', body: 'A 2 m tent.' }),
          );
        case 'answer':
          return api.request(
            'POST',
            `/v1/questions/${questionId}/answers`,
            options({ body: 'It fits.' }),
          );
        case 'idea':
          return api.request(
            'POST',
            '/v1/ideas',
            options({ board: 'roadmap', title: 'Dark mode', body: 'Please.' }),
          );
        case 'comment':
          return api.request(
            'POST',
            `/v1/ideas/${ideaId}/comments`,
            options({ body: 'Yes please.' }),
          );
        case 'review':
          return api.request(
            'POST',
            '/v1/reviews',
            options({ product: 'sku-1', rating: 4, title: 'Good pack', body: 'Fits well.' }),
          );
      }
    }

    const rows = (kind: Kind) => countRows(db, TABLE[kind]);
    const moderation = (patch: Record<string, unknown>) =>
      ok(
        api.request('PATCH', '/v1/site/settings', {
          token: sam,
          body: { settings: { moderation: patch } },
        }),
      );

    async function refused(
      res: Promise<Reply>,
      status: number,
      message: string,
      fields?: Record<string, string>,
    ): Promise<void> {
      const r = await res;
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.error.code, status === 409 ? 'conflict' : 'validation');
      assert.equal(r.body.error.message, message);
      assert.deepEqual(r.body.error.fields, fields);
    }

    // ---- the community read ------------------------------------------------------------------------

    async function community(tok: string | null = null): Promise<Body> {
      const requests = JSON.stringify([{ kind: 'community' }]);
      const body = await ok(
        api.request('GET', `/v1/bootstrap?requests=${encodeURIComponent(requests)}`, {
          token: tok,
        }),
      );
      assert.equal(body.results[0].ok, true, JSON.stringify(body));
      return body.results[0].data;
    }

    it('serves the community read to anyone, following the site settings', async () => {
      assert.deepEqual(await community(), { guidelines: null, guests: false, minSubmitSeconds: 3 });
      const shown = await moderation({
        guidelines: '  Be kind. Stay on topic.\n\nNo ads.  ',
        guests: true,
        minSubmitSeconds: 5,
      });
      assert.equal(shown.settings.moderation.guests, true);
      const info = {
        guidelines: 'Be kind. Stay on topic.\n\nNo ads.',
        guests: true,
        minSubmitSeconds: 5,
      };
      assert.deepEqual(await community(), info);
      assert.deepEqual(await community(ada), info);
      await moderation({ guidelines: null, guests: false });
      assert.deepEqual(await community(), { guidelines: null, guests: false, minSubmitSeconds: 5 });
    });

    // ---- honeypot and minimum time -----------------------------------------------------------------

    it('refuses every kind of post whose honeypot is filled, neutrally, storing nothing', async () => {
      for (const kind of KINDS) {
        const before = await rows(kind);
        await refused(
          write(kind, ada, { guard: { honeypot: 'http://cheap.example', elapsedMs: 9000 } }),
          422,
          NOT_ACCEPTED,
        );
        assert.equal(await rows(kind), before, kind);
      }
      // Not even the member was stored.
      assert.equal(await countRows(db, 'members', 'id = $1', ['m_ada']), 0);
      for (const kind of KINDS) {
        await ok(write(kind, ada, { guard: { honeypot: '', ...HUMAN } }), 201);
      }
    });

    it('refuses posts sent sooner than the minimum time, and times only what says how long', async () => {
      for (const kind of KINDS) {
        const before = await rows(kind);
        await refused(write(kind, ada, { guard: { elapsedMs: 2999 } }), 422, TOO_FAST);
        assert.equal(await rows(kind), before, kind);
      }
      for (const kind of KINDS) await ok(write(kind, ada, { guard: { elapsedMs: 3000 } }), 201);
      // An API client sends no guard: not timed.
      await ok(write('question', ben, { title: 'From a script' }), 201);

      await moderation({ minSubmitSeconds: 10 });
      await refused(write('idea', ben, { guard: { elapsedMs: 9000 } }), 422, TOO_FAST);
      await moderation({ minSubmitSeconds: 0 });
      await ok(write('idea', ben, { guard: { elapsedMs: 0 } }), 201);
    });

    // ---- links by trust level ----------------------------------------------------------------------

    it('limits links by trust level: 2 at level 1, 5 at level 2, none for staff', async () => {
      // NEW_MEMBERS_LINK: new members are at level 1.
      for (const kind of ['question', 'answer', 'idea', 'comment'] as const) {
        const before = await rows(kind);
        const message = 'At most 2 links in a post at your trust level.';
        await refused(write(kind, ada, { body: `See ${links(3)}` }), 422, message, {
          body: message,
        });
        assert.equal(await rows(kind), before, kind);
      }
      const two = await ok(write('question', ada, { body: `See ${links(2)}` }), 201);
      assert.equal(two.bodyHtml.match(/<a /g)?.length, 2);

      await db.query(`UPDATE members SET trust_level = 2 WHERE id = 'm_ada'`);
      await refused(
        write('answer', ada, { body: `More: ${links(6)}` }),
        422,
        'At most 5 links in a post at your trust level.',
        { body: 'At most 5 links in a post at your trust level.' },
      );
      const three = await ok(write('answer', ada, { body: `See ${links(3)}` }), 201);
      assert.equal(three.bodyHtml.match(/<a /g)?.length, 3);

      const staff = await ok(write('idea', sam, { title: 'Links', body: links(12) }), 201);
      assert.equal(staff.bodyHtml.match(/<a /g)?.length, 12);

      // The site's limits: level 1 may post none.
      await moderation({ linkLimits: { 1: 0 } });
      await refused(
        write('comment', ben, { body: links(1) }),
        422,
        'Links are not allowed in a post at your trust level yet.',
        { body: 'Links are not allowed in a post at your trust level yet.' },
      );
      // A review is plain text: its addresses are not links.
      await ok(
        write('review', ben, { body: 'Bought at https://shop.example/a https://b.example' }),
        201,
      );
    });

    it('still writes a level-0 author’s links as text instead of refusing the post', async () => {
      await resetDatabase(db, { rateLimits: HIGH_LIMITS, badges: NO_BADGES }); // default levels
      const question = await ok(
        write('question', ada, { body: `Cheap: ${links(4)} ![x](https://example.com/x.png)` }),
        201,
      );
      assert.deepEqual(question.notices, ['links-as-text']);
      assert.doesNotMatch(question.bodyHtml, /<a /);
      assert.match(question.bodyHtml, /https:\/\/example\.com\/3/);
    });

    // ---- duplicates --------------------------------------------------------------------------------

    it('refuses the same text from the same author within the window, whatever its case and spacing', async () => {
      const first = await ok(
        write('question', ada, { title: 'Does it fit?', body: 'A 2 m  tent.' }),
        201,
      );
      await refused(
        write('question', ada, { topic: 'sku-2', title: '  DOES it fit?', body: 'a 2 m\ntent. ' }),
        409,
        DUPLICATE,
      );
      assert.equal(await countRows(db, 'questions', 'author = $1', ['m_ada']), 1);
      // Someone else, another kind, other text: fine.
      await ok(write('question', ben, { title: 'Does it fit?', body: 'A 2 m  tent.' }), 201);
      await ok(write('idea', ada, { title: 'Does it fit?', body: 'A 2 m  tent.' }), 201);
      await ok(write('question', ada, { title: 'Does it fit?', body: 'A 3 m tent.' }), 201);

      // Answers: the same text on another question is a copy too.
      await ok(write('answer', ada, { body: 'Try the **large** one.' }), 201);
      const other = await ok(write('question', sam, { title: 'Other question' }), 201);
      await refused(
        api.request('POST', `/v1/questions/${other.id}/answers`, {
          token: ada,
          body: { body: 'try the **LARGE** one.' },
        }),
        409,
        DUPLICATE,
      );
      await ok(write('comment', ada, { body: 'Same here' }), 201);
      await refused(write('comment', ada, { body: 'same  here' }), 409, DUPLICATE);

      // After the window (24 hours by default), the same text may come again.
      await db.query(
        `UPDATE questions SET created_at = now() - interval '25 hours' WHERE id = $1`,
        [first.id],
      );
      await ok(write('question', ada, { title: 'Does it fit?', body: 'A 2 m tent.' }), 201);
    });

    it('answers an idempotent retry with the first result, not as a duplicate', async () => {
      const guard = { elapsedMs: 4000 };
      const first = await write('question', ada, { guard }, 'key-1');
      assert.equal(first.status, 201);
      // The retry measured the time again: still the same request.
      const retry = await write('question', ada, { guard: { elapsedMs: 9000 } }, 'key-1');
      assert.equal(retry.status, 201);
      assert.equal(retry.headers.get('idempotency-replayed'), 'true');
      assert.equal(retry.body.id, first.body.id);
      assert.equal(await countRows(db, 'questions', 'author = $1', ['m_ada']), 1);
      // A new key is a new post: a copy.
      await refused(write('question', ada, { guard }, 'key-2'), 409, DUPLICATE);
    });

    it('lets one of several copies sent at once through', async () => {
      const sent = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          write('question', ada, { title: 'Same at once?' }, `burst-${i}`),
        ),
      );
      assert.deepEqual(
        sent.map((r) => r.status).sort(),
        [201, 409, 409, 409, 409, 409],
        JSON.stringify(sent.map((r) => r.body)),
      );
      assert.equal(await countRows(db, 'questions', 'author = $1', ['m_ada']), 1);
    });

    it('skips the duplicate check for reviews (posting again edits), for deleted posts and when off', async () => {
      const review = await ok(write('review', ada), 201);
      const again = await ok(write('review', ada), 200);
      assert.equal(again.id, review.id);

      const idea = await ok(write('idea', ada, { title: 'Solar panel' }), 201);
      await db.query(`UPDATE ideas SET visibility = 'deleted' WHERE id = $1`, [idea.id]);
      await ok(write('idea', ada, { title: 'Solar panel' }), 201);

      await moderation({ duplicateWindowHours: 0 });
      await ok(write('idea', ada, { title: 'Solar panel' }), 201);
    });

    // ---- banned words ------------------------------------------------------------------------------

    it('refuses banned words and phrases as whole words in any case, naming them', async () => {
      await moderation({ bannedWords: ['ass', 'Buy now', 'café', 'c++'] });
      const cases: [Kind, Record<string, unknown>, string, string][] = [
        ['question', { title: 'You ASS' }, 'title', 'ass'],
        ['question', { body: 'What an ass.' }, 'body', 'ass'],
        ['answer', { body: 'BUY\n  NOW and save' }, 'body', 'Buy now'],
        ['idea', { title: 'Free CAFÉ' }, 'title', 'café'],
        ['comment', { body: '(café)' }, 'body', 'café'],
        ['review', { title: 'c++ forever' }, 'title', 'c++'],
        ['review', { body: 'Fits — buy now!' }, 'body', 'Buy now'],
      ];
      for (const [kind, fields, field, word] of cases) {
        const before = await rows(kind);
        const message = `“${word}” is not allowed here.`;
        await refused(write(kind, ada, fields), 422, message, { [field]: message });
        assert.equal(await rows(kind), before, `${kind} ${JSON.stringify(fields)}`);
      }
      // Parts of longer words (in any script) are not the word.
      await ok(write('question', ada, { title: 'A class act', body: 'Passé, assets, bass.' }), 201);
      await ok(write('idea', ada, { title: 'Cafés', body: 'buynow and cafébar' }), 201);
      await ok(write('review', ada, { title: 'abc++', body: 'Great for the price.' }), 201);
    });

    // ---- guests ------------------------------------------------------------------------------------

    const gina = { name: 'Gina', email: 'gina@example.com' };

    it('keeps posts without a token at 401 where guests are off', async () => {
      for (const kind of KINDS) {
        const before = await rows(kind);
        const res = await write(kind, null, { guest: gina, guard: HUMAN });
        assert.equal(res.status, 401, kind);
        assert.deepEqual(res.body.error, { code: 'unauthorized', message: SIGN_IN });
        assert.equal(await rows(kind), before);
      }
      assert.equal(await countRows(db, 'members', 'guest'), 0);
    });

    it('holds guests’ posts for review: nobody else sees or counts them', async () => {
      await moderation({ guests: true });
      const posted: Record<Kind, Body> = {} as never;
      for (const kind of KINDS) {
        posted[kind] = await ok(
          write(kind, null, { guest: gina, guard: HUMAN, body: `Hello from a guest, ${kind}.` }),
          201,
        );
        assert.equal(posted[kind].visibility, 'held', kind);
        assert.deepEqual(posted[kind].notices, ['held'], kind);
        assert.equal(posted[kind].author.name, 'Gina');
        assert.deepEqual(posted[kind].author.roles, ['customer']);
        assert.equal(posted[kind].author.trustLevel, 0);
      }
      const guests = await db.query<Body>(
        `SELECT id, roles, email, guest_email FROM members WHERE guest ORDER BY id`,
      );
      assert.equal(guests.rows.length, 5, 'one guest member per post');
      for (const row of guests.rows) {
        assert.match(row.id, /^guest-[0-9a-f-]{36}$/);
        assert.deepEqual(row.roles, ['customer']);
        assert.equal(row.email, null, 'never mailed');
        assert.equal(row.guest_email, 'gina@example.com');
      }

      for (const viewer of [null, ben, sam]) {
        const questions = await ok(
          api.request('GET', '/v1/questions?topic=sku-1', { token: viewer }),
        );
        assert.deepEqual(
          questions.items.map((q: Body) => q.id),
          [questionId],
        );
        assert.equal(questions.total, 1);
        const thread = await ok(
          api.request('GET', `/v1/questions/${questionId}`, { token: viewer }),
        );
        assert.equal(thread.question.answerCount, 0);
        assert.equal(thread.answers.items.length, 0);
        assert.equal(
          (await api.request('GET', `/v1/questions/${posted.question.id}`, { token: viewer }))
            .status,
          404,
        );
        const ideas = await ok(api.request('GET', '/v1/ideas?board=roadmap', { token: viewer }));
        assert.deepEqual(
          ideas.items.map((i: Body) => i.id),
          [ideaId],
        );
        const idea = await ok(api.request('GET', `/v1/ideas/${ideaId}`, { token: viewer }));
        assert.equal(idea.idea.commentCount, 0);
        assert.equal(idea.comments.items.length, 0);
        const reviews = await ok(
          api.request('GET', '/v1/reviews?product=sku-1', { token: viewer }),
        );
        assert.equal(reviews.items.length, 0);
        assert.equal(reviews.summary.count, 0);
      }
      // The guest's idea carries no vote (guests cannot vote); held posts notify nobody.
      assert.equal(posted.idea.upvotes, 0);
      assert.equal(await countRows(db, 'votes', "member LIKE 'guest-%'"), 0);
      assert.equal(await countRows(db, 'notifications'), 0);
    });

    it('announces a guest’s post to webhooks and followers once, when staff first approve it', async () => {
      await moderation({ guests: true });
      await db.query(
        `INSERT INTO webhook_subscriptions (id, site, url, events, secret)
         VALUES ('wh_1', 'test', 'https://hooks.example/kith', $1, 'whsec_test')`,
        [KINDS.map((k) => CREATED[k])],
      );
      const deliveries = async () =>
        (
          await db.query<{ type: string }>(
            `SELECT type FROM webhook_deliveries WHERE site = 'test' ORDER BY type`,
          )
        ).rows.map((r) => r.type);
      // Sam follows his question (he asked it): a guest's answer tells him once it shows.
      const before = await deliveries();
      const posted: Partial<Record<Kind, Body>> = {};
      for (const kind of KINDS) {
        posted[kind] = await ok(
          write(kind, null, { guest: gina, guard: HUMAN, body: `Held ${kind}, then approved.` }),
          201,
        );
      }
      assert.deepEqual(await deliveries(), before, 'nothing announced while held');
      assert.equal(await countRows(db, 'notifications'), 0);

      const act = (action: string, kind: Kind) =>
        ok(
          api.request('POST', '/v1/moderation/actions', {
            token: sam,
            body: { action, targetType: kind, targetId: posted[kind]!.id, reason: 'Checked.' },
          }),
        );
      for (const kind of KINDS) await act('approve', kind);
      assert.deepEqual(
        await deliveries(),
        [...before, ...KINDS.map((k) => CREATED[k])].sort(),
        'each announced once',
      );
      const told = await db.query<Body>(
        `SELECT kind FROM notifications WHERE member = 'm_sam' ORDER BY kind`,
      );
      assert.deepEqual(
        told.rows.map((r) => r.kind),
        ['answer.posted', 'idea.commented'],
      );
      // Hidden and approved again: not announced a second time.
      await act('hide', 'answer');
      await act('approve', 'answer');
      assert.equal((await deliveries()).filter((t) => t === 'answer.posted').length, 1);
    });

    it('makes guests give a name and pass the honeypot and the minimum time', async () => {
      await moderation({ guests: true });
      const before = await countRows(db, 'questions');
      const refusals: [Record<string, unknown>, number, string, Record<string, string>?][] = [
        [{ guard: HUMAN }, 401, 'Please sign in, or give your name to post as a guest.'],
        [
          { guest: { name: '  ' }, guard: HUMAN },
          400,
          'Enter your name.',
          { 'guest.name': 'Enter your name.' },
        ],
        [
          { guest: { name: 'Gina', email: 'not an address' }, guard: HUMAN },
          400,
          'Enter an e-mail address such as name@example.com, or none.',
          { 'guest.email': 'Enter an e-mail address such as name@example.com, or none.' },
        ],
        [{ guest: gina }, 422, NOT_ACCEPTED], // no time: not a person with the form
        [{ guest: gina, guard: { honeypot: 'x', elapsedMs: 9000 } }, 422, NOT_ACCEPTED],
        [{ guest: gina, guard: { elapsedMs: 1500 } }, 422, TOO_FAST],
      ];
      for (const [fields, status, message, fieldErrors] of refusals) {
        const res = await write('question', null, fields);
        assert.equal(res.status, status, JSON.stringify(fields));
        assert.equal(res.body.error.message, message);
        if (fieldErrors) assert.deepEqual(res.body.error.fields, fieldErrors);
      }
      assert.equal(await countRows(db, 'questions'), before);
      assert.equal(await countRows(db, 'members', 'guest'), 0);
      // A name alone (no e-mail) is enough.
      await ok(write('question', null, { guest: { name: 'Gina' }, guard: HUMAN }), 201);
    });

    it('writes a guest’s links as text, also where new members may link', async () => {
      await moderation({ guests: true });
      const post = await ok(
        write('answer', null, { guest: gina, guard: HUMAN, body: `Deals: ${links(1)}` }),
        201,
      );
      assert.deepEqual(post.notices, ['links-as-text', 'held']);
      assert.doesNotMatch(post.bodyHtml, /<a /);
    });

    it('answers a guest’s retry with the first result: one post, one guest', async () => {
      await moderation({ guests: true });
      const first = await ok(write('idea', null, { guest: gina, guard: HUMAN }, 'guest-key'), 201);
      const retry = await write(
        'idea',
        null,
        { guest: gina, guard: { elapsedMs: 12000 } },
        'guest-key',
      );
      assert.equal(retry.status, 201);
      assert.equal(retry.headers.get('idempotency-replayed'), 'true');
      assert.equal(retry.body.id, first.id);
      assert.equal(await countRows(db, 'ideas', 'author LIKE $1', ['guest-%']), 1);
      assert.equal(await countRows(db, 'members', 'guest'), 1);
    });

    it('lets guests do nothing but post, and limits them per IP', async () => {
      await moderation({ guests: true });
      const res = [
        await api.request('PUT', '/v1/votes', {
          body: { targetType: 'question', targetId: questionId, value: 1, guest: gina },
        }),
        await api.request('POST', '/v1/flags', {
          body: { targetType: 'question', targetId: questionId, reason: 'spam', guest: gina },
        }),
        await api.request('PUT', '/v1/follows', {
          body: { targetType: 'question', targetId: questionId, following: true },
        }),
        await api.request('POST', `/v1/questions/${questionId}/escalate`, {}),
      ];
      assert.deepEqual(
        res.map((r) => [r.status, r.body.error.message]),
        res.map(() => [401, SIGN_IN]),
      );
      // With a token the guest field is ignored: a member's post, visible.
      const member = await ok(write('question', ada, { guest: gina, guard: HUMAN }), 201);
      assert.equal(member.author.id, 'm_ada');
      assert.equal(member.visibility ?? 'visible', 'visible');

      await ok(
        api.request('PATCH', '/v1/site/settings', {
          token: sam,
          body: { settings: { rateLimits: { writesPerMinutePerIp: 1 } } },
        }),
      );
      await db.query('DELETE FROM rate_limit_counters'); // this minute's writes so far
      await ok(write('question', null, { guest: gina, guard: HUMAN, title: 'One?' }), 201);
      const limited = await write('question', null, { guest: gina, guard: HUMAN, title: 'Two?' });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    });
  });
}
