/**
 * The reputation, badges, trust levels, tie strength and member reads suite, run once per database
 * (members.pglite.test.ts, members.postgres.test.ts). Every test starts from empty tables and the site
 * `test` with the default badges and trust levels.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import { loadSeedFile, seedSite } from '../src/domain/seed.js';
import { createLogger } from '../src/log.js';
import { repoRoot } from '../src/paths.js';
import {
  HIGH_LIMITS,
  NO_DUPLICATE_CHECK,
  castTokens,
  expectStatus as ok,
  posts,
  suiteDatabase,
  token,
  type Body,
  type Client,
  type TestDatabase,
} from './helpers.js';

export function membersSuite(name: string, open: () => Promise<TestDatabase>): void {
  describe(`Members, reputation, badges and trust levels on ${name}`, () => {
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let cleo: string;
    let dan: string;
    let sam: string;

    suiteDatabase(
      open,
      async (opened) => {
        ({ db, api } = opened);
        ({ ada, ben, cleo, dan, sam } = await castTokens());
      },
      {
        settings: { rateLimits: HIGH_LIMITS, moderation: NO_DUPLICATE_CHECK },
        app: process.env.KITH_TEST_LOG ? { log: createLogger('error') } : {},
      },
    );

    // ---- helpers ---------------------------------------------------------------------------------

    const post = posts(() => api, {
      question: { title: 'How big is it?', body: 'Is it large?' },
      answer: { body: 'It is big.' },
      idea: { title: 'Dark mode', body: 'Please add it.' },
      reason: 'Checking',
    });
    const ask = (tok: string, topic = 'sku-1') => post.ask(tok, { topic });
    const answer = (tok: string, questionId: string) => post.answer(tok, questionId);
    const vote = (tok: string, targetType: string, targetId: string, value: number) =>
      ok(post.vote(tok, targetType, targetId, value));
    const accept = (tok: string, questionId: string, answerId: string | null) =>
      ok(
        api.request('PUT', `/v1/questions/${questionId}/accepted-answer`, {
          token: tok,
          body: { answerId },
        }),
      );
    const submitIdea = (tok: string, board = 'roadmap') => post.submitIdea(tok, { board });
    const setStatus = (id: string, status: string) =>
      ok(api.request('PUT', `/v1/ideas/${id}/status`, { token: sam, body: { status } }));
    const moderate = (action: string, targetType: string, targetId: string) =>
      ok(post.act(sam, action, targetType, targetId));
    const settings = (patch: Record<string, unknown>) =>
      api.request('PATCH', '/v1/site/settings', { token: sam, body: { settings: patch } });

    async function reputation(member: string): Promise<number> {
      const { rows } = await db.query<{ reputation: number }>(
        `SELECT reputation FROM members WHERE site = 'test' AND id = $1`,
        [member],
      );
      return Number(rows[0]?.reputation ?? 0);
    }
    async function trustLevel(member: string): Promise<number> {
      const { rows } = await db.query<{ trust_level: number }>(
        `SELECT trust_level FROM members WHERE site = 'test' AND id = $1`,
        [member],
      );
      return Number(rows[0]!.trust_level);
    }
    async function ledger(where = 'TRUE', params: unknown[] = []) {
      const { rows } = await db.query<{
        member: string;
        points: number;
        reason: string;
        target_type: string;
        target_id: string;
        cause_actor: string | null;
        scope: string | null;
        source_event: string | null;
      }>(
        `SELECT member, points, reason, target_type, target_id, cause_actor, scope,
           source_event::text AS source_event
         FROM reputation_events WHERE ${where} ORDER BY id`,
        params,
      );
      return rows.map((r) => ({ ...r, points: Number(r.points) }));
    }
    /** Every member's reputation is their ledger's sum. */
    async function assertLedgerMatches(): Promise<void> {
      const { rows } = await db.query<{ id: string; reputation: number; total: number }>(
        `SELECT m.id, m.reputation,
           coalesce((SELECT sum(points) FROM reputation_events r
                     WHERE r.site = m.site AND r.member = m.id), 0)::int AS total
         FROM members m WHERE m.site = 'test'`,
      );
      for (const row of rows) assert.equal(Number(row.reputation), Number(row.total), row.id);
    }

    // ---- the ledger ------------------------------------------------------------------------------

    it('gives and takes back vote points: up +10, changed to down −2 net, withdrawn 0', async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      await vote(cleo, 'answer', a.id, 1);
      assert.equal(await reputation('m_ben'), 10);
      await vote(cleo, 'answer', a.id, -1);
      assert.equal(await reputation('m_ben'), -2);
      await vote(cleo, 'answer', a.id, 0);
      assert.equal(await reputation('m_ben'), 0);
      await vote(cleo, 'question', q.id, 1);
      await vote(dan, 'question', q.id, -1);
      assert.equal(await reputation('m_ada'), 3);
      assert.equal(await reputation('m_cleo'), 0, 'voting earns nothing');

      const entries = await ledger();
      assert.deepEqual(
        entries.map((e) => [e.member, e.points, e.reason, e.cause_actor, e.target_type, e.scope]),
        [
          ['m_ben', 10, 'answer.upvoted', 'm_cleo', 'answer', 'topic:sku-1'],
          ['m_ben', -10, 'answer.upvoted', 'm_cleo', 'answer', 'topic:sku-1'],
          ['m_ben', -2, 'answer.downvoted', 'm_cleo', 'answer', 'topic:sku-1'],
          ['m_ben', 2, 'answer.downvoted', 'm_cleo', 'answer', 'topic:sku-1'],
          ['m_ada', 5, 'question.upvoted', 'm_cleo', 'question', 'topic:sku-1'],
          ['m_ada', -2, 'question.downvoted', 'm_dan', 'question', 'topic:sku-1'],
        ],
      );
      // Each entry points at the vote.cast event that made it.
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM reputation_events r JOIN community_events e ON e.id = r.source_event
         WHERE e.type = 'vote.cast'`,
      );
      assert.equal(Number(rows[0]!.n), entries.length);
      await assertLedgerMatches();
    });

    it('moves acceptance points: +15 and +2, another answer moves them, unaccept takes them back', async () => {
      const q = await ask(ada);
      const a1 = await answer(ben, q.id);
      const a2 = await answer(cleo, q.id);
      await accept(ada, q.id, a1.id);
      assert.deepEqual(
        [await reputation('m_ada'), await reputation('m_ben'), await reputation('m_cleo')],
        [2, 15, 0],
      );
      await accept(ada, q.id, a2.id);
      assert.deepEqual(
        [await reputation('m_ada'), await reputation('m_ben'), await reputation('m_cleo')],
        [2, 0, 15],
      );
      // Staff accepting keeps the asker as the cause: nothing changes twice.
      await accept(sam, q.id, a2.id);
      assert.equal(await reputation('m_ada'), 2);
      await accept(ada, q.id, null);
      assert.deepEqual(
        [await reputation('m_ada'), await reputation('m_ben'), await reputation('m_cleo')],
        [0, 0, 0],
      );
      const entries = await ledger(`reason IN ('answer.accepted', 'accept.given')`);
      assert.ok(entries.every((e) => e.cause_actor === 'm_ada' && e.scope === 'topic:sku-1'));
      const of = (id: string) =>
        entries.filter((e) => e.target_id === id).map((e) => [e.member, e.reason, e.points]);
      assert.deepEqual(of(a1.id), [
        ['m_ben', 'answer.accepted', 15],
        ['m_ada', 'accept.given', 2],
        ['m_ben', 'answer.accepted', -15],
        ['m_ada', 'accept.given', -2],
      ]);
      assert.deepEqual(of(a2.id), [
        ['m_cleo', 'answer.accepted', 15],
        ['m_ada', 'accept.given', 2],
        ['m_cleo', 'answer.accepted', -15],
        ['m_ada', 'accept.given', -2],
      ]);
      await assertLedgerMatches();
    });

    it('gives no accept.given for accepting one’s own answer', async () => {
      const q = await ask(ada);
      const own = await answer(ada, q.id);
      await accept(ada, q.id, own.id);
      assert.deepEqual(
        (await ledger()).map((e) => [e.member, e.reason, e.points]),
        [['m_ada', 'answer.accepted', 15]],
      );
    });

    it('reverses a hidden answer’s points and restores them on approval', async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      await vote(cleo, 'answer', a.id, 1);
      await vote(dan, 'answer', a.id, 1);
      await accept(ada, q.id, a.id);
      assert.equal(await reputation('m_ben'), 35);
      assert.equal(await reputation('m_ada'), 2);
      await moderate('hide', 'answer', a.id);
      assert.equal(await reputation('m_ben'), 0);
      assert.equal(await reputation('m_ada'), 0);
      await moderate('approve', 'answer', a.id);
      assert.equal(await reputation('m_ben'), 35);
      assert.equal(await reputation('m_ada'), 2);
      const hidden = await ledger(`points < 0`);
      assert.equal(hidden.length, 4);
      await assertLedgerMatches();
    });

    it('gives idea votes +2 (not one’s own), planned +20, done +30 more, and reverses a step back', async () => {
      const idea = await submitIdea(ada); // the author's own vote earns nothing
      assert.equal(await reputation('m_ada'), 0);
      await vote(ben, 'idea', idea.id, 1);
      await vote(cleo, 'idea', idea.id, 1);
      assert.equal(await reputation('m_ada'), 4);
      await setStatus(idea.id, 'planned');
      assert.equal(await reputation('m_ada'), 24);
      await setStatus(idea.id, 'in-progress');
      assert.equal(await reputation('m_ada'), 24, 'in progress is still planned');
      await setStatus(idea.id, 'done');
      assert.equal(await reputation('m_ada'), 54);
      await setStatus(idea.id, 'under-review');
      assert.equal(await reputation('m_ada'), 4);
      await vote(ben, 'idea', idea.id, 0);
      assert.equal(await reputation('m_ada'), 2);
      const entries = await ledger(`reason IN ('idea.planned', 'idea.done')`);
      assert.deepEqual(
        entries.map((e) => [e.reason, e.points, e.cause_actor, e.scope]),
        [
          ['idea.planned', 20, null, 'board:roadmap'],
          ['idea.done', 30, null, 'board:roadmap'],
          ['idea.planned', -20, null, 'board:roadmap'],
          ['idea.done', -30, null, 'board:roadmap'],
        ],
      );
      await assertLedgerMatches();
    });

    it('moves idea vote points with a merge', async () => {
      const original = await submitIdea(ada);
      const duplicate = await submitIdea(ben);
      await vote(cleo, 'idea', duplicate.id, 1);
      await vote(ada, 'idea', duplicate.id, 1);
      assert.equal(await reputation('m_ben'), 4);
      await ok(
        api.request('POST', `/v1/ideas/${duplicate.id}/merge`, {
          token: sam,
          body: { originalId: original.id },
        }),
      );
      // cleo's and ben's own votes moved to ada's idea (+2 each); ada's own vote earns nothing.
      assert.equal(await reputation('m_ben'), 0);
      assert.equal(await reputation('m_ada'), 4);
      await assertLedgerMatches();
    });

    it('gives review helpful votes +5 (scope product) and uses the site’s points', async () => {
      const review = await ok(
        api.request('POST', '/v1/reviews', {
          token: ada,
          body: { product: 'sku-9', rating: 5, title: 'Great', body: 'Fits well.' },
        }),
        201,
      );
      await vote(ben, 'review', review.id, 1);
      await vote(cleo, 'review', review.id, -1);
      assert.equal(await reputation('m_ada'), 5);
      assert.deepEqual(
        (await ledger()).map((e) => [e.reason, e.points, e.cause_actor, e.scope]),
        [['review.helpful', 5, 'm_ben', 'product:sku-9']],
      );

      const res = await settings({ reputation: { 'answer.upvoted': 7, 'review.helpful': 0 } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.settings.reputation['answer.upvoted'], 7);
      assert.equal(res.body.settings.reputation['answer.accepted'], 15, 'defaults shown');
      const q = await ask(ben);
      const a = await answer(cleo, q.id);
      await vote(dan, 'answer', a.id, 1);
      assert.equal(await reputation('m_cleo'), 7);
      // A vote is reconciled for its voter's entries only: dan's helpful vote is worth 0 now, ben's
      // earlier 5 stay (a post reconciled whole — hidden, approved — is valued at the new points).
      await vote(dan, 'review', review.id, 1);
      assert.equal(await reputation('m_ada'), 5, 'review.helpful is worth 0 now, ben’s 5 stay');
      await moderate('hide', 'review', review.id);
      await moderate('approve', 'review', review.id);
      assert.equal(await reputation('m_ada'), 0, 'approved again: every entry at the new points');
      await assertLedgerMatches();
    });

    it('refuses invalid reputation, badge and trust level settings with field errors', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ reputation: { 'answer.upvoted': 1001 } }, 'settings.reputation.answer.upvoted'],
        [{ reputation: { 'answer.upvoted': 1.5 } }, 'settings.reputation.answer.upvoted'],
        [{ reputation: { 'made.up': 1 } }, 'settings.reputation'],
        [
          {
            badges: [
              {
                slug: 'Bad Slug',
                name: 'x',
                description: '',
                tier: 'gold',
                metric: 'posts',
                threshold: 1,
              },
            ],
          },
          'settings.badges.0.slug',
        ],
        [
          {
            badges: [
              {
                slug: 'ok',
                name: 'x',
                description: '',
                tier: 'platinum',
                metric: 'posts',
                threshold: 1,
              },
            ],
          },
          'settings.badges.0.tier',
        ],
        [
          {
            badges: [
              {
                slug: 'ok',
                name: 'x',
                description: '',
                tier: 'gold',
                metric: 'karma',
                threshold: 1,
              },
            ],
          },
          'settings.badges.0.metric',
        ],
        [
          {
            badges: [
              {
                slug: 'ok',
                name: 'x',
                description: '',
                tier: 'gold',
                metric: 'posts',
                threshold: -1,
              },
            ],
          },
          'settings.badges.0.threshold',
        ],
        [{ trustLevels: { 2: { posts: -1 } } }, 'settings.trustLevels.2.posts'],
        [{ trustLevels: { 5: { posts: 1 } } }, 'settings.trustLevels'],
      ];
      for (const [patch, field] of cases) {
        const res = await settings(patch);
        assert.equal(res.status, 400, JSON.stringify(patch));
        assert.ok(
          Object.keys(res.body.error.fields).some((f) => f.startsWith(field)),
          `${JSON.stringify(patch)} → ${JSON.stringify(res.body.error.fields)}`,
        );
      }
      const res = await api.request('GET', '/v1/site/settings', { token: sam });
      assert.equal(res.body.settings.trustLevels['2'].posts, 5);
      assert.ok(res.body.settings.badges.some((b: Body) => b.slug === 'problem-solver'));
    });

    // ---- badges and trust levels --------------------------------------------------------------

    it('awards badges once, with their cause and a badge.awarded event', async () => {
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      await answer(ben, q.id);
      let profile = await ok(api.request('GET', '/v1/members/m_ben'));
      assert.deepEqual(
        profile.badges.map((b: Body) => [b.badge.slug, b.badge.name, b.badge.tier, b.cause]),
        [['first-answer', 'First Answer', 'bronze', { metric: 'answers', value: 1, threshold: 1 }]],
      );
      assert.equal(profile.badgeCount, 1);
      assert.deepEqual(
        profile.topBadges.map((b: Body) => b.slug),
        ['first-answer'],
      );
      const { rows } = await db.query<{ actor: string | null; target_id: string; payload: Body }>(
        `SELECT actor, target_id, payload FROM community_events WHERE type = 'badge.awarded' ORDER BY id`,
      );
      assert.deepEqual(
        rows.map((e) => [e.actor, e.target_id, e.payload]),
        [
          [null, 'm_ada', { badge: 'first-question', tier: 'bronze' }],
          [null, 'm_ben', { badge: 'first-answer', tier: 'bronze' }],
        ],
      );

      // Problem Solver: five accepted answers.
      for (let i = 0; i < 4; i++) {
        const qi = await ask(cleo);
        const ai = await answer(ben, qi.id);
        await accept(cleo, qi.id, ai.id);
      }
      profile = await ok(api.request('GET', '/v1/members/m_ben'));
      assert.ok(!profile.badges.some((b: Body) => b.badge.slug === 'problem-solver'));
      await accept(ada, q.id, a.id);
      profile = await ok(api.request('GET', '/v1/members/m_ben'));
      assert.deepEqual(profile.badges[0].badge.slug, 'problem-solver');
      assert.deepEqual(profile.badges[0].cause, {
        metric: 'acceptedAnswers',
        value: 5,
        threshold: 5,
      });
      assert.deepEqual(
        profile.topBadges.map((b: Body) => b.slug),
        ['problem-solver', 'first-answer'],
      );
      // Unaccepting and accepting again does not award it twice.
      await accept(ada, q.id, null);
      await accept(ada, q.id, a.id);
      const { rows: awards } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM badge_awards WHERE member = 'm_ben' AND badge = 'problem-solver'`,
      );
      assert.equal(Number(awards[0]!.n), 1);
      assert.equal(
        (
          await db.query(
            `SELECT 1 FROM community_events WHERE type = 'badge.awarded' AND payload->>'badge' = 'problem-solver'`,
          )
        ).rows.length,
        1,
      );

      // A site's own rule and a removed default.
      await ok(
        settings({
          badges: [
            {
              slug: 'first-answer',
              name: 'x',
              description: '',
              tier: 'bronze',
              metric: 'answers',
              threshold: 0,
            },
            {
              slug: 'voter',
              name: 'Voter',
              description: 'Up votes received.',
              tier: 'gold',
              metric: 'upvotes',
              threshold: 1,
            },
          ],
        }),
      );
      await vote(dan, 'answer', a.id, 1);
      profile = await ok(api.request('GET', '/v1/members/m_ben'));
      assert.equal(profile.topBadges[0].slug, 'voter');
      assert.equal(profile.topBadges[0].name, 'Voter');
      assert.equal(profile.badgeCount, 3);
    });

    it('moves trust levels with the site’s thresholds; staff are 4; new members start at 0', async () => {
      await ok(
        settings({
          trustLevels: {
            1: { posts: 1, activeDays: 1 },
            2: { posts: 2, activeDays: 1, helpfulVotes: 1 },
            3: { posts: 3, activeDays: 1, acceptedAnswers: 1, helpfulVotes: 1, maxFlagsAgainst: 0 },
          },
        }),
      );
      const q = await ask(cleo);
      await vote(ada, 'question', q.id, 1); // ada: a member without posts
      assert.equal(await trustLevel('m_ada'), 0);
      assert.equal(await trustLevel('m_sam'), 4);
      const a1 = await answer(ada, q.id);
      assert.equal(await trustLevel('m_ada'), 1);
      await answer(ada, q.id);
      assert.equal(await trustLevel('m_ada'), 1, 'no helpful vote yet');
      await vote(ben, 'answer', a1.id, 1);
      assert.equal(await trustLevel('m_ada'), 2);
      await answer(ada, q.id);
      await accept(cleo, q.id, a1.id);
      assert.equal(await trustLevel('m_ada'), 3);
      // A flag by another member against her content takes her below level 3 (maxFlagsAgainst 0).
      await ok(
        api.request('POST', '/v1/flags', {
          token: dan,
          body: { targetType: 'answer', targetId: a1.id, reason: 'spam' },
        }),
      );
      assert.equal(await trustLevel('m_ada'), 2);
      const card = await ok(api.request('GET', '/v1/members/m_ada'));
      assert.equal(card.trustLevel, 2);
    });

    // ---- tie strength ---------------------------------------------------------------------------

    it('computes tie strength from the member’s figures', async () => {
      // ben: answers ada's question (accepted, one up vote from cleo), comments on ada's idea, votes
      // up ada's question; ada answers ben's question.
      const q = await ask(ada);
      const a = await answer(ben, q.id);
      await vote(cleo, 'answer', a.id, 1);
      await accept(ada, q.id, a.id);
      const idea = await submitIdea(ada);
      await ok(
        api.request('POST', `/v1/ideas/${idea.id}/comments`, {
          token: ben,
          body: { body: 'Yes!' },
        }),
        201,
      );
      await vote(ben, 'question', q.id, 1);
      const qb = await ask(ben);
      await answer(ada, qb.id);
      await db.query(
        `UPDATE members SET first_seen_at = now() - interval '73 days' WHERE id = 'm_ben'`,
      );
      const profile = await ok(api.request('GET', '/v1/members/m_ben'));
      const t = profile.tieStrength;
      assert.deepEqual(t.time.figures, { tenureDays: 73, activeDays: 1 });
      // Answer, comment, up vote, question: 4 events in the last 28 days.
      assert.deepEqual(t.intensity.figures, { perWeek: 1, interactions: 4 });
      // Contributions: the answer, the comment and the question.
      assert.deepEqual(t.trust.figures, { accepted: 1, helpful: 1, contributions: 3 });
      // given: answer to ada + comment on ada's idea + up vote on ada's question = 3;
      // received: ada's answer to his question + cleo's up vote = 2.
      assert.deepEqual(t.reciprocity.figures, { given: 3, received: 2 });
      assert.equal(t.reciprocity.score, 0.8);
      assert.equal(t.trust.score, 0.67);
      assert.match(t.time.explanation, /Member for 73 days, active on 1 day\./);
      for (const c of ['time', 'intensity', 'trust', 'reciprocity']) {
        assert.ok(t[c].score >= 0 && t[c].score <= 1);
      }
    });

    // ---- reads ------------------------------------------------------------------------------------

    it('reads many member cards in the order asked, leaving unknown ids out', async () => {
      const q = await ask(ada);
      await answer(ben, q.id);
      const requests = [
        { kind: 'members', ids: ['m_ben', 'm_nobody', 'm_ada', 'm_ben'] },
        { kind: 'members', ids: Array.from({ length: 101 }, (_, i) => `m_${i}`) },
        { kind: 'members', ids: [] },
      ];
      const res = await ok(
        api.request(
          'GET',
          `/v1/bootstrap?requests=${encodeURIComponent(JSON.stringify(requests))}`,
        ),
      );
      const [cards, tooMany, none] = res.results;
      assert.deepEqual(
        cards.data.map((c: Body) => [c.id, c.badgeCount, c.topBadges.map((b: Body) => b.slug)]),
        [
          ['m_ben', 1, ['first-answer']],
          ['m_ada', 1, ['first-question']],
        ],
      );
      assert.equal(cards.data[0].trustLevel, 1);
      assert.equal(cards.data[0].name, 'BEN');
      assert.equal(tooMany.error.code, 'validation');
      assert.ok(tooMany.error.fields.ids);
      assert.ok(none.error.fields.ids);
    });

    it('ranks the leaderboard by period, topic and board; staff are not ranked', async () => {
      // ben earns 20 in topic sku-1, cleo 10 in sku-2, dan 2 on the board, sam (staff) 10.
      const q1 = await ask(ada, 'sku-1');
      const q2 = await ask(ada, 'sku-2');
      const b1 = await answer(ben, q1.id);
      const c2 = await answer(cleo, q2.id);
      const s1 = await answer(sam, q1.id);
      await vote(ada, 'answer', b1.id, 1);
      await vote(dan, 'answer', b1.id, 1);
      await vote(ada, 'answer', c2.id, 1);
      await vote(ada, 'answer', s1.id, 1);
      const idea = await submitIdea(dan);
      await vote(ada, 'idea', idea.id, 1);
      // Down votes only: a negative total is not ranked.
      const q3 = await ask(cleo, 'sku-3');
      await vote(ben, 'question', q3.id, -1);
      await vote(dan, 'question', q3.id, -1);
      await vote(ada, 'question', q3.id, -1);
      await vote(sam, 'question', q3.id, -1);
      await vote(ben, 'question', q1.id, -1);
      // ada's points: none (-2 from ben's down vote on q1).

      const board = async (query: string) =>
        (await ok(api.request('GET', `/v1/leaderboard?${query}`))).map((e: Body) => [
          e.rank,
          e.member.id,
          e.points,
        ]);
      // cleo: 10 − 4 × 2 = 2, tied with dan and first to score; ada (−2) is not ranked.
      assert.deepEqual(await board('period=all'), [
        [1, 'm_ben', 20],
        [2, 'm_cleo', 2],
        [3, 'm_dan', 2],
      ]);
      assert.deepEqual(await board('period=all&topic=sku-1'), [[1, 'm_ben', 20]]);
      assert.deepEqual(await board('period=all&topic=sku-2'), [[1, 'm_cleo', 10]]);
      assert.deepEqual(await board('period=all&board=roadmap'), [[1, 'm_dan', 2]]);

      // Move ben's points 10 days back and cleo's 40: the week has dan, the month ben and dan.
      await db.query(
        `UPDATE reputation_events SET created_at = now() - interval '10 days' WHERE member = 'm_ben'`,
      );
      await db.query(
        `UPDATE reputation_events SET created_at = now() - interval '40 days' WHERE member = 'm_cleo'`,
      );
      assert.deepEqual(await board('period=week'), [[1, 'm_dan', 2]]);
      assert.deepEqual(await board('period=month'), [
        [1, 'm_ben', 20],
        [2, 'm_dan', 2],
      ]);
      const q4 = await ask(ada, 'sku-1');
      const d4 = await answer(dan, q4.id);
      await vote(ben, 'answer', d4.id, 1);
      await vote(cleo, 'answer', d4.id, 1);
      // dan: 2 + 20 = 22.
      const week = await board('period=week&limit=1');
      assert.deepEqual(week, [[1, 'm_dan', 22]]);
      assert.deepEqual(await board('period=all&limit=2'), [
        [1, 'm_dan', 22],
        [2, 'm_ben', 20],
      ]);
      // The same read through the bootstrap.
      const res = await ok(
        api.request(
          'GET',
          `/v1/bootstrap?requests=${encodeURIComponent(
            JSON.stringify([
              { kind: 'leaderboard', period: 'all', topic: 'sku-1', limit: 5 },
              { kind: 'leaderboard', period: 'year', limit: 5 },
              { kind: 'leaderboard', period: 'all', topic: 'a', board: 'b', limit: 5 },
            ]),
          )}`,
        ),
      );
      assert.deepEqual(
        res.results[0].data.map((e: Body) => [e.rank, e.member.id, e.points]),
        // A tie: ben's first entry is older.
        [
          [1, 'm_ben', 20],
          [2, 'm_dan', 20],
        ],
      );
      assert.ok(res.results[1].error.fields.period);
      assert.ok(res.results[2].error.fields.board);
      const bad = await api.request('GET', '/v1/leaderboard?period=year');
      assert.equal(bad.status, 400);
      assert.ok(bad.body.error.fields.period);
    });

    it('derives the demo seed’s reputation, trust levels and badges from its ledger', async () => {
      const seed = await loadSeedFile(path.join(repoRoot, 'demo/seed.js'));
      assert.equal(await seedSite(db, 'test', seed), true);
      assert.ok((await ledger()).length > 0);
      await assertLedgerMatches();
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM badge_awards WHERE site = 'test'`,
      );
      assert.ok(Number(rows[0]!.n) > 0);
      const board = await ok(api.request('GET', '/v1/leaderboard?period=all&limit=3'));
      assert.equal(board.length, 3);
      assert.ok(board[0].points >= board[1].points);
      assert.equal(board[0].member.reputation, board[0].points);
    });

    // ---- concurrency -------------------------------------------------------------------------------

    it('keeps reputation equal to the ledger and to the final votes under concurrent votes and accepts', async () => {
      const q = await ask(ada);
      const answers = [await answer(ben, q.id), await answer(cleo, q.id), await answer(dan, q.id)];
      const voters = await Promise.all(Array.from({ length: 30 }, (_, i) => token(`m_v${i}`)));
      const rounds = [1, -1, 0, 1, -1];
      await Promise.all([
        ...voters.map(async (tok, i) => {
          for (let r = 0; r < 3; r++) {
            const a = answers[(i + r) % answers.length]!;
            const value = rounds[(i * 7 + r) % rounds.length]!;
            const res = await api.request('PUT', '/v1/votes', {
              token: tok,
              body: { targetType: 'answer', targetId: a.id, value },
            });
            assert.equal(res.status, 200, JSON.stringify(res.body));
          }
          // Each voter also votes on the question.
          await vote(tok, 'question', q.id, i % 2 ? 1 : -1);
        }),
        (async () => {
          for (let r = 0; r < 9; r++) {
            const a = answers[r % answers.length]!;
            await accept(r % 2 ? ada : sam, q.id, r === 8 ? a.id : r % 3 ? a.id : null);
          }
        })(),
      ]);
      await assertLedgerMatches();

      // Recomputed from the final votes and acceptance.
      const { rows: votes } = await db.query<{
        target_type: string;
        target_id: string;
        value: number;
      }>(`SELECT target_type, target_id, value FROM votes`);
      const { rows: qs } = await db.query<{ accepted_answer_id: string | null }>(
        `SELECT accepted_answer_id FROM questions WHERE id = $1`,
        [q.id],
      );
      const authorOf = new Map<string, string>([
        [q.id, 'm_ada'],
        ...answers.map((a: Body) => [a.id, a.author.id] as [string, string]),
      ]);
      const expected = new Map<string, number>();
      const add = (m: string, n: number) => expected.set(m, (expected.get(m) ?? 0) + n);
      for (const v of votes) {
        const points =
          v.target_type === 'question'
            ? Number(v.value) === 1
              ? 5
              : -2
            : Number(v.value) === 1
              ? 10
              : -2;
        add(authorOf.get(v.target_id)!, points);
      }
      const accepted = qs[0]!.accepted_answer_id;
      assert.ok(accepted);
      add(authorOf.get(accepted)!, 15);
      add('m_ada', 2);
      for (const member of ['m_ada', 'm_ben', 'm_cleo', 'm_dan']) {
        assert.equal(await reputation(member), expected.get(member) ?? 0, member);
      }
    });
  });
}
