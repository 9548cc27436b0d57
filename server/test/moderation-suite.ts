/**
 * Moderation, run once per database (moderation.pglite.test.ts, moderation.postgres.test.ts): holds
 * after N flags (and at once from trust level 3), flags settled by staff decisions, each staff action
 * and its audit entry, the staff queue (content, order, reasons, pages, who may read it), deleted and
 * hidden posts leaving every count, and suspended members who can read but not write.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import {
  SITE,
  TEST_SETTINGS,
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
const SUSPENDED =
  /^Your account is suspended until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: you can read but not write\.$/;

export function moderationSuite(name: string, open: () => Promise<TestDatabase>): void {
  describe(`Moderation on ${name}`, () => {
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let cleo: string;
    let dan: string;
    let tia: string;
    let sam: string;
    let mo: string;

    suiteDatabase(
      open,
      async (opened) => {
        ({ db, api } = opened);
        ({ ada, ben, cleo, dan, tia, sam, mo } = await castTokens());
      },
      { settings: { ...TEST_SETTINGS, moderation: { flagsToHold: 2 } } },
    );

    // ---- helpers ---------------------------------------------------------------------------------

    const post = posts(() => api, {
      question: { topic: 'tent', pageUrl: PAGE },
      answer: { pageUrl: `${PAGE}?answer` },
      idea: { board: 'roadmap', body: '', pageUrl: PAGE },
      review: { product: 'tent', pageUrl: PAGE },
      reason: 'Against the guidelines',
    });
    let n = 0;
    const ask = (tok: string, title = `Is the tent waterproof? (${++n})`, body = 'Asking.') =>
      post.ask(tok, { title, body });
    const answer = (tok: string, questionId: string, body = `Yes, it is. (${++n})`) =>
      post.answer(tok, questionId, { body });
    const submitIdea = (tok: string, title = `Dark mode (${++n})`) =>
      post.submitIdea(tok, { title });
    const comment = (tok: string, ideaId: string, body = `Agreed. (${++n})`) =>
      post.comment(tok, ideaId, { body });
    const review = (tok: string, rating: number, title = 'Good tent', body = 'Kept us dry.') =>
      post.review(tok, { rating, title, body });
    const { vote, flag, act } = post;
    const queue = (query = '', tok: string | null = sam) =>
      api.request('GET', `/v1/moderation/queue?site=${SITE}${query}`, { token: tok });
    const audit = (query = '', tok: string | null = sam) =>
      api.request('GET', `/v1/moderation/audit?site=${SITE}${query}`, { token: tok });
    const thread = (id: string, tok: string | null = null) =>
      api.request('GET', `/v1/questions/${id}?site=${SITE}`, { token: tok });
    const topic = () => api.request('GET', `/v1/questions?site=${SITE}&topic=tent&sort=newest`);
    const reputation = async (member: string): Promise<number> => {
      const { rows } = await db.query<{ reputation: number }>(
        'SELECT reputation FROM members WHERE site = $1 AND id = $2',
        [SITE, member],
      );
      return Number(rows[0]?.reputation ?? 0);
    };
    const inbox = async (tok: string): Promise<Body[]> =>
      (await ok(api.request('GET', '/v1/notifications', { token: tok }))).items;
    /** A member at trust level 3, whose flag holds a post at once. */
    const trusted = () =>
      db.query(`INSERT INTO members (site, id, name, trust_level) VALUES ($1, 'm_tia', 'Tia', 3)`, [
        SITE,
      ]);

    // ---- holds -----------------------------------------------------------------------------------

    it('holds a post once flags from flagsToHold different members are open, not before; one member counts once; settled flags do not count', async () => {
      const q = await ask(ada);
      await vote(dan, 'question', q.id);
      const points = await reputation('m_ada');
      assert.ok(points > 0);

      let res = await ok(flag(ben, 'question', q.id, 'spam'));
      assert.equal(res.visibility, 'visible');
      res = await ok(flag(ben, 'question', q.id, 'offensive', 'Rude, really'));
      assert.equal(res.visibility, 'visible', 'the same member flagging again counts once');
      assert.equal((await thread(q.id)).status, 200);

      res = await ok(flag(cleo, 'question', q.id, 'spam'));
      assert.equal(res.visibility, 'held');
      assert.equal((await thread(q.id)).status, 404, 'held: out of sight');
      assert.equal((await thread(q.id, ada)).status, 200, 'but its author still reads it');
      assert.equal((await topic()).body.total, 0);
      assert.equal(await reputation('m_ada'), 0, 'a held post holds no points');

      let log = (await ok(audit())).items;
      assert.equal(log.length, 1);
      assert.deepEqual(
        [log[0].action, log[0].actor, log[0].targetId, log[0].subject.id, log[0].reason],
        ['hold', null, q.id, 'm_ada', 'spam'],
      );

      // Staff approve: visible again, its two flags settled.
      await ok(act(sam, 'approve', 'question', q.id, 'Fine as it is'));
      assert.equal((await thread(q.id)).status, 200);
      assert.equal(await reputation('m_ada'), points);
      assert.equal(await countRows(db, 'flags', 'settled_at IS NULL'), 0);
      assert.equal((await ok(queue())).total, 0);

      // One later flag is not enough; a settled flag raised again is a new one, and counts.
      res = await ok(flag(dan, 'question', q.id, 'off-topic'));
      assert.equal(res.visibility, 'visible');
      res = await ok(flag(cleo, 'question', q.id, 'off-topic'));
      assert.equal(res.visibility, 'held');
      log = (await ok(audit())).items;
      assert.deepEqual(
        log.map((e: Body) => e.action),
        ['hold', 'approve', 'hold'],
      );
    });

    it('holds exactly once when flags arrive at the same moment', async () => {
      await db.query(`UPDATE sites SET settings = settings || '{"moderation":{"flagsToHold":3}}'`);
      const q = await ask(ada);
      const flaggers = await Promise.all(
        ['m_f1', 'm_f2', 'm_f3', 'm_f4', 'm_f5'].map((m) => token(m)),
      );
      const results = await Promise.all(flaggers.map((tok) => flag(tok, 'question', q.id)));
      // The third flag holds it; the later ones find it gone (404).
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 404, 404]);
      assert.equal(await countRows(db, 'community_events', `type = 'content.held'`), 1);
      assert.equal((await thread(q.id)).status, 404);
    });

    it('holds at once on a flag from trust level 3, naming the flagger in the audit log', async () => {
      await trusted();
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      const res = await ok(flag(tia, 'answer', a.id, 'offensive'));
      assert.equal(res.visibility, 'held');
      assert.equal((await thread(q.id)).body.question.answerCount, 0);
      const [entry] = (await ok(audit())).items;
      assert.deepEqual(
        [entry.action, entry.actor.id, entry.targetType, entry.subject.id, entry.reason],
        ['hold', 'm_tia', 'answer', 'm_ben', 'offensive'],
      );
    });

    it('does not hold on a staff member’s flag alone (staff hide directly); hidden posts cannot be flagged', async () => {
      const q = await ask(ada);
      assert.equal((await ok(flag(sam, 'question', q.id))).visibility, 'visible');
      await ok(act(mo, 'hide', 'question', q.id));
      assert.equal((await flag(ben, 'question', q.id)).status, 404);
      assert.equal(await countRows(db, 'community_events', `type = 'content.held'`), 0);
    });

    // ---- actions and the audit log ----------------------------------------------------------------

    it('records each action with its reason, previous state, subject and excerpt in the audit log, newest first, page by page', async () => {
      const q = await ask(ada, 'Tent poles?', 'The **poles** bent in the wind.');
      assert.deepEqual(await ok(act(sam, 'hide', 'question', q.id, 'Rude')), {
        targetType: 'question',
        targetId: q.id,
        visibility: 'hidden',
      });
      await ok(act(mo, 'approve', 'question', q.id, 'Fine after all'));
      await ok(act(sam, 'delete', 'question', q.id, 'Spam after all'));
      const warned = await ok(act(sam, 'warn', 'member', 'm_ada', 'Keep it civil'));
      assert.deepEqual(warned, {
        targetType: 'member',
        targetId: 'm_ada',
        visibility: 'visible',
        suspendedUntil: null,
      });
      const before = Date.now();
      const suspended = await ok(act(sam, 'suspend', 'member', 'm_ada', 'Third strike', 48));
      const until = Date.parse(suspended.suspendedUntil);
      assert.ok(Math.abs(until - before - 48 * 3600_000) < 60_000, suspended.suspendedUntil);
      const lifted = await ok(act(mo, 'unsuspend', 'member', 'm_ada', 'Appeal granted'));
      assert.equal(lifted.suspendedUntil, null);

      const log = await ok(audit());
      assert.equal(log.total, 6);
      assert.deepEqual(
        log.items.map((e: Body) => [e.action, e.actor.id, e.targetType, e.subject.id, e.reason]),
        [
          ['unsuspend', 'm_mo', 'member', 'm_ada', 'Appeal granted'],
          ['suspend', 'm_sam', 'member', 'm_ada', 'Third strike'],
          ['warn', 'm_sam', 'member', 'm_ada', 'Keep it civil'],
          ['delete', 'm_sam', 'question', 'm_ada', 'Spam after all'],
          ['approve', 'm_mo', 'question', 'm_ada', 'Fine after all'],
          ['hide', 'm_sam', 'question', 'm_ada', 'Rude'],
        ],
      );
      assert.equal(log.items[1].until, suspended.suspendedUntil);
      assert.equal(log.items[3].excerpt, 'The poles bent in the wind.');
      assert.equal(log.items[0].excerpt, undefined);
      assert.ok(log.items.every((e: Body) => !Number.isNaN(Date.parse(e.at))));

      // The events carry the previous state and the target's author.
      const { rows } = await db.query<{ type: string; payload: Body }>(
        `SELECT type, payload FROM community_events
         WHERE type LIKE 'content.%' OR type LIKE 'member.%' ORDER BY id`,
      );
      assert.deepEqual(
        rows.map((r) => [r.type, r.payload.previous, r.payload.targetAuthor]),
        [
          ['content.hidden', 'visible', 'm_ada'],
          ['content.approved', 'hidden', 'm_ada'],
          ['content.deleted', 'visible', 'm_ada'],
          ['member.warned', null, 'm_ada'],
          ['member.suspended', null, 'm_ada'],
          ['member.unsuspended', suspended.suspendedUntil, 'm_ada'],
        ],
      );
      assert.equal(rows[4]!.payload.until, suspended.suspendedUntil);
      assert.equal(rows[4]!.payload.duration, 48);

      // Pages of two: newest first, every entry once.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Body = await ok(
          audit(`&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
        );
        assert.equal(page.total, 6);
        seen.push(...page.items.map((e: Body) => e.action));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, ['unsuspend', 'suspend', 'warn', 'delete', 'approve', 'hide']);
      assert.equal((await audit('&cursor=nope')).status, 400);
    });

    it('refuses actions that make no sense, with clear errors', async () => {
      const q = await ask(ada);
      await answer(ben, q.id);
      // Mo is known to the site once they wrote something.
      await ok(flag(mo, 'question', q.id));
      const cases: [Promise<{ status: number; body: Body }>, number, RegExp][] = [
        [act(ada, 'hide', 'question', q.id), 403, /Only staff/],
        [act(sam, 'suspend', 'member', 'm_mo', 'x', 24), 409, /cannot be suspended/],
        [act(sam, 'suspend', 'member', 'm_ada'), 400, /duration in hours/],
        [act(sam, 'suspend', 'member', 'm_ada', 'x', 0), 400, /at least 1 hour/],
        [act(sam, 'suspend', 'member', 'm_ada', 'x', 8761), 400, /at most 8760 hours/],
        [act(sam, 'unsuspend', 'member', 'm_ada'), 409, /not suspended/],
        [act(sam, 'warn', 'member', 'm_nobody'), 404, /member does not exist/],
        [act(sam, 'warn', 'question', q.id), 400, /acts on a member/],
        [act(sam, 'delete', 'member', 'm_ada'), 400, /acts on a post/],
        [act(sam, 'hide', 'question', 'q_missing'), 404, /does not exist/],
      ];
      for (const [res, status, message] of cases) {
        const r = await res;
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.match(r.body.error.message, message);
      }
      const reasonless = await api.request('POST', '/v1/moderation/actions', {
        token: sam,
        body: { action: 'warn', targetType: 'member', targetId: 'm_ada', reason: '  ' },
      });
      assert.equal(reasonless.status, 400);
      assert.ok(reasonless.body.error.fields.reason);
      // A deleted post stays deleted.
      await ok(act(sam, 'delete', 'question', q.id));
      const again = await act(sam, 'approve', 'question', q.id);
      assert.equal(again.status, 409);
      assert.match(again.body.error.message, /was deleted/);
      assert.equal(
        await countRows(db, 'community_events', `type LIKE 'member.%'`),
        0,
        'nothing refused was recorded',
      );
    });

    // ---- counts --------------------------------------------------------------------------------------

    it('takes deleted and hidden posts out of every count, average and list, also for their authors', async () => {
      const q = await ask(ada);
      const a1 = await answer(ben, q.id);
      await answer(cleo, q.id);
      await vote(ada, 'answer', a1.id);
      assert.ok((await reputation('m_ben')) > 0);
      const other = await ask(dan);

      await ok(act(sam, 'delete', 'answer', a1.id));
      let res = await ok(thread(q.id));
      assert.equal(res.question.answerCount, 1);
      assert.equal(res.answers.total, 1);
      assert.ok(res.answers.items.every((x: Body) => x.id !== a1.id));
      assert.equal((await ok(thread(q.id, ben))).answers.total, 1, 'gone for its author too');
      assert.equal(await reputation('m_ben'), 0, 'and its points');
      assert.equal((await vote(cleo, 'answer', a1.id)).status, 404);
      assert.equal((await flag(cleo, 'answer', a1.id)).status, 404);

      await ok(act(sam, 'hide', 'question', other.id));
      await ok(act(sam, 'delete', 'question', q.id));
      res = await ok(topic());
      assert.deepEqual([res.total, res.items.length], [0, 0]);
      assert.equal((await thread(q.id, ada)).status, 404, 'a deleted question, even to its asker');
      assert.equal((await thread(other.id, dan)).status, 404);

      // Reviews: the product's average and count.
      await ok(review(ada, 5), 201);
      const one = await ok(review(ben, 1, 'Leaks', 'Wet all night.'), 201);
      await ok(review(cleo, 4), 201);
      const ratings = async () =>
        (await ok(api.request('GET', `/v1/ratings?site=${SITE}&products=tent`)))[0];
      const before = await ratings();
      assert.deepEqual([before.count, before.average.toFixed(2)], [3, '3.33']);
      await ok(act(sam, 'delete', 'review', one.id));
      const summary = await ratings();
      assert.deepEqual([summary.count, summary.average], [2, 4.5]);
      const mine = await ok(
        api.request('GET', `/v1/reviews?site=${SITE}&product=tent`, { token: ben }),
      );
      assert.deepEqual([mine.total, mine.mine], [2, null], 'the author’s deleted review is gone');
      // Gone for good: its author may write a new one, which counts as new (not the deleted one back).
      const again = await ok(review(ben, 3, 'Second try', 'Resealed the seams.'), 201);
      assert.notEqual(again.id, one.id);
      const after = await ratings();
      assert.deepEqual([after.count, after.average.toFixed(2)], [3, '4.00']);

      // Ideas and comments: the board's total and the idea's comment count.
      const idea = await submitIdea(ada);
      const c = await comment(ben, idea.id);
      await comment(cleo, idea.id);
      await ok(act(sam, 'delete', 'comment', c.id));
      const detail = await ok(api.request('GET', `/v1/ideas/${idea.id}?site=${SITE}`));
      assert.deepEqual([detail.idea.commentCount, detail.comments.total], [1, 1]);
      await ok(act(sam, 'delete', 'idea', idea.id));
      const board = await ok(api.request('GET', `/v1/ideas?site=${SITE}&board=roadmap`));
      assert.equal(board.total, 0);
    });

    // ---- the queue --------------------------------------------------------------------------------

    it('lists held, guests’ and flagged posts, longest waiting first, with everything staff need to decide', async () => {
      await trusted();
      // A guest's held question, written an hour ago.
      const guestQ = await ask(await token('m_gus', { name: 'Gus' }), 'Guest here?', 'Hello *all*');
      await db.query(`UPDATE members SET guest = true WHERE id = 'm_gus'`);
      await db.query(
        `UPDATE questions SET visibility = 'held', created_at = now() - interval '1 hour'
         WHERE id = $1`,
        [guestQ.id],
      );
      const q = await ask(ada, 'Does it leak?', 'It **leaks** &amp; drips.');
      const a = await answer(ben, q.id, 'Buy a tarp.');
      await ok(review(cleo, 2, '', 'Flimsy poles.'), 201);
      const rev = (
        await ok(api.request('GET', `/v1/reviews?site=${SITE}&product=tent`, { token: cleo }))
      ).mine;
      await ok(flag(dan, 'question', q.id, 'spam', 'Looks like an ad'));
      await ok(flag(tia, 'answer', a.id, 'offensive'));
      await ok(flag(ada, 'review', rev.id, 'off-topic', 'First note'));
      await ok(flag(ada, 'review', rev.id, 'off-topic', 'Second note, same member'));
      // Two open flags would hold it: keep it flagged (visible) with one flag per reason.
      await db.query(`UPDATE sites SET settings = settings || '{"moderation":{"flagsToHold":5}}'`);
      await ok(flag(dan, 'review', rev.id, 'spam', 'Newest note'));
      await ok(act(sam, 'suspend', 'member', 'm_ben', 'Rude', 24));

      const all = await ok(queue());
      assert.equal(all.total, 4);
      assert.deepEqual(
        all.items.map((i: Body) => [i.targetType, i.targetId, i.reason, i.visibility]),
        [
          ['question', guestQ.id, 'guest', 'held'],
          ['question', q.id, 'flagged', 'visible'],
          ['answer', a.id, 'held', 'held'],
          ['review', rev.id, 'flagged', 'visible'],
        ],
      );
      const [guest, question, held, flaggedReview] = all.items;
      assert.deepEqual(
        [guest.title, guest.excerpt, guest.author.name, guest.guest, guest.flags, guest.flaggedAt],
        ['Guest here?', 'Hello all', 'Gus', true, [], null],
      );
      assert.equal(guest.pageUrl, `${PAGE}#kith-question-${guestQ.id}`);
      assert.deepEqual(
        [question.title, question.excerpt, question.author.id, question.guest],
        ['Does it leak?', 'It leaks & drips.', 'm_ada', false],
      );
      assert.deepEqual(question.flags, [{ reason: 'spam', count: 1 }]);
      assert.deepEqual(question.notes, ['Looks like an ad']);
      assert.ok(Date.parse(question.flaggedAt) >= Date.parse(question.createdAt));
      assert.equal(question.authorSuspendedUntil, null);
      // An answer: its question's title and the question's page, opened at the question.
      assert.deepEqual(
        [held.title, held.excerpt, held.author.id, held.pageUrl],
        ['Does it leak?', 'Buy a tarp.', 'm_ben', `${PAGE}#kith-question-${q.id}`],
      );
      assert.ok(Date.parse(held.authorSuspendedUntil) > Date.now() + 23 * 3600_000);
      // A review without a title: its product; plain text; flags by reason, notes newest first.
      assert.deepEqual(
        [flaggedReview.title, flaggedReview.excerpt, flaggedReview.pageUrl],
        ['tent', 'Flimsy poles.', `${PAGE}#kith-review-${rev.id}`],
      );
      assert.deepEqual(flaggedReview.flags, [
        { reason: 'off-topic', count: 1 },
        { reason: 'spam', count: 1 },
      ]);
      assert.deepEqual(flaggedReview.notes, ['Newest note', 'Second note, same member']);

      // Pages of three, then one; every item once, in order.
      const first = await ok(queue('&limit=3'));
      assert.deepEqual([first.items.length, first.total], [3, 4]);
      const second = await ok(queue(`&limit=3&cursor=${encodeURIComponent(first.nextCursor)}`));
      assert.deepEqual(
        [second.items.map((i: Body) => i.targetId), second.total, second.nextCursor],
        [[rev.id], 4, null],
      );

      // By reason.
      const only = async (reason: string) =>
        (await ok(queue(`&reason=${reason}`))).items.map((i: Body) => i.targetId);
      assert.deepEqual(await only('guest'), [guestQ.id]);
      assert.deepEqual(await only('held'), [a.id]);
      assert.deepEqual(await only('flagged'), [q.id, rev.id]);

      // Decisions take posts out of the queue.
      await ok(act(sam, 'approve', 'question', guestQ.id));
      await ok(act(sam, 'hide', 'answer', a.id));
      await ok(act(sam, 'approve', 'question', q.id));
      assert.deepEqual(
        (await ok(queue())).items.map((i: Body) => i.targetId),
        [rev.id],
      );
    });

    it('shows the queue and the audit log to staff only', async () => {
      const q = await ask(ada);
      await ok(flag(ben, 'question', q.id));
      for (const read of [queue, audit]) {
        const customer = await read('', ada);
        assert.equal(customer.status, 403);
        assert.equal(customer.body.error.code, 'forbidden');
        assert.equal((await read('', null)).status, 401);
        const staff = await read('', mo);
        assert.equal(staff.status, 200);
        assert.equal(staff.headers.get('cache-control'), 'no-store');
      }
      assert.equal((await queue('&reason=spam')).status, 400);
      assert.equal((await queue('&cursor=s.1')).status, 400);
    });

    // ---- suspensions and warnings ---------------------------------------------------------------------

    it('refuses every write of a suspended member until unsuspended or expired; they still read; warnings and suspensions reach their inbox', async () => {
      const q = await ask(ada);
      const a = await answer(cleo, q.id);
      await ask(ben);
      await ok(act(sam, 'warn', 'member', 'm_ben', 'Please stay on topic'));
      await ok(act(sam, 'suspend', 'member', 'm_ben', 'Spamming links', 72));
      const questions = await countRows(db, 'questions');

      const refused = [
        await api.request('POST', '/v1/questions', {
          token: ben,
          body: { topic: 'tent', title: 'Let me post', body: '' },
        }),
        await vote(ben, 'answer', a.id),
        await flag(ben, 'answer', a.id),
        await api.request('PUT', '/v1/follows', {
          token: ben,
          body: { targetType: 'question', targetId: q.id, following: true },
        }),
      ];
      for (const res of refused) {
        assert.equal(res.status, 403, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'forbidden');
        assert.match(res.body.error.message, SUSPENDED);
      }
      assert.equal(await countRows(db, 'questions'), questions);
      assert.equal(await countRows(db, 'votes', `member = 'm_ben'`), 0);

      // Reading works, and so does marking their inbox read.
      assert.equal((await thread(q.id, ben)).status, 200);
      const items = await inbox(ben);
      assert.deepEqual(
        items.map((i: Body) => [i.kind, i.excerpt, i.targetType, i.targetId, i.actor ?? null]),
        [
          ['member.suspended', 'Spamming links', 'member', 'm_ben', null],
          ['member.warned', 'Please stay on topic', 'member', 'm_ben', null],
        ],
      );
      assert.equal(items[0].title, SITE);
      await ok(api.request('POST', '/v1/notifications/read', { token: ben, body: { ids: 'all' } }));

      // Unsuspended: writing again.
      await ok(act(mo, 'unsuspend', 'member', 'm_ben', 'Served'));
      await ok(vote(ben, 'answer', a.id));

      // Suspended again, until a time that has passed: it no longer applies.
      await ok(act(sam, 'suspend', 'member', 'm_ben', 'Again', 1));
      assert.equal((await flag(ben, 'answer', a.id)).status, 403);
      await db.query(
        `UPDATE members SET suspended_until = now() - interval '1 minute' WHERE id = 'm_ben'`,
      );
      await ok(flag(ben, 'answer', a.id));
      await ask(ben);
    });
  });
}
