/**
 * Every attack vector in tests/fixtures/xss/ goes in where members' text goes in — question titles,
 * answer bodies, display names — through the real write path of the memory adapter in the page
 * (Markdown rendered at write time, as the server will), and is then shown by `<kith-qa>` in Chromium.
 * A member reading the page must be safe: nothing runs, nothing navigates, nothing dangerous is in
 * the DOM, even when they move the mouse over posts, click them and tab through them. And the text
 * people wrote must still be there to read.
 *
 * The page under test has no CSP on purpose: a CSP would hide a sanitising failure instead of
 * revealing it.
 */
import { expect, test, type Page } from 'playwright/test';
import { startStaticServer, type StaticServer } from '../../scripts/serve-static.mjs';
import { html, memberToken, readManifest, servePage } from './helpers.js';
import {
  asTitle,
  callMemoryAdapter,
  batches,
  expectInspectorWorks,
  expectNothingHappened,
  expectRecordersWork,
  inspectAll,
  loadVectors,
  pointAtEach,
  tabThroughBodies,
  watch,
  wrongQuestionTitles,
  type Vector,
  type Watch,
} from './xss-page.js';

// ---- the vectors ----------------------------------------------------------------------------------

const VECTORS = loadVectors();
const BATCH = 100;

// ---- the page --------------------------------------------------------------------------------------

let server: StaticServer;
let adapterUrl: string;

test.beforeAll(async () => {
  server = await startStaticServer();
  const manifest = await readManifest(server.url);
  adapterUrl = `/dist/${manifest.adapters.memory!.file}`;
});
test.afterAll(() => server.close());

const SITE = 'xss';
const KITH = `<script src="/dist/kith.js" data-adapter="memory" data-site="${SITE}" defer></script>`;

interface QuestionJob {
  kind: 'question';
  topic: string;
  title: string;
  body: string;
  token: number;
  /** Default 0; earlier phases are posted first. */
  phase?: number;
}
interface AnswerJob {
  kind: 'answer';
  /** Index of the question job (in the same call) whose id this answers. */
  question: number;
  body: string;
  token: number;
}
type Job = QuestionJob | AnswerJob;
/** The adapter chunk's exports (a type only: the chunk itself is loaded in the page). */
interface Posted {
  id?: string;
  title?: string;
  bodyHtml?: string;
  error?: string;
}

/**
 * Posts in the page through the memory adapter's own write path (`askQuestion`/`postAnswer`, which
 * render Markdown), in parallel with bounded concurrency: questions first, then answers.
 */
async function post(page: Page, tokens: string[], jobs: Job[]): Promise<Posted[]> {
  const results = await callMemoryAdapter(page, {
    origin: server.url,
    adapterUrl,
    site: SITE,
    tokens,
    calls: jobs.map((job) =>
      job.kind === 'question'
        ? {
            method: 'askQuestion',
            input: { topic: job.topic, title: job.title, body: job.body },
            token: job.token,
            phase: job.phase ?? 0,
          }
        : {
            method: 'postAnswer',
            input: { body: job.body },
            token: job.token,
            phase: 1,
            ids: { questionId: job.question },
          },
    ),
  });
  return results.map((r) =>
    r.value
      ? {
          id: r.value.id as string,
          title: r.value.title as string | undefined,
          bodyHtml: r.value.bodyHtml as string,
        }
      : { error: r.error },
  );
}

function expectAllPosted(posted: Posted[], label: (i: number) => string): void {
  const failed = posted.flatMap((p, i) => (p.error ? [`${label(i)}: ${p.error}`] : []));
  expect(failed, 'every vector is accepted by the write path').toEqual([]);
}

// ---- the tests -------------------------------------------------------------------------------------

test.describe.configure({ mode: 'parallel' });
// Thousands of mouse and keyboard actions on pages with thousands of posts: a trace would snapshot
// the whole DOM at every one of them and take minutes.
test.use({ trace: 'off' });

/** Opens a test page with `<kith-qa>` elements, after the posts are stored; navigations count from here. */
async function openReader(page: Page, w: Watch, name: string, body: string): Promise<string> {
  await page.goto(await servePage(page, server.url, name, html(KITH, body)));
  w.navigations.length = 0;
  await expectInspectorWorks(page);
  return `/e2e/${name}`;
}

