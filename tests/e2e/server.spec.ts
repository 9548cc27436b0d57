/**
 * The demo page against the real reference server (a child process, KITH_DEV=1): members ask, answer,
 * vote and accept through the UI, and it all is still there after a reload and in the HTTP API — on
 * PGlite and on PostgreSQL. Then the server goes away and comes back while the page stays open: a
 * failed post says so and keeps the draft, and posting again stores the answer exactly once; a page
 * whose list could not load offers "Try again", which works once the server is back.
 *
 * The demo page has a strict CSP (a meta tag, with Trusted Types): every flow runs with zero
 * violations and zero console errors, except the browser's own report of a refused connection while
 * the server is down.
 */
import { expect, test, type Locator, type Page } from 'playwright/test';
import { repoRoot } from '../../scripts/serve-static.mjs';
import { api, devToken, onEachDatabase, startKithServer, type KithServer } from './kith-server.js';
import {
  MEMBERS,
  browseAs,
  expectViolationsRecorded,
  settled,
  watch,
  type Watch,
} from './demo-page.js';
import path from 'node:path';

// Each test has its own server and page: they may share the workers.
test.describe.configure({ mode: 'parallel' });
// A server start is a few seconds (PGlite in wasm, migrations, the demo seed), and these tests start
// one or two.
test.setTimeout(120_000);

const HASH_PREFIX = '#kith-question-';
/** How Chromium reports a request to a server that is not there (the only error we accept). */
const REFUSED = /^Failed to load resource: net::ERR_CONNECTION_REFUSED$/;

/** The id of the question open in the page (from its deep link). */
function openQuestionId(page: Page): string {
  const { hash } = new URL(page.url());
  expect(hash.startsWith(HASH_PREFIX), `a question is open (${page.url()})`).toBe(true);
  return decodeURIComponent(hash.slice(HASH_PREFIX.length));
}

function draftOf(
  page: Page,
  key: string,
): Promise<{ body: string; idempotencyKey: string } | null> {
  return page.evaluate((k) => {
    const raw = localStorage.getItem(k);
    return raw ? (JSON.parse(raw) as { body: string; idempotencyKey: string }) : null;
  }, key);
}

const answerDraftKey = (member: string, questionId: string) =>
  `kith:draft:demo:${encodeURIComponent(member)}:answer:${encodeURIComponent(questionId)}`;

const ANSWER = 'Yes: the sleeve takes the **laptop**, and the reservoir hangs _in front of it_.';
const LATE_ANSWER = 'After a week of commuting with both: the laptop stays dry even in a downpour.';

/**
 * Ada asks (Markdown), Ben answers and votes the question up, Ada accepts Ben's answer; after a reload
 * everything is still there, in the page and in the API. Returns the question's id.
 */
