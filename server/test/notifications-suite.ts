/**
 * The notifications and follows suite, run once per database (notifications.pglite.test.ts,
 * notifications.postgres.test.ts): automatic and chosen follows, who each kind of notification goes
 * to (never the actor; nobody for content that is not visible), the `notifications` read kind, marking
 * read, the email claim and the mail state of new notifications, and own data (export, erase).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import { insertEvent } from '../src/db/events.js';
import { claimDueMail } from '../src/db/notifications.js';
import { getSite } from '../src/db/sites.js';
import { notifyForEvents } from '../src/domain/notifications.js';
import {
  HIGH_LIMITS,
  NEW_MEMBERS_LINK,
  NO_BADGES,
  SITE,
  castTokens,
  countRows,
  expectStatus as ok,
  posts,
  suiteDatabase,
  token,
  type Body,
  type Client,
  type TestDatabase,
} from './helpers.js';

const PAGE = 'https://shop.example/products/tent';

export function notificationsSuite(name: string, open: () => Promise<TestDatabase>): void {
  describe(`Notifications and follows on ${name}`, () => {
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let cleo: string;
    let sam: string;

    suiteDatabase(open, async (opened) => {
      ({ db, api } = opened);
      ({ ada, ben, cleo, sam } = await castTokens({ ada: { email: 'ada@example.com' } }));
    });

    // ---- helpers ---------------------------------------------------------------------------------

    const post = posts(() => api, {
      question: { topic: 'tent', body: 'Asking for rain.', pageUrl: PAGE },
      answer: { pageUrl: PAGE },
      idea: { board: 'roadmap', title: 'Dark mode', body: 'Please.', pageUrl: PAGE },
    });
    const ask = (tok: string, title = 'Is the tent waterproof?') => post.ask(tok, { title });
    const answer = (tok: string, questionId: string, body = 'Yes, it is.') =>
      post.answer(tok, questionId, { body });
    const vote = (tok: string, targetType: string, targetId: string, value: number) =>
      ok(post.vote(tok, targetType, targetId, value));
    const follow = (tok: string, targetType: string, targetId: string, following: boolean) =>
      ok(
        api.request('PUT', '/v1/follows', {
          token: tok,
          body: { targetType, targetId, following },
        }),
      );
    const following = async (tok: string | null, questionId: string): Promise<boolean> =>
      (await ok(api.request('GET', `/v1/questions/${questionId}`, { token: tok }))).following;
    const { submitIdea } = post;
    const comment = (tok: string, ideaId: string, body = 'Yes please!') =>
      post.comment(tok, ideaId, { body });
    /** The member's notifications through the bootstrap's `notifications` read kind. */
    async function inbox(tok: string | null, limit = 20, cursor?: string): Promise<Body> {
      const requests = JSON.stringify([{ kind: 'notifications', limit, cursor }]);
      const res = await ok(
        api.request('GET', `/v1/bootstrap?requests=${encodeURIComponent(requests)}`, {
          token: tok,
        }),
      );
      assert.equal(res.results[0].ok, true, JSON.stringify(res.results[0]));
      return res.results[0].data;
    }
    /** Kinds of each member's notifications, oldest first: `{ m_ada: ['answer.posted'] }`. */
    async function recipients(): Promise<Record<string, string[]>> {
      const { rows } = await db.query<{ member: string; kind: string }>(
        'SELECT member, kind FROM notifications ORDER BY id',
      );
      const by: Record<string, string[]> = {};
      for (const r of rows) (by[r.member] ??= []).push(r.kind);
      return by;
    }
    const setSettings = (settings: Record<string, unknown>) =>
      db.query(`UPDATE sites SET settings = settings || $2::jsonb WHERE id = $1`, [
        SITE,
        JSON.stringify(settings),
      ]);

    // ---- follows ------------------------------------------------------------------------------------

    it('follows a question by asking, answering and voting on it or its answers', async () => {
      const q = await ask(ada);
      assert.equal(await following(ada, q.id), true, 'the asker');
      assert.equal(await following(ben, q.id), false);
      assert.equal(await following(null, q.id), false, 'signed out');
      const a = await answer(ben, q.id);
      assert.equal(await following(ben, q.id), true, 'the answerer');
      await vote(cleo, 'answer', a.id, 1);
      assert.equal(await following(cleo, q.id), true, 'a voter on an answer');
      const dan = await token('m_dan');
      await vote(dan, 'question', q.id, -1);
      assert.equal(await following(dan, q.id), true, 'a voter on the question');
      // Follows are not community events: one event per write, as before.
      assert.equal(await countRows(db, 'community_events'), 4);
    });

    it('remembers an unfollow: voting again does not follow again; answering or following does', async () => {
      const q = await ask(ada);
      await vote(ben, 'question', q.id, 1);
      assert.deepEqual(await follow(ben, 'question', q.id, false), { following: false });
      assert.equal(await following(ben, q.id), false);
      await vote(ben, 'question', q.id, -1);
      await vote(ben, 'question', q.id, 1);
      assert.equal(await following(ben, q.id), false, 'votes keep the unfollow');
      await answer(ben, q.id);
      assert.equal(await following(ben, q.id), true, 'answering follows again');
      await follow(ben, 'question', q.id, false);
      assert.deepEqual(await follow(ben, 'question', q.id, true), { following: true });
      assert.equal(await following(ben, q.id), true);
      // The asker may unfollow their own question too, and then hears nothing of it.
      await follow(ada, 'question', q.id, false);
      await db.query('DELETE FROM notifications');
      await answer(cleo, q.id);
      assert.deepEqual(await recipients(), { m_ben: ['answer.posted'] });
      assert.deepEqual(
        (
          await db.query<{ type: string }>(
            `SELECT type FROM community_events WHERE type LIKE 'question.%followed' ORDER BY id`,
          )
        ).rows.map((r) => r.type),
        ['question.unfollowed', 'question.unfollowed', 'question.followed', 'question.unfollowed'],
      );
    });

    it('follows ideas through idea_followers, and refuses unknown or hidden posts', async () => {
      const idea = await submitIdea(ada);
      assert.deepEqual(await follow(ben, 'idea', idea.id, true), { following: true });
      assert.equal(await countRows(db, 'idea_followers', 'member = $1', ['m_ben']), 1);
      await follow(ben, 'idea', idea.id, false);
      assert.equal(await countRows(db, 'idea_followers', 'member = $1', ['m_ben']), 0);
      const missing = await api.request('PUT', '/v1/follows', {
        token: ben,
        body: { targetType: 'question', targetId: 'q_nope', following: true },
      });
      assert.equal(missing.status, 404);
      const bad = await api.request('PUT', '/v1/follows', {
        token: ben,
        body: { targetType: 'review', targetId: 'r_1', following: true },
      });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.error.fields.targetType);
      const q = await ask(ada);
      await ok(
        api.request('POST', '/v1/moderation/actions', {
          token: sam,
          body: { action: 'hide', targetType: 'question', targetId: q.id, reason: 'Spam' },
        }),
      );
      const hidden = await api.request('PUT', '/v1/follows', {
        token: ben,
        body: { targetType: 'question', targetId: q.id, following: true },
      });
      assert.equal(hidden.status, 404);
      const anonymous = await api.request('PUT', '/v1/follows', {
        body: { targetType: 'idea', targetId: idea.id, following: true },
      });
      assert.equal(anonymous.status, 401);
    });

    // ---- who is told ---------------------------------------------------------------------------------

    it('answer.posted: every follower of the question but the answerer', async () => {
      const q = await ask(ada);
      await vote(ben, 'question', q.id, 1);
      const a = await answer(
        cleo,
        q.id,
        '**Yes** & it <b>is</b>, see [the test](https://x.example).',
      );
      assert.deepEqual(await recipients(), { m_ada: ['answer.posted'], m_ben: ['answer.posted'] });
      const page = await inbox(ada);
      assert.equal(page.items.length, 1);
      const n = page.items[0];
      assert.equal(n.kind, 'answer.posted');
      assert.equal(n.title, 'Is the tent waterproof?');
      assert.equal(n.excerpt, 'Yes & it <b>is</b>, see the test.');
      assert.equal(n.actor.id, 'm_cleo');
      assert.equal(n.actor.name, 'CLEO');
      assert.equal(n.targetType, 'answer');
      assert.equal(n.targetId, a.id);
      assert.equal(n.pageUrl, `${PAGE}#kith-question-${q.id}`);
      assert.equal(n.read, false);
      assert.ok(!Number.isNaN(Date.parse(n.createdAt)));
      // Cleo follows now: Ben's answer tells Ada and Cleo, not Ben.
      await answer(ben, q.id);
      assert.deepEqual(await recipients(), {
        m_ada: ['answer.posted', 'answer.posted'],
        m_ben: ['answer.posted'],
        m_cleo: ['answer.posted'],
      });
    });

    it('answer.accepted: the answer’s author, unless they accepted it themselves', async () => {
      const q = await ask(ada);
      const own = await answer(ada, q.id, 'I found out myself.');
      await ok(
        api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
          token: ada,
          body: { answerId: own.id },
        }),
      );
      assert.deepEqual(await recipients(), {});
      const a = await answer(ben, q.id);
      await db.query('DELETE FROM notifications');
      await ok(
        api.request('PUT', `/v1/questions/${q.id}/accepted-answer`, {
          token: ada,
          body: { answerId: a.id },
        }),
      );
      assert.deepEqual(await recipients(), { m_ben: ['answer.accepted'] });
      const [n] = (await inbox(ben)).items;
      assert.equal(n.actor.id, 'm_ada');
      assert.equal(n.targetId, a.id);
      assert.equal(n.excerpt, 'Yes, it is.');
    });

    it('idea.commented and idea.status-changed: the idea’s followers but the actor', async () => {
      const idea = await submitIdea(ada);
      await vote(ben, 'idea', idea.id, 1);
      const c = await comment(cleo, idea.id);
      assert.deepEqual(await recipients(), {
        m_ada: ['idea.commented'],
        m_ben: ['idea.commented'],
      });
      const [n] = (await inbox(ben)).items;
      assert.equal(n.kind, 'idea.commented');
      assert.equal(n.title, 'Dark mode');
      assert.equal(n.excerpt, 'Yes please!');
      assert.equal(n.targetType, 'comment');
      assert.equal(n.targetId, c.id);
      assert.equal(n.pageUrl, `${PAGE}#kith-idea-${idea.id}`);
      await db.query('DELETE FROM notifications');
      await ok(
        api.request('PUT', `/v1/ideas/${idea.id}/status`, {
          token: sam,
          body: { status: 'planned', response: 'Coming in _May_ & more.' },
        }),
      );
      assert.deepEqual(await recipients(), {
        m_ada: ['idea.status-changed'],
        m_ben: ['idea.status-changed'],
        m_cleo: ['idea.status-changed'],
      });
      const [s] = (await inbox(cleo)).items;
      assert.equal(s.title, '"Dark mode" is now planned');
      assert.equal(s.excerpt, 'Coming in May & more.');
      assert.equal(s.actor.id, 'm_sam');
      assert.equal(s.targetType, 'idea');
      assert.equal(s.pageUrl, `${PAGE}#kith-idea-${idea.id}`);
    });

    it('review.replied: the review’s author', async () => {
      const review = await ok(
        api.request('POST', '/v1/reviews', {
          token: ada,
          body: {
            product: 'tent',
            rating: 4,
            title: 'Good tent',
            body: 'Dry all night.',
            pageUrl: PAGE,
          },
        }),
        201,
      );
      await ok(
        api.request('PUT', `/v1/reviews/${review.id}/reply`, {
          token: sam,
          body: { body: 'Thank you,\nAda!' },
        }),
      );
      assert.deepEqual(await recipients(), { m_ada: ['review.replied'] });
      const [n] = (await inbox(ada)).items;
      assert.equal(n.title, 'Good tent');
      assert.equal(n.excerpt, 'Thank you, Ada!');
      assert.equal(n.targetType, 'review');
      assert.equal(n.pageUrl, `${PAGE}#kith-review-${review.id}`);
    });

    it('badge.awarded: the member, with the badge’s name', async () => {
      await setSettings({
        badges: NO_BADGES.map((r) => (r.slug === 'first-question' ? { ...r, threshold: 1 } : r)),
      });
      await ask(ada);
      assert.deepEqual(await recipients(), { m_ada: ['badge.awarded'] });
      const [n] = (await inbox(ada)).items;
      assert.equal(n.title, 'Curious');
      assert.equal(n.excerpt, 'Asked a first question.');
      assert.equal(n.targetType, 'member');
      assert.equal(n.targetId, 'm_ada');
      assert.equal(n.actor, null);
      assert.equal(n.pageUrl, undefined);
      await ask(ada, 'Another one?');
      assert.deepEqual(await recipients(), { m_ada: ['badge.awarded'] }, 'once');
    });

    it('question.escalated (notifyForEvents, as the escalation job calls it): the asker', async () => {
      const q = await ask(ada);
      const site = (await getSite(db, SITE))!;
      const escalate = (questionId: string, actor: string | null) =>
        db.transaction(async (tx) => {
          const id = await insertEvent(tx, {
            site: SITE,
            type: 'question.escalated',
            actor,
            targetType: 'question',
            targetId: questionId,
            payload: { by: 'schedule' },
          });
          await notifyForEvents(tx, site, [id]);
        });
      await escalate(q.id, null);
      assert.deepEqual(await recipients(), { m_ada: ['question.escalated'] });
      const [n] = (await inbox(ada)).items;
      assert.equal(n.targetType, 'question');
      assert.equal(n.targetId, q.id);
      assert.equal(n.actor, null);
      assert.equal(n.pageUrl, `${PAGE}#kith-question-${q.id}`);
      await escalate(q.id, 'm_ada');
      assert.equal(await countRows(db, 'notifications'), 1, 'not when the asker escalated it');
    });

    it('content that is not visible notifies nobody', async () => {
      const site = (await getSite(db, SITE))!;
      const q = await ask(ada);
      await vote(ben, 'question', q.id, 1);
      const a = await answer(cleo, q.id);
      const posted = (
        await db.query<{ id: string }>(
          `SELECT id::text AS id FROM community_events WHERE type = 'answer.posted'`,
        )
      ).rows[0]!.id;
      await db.query('DELETE FROM notifications');
      await ok(
        api.request('POST', '/v1/moderation/actions', {
          token: sam,
          body: { action: 'hide', targetType: 'answer', targetId: a.id, reason: 'Spam' },
        }),
      );
      // The same event again, now that the answer is hidden.
      await db.transaction((tx) => notifyForEvents(tx, site, [posted]));
      assert.equal(await countRows(db, 'notifications'), 0, 'a hidden answer');

      // A held idea (flagged by a trusted member): its author may still comment; nobody is told.
      const idea = await submitIdea(ada);
      await vote(ben, 'idea', idea.id, 1);
      await db.query(
        `INSERT INTO members (site, id, name, trust_level) VALUES ($1, 'm_tia', 'Tia', 3)`,
        [SITE],
      );
      const held = await ok(
        api.request('POST', '/v1/flags', {
          token: await token('m_tia'),
          body: { targetType: 'idea', targetId: idea.id, reason: 'spam' },
        }),
      );
      assert.equal(held.visibility, 'held');
      await comment(ada, idea.id);
      // A held question: its asker may still answer it.
      const q2 = await ask(ada, 'Second question?');
      await vote(ben, 'question', q2.id, 1);
      // (Her level was recomputed from what she did after her flag.)
      await db.query(`UPDATE members SET trust_level = 3 WHERE id = 'm_tia'`);
      const held2 = await ok(
        api.request('POST', '/v1/flags', {
          token: await token('m_tia'),
          body: { targetType: 'question', targetId: q2.id, reason: 'spam' },
        }),
      );
      assert.equal(held2.visibility, 'held');
      await answer(ada, q2.id);
      assert.equal(await countRows(db, 'notifications'), 0, 'held content');
    });

    // ---- reading and marking -------------------------------------------------------------------------

    it('pages a member’s own notifications newest first, with the unread count', async () => {
      const q = await ask(ada);
      for (let i = 1; i <= 5; i++) await answer(i % 2 ? ben : cleo, q.id, `Answer ${i}`);
      await ask(ben, 'Ben’s own question');
      const first = await inbox(ada, 2);
      assert.deepEqual(
        first.items.map((n: Body) => n.excerpt),
        ['Answer 5', 'Answer 4'],
      );
      assert.equal(first.total, 5);
      assert.equal(first.unread, 5);
      assert.ok(first.nextCursor);
      const second = await inbox(ada, 2, first.nextCursor);
      assert.deepEqual(
        second.items.map((n: Body) => n.excerpt),
        ['Answer 3', 'Answer 2'],
      );
      const third = await inbox(ada, 2, second.nextCursor);
      assert.deepEqual(
        third.items.map((n: Body) => n.excerpt),
        ['Answer 1'],
      );
      assert.equal(third.nextCursor, null);

      // Ben sees only his own (Cleo's answers 2 and 4 after his answer 1, and Cleo's… ).
      const bens = await inbox(ben);
      assert.ok(bens.items.length > 0);
      const { rows } = await db.query<{ id: string }>(
        `SELECT id::text AS id FROM notifications WHERE member = 'm_ben'`,
      );
      assert.deepEqual(bens.items.map((n: Body) => n.id).sort(), rows.map((r) => r.id).sort());
      assert.deepEqual(await inbox(null), { items: [], nextCursor: null, total: 0, unread: 0 });

      // Marking: her own ids (Ben's among them change nothing), then all.
      const ids = [first.items[0].id, first.items[1].id, bens.items[0].id];
      const marked = await ok(
        api.request('POST', '/v1/notifications/read', { token: ada, body: { ids } }),
      );
      assert.deepEqual(marked, { unread: 3 });
      assert.equal((await inbox(ben)).unread, bens.unread, 'Ben’s stay unread');
      const again = await inbox(ada, 2);
      assert.deepEqual(
        again.items.map((n: Body) => n.read),
        [true, true],
      );
      assert.deepEqual(
        await ok(
          api.request('POST', '/v1/notifications/read', { token: ada, body: { ids: 'all' } }),
        ),
        { unread: 0 },
      );
      assert.equal((await inbox(ada)).unread, 0);

      // The route too: private, never stored.
      const route = await api.request('GET', '/v1/notifications?limit=1', { token: ada });
      assert.equal(route.status, 200);
      assert.equal(route.headers.get('cache-control'), 'private, no-store');
      assert.equal(route.body.items.length, 1);
      assert.equal(route.body.total, 5);
      assert.equal((await api.request('GET', '/v1/notifications')).status, 401);
    });

    it('validates reads and marks', async () => {
      const bad = await api.request(
        'GET',
        `/v1/bootstrap?requests=${encodeURIComponent(
          JSON.stringify([{ kind: 'notifications', limit: 5, cursor: 'o.5' }]),
        )}`,
        { token: ada },
      );
      assert.equal(bad.body.results[0].ok, false);
      assert.equal(bad.body.results[0].error.code, 'validation');
      for (const ids of [['abc'], 'some', Array.from({ length: 101 }, (_, i) => String(i + 1))]) {
        const res = await api.request('POST', '/v1/notifications/read', {
          token: ada,
          body: { ids },
        });
        assert.equal(res.status, 400, JSON.stringify(ids).slice(0, 40));
      }
      assert.equal(
        (await api.request('POST', '/v1/notifications/read', { body: { ids: 'all' } })).status,
        401,
      );
    });

    // ---- email and own data --------------------------------------------------------------------------

    it('stores the email claim from the latest token and queues mail only for members with one', async () => {
      await setSettings({ trustLevels: NEW_MEMBERS_LINK, rateLimits: HIGH_LIMITS });
      const q = await ask(ada);
      const email = async (member: string) =>
        (
          await db.query<{ email: string | null }>(
            'SELECT email FROM members WHERE site = $1 AND id = $2',
            [SITE, member],
          )
        ).rows[0]?.email;
      assert.equal(await email('m_ada'), 'ada@example.com');
      await vote(ben, 'question', q.id, 1);
      await answer(cleo, q.id);
      const states = async () =>
        (
          await db.query<{ member: string; email_state: string | null }>(
            'SELECT member, email_state FROM notifications ORDER BY id',
          )
        ).rows.map((r) => [r.member, r.email_state]);
      assert.deepEqual(await states(), [
        ['m_ada', 'pending'],
        ['m_ben', null],
      ]);
      // Unusable or unverified addresses are ignored; a token without the claim clears it.
      const weird = await token('m_ben', { email: 'ben@example.com\r\nBcc: x@evil.example' });
      await vote(weird, 'question', q.id, 0);
      assert.equal(await email('m_ben'), null);
      await answer(await token('m_ada'), q.id, 'Thanks!');
      assert.equal(await email('m_ada'), null);
      // The site can switch mail off.
      await ask(await token('m_ada', { email: 'ada@example.com' }), 'Mail again?');
      await setSettings({ email: { enabled: false } });
      const q3 = (
        await db.query<{ id: string }>(`SELECT id FROM questions WHERE title = 'Mail again?'`)
      ).rows[0]!.id;
      await answer(ben, q3);
      assert.deepEqual((await states()).at(-1), ['m_ada', null]);
    });

    it('claims each due mail for one instance only (FOR UPDATE SKIP LOCKED and a lease)', async () => {
      const q = await ask(ada);
      for (let i = 0; i < 6; i++) await answer(ben, q.id, `Answer ${i}`);
      assert.equal(await countRows(db, 'notifications', "email_state = 'pending'"), 6);
      const claims = await Promise.all([1, 2, 3].map(() => claimDueMail(db, 4, 600)));
      const ids = claims.flat().map((row) => row.id);
      assert.equal(ids.length, 6, 'every due mail claimed');
      assert.equal(new Set(ids).size, 6, 'none twice');
      assert.deepEqual(await claimDueMail(db, 10, 600), [], 'leased');
      assert.equal(claims.flat()[0]!.email, 'ada@example.com');
      // A lapsed lease (an instance stopped while sending) makes it due again.
      await db.query(`UPDATE notifications SET email_due_at = now() - interval '1 second'`);
      assert.equal((await claimDueMail(db, 10, 600)).length, 6);
    });

    it('exports follows, notifications and the address; an erase leaves no trace of the member', async () => {
      const q = await ask(ada);
      await answer(ben, q.id);
      await answer(ada, q.id, 'Thanks, Ben.');
      const exported = await ok(api.request('GET', '/v1/members/me/export', { token: ada }));
      assert.deepEqual(
        exported.records.questionFollows.map((f: Body) => [f.questionId, f.following]),
        [[q.id, true]],
      );
      assert.equal(exported.records.notifications.length, 1);
      assert.equal(exported.records.notifications[0].actor, undefined, 'no other member’s id');
      assert.deepEqual(exported.records.email, [
        { email: 'ada@example.com', unsubscribedAt: null },
      ]);
      // Ben was told of Ada's answer (Ada is its actor); erasing Ada re-points it.
      await ok(api.request('POST', '/v1/members/m_ada/erase', { token: ada }), 204);
      assert.equal(await countRows(db, 'question_followers', 'member = $1', ['m_ada']), 0);
      assert.equal(await countRows(db, 'notifications', 'member = $1 OR actor = $1', ['m_ada']), 0);
      const [n] = (await inbox(ben)).items;
      assert.equal(n.actor.erased, true);
    });
  });
}