test(`every attack vector (${VECTORS.length}) as a question title shows as exactly its text, and nothing runs`, async ({
  page,
}) => {
  // 1,524 posts stored, then rendered on one page: ≈ 20 s alone, more while the other worker is busy.
  test.setTimeout(90_000);
  const w = await watch(page);
  const tokens = [memberToken({ sub: 'm_titles', name: 'Title Tester', aud: SITE })];
  const topics = batches(VECTORS, BATCH).map((_, i) => `xss-titles-${i + 1}`);
  const jobs: QuestionJob[] = VECTORS.map((v, i) => ({
    kind: 'question',
    topic: topics[Math.floor(i / BATCH)]!,
    title: asTitle(v.text),
    body: '',
    token: 0,
  }));
  const posted = await post(page, tokens, jobs);
  expectAllPosted(posted, (i) => VECTORS[i]!.source);
  // Stored as sent (the titles were trimmed and cut to 200 already).
  expect(
    posted.flatMap((p, i) => (p.title === jobs[i]!.title ? [] : [VECTORS[i]!.source])),
  ).toEqual([]);
  const expected = new Map(
    posted.map((p, i) => [p.id!, { title: jobs[i]!.title, source: VECTORS[i]!.source }]),
  );

  const pagePath = await openReader(
    page,
    w,
    'xss-titles.html',
    topics.map((t) => `<kith-qa topic="${t}" page-size="${BATCH}"></kith-qa>`).join('\n'),
  );
  for (const [i, topic] of topics.entries()) {
    const count = Math.min(BATCH, VECTORS.length - i * BATCH);
    await expect(page.locator(`kith-qa[topic="${topic}"] .question-title`)).toHaveCount(count);
  }
  const { count, wrong } = await wrongQuestionTitles(page, expected);
  expect(count).toBe(VECTORS.length);
  // Exactly the text and no child element: a plain text node, which can carry nothing but text.
  expect.soft(wrong, 'titles not shown as exactly their text').toEqual([]);

  expect.soft(await inspectAll(page), 'dangerous markup in rendered posts').toEqual([]);
  await expectNothingHappened(page, w, `${server.url}${pagePath}`);
  await expectRecordersWork(page);
});

// Answers: one question per batch of 100 vectors, each vector an answer. Four batches per test, so
// that the tests share the two workers and each page's stored state stays small.
const GROUPS = batches(VECTORS, BATCH);
const GROUPS_PER_TEST = 4;
/** Every fourth answer's author is named with a vector (the token's `name` claim). */
const NAME_EVERY = 4;