async function coreFlow(page: Page, server: KithServer, title: string): Promise<string> {
  const qa = page.locator('kith-qa');
  await page.goto(`${server.url}/demo/`);
  // The demo seed's questions, from the server.
  await expect(qa.locator('.question')).toHaveCount(5);

  await browseAs(page, 'ada');
  await qa.locator('#ask-title').fill(title);
  await qa
    .locator('#ask-body')
    .fill(
      'I commute with a **15.6" laptop** and hike _on weekends_.\n\n- laptop sleeve\n- bladder',
    );
  await qa.getByRole('button', { name: 'Post question' }).click();
  await expect(qa.locator('#thread-heading')).toHaveText(title);
  await expect(qa.locator('.post .post-body strong')).toHaveText('15.6" laptop');
  await expect(qa.locator('.post .post-body li')).toHaveText(['laptop sleeve', 'bladder']);
  await expect(qa.locator('.answers-heading')).toHaveText('0 answers');
  const id = openQuestionId(page);

  await browseAs(page, 'ben');
  await qa.locator('#answer-body').fill(ANSWER);
  await qa.getByRole('button', { name: 'Post answer' }).click();
  const answer = qa.locator('.answer');
  await expect(answer).toHaveCount(1);
  await expect(answer.locator('.post-body strong')).toHaveText('laptop');
  await expect(answer.locator('.post-body em')).toHaveText('in front of it');
  await expect(answer.locator('.author-name')).toHaveText('Ben Okafor');
  await expect(answer.locator('.accept')).toHaveCount(0);
  const questionVote = qa.locator('.post .vote-up');
  await questionVote.click();
  await expect(questionVote).toHaveAttribute('aria-pressed', 'true');
  await expect(qa.locator('.post .score')).toHaveText('1');

  await browseAs(page, 'ada');
  // Ada's own view: Ben's vote counts, but it is not hers.
  await expect(questionVote).toHaveAttribute('aria-pressed', 'false');
  await expect(qa.locator('.post .score')).toHaveText('1');
  await expect(answer.locator('.accept')).toHaveText('Accept this answer');
  await answer.locator('.accept').click();
  await expect(answer.locator('.accepted-mark')).toContainText('Accepted answer');
  await expect(answer).toHaveClass(/is-accepted/);

  // A reload: everything comes back from the server.
  await page.reload();
  await expect(qa.locator('#thread-heading')).toHaveText(title);
  await expect(qa.locator('.post .post-body strong')).toHaveText('15.6" laptop');
  await expect(qa.locator('.post .score')).toHaveText('1');
  await expect(answer).toHaveCount(1);
  await expect(answer.locator('.post-body')).toHaveText(
    'Yes: the sleeve takes the laptop, and the reservoir hangs in front of it.',
  );
  await expect(answer.locator('.author-name')).toHaveText('Ben Okafor');
  await expect(answer.locator('.accepted-mark')).toContainText('Accepted answer');
  await expect(answer.locator('.accept')).toHaveText('Remove acceptance');
  await qa.getByRole('button', { name: 'All questions' }).click();
  const item = qa.locator('.question').filter({ hasText: title });
  await expect(item).toHaveCount(1);
  await expect(item.locator('.stat strong')).toHaveText(['1', '1']);
  await expect(item.locator('.stat.answered')).toHaveCount(1);
  await expect(item.locator('.author-name')).toHaveText('Ada Lovelace');
  await item.locator('.question-title').click();
  await expect(qa.locator('#thread-heading')).toHaveText(title);

  // And in the API, as Ben reads it.
  const ben = await devToken(server.url, MEMBERS.ben.id, MEMBERS.ben.name);
  const { status, body } = await api(server.url, 'GET', `/v1/questions/${encodeURIComponent(id)}`, {
    token: ben,
  });
  expect(status).toBe(200);
  expect(body.question).toMatchObject({
    id,
    title,
    topic: 'aurora-trail-28',
    score: 1,
    myVote: 1,
    answerCount: 1,
    author: { id: 'm_ada', name: 'Ada Lovelace' },
  });
  expect(body.question.bodyHtml).toContain('<strong>15.6" laptop</strong>');
  expect(body.answers.total).toBe(1);
  expect(body.answers.items).toHaveLength(1);
  expect(body.answers.items[0]).toMatchObject({
    accepted: true,
    questionId: id,
    author: { id: 'm_ben', name: 'Ben Okafor' },
    bodySource: ANSWER,
  });
  expect(body.question.acceptedAnswerId).toBe(body.answers.items[0].id);
  return id;
}

/**
 * The server stops while Ben writes another answer: posting fails with a clear message and keeps the
 * draft (in the field and in localStorage). The server comes back on the same port and data, the page
 * stays open: posting again stores the answer, exactly once.
 */
