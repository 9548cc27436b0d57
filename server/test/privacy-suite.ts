/**
 * Trust level 0 (links and images written as text), flags that hold content (trust level 3+), and a
 * member's own data (export, erasure), run once per database (privacy.pglite.test.ts,
 * privacy.postgres.test.ts). Every test starts from empty tables and the site `test`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import { insertPhoto } from '../src/db/photos.js';
import { updateSite } from '../src/db/sites.js';
import {
  HIGH_LIMITS,
  NEW_MEMBERS_LINK,
  SITE,
  castTokens,
  countRows,
  expectStatus as ok,
  posts,
  resetDatabase,
  suiteDatabase,
  type Body,
  type Client,
  type TestDatabase,
} from './helpers.js';

const LINKS = [
  'See [the guide](https://shop.example/guide) and ![a cat](https://img.example/cat.png).',
  '',
  'Auto <https://auto.example/a> and www.bare.example too.',
  '',
  'Raw <a href="https://raw.example">y</a> <img src="https://raw.example/i.png">',
].join('\n');

export function privacySuite(name: string, open: () => Promise<TestDatabase>): void {
  describe(`Trust level 0, held flags, export and erasure on ${name}`, () => {
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let cleo: string;
    let dan: string;
    let erin: string;
    let sam: string;
    let mo: string;

    suiteDatabase(open, async (opened) => {
      ({ db, api } = opened);
      ({ ada, ben, cleo, dan, erin, sam, mo } = await castTokens());
    });

    /** The default trust levels: a new member is at level 0. */
    const defaultLevels = () => updateSite(db, SITE, { settings: { rateLimits: HIGH_LIMITS } });

    /** A member stored at this trust level (as if earned). */
    const atLevel = (member: string, level: number) =>
      db.query(
        `INSERT INTO members (site, id, name, trust_level) VALUES ($1, $2, $2, $3)
         ON CONFLICT (site, id) DO UPDATE SET trust_level = EXCLUDED.trust_level`,
        [SITE, member, level],
      );

    const post = posts(() => api, {
      review: { product: 'sku-1', rating: 4, body: 'Fits well.' },
      reason: 'Checked',
    });
    const ask = (tok: string, body = '', title = 'Does it fit?') => post.ask(tok, { title, body });
    const answer = (tok: string, questionId: string, body = 'Yes.') =>
      post.answer(tok, questionId, { body });
    const submitIdea = (tok: string, body = '', title = 'Dark mode') =>
      post.submitIdea(tok, { title, body });
    const comment = (tok: string, ideaId: string, body = 'Yes please.') =>
      post.comment(tok, ideaId, { body });
    const review = post.postReview;
    const vote = async (tok: string, targetType: string, targetId: string, value = 1) => {
      await ok(post.vote(tok, targetType, targetId, value));
    };
    const { flag, act } = post;
    const thread = async (id: string, tok: string | null = null) =>
      (await api.request('GET', `/v1/questions/${id}`, { token: tok })).body;
    const idea = async (id: string, tok: string | null = null) =>
      (await api.request('GET', `/v1/ideas/${id}`, { token: tok })).body;
    const ratings = async () =>
      (await api.request('GET', `/v1/ratings?site=${SITE}&products=sku-1`)).body[0];
    async function uploadPhoto(member: string, n: number): Promise<string> {
      const id = `ph_${String(n).padStart(22, 'p')}`;
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
    }

    // ---- (a) trust level 0 -----------------------------------------------------------------------

    it('writes a level-0 member’s links, images, autolinks and raw HTML as text, saying so only in the write’s response', async () => {
      await defaultLevels();
      const q = await ask(ada, LINKS);
      assert.deepEqual(q.notices, ['links-as-text']);
      assert.doesNotMatch(q.bodyHtml, /<a[\s>]|<img/i);
      assert.match(q.bodyHtml, /the guide \(https:\/\/shop\.example\/guide\) and a cat\./);
      assert.doesNotMatch(q.bodyHtml, /cat\.png/, 'an image is its alt text');
      assert.match(q.bodyHtml, /Auto https:\/\/auto\.example\/a and www\.bare\.example too\./);
      assert.match(
        q.bodyHtml,
        /Raw &lt;a href="https:\/\/raw\.example"&gt;y&lt;\/a&gt; &lt;img src="https:\/\/raw\.example\/i\.png"&gt;/,
      );
      const read = await thread(q.id, ada);
      assert.equal(read.question.bodyHtml, q.bodyHtml);
      assert.equal(read.question.bodySource, LINKS, 'the Markdown is kept as written');
      assert.equal('notices' in read.question, false, 'not in later reads');

      // Each kind of post, each by a member's first post.
      const a = await answer(ben, q.id, 'Try [this](https://x.example/fix).');
      assert.deepEqual(a.notices, ['links-as-text']);
      assert.match(a.bodyHtml, /Try this \(https:\/\/x\.example\/fix\)\./);
      const i = await submitIdea(cleo, '![mockup](https://img.example/m.png) please');
      assert.deepEqual(i.notices, ['links-as-text']);
      assert.match(i.bodyHtml, /<p>mockup please<\/p>/);
      const c = await comment(dan, i.id, 'Mail <me@dan.example>');
      assert.deepEqual(c.notices, ['links-as-text']);
      assert.match(c.bodyHtml, /Mail me@dan\.example/);
      assert.doesNotMatch(a.bodyHtml + i.bodyHtml + c.bodyHtml, /<a[\s>]/);

      // Nothing to change: no notice (raw HTML is text for everyone).
      const plain = await ask(erin, 'Just **words** and <a href="https://raw.example">raw</a>.');
      assert.equal('notices' in plain, false);
      assert.match(plain.bodyHtml, /<strong>words<\/strong> and &lt;a href=/);
      const { rows } = await db.query<{ body_html: string }>(
        `SELECT body_html FROM questions WHERE id = $1`,
        [q.id],
      );
      assert.equal(rows[0]!.body_html, q.bodyHtml);
    });

    it('keeps links for members at level 1 or more, staff and moderators, and new members of a site that allows it', async () => {
      // LINKS has four: level 1's link limit (the spam suite's subject) is lifted here.
      const noLinkLimit = { moderation: { linkLimits: { 1: null } } };
      await updateSite(db, SITE, { settings: { rateLimits: HIGH_LIMITS, ...noLinkLimit } });
      await atLevel('m_ada', 1);
      const q = await ask(ada, LINKS);
      assert.equal('notices' in q, false);
      assert.match(q.bodyHtml, /<a href="https:\/\/shop\.example\/guide"[^>]*>the guide<\/a>/);
      assert.match(q.bodyHtml, /a cat \(<a href="https:\/\/img\.example\/cat\.png"/);
      for (const tok of [sam, mo]) {
        const a = await answer(tok, q.id, 'See [the manual](https://shop.example/manual).');
        assert.equal('notices' in a, false);
        assert.match(a.bodyHtml, /<a href="https:\/\/shop\.example\/manual"/);
      }
      const i = await submitIdea(ada);
      const res = await api.request('PUT', `/v1/ideas/${i.id}/status`, {
        token: sam,
        body: { status: 'planned', response: 'Tracked [here](https://shop.example/roadmap).' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.match(
        res.body.officialResponse.bodyHtml,
        /<a href="https:\/\/shop\.example\/roadmap"/,
      );

      // The test site's own settings: level 1 needs nothing, so a brand-new member links.
      await resetDatabase(db, {
        rateLimits: HIGH_LIMITS,
        trustLevels: NEW_MEMBERS_LINK,
        ...noLinkLimit,
      });
      const fresh = await ask(ben, LINKS);
      assert.equal('notices' in fresh, false);
      assert.match(fresh.bodyHtml, /<a href="https:\/\/shop\.example\/guide"/);
    });

    // ---- (b) flags that hold content -------------------------------------------------------------

    it('holds content flagged by a member at trust level 3+ at once (out of every count, still the author’s), until staff approve or hide it', async () => {
      const q = await ask(ada, '', 'Is it warm?');
      const a1 = await answer(ben, q.id, 'Very.');
      await answer(cleo, q.id, 'Quite.');
      const i = await submitIdea(cleo);
      const c = await comment(ben, i.id);
      const r = await review(ben, { rating: 1 });
      await review(cleo, { rating: 5 });
      // Each write recomputes the writer's level from what they did: set it again before each flag.
      const flagAt = async (
        level: number,
        tok: string,
        member: string,
        type: string,
        id: string,
      ) => {
        await atLevel(member, level);
        return flag(tok, type, id);
      };
      const danFlags = (type: string, id: string) => flagAt(3, dan, 'm_dan', type, id);

      let res = await flagAt(2, erin, 'm_erin', 'answer', a1.id);
      assert.deepEqual(res.body, { targetType: 'answer', targetId: a1.id, visibility: 'visible' });
      assert.equal((await thread(q.id)).question.answerCount, 2, 'a level-2 flag holds nothing');
      res = await flag(sam, 'answer', a1.id);
      assert.equal(res.body.visibility, 'visible', 'staff hide, their flags hold nothing');

      res = await danFlags('answer', a1.id);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { targetType: 'answer', targetId: a1.id, visibility: 'held' });
      let read = await thread(q.id);
      assert.equal(read.question.answerCount, 1);
      assert.equal(read.answers.items.length, 1);
      assert.ok(!read.answers.items.some((x: Body) => x.id === a1.id));
      read = await thread(q.id, ben);
      const mine = read.answers.items.find((x: Body) => x.id === a1.id);
      assert.equal(mine?.visibility, 'held', 'the author still sees it');
      res = await api.request('PUT', '/v1/votes', {
        token: ada,
        body: { targetType: 'answer', targetId: a1.id, value: 1 },
      });
      assert.equal(res.status, 404, 'held: not votable by others');

      const { rows: events } = await db.query<{ type: string; actor: string; payload: Body }>(
        `SELECT type, actor, payload FROM community_events
         WHERE target_id = $1 AND type LIKE 'content.%' ORDER BY id`,
        [a1.id],
      );
      assert.deepEqual(
        events.map((e) => [e.type, e.actor]),
        [
          ['content.flagged', 'm_erin'],
          ['content.flagged', 'm_sam'],
          ['content.flagged', 'm_dan'],
          ['content.held', 'm_dan'],
        ],
      );
      assert.deepEqual(events[3]!.payload, {
        reason: 'spam',
        previous: 'visible',
        targetAuthor: 'm_ben',
      });

      res = await act(sam, 'approve', 'answer', a1.id);
      assert.equal(res.body.visibility, 'visible');
      assert.equal((await thread(q.id)).question.answerCount, 2, 'approving restores');
      assert.equal((await danFlags('answer', a1.id)).body.visibility, 'held');
      res = await act(mo, 'hide', 'answer', a1.id);
      assert.equal(res.body.visibility, 'hidden');
      assert.equal((await thread(q.id)).question.answerCount, 1);
      assert.equal(
        (await thread(q.id, ben)).answers.items.length,
        1,
        'hidden: not even the author',
      );

      // A comment, a review and a question.
      assert.equal((await danFlags('comment', c.id)).body.visibility, 'held');
      assert.equal((await idea(i.id)).idea.commentCount, 0);
      assert.equal((await idea(i.id, ben)).comments.items[0]?.id, c.id);
      assert.deepEqual([(await ratings()).count, (await ratings()).average], [2, 3]);
      assert.equal((await danFlags('review', r.id)).body.visibility, 'held');
      assert.deepEqual([(await ratings()).count, (await ratings()).average], [1, 5]);
      await act(sam, 'approve', 'review', r.id);
      assert.deepEqual([(await ratings()).count, (await ratings()).average], [2, 3]);
      assert.equal((await danFlags('question', q.id)).body.visibility, 'held');
      assert.equal((await api.request('GET', `/v1/questions/${q.id}`)).status, 404);
      assert.equal((await thread(q.id, ada)).question.visibility, 'held');
      const list = await api.request('GET', `/v1/questions?site=${SITE}&topic=sku-1`);
      assert.equal(list.body.total, 0);
    });

    // ---- (c) export ------------------------------------------------------------------------------

    /** ada's records of every kind (and others' around them). */
    async function adaEverywhere() {
      const theirs = await ask(ben, 'Ben asks.', 'Ben’s question');
      const q = await ask(ada, 'Ada asks.', 'Ada’s question');
      const a = await answer(ada, theirs.id, 'Ada answers.');
      await answer(ben, q.id, 'Ben answers.');
      const i = await submitIdea(ada, 'An idea.');
      const c = await comment(ada, i.id, 'A comment.');
      const photo = await uploadPhoto('m_ada', 1);
      const r = await review(ada, { photoIds: [photo] });
      await review(ben, { rating: 2 });
      await vote(ada, 'question', theirs.id, 1);
      await vote(ben, 'answer', a.id, 1);
      assert.equal((await flag(ada, 'question', theirs.id)).status, 200);
      await flag(ben, 'question', q.id);
      const status = await api.request('PUT', `/v1/ideas/${i.id}/status`, {
        token: sam,
        body: { status: 'planned' },
      });
      assert.equal(status.status, 200);
      // Entries for both members (whatever the ledger wrote already).
      for (const member of ['m_ada', 'm_ben']) {
        await db.query(
          `INSERT INTO reputation_events (site, member, points, reason, target_type, target_id, cause_actor)
           VALUES ($1, $2, 1, 'answer.upvoted', 'answer', $3, 'm_cleo')`,
          [SITE, member, a.id],
        );
        await db.query(
          `INSERT INTO badge_awards (site, member, badge, tier, cause)
           VALUES ($1, $2, 'test-badge', 'bronze', '{"metric":"posts","value":1,"threshold":1}')
           ON CONFLICT DO NOTHING`,
          [SITE, member],
        );
      }
      return { theirs, q, a, i, c, r, photo };
    }

    it('exports every record about the signed-in member, and nothing of other members', async () => {
      const { q, a, i, c, r, photo } = await adaEverywhere();
      const res = await api.request('GET', '/v1/members/me/export', { token: ada });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const data = res.body;
      assert.equal(data.site, SITE);
      assert.ok(!Number.isNaN(Date.parse(data.exportedAt)));
      assert.equal(data.member.id, 'm_ada');
      assert.equal(data.member.name, 'ADA');
      const { records } = data;
      for (const kind of [
        'questions',
        'answers',
        'ideas',
        'comments',
        'reviews',
        'photos',
        'votes',
        'flags',
        'follows',
        'notifications',
        'reputation',
        'badges',
        'events',
      ]) {
        assert.ok(records[kind]?.length > 0, `records.${kind}`);
      }
      assert.deepEqual(
        records.questions.map((x: Body) => [x.id, x.title, x.bodySource]),
        [[q.id, 'Ada’s question', 'Ada asks.']],
      );
      assert.deepEqual(
        records.answers.map((x: Body) => x.id),
        [a.id],
      );
      assert.deepEqual(
        records.ideas.map((x: Body) => x.id),
        [i.id],
      );
      assert.deepEqual(
        records.comments.map((x: Body) => x.id),
        [c.id],
      );
      assert.deepEqual(
        records.reviews.map((x: Body) => [x.id, x.rating, x.photos.map((p: Body) => p.id)]),
        [[r.id, 4, [photo]]],
      );
      assert.equal(records.reviews[0].photos[0].alt, 'Photo 1');
      assert.equal(JSON.stringify(records.photos).includes('"image"'), false, 'no bytes');
      assert.deepEqual(
        records.votes.map((x: Body) => `${x.targetType}:${x.value}`).sort(),
        ['idea:1', 'question:1'],
        'her vote, and the one on her own idea',
      );
      assert.deepEqual(
        records.flags.map((x: Body) => [x.targetType, x.reason]),
        [['question', 'spam']],
      );
      assert.deepEqual(
        records.follows.map((x: Body) => x.ideaId),
        [i.id],
      );
      assert.ok(records.notifications.every((n: Body) => n.member === 'm_ada'));
      assert.ok(records.reputation.every((e: Body) => e.member === 'm_ada'));
      assert.ok(records.badges.some((b: Body) => b.badge === 'test-badge'));
      assert.ok(records.questions[0].createdAt.endsWith('Z'), 'timestamps as the API writes them');
      const text = JSON.stringify(data);
      for (const other of ['m_ben', 'm_cleo', 'm_sam', 'Ben asks.', 'Ben answers.']) {
        assert.equal(text.includes(other), false, `nothing of ${other}`);
      }

      assert.equal((await api.request('GET', '/v1/members/me/export')).status, 401);
    });

    // ---- (c) erasure -----------------------------------------------------------------------------

    /** Every row of every table that mentions `text` anywhere (a column, an array, a payload). */
    async function rowsMentioning(text: string): Promise<Record<string, number>> {
      const { rows: tables } = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
      );
      assert.ok(tables.length >= 20);
      const found: Record<string, number> = {};
      for (const { table_name: table } of tables) {
        const n = await countRows(db, `"${table}" t`, 'strpos(t::text, $1) > 0', [text]);
        if (n) found[table] = n;
      }
      return found;
    }

    it('erases a member: posts and votes stay as from "A former member", every count stays, the id is gone', async () => {
      const erinQ = await ask(erin, 'Erin asks.', 'Erin’s question');
      const benA = await answer(ben, erinQ.id, 'Ben answers Erin.');
      const cleoQ = await ask(cleo, '', 'Cleo’s question');
      const erinA = await answer(erin, cleoQ.id, 'Erin answers.');
      await api.request('PUT', `/v1/questions/${cleoQ.id}/accepted-answer`, {
        token: cleo,
        body: { answerId: erinA.id },
      });
      const erinI = await submitIdea(erin, 'Erin’s idea.');
      await vote(ada, 'idea', erinI.id);
      await vote(ben, 'idea', erinI.id);
      await comment(ben, erinI.id, 'Ben comments.');
      const erinC = await comment(erin, erinI.id, 'Erin comments.');
      const photo = await uploadPhoto('m_erin', 2);
      await review(ada, { rating: 2 });
      const erinR = await review(erin, { rating: 5, photoIds: [photo] });
      await vote(ada, 'review', erinR.id);
      await vote(erin, 'answer', benA.id, 1);
      await vote(erin, 'question', cleoQ.id, -1);
      await flag(erin, 'answer', benA.id);
      await flag(ben, 'answer', erinA.id);
      await api.request('PUT', `/v1/ideas/${erinI.id}/status`, {
        token: sam,
        body: { status: 'planned' },
      });
      const keyed = await api.request('PUT', '/v1/votes', {
        token: erin,
        key: 'erin-key-1',
        body: { targetType: 'idea', targetId: erinI.id, value: 1 },
      });
      assert.equal(keyed.status, 200);
      await db.query(
        `INSERT INTO reputation_events (site, member, points, reason, target_type, target_id, cause_actor)
         VALUES ($1, 'm_ben', 10, 'answer.upvoted', 'answer', $2, 'm_erin')`,
        [SITE, benA.id],
      );
      await db.query(`UPDATE members SET reputation = reputation + 10 WHERE id = 'm_ben'`);
      await db.query(
        `INSERT INTO badge_awards (site, member, badge, tier, cause)
         VALUES ($1, 'm_erin', 'test-badge', 'silver', '{"metric":"posts","value":3,"threshold":3}')
         ON CONFLICT DO NOTHING`,
        [SITE],
      );
      await db.query(`UPDATE members SET trust_level = 2 WHERE id = 'm_erin'`);
      const before = {
        erinThread: await thread(erinQ.id),
        cleoThread: await thread(cleoQ.id),
        idea: await idea(erinI.id),
        ratings: await ratings(),
        member: (
          await db.query<Body>(
            `SELECT reputation, trust_level, first_seen_at FROM members WHERE id = 'm_erin'`,
          )
        ).rows[0],
        ledger: await countRows(db, 'reputation_events'),
        votes: await countRows(db, 'votes'),
      };
      assert.ok(Object.keys(await rowsMentioning('m_erin')).length > 8);

      let res = await api.request('POST', '/v1/members/m_erin/erase', { token: ben });
      assert.equal(res.status, 403);
      res = await api.request('POST', '/v1/members/m_nobody/erase', { token: sam });
      assert.equal(res.status, 404);
      res = await api.request('POST', '/v1/members/m_nobody/erase', { token: ben });
      assert.equal(res.status, 403, 'refused before looking');
      res = await api.request('POST', '/v1/members/m_erin/erase', { token: erin });
      assert.equal(res.status, 204, JSON.stringify(res.body));

      assert.deepEqual(await rowsMentioning('m_erin'), {}, 'the old id is nowhere');
      assert.deepEqual(await rowsMentioning('ERIN'), {}, 'nor the name');
      const { rows: anon } = await db.query<Body>(
        `SELECT id, name, avatar, roles, reputation, trust_level, first_seen_at, erased_at
         FROM members WHERE erased_at IS NOT NULL`,
      );
      assert.equal(anon.length, 1);
      const former = anon[0];
      assert.match(former.id, /^erased-[0-9a-f-]{36}$/);
      assert.deepEqual(
        [former.name, former.avatar, former.roles],
        ['A former member', null, ['customer']],
      );
      assert.deepEqual(
        [former.reputation, former.trust_level, new Date(former.first_seen_at).getTime()],
        [
          before.member.reputation,
          before.member.trust_level,
          new Date(before.member.first_seen_at).getTime(),
        ],
      );
      const { rows: erased } = await db.query<Body>(
        `SELECT actor, target_type, target_id, payload FROM community_events WHERE type = 'member.erased'`,
      );
      assert.deepEqual(erased, [
        {
          actor: former.id,
          target_type: 'member',
          target_id: former.id,
          payload: { by: 'member' },
        },
      ]);

      // Reads: the same counts, the posts from "A former member".
      const after = {
        erinThread: await thread(erinQ.id),
        cleoThread: await thread(cleoQ.id),
        idea: await idea(erinI.id),
        ratings: await ratings(),
      };
      const formerSummary = {
        id: former.id,
        name: 'A former member',
        roles: ['customer'],
        reputation: before.member.reputation,
        trustLevel: before.member.trust_level,
        erased: true,
      };
      assert.deepEqual(after.erinThread.question.author, formerSummary);
      const strip = (x: Body) => JSON.parse(JSON.stringify(x).replaceAll(former.id, 'm_erin'));
      const authorless = (x: Body) =>
        JSON.parse(
          JSON.stringify(strip(x), (key, value) =>
            key === 'author' && value?.id === 'm_erin' ? 'erin' : value,
          ),
        );
      assert.deepEqual(authorless(after.erinThread), authorless(before.erinThread));
      assert.deepEqual(authorless(after.cleoThread), authorless(before.cleoThread));
      assert.deepEqual(authorless(after.idea), authorless(before.idea));
      assert.deepEqual(after.ratings, before.ratings);
      assert.equal(after.cleoThread.question.acceptedAnswerId, erinA.id);
      assert.equal(
        after.idea.comments.items.find((x: Body) => x.id === erinC.id).author.erased,
        true,
      );
      assert.equal(after.idea.idea.upvotes, before.idea.idea.upvotes);
      const reviews = await api.request('GET', `/v1/reviews?site=${SITE}&product=sku-1`);
      const moved = reviews.body.items.find((x: Body) => x.id === erinR.id);
      assert.deepEqual(
        [moved.author.name, moved.author.erased, moved.photos.length],
        ['A former member', true, 1],
      );
      assert.equal(await countRows(db, 'votes'), before.votes);
      assert.equal(await countRows(db, 'reputation_events'), before.ledger);
      assert.ok(
        (await countRows(db, 'reputation_events', 'cause_actor = $1', [former.id])) >= 1,
        'the ledger names the anonymous member as the cause',
      );
      assert.equal(
        await countRows(db, 'flags', 'member = $1', [former.id]),
        0,
        'flags they raised are gone',
      );
      assert.equal(await countRows(db, 'idea_followers', 'member = $1', [former.id]), 0);

      // Signing in again with the same id starts a new member.
      const fresh = await ask(erin, '', 'Back again');
      assert.equal(fresh.author.id, 'm_erin');
      assert.equal(fresh.author.erased, undefined);
      const { rows: again } = await db.query<Body>(
        `SELECT count(*)::int AS n FROM members WHERE id = 'm_erin'`,
      );
      assert.equal(again[0].n, 1);
      assert.equal(await countRows(db, 'questions', 'author = $1', ['m_erin']), 1);
      assert.equal((await thread(erinQ.id)).question.author.id, former.id);
    });

    it('lets staff and moderators erase any member (the event names the actor and the anonymous member)', async () => {
      const q = await ask(dan, '', 'Dan’s question');
      await answer(ada, q.id);
      const a = await answer(cleo, q.id);
      let res = await api.request('POST', '/v1/members/m_dan/erase', { token: sam });
      assert.equal(res.status, 204, JSON.stringify(res.body));
      res = await api.request('POST', '/v1/members/m_cleo/erase', { token: mo });
      assert.equal(res.status, 204);
      const read = await thread(q.id);
      assert.equal(read.question.author.name, 'A former member');
      assert.equal(read.question.author.erased, true);
      assert.equal(read.question.answerCount, 2);
      const cleoAnswer = read.answers.items.find((x: Body) => x.id === a.id);
      assert.equal(cleoAnswer.author.erased, true);
      assert.notEqual(cleoAnswer.author.id, read.question.author.id, 'one anonymous member each');
      const { rows } = await db.query<{ actor: string; target_id: string; payload: Body }>(
        `SELECT actor, target_id, payload FROM community_events
         WHERE type = 'member.erased' ORDER BY id`,
      );
      assert.deepEqual(
        rows.map((r) => [r.actor, r.target_id, r.payload]),
        [
          ['m_sam', read.question.author.id, { by: 'staff' }],
          ['m_mo', cleoAnswer.author.id, { by: 'staff' }],
        ],
      );
      assert.deepEqual(await rowsMentioning('m_dan'), {});
      assert.deepEqual(await rowsMentioning('m_cleo'), {});
      assert.equal(
        (await api.request('POST', '/v1/members/m_dan/erase', { token: sam })).status,
        404,
        'already erased',
      );
    });
  });
}