for (let first = 0; first < GROUPS.length; first += GROUPS_PER_TEST) {
  const groups = GROUPS.slice(first, first + GROUPS_PER_TEST);
  const from = first * BATCH;
  const to = from + groups.reduce((n, g) => n + g.length, 0);

  test(`attack vectors ${from + 1}–${to} as answers (every ${NAME_EVERY}th also as its author's name) stay readable, and nothing runs when read, pointed at, clicked or tabbed through`, async ({
    page,
  }) => {
    const w = await watch(page);
    const tokens = [
      memberToken({ sub: 'm_asker', name: 'Asker', aud: SITE }),
      memberToken({ sub: 'm_answerer', name: 'Answerer', aud: SITE }),
    ];
    const jobs: Job[] = groups.map((_, g) => ({
      kind: 'question',
      topic: 'xss-answers',
      title: `Batch ${first + g + 1}`,
      body: 'Every answer to this question is an attack vector.',
      token: 0,
    }));
    const answers: { job: number; vector: Vector; name: string; batch: number }[] = [];
    for (const [g, group] of groups.entries()) {
      for (const [k, vector] of group.entries()) {
        const named = (from + g * BATCH + k) % NAME_EVERY === 0;
        let token = 1;
        if (named) {
          tokens.push(
            memberToken({ sub: `m_named_${from + g * BATCH + k}`, name: vector.text, aud: SITE }),
          );
          token = tokens.length - 1;
        }
        answers.push({
          job: jobs.length,
          vector,
          name: named ? vector.text : 'Answerer',
          batch: g,
        });
        jobs.push({ kind: 'answer', question: g, body: vector.text, token });
      }
    }
    // A first post each (in a topic no page shows), before the vectors: from it on, the member is at
    // trust level 1, so the links and images they write stay links (at level 0 they are text).
    for (const t of tokens.keys()) {
      jobs.push({
        kind: 'question',
        topic: 'xss-first-posts',
        title: 'First post',
        body: '',
        token: t,
        phase: -1,
      });
    }
    const posted = await post(page, tokens, jobs);
    expectAllPosted(
      posted,
      (j) => answers.find((a) => a.job === j)?.vector.source ?? `question ${j}`,
    );

    const host = 'kith-qa';
    const pagePath = await openReader(
      page,
      w,
      'xss-answers.html',
      `<kith-qa topic="xss-answers" page-size="${BATCH}"></kith-qa>`,
    );
    await expect(page.locator(`${host} .question-title`)).toHaveCount(groups.length);

    const unreadable: unknown[] = [];
    const misnamed: unknown[] = [];
    const problems: string[] = [];
    const tabbed = { expected: 0, focused: 0 };
    for (const [g, group] of groups.entries()) {
      // Opened by its deep link, one question at a time, like a reader following a shared link.
      await page.evaluate(
        (id) => (location.hash = `#kith-question-${encodeURIComponent(id)}`),
        posted[g]!.id!,
      );
      await expect(page.locator(`${host} #thread-heading`)).toHaveText(`Batch ${first + g + 1}`);
      await expect(page.locator(`${host} .answer .post-body`)).toHaveCount(group.length);

      const byId = new Map(
        answers
          .filter((a) => a.batch === g)
          .map((a) => [posted[a.job]!.id!, { ...a, bodyHtml: posted[a.job]!.bodyHtml! }]),
      );
      const rendered = await page.evaluate(
        ({ host, written }) => {
          const root = document.querySelector(host)!.shadowRoot!;
          return [...root.querySelectorAll<HTMLElement>('.answer')].map((answer) => {
            const id = answer.dataset.answerId!;
            const body = answer.querySelector<HTMLElement>('.post-body')!;
            const name = answer.querySelector('.author-name')!;
            // The text of what the write path stored, parsed inertly: display must keep all of it.
            const t = document.createElement('template');
            t.innerHTML = written[id] ?? '';
            return {
              id,
              text: body.textContent!,
              visibleText: body.innerText.trim(),
              written: t.content.textContent!,
              name: name.textContent!,
              nameChildren: name.children.length,
            };
          });
        },
        { host, written: Object.fromEntries([...byId].map(([id, a]) => [id, a.bodyHtml])) },
      );
      expect(new Set(rendered.map((r) => r.id))).toEqual(new Set(byId.keys()));
      for (const r of rendered) {
        const want = byId.get(r.id)!;
        if (!r.visibleText || r.text !== r.written) {
          unreadable.push({
            source: want.vector.source,
            vector: want.vector.text,
            shown: r.text,
            stored: r.written,
          });
        }
        if (r.name !== want.name || r.nameChildren !== 0) {
          misnamed.push({ source: want.vector.source, name: want.name, shown: r.name });
        }
      }

      const pointed = await pointAtEach(page, host, '.answer .post-body');
      expect(pointed.clicked + pointed.moved, 'posts pointed at').toBe(group.length);
      const t = await tabThroughBodies(page, host);
      tabbed.expected += t.expected;
      tabbed.focused += t.focused;
      problems.push(...(await inspectAll(page)));
    }

    expect.soft(unreadable, 'answers whose text is not shown as written').toEqual([]);
    expect.soft(misnamed, 'display names not shown as exactly their text').toEqual([]);
    expect.soft(tabbed.focused, 'links inside posts reached with Tab').toBe(tabbed.expected);
    expect.soft(problems, 'dangerous markup in rendered posts').toEqual([]);
    await expectNothingHappened(page, w, `${server.url}${pagePath}`);
    await expectRecordersWork(page);
  });
}