async function outage(page: Page, server: KithServer, w: Watch, id: string): Promise<void> {
  const qa = page.locator('kith-qa');
  await browseAs(page, 'ben');
  // The thread is read again for Ben (his vote shows) before the server goes.
  await expect(qa.locator('.post .vote-up')).toHaveAttribute('aria-pressed', 'true');
  await settled(w);
  const errorsBefore = w.errors.length;

  expect(await server.stop(), 'the server shuts down cleanly on SIGTERM').toBe(0);
  const field = qa.locator('#answer-body');
  await field.fill(LATE_ANSWER);
  const key = answerDraftKey(MEMBERS.ben.id, id);
  const draft = await draftOf(page, key);
  expect(draft?.body).toBe(LATE_ANSWER);

  await qa.getByRole('button', { name: 'Post answer' }).click();
  const alert = qa.locator('#answer-error');
  await expect(alert).toHaveRole('alert');
  await expect(alert).toHaveText(
    'The community server could not be reached. Your text is kept as a draft.',
    { timeout: 15_000 },
  );
  await expect(alert).toBeFocused();
  await expect(field).toHaveValue(LATE_ANSWER);
  await expect(qa.getByRole('button', { name: 'Post answer' })).toBeEnabled();
  await expect(qa.locator('.answer')).toHaveCount(1);
  // Kept where a reload would find it, with the same idempotency key for the retry.
  expect(await draftOf(page, key)).toMatchObject({
    body: LATE_ANSWER,
    idempotencyKey: draft!.idempotencyKey,
  });
  // The browser reported the refused connections; nothing else was logged.
  const whileDown = w.errors.slice(errorsBefore);
  expect(whileDown.length, 'requests refused while the server is down').toBeGreaterThan(0);
  expect(whileDown.filter((e) => !REFUSED.test(e))).toEqual([]);

  await server.start();
  const errorsAfter = w.errors.length;
  await qa.getByRole('button', { name: 'Post answer' }).click();
  const late = qa.locator('.answer').filter({ hasText: LATE_ANSWER });
  await expect(late).toHaveCount(1);
  await expect(late.locator('.author-name')).toHaveText('Ben Okafor');
  await expect(qa.locator('.answer')).toHaveCount(2);
  await expect(alert).toHaveCount(0);
  await expect(field).toHaveValue('');
  expect(await draftOf(page, key)).toBeNull();
  expect(w.errors.slice(errorsAfter)).toEqual([]);

  const { body } = await api(server.url, 'GET', `/v1/questions/${encodeURIComponent(id)}`);
  expect(body.answers.total).toBe(2);
  const posted = (body.answers.items as { bodyHtml: string; author: { id: string } }[]).filter(
    (a) => a.bodyHtml.includes('the laptop stays dry'),
  );
  expect(posted, 'the answer posted after the outage, exactly once').toHaveLength(1);
  expect(posted[0]!.author.id).toBe('m_ben');
  expect(body.question.answerCount).toBe(2);
}

const THIRD_ANSWER = 'One more thing: the hip-belt pockets fit a phone, but not a big one.';
/** How Chromium reports a connection that was cut before the response arrived. */
const RESET = /^Failed to load resource: net::ERR_CONNECTION_RESET$/;

/**
 * The server stores an answer but its response never reaches the page (the connection is cut after the
 * server answered, on every attempt): the page says it failed and keeps the draft; posting again
 * shows the answer the server stored the first time — it is there once, not twice.
 */
async function lostResponse(page: Page, server: KithServer, w: Watch, id: string): Promise<void> {
  const qa = page.locator('kith-qa');
  const errorsBefore = w.errors.length;
  const reached: { status: number; replayed: string | null }[] = [];
  const answers = `${server.url}/v1/questions/${encodeURIComponent(id)}/answers?**`;
  await page.route(answers, async (route) => {
    const response = await route.fetch();
    reached.push({
      status: response.status(),
      replayed: response.headers()['idempotency-replayed'] ?? null,
    });
    await route.abort('connectionreset');
  });
  await qa.locator('#answer-body').fill(THIRD_ANSWER);
  await qa.getByRole('button', { name: 'Post answer' }).click();
  await expect(qa.locator('#answer-error')).toHaveText(
    'The community server could not be reached. Your text is kept as a draft.',
    { timeout: 15_000 },
  );
  await expect(qa.locator('#answer-body')).toHaveValue(THIRD_ANSWER);
  // The server got it (and the adapter's own retries were answered from the first result).
  expect(reached[0]).toEqual({ status: 201, replayed: null });
  expect(reached.slice(1).every((r) => r.status === 201 && r.replayed === 'true')).toBe(true);
  await page.unroute(answers);
  const whileCut = w.errors.slice(errorsBefore);
  expect(whileCut.length).toBeGreaterThan(0);
  expect(whileCut.filter((e) => !RESET.test(e))).toEqual([]);

  const errorsAfter = w.errors.length;
  await qa.getByRole('button', { name: 'Post answer' }).click();
  await expect(qa.locator('.answer').filter({ hasText: THIRD_ANSWER })).toHaveCount(1);
  await expect(qa.locator('.answer')).toHaveCount(3);
  await expect(qa.locator('#answer-error')).toHaveCount(0);
  expect(w.errors.slice(errorsAfter)).toEqual([]);
  const { body } = await api(server.url, 'GET', `/v1/questions/${encodeURIComponent(id)}`);
  expect(body.answers.total).toBe(3);
  const stored = (body.answers.items as { bodySource?: string; bodyHtml: string }[]).filter((a) =>
    a.bodyHtml.includes('hip-belt pockets'),
  );
  expect(stored, 'the answer whose response was lost, stored exactly once').toHaveLength(1);
}

