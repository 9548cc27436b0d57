/**
 * Every attack vector in tests/fixtures/xss/ goes in where members' text goes in — question titles,
 * answer bodies, display names — through the real reference server's HTTP API (a child process on
 * PostgreSQL: Markdown rendered and sanitised at write time, stored, read back), and is then shown by
 * `<kith-qa>` with the REST adapter in Chromium, on the server's own origin. The same assertions as
 * xss.spec.ts (the memory adapter's path): nothing runs, nothing navigates, nothing dangerous is in the
 * DOM, even when a reader points at posts, clicks them and tabs through them; the text people wrote is
 * still there to read. And what the server stored is sanitised already.
 *
 * The page under test has no CSP on purpose: a CSP would hide a sanitising failure instead of
 * revealing it.
 *
 * Posting goes from Node to the server with bounded concurrency; each worker has its own server.
 */
import { expect, test, type Page } from 'playwright/test';
import { ALLOWED_TAGS, SANITIZE_CONFIG } from '../../src/core/sanitize-policy.js';
import { startPostgres, type PostgresCluster } from '../../server/test/pg-cluster.js';
import { html, servePage } from './helpers.js';
import {
  api,
  devToken,
  mapLimit,
  raiseRateLimits,
  startKithServer,
  type KithServer,
} from './kith-server.js';
import {
  asTitle,
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

/** PostgreSQL text cannot hold U+0000: the server stores U+FFFD in its place (server/src/schemas.ts). */
const asStored = (text: string): string => text.replace(/\u0000/g, '\uFFFD');

const VECTORS = loadVectors();
const BATCH = 100;
const CONCURRENCY = 8;

// ---- the page --------------------------------------------------------------------------------------

let pg: PostgresCluster | undefined;
let server: KithServer;

// One server per worker (the tests of this file share the two workers), its rate limits lifted. On
// PostgreSQL rather than PGlite: posting thousands of vectors is the slow part of this file, and the
// server writes each about twice as fast there (the database works in its own processes, natively).
// server.spec.ts runs the demo on both.
test.beforeAll(async () => {
  test.setTimeout(90_000);
  pg = await startPostgres();
  server = await startKithServer({ databaseUrl: pg.url });
  await raiseRateLimits(server.url, { trustNewMembers: true });
});
test.afterAll(async () => {
  await server?.dispose();
  await pg?.stop();
});

const KITH = '<script src="/dist/kith.js" data-api="/v1" data-site="demo" defer></script>';

// ---- posting through the API ---------------------------------------------------------------------

interface Posted {
  id: string;
  title?: string;
  bodyHtml: string;
  author: { id: string; name: string };
}

/**
 * POSTs `body` to `route` as the member of `token`. A refusal is recorded in `failures` (naming
 * `label`) and gives `null`, so that the test goes on with what was stored.
 */
async function postOrFail(
  route: string,
  token: string,
  body: unknown,
  label: string,
  failures: string[],
): Promise<Posted | null> {
  const reply = await api<Posted>(server.url, 'POST', route, { token, body });
  if (reply.status === 201) return reply.body;
  failures.push(`${label}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return null;
}

/** The thread as the API returns it now: the stored question and its (up to 100) answers. */
async function storedThread(id: string): Promise<{
  question: Posted;
  answers: { items: Posted[]; total: number; nextCursor: unknown };
}> {
  const reply = await api(
    server.url,
    'GET',
    `/v1/questions/${encodeURIComponent(id)}?answerLimit=100`,
  );
  expect(reply.status).toBe(200);
  return reply.body;
}

/**
 * Parses stored post HTML inertly (a document without a browsing context: nothing runs or loads) and
 * reports everything outside the server's allow-list, and everything the page inspector calls
 * dangerous.
 */
async function checkStoredHtml(
  page: Page,
  stored: { label: string; html: string }[],
): Promise<string[]> {
  const literal = stored.flatMap(({ label, html }) =>
    /<script/i.test(html) ? [`${label}: "<script" in ${JSON.stringify(html)}`] : [],
  );
  const parsed = await page.evaluate(
    ({ stored, tags, attributes }) => {
      const allowedTags = new Set(tags);
      const allowedAttributes = new Set(attributes);
      const doc = document.implementation.createHTMLDocument('');
      const problems: string[] = [];
      for (const { label, html } of stored) {
        const holder = doc.createElement('div');
        holder.innerHTML = html;
        const found = window.__inspect(holder).filter((p) => p !== '<div> element');
        for (const el of holder.querySelectorAll('*')) {
          if (!allowedTags.has(el.localName)) found.push(`<${el.localName}> not allowed`);
          for (const name of el.getAttributeNames()) {
            const value = el.getAttribute(name) ?? '';
            if (!allowedAttributes.has(name)) found.push(`<${el.localName} ${name}> not allowed`);
            if (/^\s*javascript:/i.test(value.replace(/[\u0000-\u0020\u007f]/g, ''))) {
              found.push(`<${el.localName} ${name}="${value}">`);
            }
          }
        }
        if (found.length) problems.push(`${label}: ${found.join(', ')} in ${JSON.stringify(html)}`);
      }
      return problems;
    },
    { stored, tags: ALLOWED_TAGS, attributes: SANITIZE_CONFIG.ALLOWED_ATTR as string[] },
  );
  return [...literal, ...parsed];
}

// ---- reading and checking the page ---------------------------------------------------------------

/** Opens a test page with `<kith-qa>` elements, on the server's origin; navigations count from here. */
async function openReader(page: Page, w: Watch, name: string, body: string): Promise<string> {
  await page.goto(await servePage(page, server.url, name, html(KITH, body)));
  w.navigations.length = 0;
  await expectInspectorWorks(page);
  return `/e2e/${name}`;
}

// ---- the tests -------------------------------------------------------------------------------------

test.describe.configure({ mode: 'parallel' });
// Thousands of mouse and keyboard actions on pages with thousands of posts: a trace would snapshot
// the whole DOM at every one of them and take minutes.
test.use({ trace: 'off' });
test.setTimeout(90_000);

/** Milliseconds per phase of a test, attached to its report (the file must stay fast). */
function stopwatch(): { lap(name: string): void; report(): Promise<void> } {
  const laps: string[] = [];
  let last = performance.now();
  return {
    lap(name) {
      const now = performance.now();
      laps.push(`${name}: ${Math.round(now - last)} ms`);
      last = now;
    },
    report: () =>
      test.info().attach('timings', { body: laps.join('\n'), contentType: 'text/plain' }),
  };
}

// Titles: a topic per batch of 100 vectors, eight topics per test.
const TITLE_GROUPS = batches(VECTORS, BATCH);
const TOPICS_PER_TEST = 8;

for (let first = 0; first < TITLE_GROUPS.length; first += TOPICS_PER_TEST) {
  const groups = TITLE_GROUPS.slice(first, first + TOPICS_PER_TEST);
  const from = first * BATCH;
  const vectors = groups.flat();

  test(`attack vectors ${from + 1}–${from + vectors.length} as question titles, posted to the server, show as exactly their text, and nothing runs`, async ({
    page,
  }) => {
    const time = stopwatch();
    const w = await watch(page, { consoleErrors: true });
    const token = await devToken(server.url, `m_xss_titles_${first}`, 'Title Tester');
    const topicOf = (i: number) => `xss-rest-titles-${first + Math.floor(i / BATCH) + 1}`;
    const titles = vectors.map((v) => asTitle(v.text));
    const failures: string[] = [];
    const posted = await mapLimit(vectors, CONCURRENCY, (v, i) =>
      postOrFail(
        '/v1/questions',
        token,
        { topic: topicOf(i), title: titles[i], body: '' },
        v.source,
        failures,
      ),
    );
    time.lap(`posting ${vectors.length} questions`);
    expect.soft(failures, 'every vector is accepted by the server').toEqual([]);
    // Stored as sent (the titles were trimmed and cut to 200 already).
    expect
      .soft(
        posted.flatMap((p, i) =>
          !p || p.title === asStored(titles[i]!) ? [] : [vectors[i]!.source],
        ),
      )
      .toEqual([]);
    const expected = new Map(
      posted.flatMap((p, i) =>
        p ? [[p.id, { title: asStored(titles[i]!), source: vectors[i]!.source }] as const] : [],
      ),
    );

    const topics = groups.map((_, g) => topicOf(g * BATCH));
    const pagePath = await openReader(
      page,
      w,
      'xss-rest-titles.html',
      topics.map((t) => `<kith-qa topic="${t}" page-size="${BATCH}"></kith-qa>`).join('\n'),
    );
    for (const [g, topic] of topics.entries()) {
      const count = posted.slice(g * BATCH, (g + 1) * BATCH).filter(Boolean).length;
      await expect(page.locator(`kith-qa[topic="${topic}"] .question-title`)).toHaveCount(count);
    }
    const { count, wrong } = await wrongQuestionTitles(page, expected);
    expect(count).toBe(expected.size);
    // Exactly the text and no child element: a plain text node, which can carry nothing but text.
    expect.soft(wrong, 'titles not shown as exactly their text').toEqual([]);

    expect.soft(await inspectAll(page), 'dangerous markup in rendered posts').toEqual([]);
    await expectNothingHappened(page, w, `${server.url}${pagePath}`);
    await expectRecordersWork(page);
    time.lap('reading');
    await time.report();
  });
}

// Answers: one question per batch of 100 vectors, each batch in its own topic, each vector an answer.
// Two batches per test, so that the tests share the two workers (and their two servers) evenly.
const GROUPS = batches(VECTORS, BATCH);
const GROUPS_PER_TEST = 2;
/** Every fourth answer's author is named with a vector (the `name` of their dev token). */
const NAME_EVERY = 4;

for (let first = 0; first < GROUPS.length; first += GROUPS_PER_TEST) {
  const groups = GROUPS.slice(first, first + GROUPS_PER_TEST);
  const from = first * BATCH;
  const to = from + groups.reduce((n, g) => n + g.length, 0);

  test(`attack vectors ${from + 1}–${to} as answers (every ${NAME_EVERY}th also as its author's name), posted to the server, are stored sanitised, stay readable, and nothing runs when read, pointed at, clicked or tabbed through`, async ({
    page,
  }) => {
    const time = stopwatch();
    const w = await watch(page, { consoleErrors: true });
    const asker = await devToken(server.url, `m_xss_asker_${first}`, 'Asker');
    const answerer = await devToken(server.url, `m_xss_answerer_${first}`, 'Answerer');
    const topicOf = (g: number) => `xss-rest-answers-${first + g + 1}`;
    const titleOf = (g: number) => `Batch ${first + g + 1}`;

    interface Job {
      vector: Vector;
      batch: number;
      /** The author's display name: a vector (cut as the server keeps names) or "Answerer". */
      name: string;
      member: string | null;
    }
    const jobs: Job[] = groups.flatMap((group, g) =>
      group.map((vector, k) => {
        const n = from + g * BATCH + k;
        const named = n % NAME_EVERY === 0;
        return {
          vector,
          batch: g,
          name: named ? asTitle(vector.text) : 'Answerer',
          member: named ? `m_named_${n}` : null,
        };
      }),
    );

    const failures: string[] = [];
    const questions = await mapLimit(groups, CONCURRENCY, (_, g) =>
      postOrFail(
        '/v1/questions',
        asker,
        {
          topic: topicOf(g),
          title: titleOf(g),
          body: 'Every answer to this question is an attack vector.',
        },
        `question ${g}`,
        failures,
      ),
    );
    expect(failures).toEqual([]);
    const answers = await mapLimit(jobs, CONCURRENCY, async (job) => {
      let token = answerer;
      if (job.member) {
        try {
          token = await devToken(server.url, job.member, job.name);
        } catch (error) {
          failures.push(`${job.vector.source} (as a name): ${(error as Error).message}`);
          return null;
        }
      }
      return postOrFail(
        `/v1/questions/${encodeURIComponent(questions[job.batch]!.id)}/answers`,
        token,
        { body: job.vector.text },
        job.member
          ? `${job.vector.source} (as an answer and its author's name)`
          : job.vector.source,
        failures,
      );
    });
    time.lap(`posting ${jobs.length} answers`);
    expect.soft(failures, 'every vector is accepted by the server').toEqual([]);
    /** What was stored, by answer id; the test goes on with these. */
    const byId = new Map(
      answers.flatMap((a, j) =>
        a ? [[a.id, { ...jobs[j]!, bodyHtml: a.bodyHtml }] as const] : [],
      ),
    );
    const countIn = (g: number) => [...byId.values()].filter((a) => a.batch === g).length;

    // What the server stored (read back through the API) is what it answered, and sanitised already.
    const stored: { label: string; html: string }[] = [];
    const readBack: string[] = [];
    for (const g of groups.keys()) {
      const thread = await storedThread(questions[g]!.id);
      expect(thread.answers.total).toBe(countIn(g));
      expect(thread.answers.nextCursor).toBeNull();
      expect(thread.answers.items).toHaveLength(countIn(g));
      for (const a of thread.answers.items) {
        const mine = byId.get(a.id);
        if (!mine || mine.batch !== g) readBack.push(`unknown answer ${a.id} in batch ${g}`);
        else if (mine.bodyHtml !== a.bodyHtml) readBack.push(`${mine.vector.source}: body`);
        else if (asStored(mine.name) !== a.author.name)
          readBack.push(`${mine.vector.source}: author name`);
        stored.push({ label: mine?.vector.source ?? a.id, html: a.bodyHtml });
      }
    }
    expect.soft(readBack, 'answers read back other than posted').toEqual([]);
    await page.goto(await servePage(page, server.url, 'xss-rest-blank.html', html('', '')));
    expect
      .soft(await checkStoredHtml(page, stored), 'stored HTML outside the allow-list')
      .toEqual([]);
    time.lap('reading back through the API');

    const pagePath = await openReader(
      page,
      w,
      'xss-rest-answers.html',
      groups
        .map((_, g) => `<kith-qa topic="${topicOf(g)}" page-size="${BATCH}"></kith-qa>`)
        .join('\n'),
    );

    const unreadable: unknown[] = [];
    const misnamed: unknown[] = [];
    const problems: string[] = [];
    const tabbed = { expected: 0, focused: 0 };
    for (const g of groups.keys()) {
      const host = `kith-qa[topic="${topicOf(g)}"]`;
      await expect(page.locator(`${host} .question-title`)).toHaveCount(1);
      // Opened by its deep link, one question at a time, like a reader following a shared link.
      await page.evaluate(
        (id) => (location.hash = `#kith-question-${encodeURIComponent(id)}`),
        questions[g]!.id,
      );
      await expect(page.locator(`${host} #thread-heading`)).toHaveText(titleOf(g));
      await expect(page.locator(`${host} .answer .post-body`)).toHaveCount(countIn(g));

      const batch = new Map([...byId].filter(([, a]) => a.batch === g));
      const rendered = await page.evaluate(
        ({ host, written }) => {
          const root = document.querySelector(host)!.shadowRoot!;
          return [...root.querySelectorAll<HTMLElement>('.answer')].map((answer) => {
            const id = answer.dataset.answerId!;
            const body = answer.querySelector<HTMLElement>('.post-body')!;
            const name = answer.querySelector('.author-name')!;
            // The text of what the server stored, parsed inertly: display must keep all of it.
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
        { host, written: Object.fromEntries([...batch].map(([id, a]) => [id, a.bodyHtml])) },
      );
      expect(new Set(rendered.map((r) => r.id))).toEqual(new Set(batch.keys()));
      for (const r of rendered) {
        const want = batch.get(r.id)!;
        if (!r.visibleText || r.text !== r.written) {
          unreadable.push({
            source: want.vector.source,
            vector: want.vector.text,
            shown: r.text,
            stored: r.written,
          });
        }
        if (r.name !== asStored(want.name) || r.nameChildren !== 0) {
          misnamed.push({ source: want.vector.source, name: want.name, shown: r.name });
        }
      }

      const pointed = await pointAtEach(page, host, '.answer .post-body');
      expect(pointed.clicked + pointed.moved, 'posts pointed at').toBe(countIn(g));
      const t = await tabThroughBodies(page, host);
      tabbed.expected += t.expected;
      tabbed.focused += t.focused;
      problems.push(...(await inspectAll(page)));
    }

    expect.soft(unreadable, 'answers whose text is not shown as stored').toEqual([]);
    expect.soft(misnamed, 'display names not shown as exactly their text').toEqual([]);
    expect.soft(tabbed.focused, 'links inside posts reached with Tab').toBe(tabbed.expected);
    expect.soft(problems, 'dangerous markup in rendered posts').toEqual([]);
    await expectNothingHappened(page, w, `${server.url}${pagePath}`);
    await expectRecordersWork(page);
    time.lap('reading, pointing and tabbing');
    await time.report();
  });
}
