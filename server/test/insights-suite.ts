/**
 * Analytics, run once per database (insights.pglite.test.ts, insights.postgres.test.ts): the view
 * beacon (validation, no cookies, dedupe, rate limit, CORS) and the insights report, every figure
 * checked against values worked out by hand on a small data set seeded through the API and moved to
 * fixed times across three days by SQL.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import { deleteOldViews } from '../src/db/views.js';
import {
  HIGH_LIMITS,
  NEW_MEMBERS_LINK,
  NO_BADGES,
  ORIGIN,
  castTokens,
  client,
  countRows,
  expectStatus as ok,
  resetDatabase,
  suiteDatabase,
  token,
  type Body,
  type Client,
  type TestDatabase,
} from './helpers.js';

const load = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DAYS = ['2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', '2026-03-04T00:00:00.000Z'];

export function insightsSuite(name: string, open: () => Promise<TestDatabase>): void {
  describe(`Analytics on ${name}`, () => {
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let cy: string;
    let sam: string;

    suiteDatabase(
      open,
      async (opened) => {
        ({ db, api } = opened);
        ({ ada, ben, cy, sam } = await castTokens());
      },
      { settings: { rateLimits: HIGH_LIMITS, trustLevels: NEW_MEMBERS_LINK, badges: NO_BADGES } },
    );

    const beacon = (body: unknown, headers: Record<string, string> = {}, app = api) =>
      app.request('POST', '/v1/events/views', {
        rawBody: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
      });
    const insights = (query: string, tok: string | null = sam) =>
      api.request('GET', `/v1/insights?${query}`, { token: tok });

    // ---- the view beacon -----------------------------------------------------------------------------

    describe('the view beacon', () => {
      it('stores a text/plain batch without a token, sets no cookie, and keeps nothing personal', async () => {
        const r = await beacon(
          {
            pageLoad: load(1),
            events: [
              { type: 'question-opened', questionId: 'q_1' },
              { type: 'suggestion-opened', questionId: 'q_2' },
              { type: 'question-opened', questionId: 'q_1' },
            ],
          },
          { 'user-agent': 'Mozilla/5.0 Test', 'x-forwarded-for': '203.0.113.9' },
        );
        assert.equal(r.status, 204);
        assert.equal(r.headers.get('set-cookie'), null);
        const { rows } = await db.query<Record<string, unknown>>(
          'SELECT * FROM view_events ORDER BY type, question_id',
        );
        assert.deepEqual(
          rows.map((row) => Object.keys(row).sort()),
          [
            ['created_at', 'page_load', 'question_id', 'site', 'type'],
            ['created_at', 'page_load', 'question_id', 'site', 'type'],
          ],
          'one row per event, the same event once; no member, IP or user agent column',
        );
        assert.deepEqual(
          rows.map((row) => [row.page_load, row.type, row.question_id]),
          [
            [load(1), 'question-opened', 'q_1'],
            [load(1), 'suggestion-opened', 'q_2'],
          ],
        );
      });

      it('accepts JSON too, and a repeat of the same events changes nothing', async () => {
        const batch = {
          pageLoad: load(2),
          events: [{ type: 'question-asked', questionId: 'q_9' }],
        };
        const first = await api.request('POST', '/v1/events/views', { body: batch });
        assert.equal(first.status, 204);
        assert.equal((await beacon(batch)).status, 204);
        assert.equal(await countRows(db, 'view_events'), 1);
      });

      it('refuses invalid batches with field messages', async () => {
        const event = { type: 'question-opened', questionId: 'q_1' };
        const cases: [unknown, string][] = [
          [{ pageLoad: 'not-a-uuid', events: [event] }, 'pageLoad'],
          [{ events: [event] }, 'pageLoad'],
          [{ pageLoad: load(1), events: [] }, 'events'],
          [{ pageLoad: load(1), events: Array(51).fill(event) }, 'events'],
          [
            { pageLoad: load(1), events: [{ type: 'clicked', questionId: 'q_1' }] },
            'events.0.type',
          ],
          [
            { pageLoad: load(1), events: [{ type: 'question-opened', questionId: '' }] },
            'events.0.questionId',
          ],
          [
            {
              pageLoad: load(1),
              events: [{ type: 'question-opened', questionId: 'x'.repeat(201) }],
            },
            'events.0.questionId',
          ],
        ];
        for (const [body, field] of cases) {
          const r = await beacon(body);
          assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
          assert.equal(r.body.error.code, 'validation');
          assert.ok(r.body.error.fields?.[field], `${field}: ${JSON.stringify(r.body.error)}`);
        }
        const notJson = await beacon('{"pageLoad":');
        assert.equal(notJson.status, 400);
        assert.match(notJson.body.error.message, /not valid JSON/);
        const form = await beacon('a=b', { 'content-type': 'application/x-www-form-urlencoded' });
        assert.equal(form.status, 415);
        const fifty = await beacon({
          pageLoad: load(1),
          events: Array.from({ length: 50 }, (_, i) => ({ ...event, questionId: `q_${i}` })),
        });
        assert.equal(fifty.status, 204, 'fifty events are allowed');
        assert.equal(await countRows(db, 'view_events'), 50);
      });

      it('answers 404 for an unknown site', async () => {
        const r = await api.request('POST', '/v1/events/views?site=nope', {
          rawBody: JSON.stringify({ pageLoad: load(1), events: [] }),
          headers: { 'content-type': 'text/plain' },
        });
        assert.equal(r.status, 404);
        assert.equal(r.body.error.code, 'not-found');
      });

      it('is rate limited per IP (as a read)', async () => {
        await resetDatabase(db, { rateLimits: { ...HIGH_LIMITS, readsPerMinutePerIp: 3 } });
        const limited = client(db);
        const batch = {
          pageLoad: load(3),
          events: [{ type: 'question-asked', questionId: 'q_1' }],
        };
        for (let i = 0; i < 3; i++) assert.equal((await beacon(batch, {}, limited)).status, 204);
        const r = await beacon(batch, {}, limited);
        assert.equal(r.status, 429);
        assert.equal(r.body.error.code, 'rate-limited');
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
      });

      it("answers the site's allowed origins with CORS headers and refuses other origins", async () => {
        const batch = {
          pageLoad: load(4),
          events: [{ type: 'question-asked', questionId: 'q_1' }],
        };
        const allowed = await beacon(batch, { origin: ORIGIN });
        assert.equal(allowed.status, 204);
        assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
        assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
        const other = await beacon(batch, { origin: 'https://elsewhere.example' });
        assert.equal(other.status, 403);
        assert.equal(await countRows(db, 'view_events'), 1);
      });

      it('forgets events older than 400 days', async () => {
        await beacon({
          pageLoad: load(5),
          events: [{ type: 'question-asked', questionId: 'q_1' }],
        });
        await beacon({
          pageLoad: load(6),
          events: [{ type: 'question-asked', questionId: 'q_2' }],
        });
        await db.query(
          `UPDATE view_events SET created_at = now() - interval '401 days' WHERE page_load = $1`,
          [load(5)],
        );
        assert.equal(await deleteOldViews(db), 1);
        const { rows } = await db.query<{ page_load: string }>('SELECT page_load FROM view_events');
        assert.deepEqual(
          rows.map((r) => r.page_load),
          [load(6)],
        );
      });
    });

    // ---- the insights report -------------------------------------------------------------------------

    describe('insights', () => {
      /** Ids of what `seed` wrote, by the names the hand calculation below uses. */
      const ids: Record<string, string> = {};

      const post = async (tok: string, path: string, body: unknown, status = 201) =>
        (await ok(api.request('POST', path, { token: tok, body }), status)).id as string;
      const at = (table: string, id: string, time: string) =>
        db.query(`UPDATE ${table} SET created_at = $2 WHERE id = $1`, [id, time]);
      const vote = async (tok: string, member: string, idea: string, time: string) => {
        await ok(
          api.request('PUT', '/v1/votes', {
            token: tok,
            body: { targetType: 'idea', targetId: idea, value: 1 },
          }),
        );
        await db.query(
          `UPDATE votes SET created_at = $3 WHERE member = $1 AND target_type = 'idea' AND target_id = $2`,
          [member, idea, time],
        );
      };
      const hide = (targetType: string, targetId: string) =>
        ok(
          api.request('POST', '/v1/moderation/actions', {
            token: sam,
            body: { action: 'hide', targetType, targetId, reason: 'Test' },
          }),
        );
      const ask = async (key: string, tok: string, topic: string, time: string) => {
        ids[key] = await post(tok, '/v1/questions', { topic, title: `Question ${key}`, body: '' });
        await at('questions', ids[key], time);
      };
      const answer = async (key: string, tok: string, question: string, time: string) => {
        ids[key] = await post(tok, `/v1/questions/${ids[question]}/answers`, {
          body: `Answer ${key}`,
        });
        await at('answers', ids[key], time);
      };
      const idea = async (key: string, tok: string, member: string, time: string) => {
        ids[key] = await post(tok, '/v1/ideas', {
          board: 'roadmap',
          title: `Idea ${key}`,
          body: '',
        });
        await at('ideas', ids[key], time);
        // The author's own vote, cast with the idea.
        await db.query(`UPDATE votes SET created_at = $3 WHERE member = $1 AND target_id = $2`, [
          member,
          ids[key],
          time,
        ]);
      };
      const review = async (
        key: string,
        tok: string,
        product: string,
        rating: number,
        time: string,
      ) => {
        ids[key] = await post(tok, '/v1/reviews', { product, rating, body: `Review ${key}` });
        await at('reviews', ids[key], time);
      };
      const views = async (n: number, time: string, events: [string, string][]) => {
        const r = await beacon({
          pageLoad: load(n),
          events: events.map(([type, question]) => ({
            type,
            questionId: ids[question] ?? question,
          })),
        });
        assert.equal(r.status, 204);
        await db.query('UPDATE view_events SET created_at = $2 WHERE page_load = $1', [
          load(n),
          time,
        ]);
      };

      /**
       * The data set (times UTC; the report covers 2 March 00:00 to 5 March 00:00, three days). Ada, Ben
       * and Cy are customers, Sam is staff.
       *
       * Questions                          answers (visible unless said)
       *  q0 ada tents  1 Mar 23:00 (before)  a0 cy 2 Mar 08:00
       *  q1 ada tents  2 Mar 09:00           a1 ben 10:00 (accepted), a1s sam 12:00
       *  q2 ben tents  2 Mar 15:00           a2 sam 17:00, a2a ada 18:00
       *  q3 cy stoves  3 Mar 08:00           a3h ada 08:30 HIDDEN, a3 ben 11:00
       *  q4 ada stoves 3 Mar 12:00           — (escalated 4 Mar 12:00)
       *  q5 cy tents   4 Mar 09:00 HIDDEN    a5 ben 09:30 (escalated 4 Mar 13:00)
       *  q8 cy tents   4 Mar 14:00           —
       *  q7 ben packs  5 Mar 00:00 (after)   —
       * Ideas (board roadmap; each with its author's vote at its time)
       *  i1 ada 2 Mar 10:00 open      + ben's vote 2 Mar 11:00
       *  i2 ben 3 Mar 10:00 planned   + cy's vote 3 Mar 12:00, ada's 5 Mar 09:00 (after)
       *  i3 cy  4 Mar 10:00 HIDDEN    + ben's vote 4 Mar 11:00
       *  i4 cy  4 Mar 12:00 beta (a custom status, order 10)
       * Reviews: r1 ada p1 ★5 2 Mar 12:00, r2 ben p1 ★3 3 Mar 09:00, r3 cy p1 ★4 3 Mar 15:00,
       *  r4 cy p2 ★1 4 Mar 09:00 HIDDEN.
       * Page loads (beacon): L1 2 Mar 10:00 opened q1; L2 2 Mar 11:00 opened q4; L3 3 Mar 09:00
       *  suggestion q3 + asked; L4 3 Mar 10:00 suggestion q4; L5 4 Mar 10:00 opened q5 (hidden);
       *  L6 4 Mar 11:00 opened q2 + asked; L7 4 Mar 12:00 asked only; L8 5 Mar 01:00 opened q1 (after);
       *  L9 4 Mar 13:00 opened an unknown question; L10 4 Mar 15:00 asked q8 and was shown it.
       * Every community event is moved to 1 Feb, then the writes' and votes' events to their post's or
       * vote's time (so accepting, hiding and setting statuses happened outside the period).
       */
      async function seed(): Promise<void> {
        await ask('q0', ada, 'tents', '2026-03-01T23:00:00Z');
        await answer('a0', cy, 'q0', '2026-03-02T08:00:00Z');
        await ask('q1', ada, 'tents', '2026-03-02T09:00:00Z');
        await answer('a1', ben, 'q1', '2026-03-02T10:00:00Z');
        await answer('a1s', sam, 'q1', '2026-03-02T12:00:00Z');
        await ok(
          api.request('PUT', `/v1/questions/${ids.q1}/accepted-answer`, {
            token: ada,
            body: { answerId: ids.a1 },
          }),
        );
        await ask('q2', ben, 'tents', '2026-03-02T15:00:00Z');
        await answer('a2', sam, 'q2', '2026-03-02T17:00:00Z');
        await answer('a2a', ada, 'q2', '2026-03-02T18:00:00Z');
        await ask('q3', cy, 'stoves', '2026-03-03T08:00:00Z');
        await answer('a3h', ada, 'q3', '2026-03-03T08:30:00Z');
        await answer('a3', ben, 'q3', '2026-03-03T11:00:00Z');
        await ask('q4', ada, 'stoves', '2026-03-03T12:00:00Z');
        await ask('q5', cy, 'tents', '2026-03-04T09:00:00Z');
        await answer('a5', ben, 'q5', '2026-03-04T09:30:00Z');
        await ask('q8', cy, 'tents', '2026-03-04T14:00:00Z');
        await ask('q7', ben, 'packs', '2026-03-05T00:00:00Z');
        await db.query(
          `UPDATE questions SET escalated_at = $2, escalated_by = 'staff' WHERE id = $1`,
          [ids.q4, '2026-03-04T12:00:00Z'],
        );
        await db.query(
          `UPDATE questions SET escalated_at = $2, escalated_by = 'staff' WHERE id = $1`,
          [ids.q5, '2026-03-04T13:00:00Z'],
        );

        await idea('i1', ada, 'm_ada', '2026-03-02T10:00:00Z');
        await vote(ben, 'm_ben', ids.i1!, '2026-03-02T11:00:00Z');
        await idea('i2', ben, 'm_ben', '2026-03-03T10:00:00Z');
        await vote(cy, 'm_cy', ids.i2!, '2026-03-03T12:00:00Z');
        await vote(ada, 'm_ada', ids.i2!, '2026-03-05T09:00:00Z');
        await idea('i3', cy, 'm_cy', '2026-03-04T10:00:00Z');
        await vote(ben, 'm_ben', ids.i3!, '2026-03-04T11:00:00Z');
        await idea('i4', cy, 'm_cy', '2026-03-04T12:00:00Z');
        await ok(
          api.request('PUT', '/v1/boards/roadmap', {
            token: sam,
            body: { statuses: [{ slug: 'beta', label: 'Beta', order: 10 }] },
          }),
        );
        for (const [key, status] of [
          ['i2', 'planned'],
          ['i4', 'beta'],
        ] as const) {
          await ok(
            api.request('PUT', `/v1/ideas/${ids[key]}/status`, { token: sam, body: { status } }),
          );
        }

        await review('r1', ada, 'p1', 5, '2026-03-02T12:00:00Z');
        await review('r2', ben, 'p1', 3, '2026-03-03T09:00:00Z');
        await review('r3', cy, 'p1', 4, '2026-03-03T15:00:00Z');
        await review('r4', cy, 'p2', 1, '2026-03-04T09:00:00Z');

        await hide('answer', ids.a3h!);
        await hide('question', ids.q5!);
        await hide('idea', ids.i3!);
        await hide('review', ids.r4!);

        await views(1, '2026-03-02T10:00:00Z', [['question-opened', 'q1']]);
        await views(2, '2026-03-02T11:00:00Z', [['question-opened', 'q4']]);
        await views(3, '2026-03-03T09:00:00Z', [
          ['suggestion-opened', 'q3'],
          ['question-asked', 'q_new'],
        ]);
        await views(4, '2026-03-03T10:00:00Z', [['suggestion-opened', 'q4']]);
        await views(5, '2026-03-04T10:00:00Z', [['question-opened', 'q5']]);
        await views(6, '2026-03-04T11:00:00Z', [
          ['question-opened', 'q2'],
          ['question-asked', 'q_other'],
        ]);
        await views(7, '2026-03-04T12:00:00Z', [['question-asked', 'q_third']]);
        await views(8, '2026-03-05T01:00:00Z', [['question-opened', 'q1']]);
        await views(9, '2026-03-04T13:00:00Z', [['question-opened', 'q_unknown']]);
        await views(10, '2026-03-04T15:00:00Z', [
          ['question-asked', 'q8'],
          ['question-opened', 'q8'],
        ]);

        await db.query(`UPDATE community_events SET created_at = '2026-02-01T00:00:00Z'`);
        for (const table of ['questions', 'answers', 'ideas', 'reviews']) {
          await db.query(
            `UPDATE community_events e SET created_at = p.created_at FROM ${table} p
             WHERE p.site = e.site AND p.id = e.target_id
               AND e.type IN ('question.asked', 'answer.posted', 'idea.submitted', 'review.submitted')`,
          );
        }
        await db.query(
          `UPDATE community_events e SET created_at = v.created_at FROM votes v
           WHERE e.type = 'vote.cast' AND v.site = e.site AND v.member = e.actor
             AND v.target_type = e.target_type AND v.target_id = e.target_id`,
        );
      }

      const PERIOD = 'from=2026-03-02&to=2026-03-05';
      const series = (report: Body, key: string) =>
        report.series[key].map((p: { bucket: string; value: number | null }) => p.value);

      it('computes every figure of the seeded period as worked out by hand', async () => {
        await seed();
        const report = await ok(insights(`${PERIOD}&bucket=day`));
        assert.equal(report.from, '2026-03-02T00:00:00.000Z');
        assert.equal(report.to, '2026-03-05T00:00:00.000Z');
        assert.equal(report.bucket, 'day');
        assert.deepEqual(report.kpis, {
          // q1, q2, q3, q4, q8 (q0 before, q7 after the period, q5 hidden)
          questions: 5,
          // q1, q2, q3 have a visible answer: 3 / 5
          answerRate: 0.6,
          // q1 3600 s (a1), q2 7200 s (a2), q3 10800 s (a3; a3h is hidden): median 7200
          medianFirstAnswerSeconds: 7200,
          // first answers: a1 ben, a2 sam (staff), a3 ben: 2 of 3
          communityAnswerShare: 2 / 3,
          // q4 (q5 is hidden)
          escalations: 1,
          // L1, L2, L3, L4, L6 (L5 opened a hidden question, L7 only asked, L8 is after the
          // period, L9 opened no known question, L10 only saw the question it asked)
          viewPageLoads: 5,
          // L1 (q1 answered), L4 (a suggestion); L2 opened an unanswered question, L3 and L6 asked
          deflectedPageLoads: 2,
          deflectionRate: 0.4,
          // i1, i2, i4 (i3 hidden)
          ideas: 3,
          // i1: ada, ben; i2: ben, cy (ada's is after the period); i4: cy (i3's are on a hidden idea)
          ideaVotes: 5,
          // r1, r2, r3 (r4 hidden)
          reviews: 3,
          // (5 + 3 + 4) / 3
          reviewAverage: 4,
          // ada, ben, cy, sam
          activeMembers: 4,
          // helped someone and was helped: ada (a2a → ben; a1, a1s, a0 ← ben, sam, cy), ben (a1 →
          // ada, a3 → cy; a2, a2a ← sam, ada), cy (a0 → ada; a3 ← ben); sam was never helped
          reciprocalMembers: 3,
        });
        assert.deepEqual(
          report.series.questions.map((p: { bucket: string }) => p.bucket),
          DAYS,
          'every day is a bucket',
        );
        for (const key of Object.keys(report.series)) {
          assert.deepEqual(
            report.series[key].map((p: { bucket: string }) => p.bucket),
            DAYS,
            key,
          );
        }
        // 2 Mar: q1, q2; 3 Mar: q3, q4; 4 Mar: q8
        assert.deepEqual(series(report, 'questions'), [2, 2, 1]);
        assert.deepEqual(series(report, 'answered'), [2, 1, 0]);
        // 2 Mar: median of 3600 and 7200; 3 Mar: q3's 10800; 4 Mar: nothing answered
        assert.deepEqual(series(report, 'medianFirstAnswerSeconds'), [5400, 10800, null]);
        assert.deepEqual(series(report, 'escalations'), [0, 0, 1]);
        assert.deepEqual(series(report, 'deflectedPageLoads'), [1, 1, 0]);
        assert.deepEqual(series(report, 'ideas'), [1, 1, 1]);
        // 2 Mar: i1 ada + ben; 3 Mar: i2 ben + cy; 4 Mar: i4 cy
        assert.deepEqual(series(report, 'ideaVotes'), [2, 2, 1]);
        assert.deepEqual(series(report, 'reviews'), [1, 2, 0]);
        // 3 Mar: (3 + 4) / 2
        assert.deepEqual(series(report, 'reviewAverage'), [5, 3.5, null]);
        // 2 Mar: ada, ben, cy (a0), sam (a1s, a2); 3 Mar: ada, ben, cy; 4 Mar: cy only — ben's a5
        // is under a hidden question and his vote is on a hidden idea
        assert.deepEqual(series(report, 'activeMembers'), [4, 3, 1]);
        assert.deepEqual(report.ideaFunnel, [
          { status: 'open', count: 1 },
          { status: 'under-review', count: 0 },
          { status: 'planned', count: 1 },
          { status: 'in-progress', count: 0 },
          { status: 'done', count: 0 },
          { status: 'declined', count: 0 },
          { status: 'beta', count: 1 },
        ]);
        assert.deepEqual(report.topTopics, [
          { topic: 'tents', questions: 3, answered: 2 },
          { topic: 'stoves', questions: 2, answered: 1 },
        ]);
      });

      it('buckets by week and month, and takes times with offsets', async () => {
        await seed();
        const week = await ok(insights(`${PERIOD}&bucket=week`));
        // 2 March 2026 is a Monday: one week
        assert.deepEqual(week.series.questions, [{ bucket: DAYS[0], value: 5 }]);
        assert.deepEqual(week.series.medianFirstAnswerSeconds, [{ bucket: DAYS[0], value: 7200 }]);
        assert.deepEqual(week.series.activeMembers, [{ bucket: DAYS[0], value: 4 }]);
        const month = await ok(insights(`${PERIOD}&bucket=month`));
        assert.deepEqual(month.series.reviewAverage, [
          { bucket: '2026-03-01T00:00:00.000Z', value: 4 },
        ]);
        assert.equal(month.kpis.questions, 5);

        // 2 Mar 12:00 UTC to 4 Mar 00:00 +01:00 (3 Mar 23:00 UTC): q2, q3, q4
        const part = await ok(
          insights(
            `from=${encodeURIComponent('2026-03-02T12:00:00Z')}&to=${encodeURIComponent('2026-03-04T00:00:00+01:00')}`,
          ),
        );
        assert.equal(part.from, '2026-03-02T12:00:00.000Z');
        assert.equal(part.to, '2026-03-03T23:00:00.000Z');
        assert.deepEqual(series(part, 'questions'), [1, 2]);
        assert.equal(part.kpis.questions, 3);
        // q2 7200 s (sam, staff), q3 10800 s (ben): median 9000, half by the community
        assert.equal(part.kpis.medianFirstAnswerSeconds, 9000);
        assert.equal(part.kpis.communityAnswerShare, 0.5);
      });

      it('leaves hidden content out of every figure', async () => {
        await seed();
        await hide('answer', ids.a1!);
        await hide('answer', ids.a0!);
        await hide('review', ids.r1!);
        const report = await ok(insights(PERIOD));
        // q1's first visible answer is now a1s (sam, 12:00): 10800 s; q2 7200, q3 10800
        assert.equal(report.kpis.answerRate, 0.6);
        assert.equal(report.kpis.medianFirstAnswerSeconds, 10800);
        assert.deepEqual(series(report, 'medianFirstAnswerSeconds'), [9000, 10800, null]);
        // only q3's first answer (ben) is the community's now
        assert.equal(report.kpis.communityAnswerShare, 1 / 3);
        // cy helped nobody visibly any more: ada and ben
        assert.equal(report.kpis.reciprocalMembers, 2);
        // r2 and r3: (3 + 4) / 2
        assert.equal(report.kpis.reviews, 2);
        assert.equal(report.kpis.reviewAverage, 3.5);
        assert.deepEqual(series(report, 'reviewAverage'), [null, 3.5, null]);
        // cy's only write on 2 Mar was a0
        assert.deepEqual(series(report, 'activeMembers'), [3, 3, 1]);
        assert.equal(report.kpis.activeMembers, 4);

        // Hiding q1 takes its figures, its topic count and L1's deflection with it.
        await hide('question', ids.q1!);
        const without = await ok(insights(PERIOD));
        assert.equal(without.kpis.questions, 4);
        assert.equal(without.kpis.viewPageLoads, 4);
        assert.equal(without.kpis.deflectedPageLoads, 1);
        // two questions each now: by name
        assert.deepEqual(without.topTopics, [
          { topic: 'stoves', questions: 2, answered: 1 },
          { topic: 'tents', questions: 2, answered: 1 },
        ]);
      });

      it('answers with zeros and nulls for a period without anything', async () => {
        const report = await ok(insights('from=2026-01-01&to=2026-01-03'));
        assert.deepEqual(report.kpis, {
          questions: 0,
          answerRate: null,
          medianFirstAnswerSeconds: null,
          communityAnswerShare: null,
          escalations: 0,
          viewPageLoads: 0,
          deflectedPageLoads: 0,
          deflectionRate: null,
          ideas: 0,
          ideaVotes: 0,
          reviews: 0,
          reviewAverage: null,
          activeMembers: 0,
          reciprocalMembers: 0,
        });
        assert.deepEqual(report.series.questions, [
          { bucket: '2026-01-01T00:00:00.000Z', value: 0 },
          { bucket: '2026-01-02T00:00:00.000Z', value: 0 },
        ]);
        assert.deepEqual(
          report.series.reviewAverage.map((p: Body) => p.value),
          [null, null],
        );
        assert.deepEqual(
          report.ideaFunnel.map((s: Body) => s.status),
          ['open', 'under-review', 'planned', 'in-progress', 'done', 'declined'],
        );
        assert.deepEqual(report.topTopics, []);
      });

      it('is for staff only', async () => {
        const customer = await insights(PERIOD, ada);
        assert.equal(customer.status, 403);
        assert.equal(customer.body.error.code, 'forbidden');
        const nobody = await insights(PERIOD, null);
        assert.equal(nobody.status, 401);
        const moderator = await insights(PERIOD, await token('m_mo', { roles: ['moderator'] }));
        assert.equal(moderator.status, 200);
        assert.equal(moderator.headers.get('cache-control'), 'private, no-store');
      });

      it('explains what is wrong with a period', async () => {
        const cases: [string, string, RegExp][] = [
          ['from=2026-03-05&to=2026-03-02', 'to', /after from/],
          ['from=2026-03-02&to=2026-03-02', 'to', /after from/],
          ['from=2025-01-01&to=2026-01-03', 'to', /at most 366 days/],
          ['from=2026-02-30&to=2026-03-05', 'from', /a date/],
          ['from=yesterday&to=2026-03-05', 'from', /a date/],
          ['from=2026-03-02T10:00:00&to=2026-03-05', 'from', /offset/],
          ['to=2026-03-05', 'from', /a date/],
          ['from=2026-03-02&to=2026-03-05&bucket=year', 'bucket', /day, week, month/],
        ];
        for (const [query, field, message] of cases) {
          const r = await insights(query);
          assert.equal(r.status, 400, query);
          assert.equal(r.body.error.code, 'validation');
          assert.match(
            r.body.error.fields?.[field] ?? '',
            message,
            `${query}: ${JSON.stringify(r.body)}`,
          );
        }
        // Leap years: 366 days of days are allowed, and weeks may cover longer.
        assert.equal((await insights('from=2024-01-01&to=2025-01-01')).status, 200);
        const weeks = await ok(insights('from=2025-01-01&to=2026-03-05&bucket=week'));
        assert.equal(weeks.series.questions.length, 62);
      });
    });
  });
}