onEachDatabase((backend, start) => {
  test('members ask, answer, vote and accept in the demo; it all survives a reload and is in the API; a post while the server is down (or whose response is lost) fails clearly, keeps the draft, and is stored exactly once when posted again', async ({
    page,
  }) => {
    const server = await start();
    const health = await api(server.url, 'GET', '/v1/health');
    expect(health.body).toEqual({ ok: true, database: backend });

    const w = await watch(page);
    const title = `Do a 15.6" laptop and a 3 L bladder both fit? (${backend})`;
    const id = await coreFlow(page, server, title);
    expect(w.errors, 'console errors').toEqual([]);
    expect(w.violations, 'CSP violations').toEqual([]);

    await outage(page, server, w, id);
    await lostResponse(page, server, w, id);
    expect(w.violations, 'CSP violations').toEqual([]);
    await expectViolationsRecorded(page, w);
  });
});

/** Serves the demo page and the SDK from disk on `origin`, as a CDN would while the API is down. */
async function serveFromDisk(page: Page, origin: string): Promise<void> {
  await page.route(
    (url) => url.origin === origin && /^\/(demo|dist)\//.test(url.pathname),
    (route) => {
      const { pathname } = new URL(route.request().url());
      const file = path.join(repoRoot, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
      return route.fulfill({ path: file, headers: { 'Cache-Control': 'no-store' } });
    },
  );
}

test('with the server down when the page loads, the list says it could not be loaded and offers Try again, which works once the server is back', async ({
  page,
}, info) => {
  const server = await startKithServer();
  try {
    expect(await server.stop()).toBe(0);
    const w = await watch(page);
    await serveFromDisk(page, server.url);
    const qa = page.locator('kith-qa');
    await page.goto(`${server.url}/demo/`);

    const failure: Locator = qa.locator('.state-error');
    await expect(failure).toHaveRole('alert');
    await expect(failure).toContainText(
      'The questions could not be loaded. The community server could not be reached.',
      { timeout: 15_000 },
    );
    const retry = failure.getByRole('button', { name: 'Try again' });
    await expect(retry).toBeVisible();
    await expect(qa.locator('.question')).toHaveCount(0);
    expect(w.errors.length).toBeGreaterThan(0);
    expect(
      w.errors.filter((e) => !REFUSED.test(e)),
      'console errors',
    ).toEqual([]);

    // Still down: Try again fails again, the same way.
    const refusedBefore = w.errors.length;
    await retry.click();
    await expect.poll(() => w.errors.length).toBeGreaterThan(refusedBefore);
    // The list shows it is loading (the adapter retries a refused connection), then fails again.
    await expect(qa.locator('.state-error')).toContainText(
      'The questions could not be loaded. The community server could not be reached.',
    );
    await expect(qa.getByRole('button', { name: 'Try again' })).toBeVisible();
    expect(w.errors.filter((e) => !REFUSED.test(e))).toEqual([]);

    await server.start();
    const errorsAfter = w.errors.length;
    await qa.getByRole('button', { name: 'Try again' }).click();
    await expect(qa.locator('.question')).toHaveCount(5);
    await expect(qa.locator('.state-error')).toHaveCount(0);
    await expect(qa.getByRole('alert')).toHaveCount(0);
    expect(w.errors.slice(errorsAfter), 'console errors').toEqual([]);
    expect(w.violations, 'CSP violations').toEqual([]);

    // And the page works on: a member signs in and opens a question.
    await browseAs(page, 'ada');
    await qa.locator('.question-title').first().click();
    await expect(qa.locator('#thread-heading')).toBeVisible();
    await expect(qa.locator('#answer-body')).toBeVisible();
    expect(w.errors.slice(errorsAfter), 'console errors').toEqual([]);
    expect(w.violations, 'CSP violations').toEqual([]);
  } catch (error) {
    await info.attach('server output', { body: server.output(), contentType: 'text/plain' });
    throw error;
  } finally {
    await server.dispose();
  }
});
