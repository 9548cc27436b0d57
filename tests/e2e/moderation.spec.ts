/**
 * Issue 8 in the page, against the real reference server on PGlite and on PostgreSQL: moderation,
 * spam guards and guests, and analytics with the view beacon.
 *
 * - Three members flag Ben's answer: it is held (gone from the thread). Sam, staff, approves it by
 *   keyboard in `<kith-moderation>` on the demo's staff page, with a reason: the queue empties, the
 *   audit log has the approval, and the answer is back. Flagged again, Sam suspends Ben for a day from
 *   the queue: Ben's next answer in `<kith-qa>` is refused saying until when, and his text stays.
 * - The site allows guests and has guidelines: a visitor sees the guidelines in the ask form; a form
 *   sent at once is refused as too fast, one whose hidden honeypot is filled is refused; a guest's
 *   question waits ("will appear once a moderator has approved it"), is a "Guest post" in the queue,
 *   and shows in the list once Sam approves it.
 * - A visitor opens an answered question: the beacon goes out with no cookie and no token; a visitor
 *   whose browser sends Global Privacy Control opens one too: nothing goes out. Sam's
 *   `<kith-insights>` shows that one page load, deflected, and downloads the figures as CSV.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page, type Request } from 'playwright/test';
import type { Answer, InsightsReport, Question } from '../../src/core/types.js';
import { MEMBERS, browseAs, watch, type Watch } from './demo-page.js';
import { api, devToken, onEachDatabase, type KithServer } from './kith-server.js';

test.describe.configure({ mode: 'parallel' });
test.setTimeout(120_000);

const TOPIC = 'aurora-trail-28';

async function tokens(server: KithServer) {
  return {
    ada: await devToken(server.url, MEMBERS.ada.id, MEMBERS.ada.name),
    ben: await devToken(server.url, MEMBERS.ben.id, MEMBERS.ben.name),
    sam: await devToken(server.url, MEMBERS.sam.id, MEMBERS.sam.name, ['staff']),
    cleo: await devToken(server.url, 'm_cleo', 'Cleo Park'),
    dev: await devToken(server.url, 'm_dev', 'Dev Patel'),
  };
}

async function ask(server: KithServer, token: string, title: string): Promise<Question> {
  const reply = await api<Question>(server.url, 'POST', '/v1/questions', {
    token,
    body: { topic: TOPIC, title, body: 'Asked by the end-to-end tests.' },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

async function answer(server: KithServer, token: string, questionId: string, body: string) {
  const reply = await api<Answer>(server.url, 'POST', `/v1/questions/${questionId}/answers`, {
    token,
    body: { body },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

async function flag(server: KithServer, token: string, answerId: string) {
  const reply = await api<{ visibility: string }>(server.url, 'POST', '/v1/flags', {
    token,
    body: { targetType: 'answer', targetId: answerId, reason: 'spam' },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.visibility;
}

async function answerIds(server: KithServer, questionId: string): Promise<string[]> {
  const reply = await api<{ answers: { items: { id: string }[] } }>(
    server.url,
    'GET',
    `/v1/questions/${questionId}`,
  );
  expect(reply.status).toBe(200);
  return reply.body.answers.items.map((a) => a.id);
}

async function changeSettings(server: KithServer, staff: string, settings: object) {
  const reply = await api(server.url, 'PATCH', '/v1/site/settings', {
    token: staff,
    body: { settings },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
}

/** The demo's staff page as Sam, once its staff elements use his token. */
async function openStaffPage(page: Page, server: KithServer): Promise<void> {
  await page.goto(`${server.url}/demo/staff.html`);
  await page.locator('#member-switcher').selectOption(MEMBERS.sam.id);
  await expect
    .poll(() =>
      page.evaluate(() =>
        ['kith-moderation', 'kith-insights'].map(
          (tag) =>
            (document.querySelector(tag) as unknown as { member: { sub: string } | null })?.member
              ?.sub,
        ),
      ),
    )
    .toEqual([MEMBERS.sam.id, MEMBERS.sam.id]);
}

/** Opens an action's form on a queue item by keyboard, gives the reason and sends it. */
async function actByKeyboard(page: Page, item: Locator, action: string, reason: string) {
  await item.getByRole('button', { name: action, exact: true }).focus();
  await page.keyboard.press('Enter');
  const form = page.locator('kith-moderation #action-form');
  await expect(form).toBeVisible();
  await form.locator('#action-reason').focus();
  await page.keyboard.type(reason);
  return form;
}

/** No CSP violation, and no console error but the browser's log of the refusals the test caused. */
function expectClean(w: Watch, refused?: RegExp) {
  expect(w.errors.filter((e) => !refused?.test(e))).toEqual([]);
  expect(w.violations).toEqual([]);
}

const REFUSED = (status: number) =>
  new RegExp(`^Failed to load resource: the server responded with a status of ${status}\\b`);

onEachDatabase((_backend, start) => {
  test('Flags hold an answer; staff approve it by keyboard with a reason (audit log) and it is back; a suspended member cannot answer and keeps his text', async ({
    page,
  }) => {
    const server = await start();
    const w = await watch(page);
    const t = await tokens(server);
    const question = await ask(server, t.ada, 'Can the hip belt pockets hold a phone?');
    const reply = await answer(server, t.ben, question.id, 'Yes, a 6.1" phone fits in either one.');

    expect(await flag(server, t.ada, reply.id)).toBe('visible');
    expect(await flag(server, t.cleo, reply.id)).toBe('visible');
    expect(await flag(server, t.dev, reply.id)).toBe('held');
    expect(await answerIds(server, question.id)).toEqual([]);

    await openStaffPage(page, server);
    const moderation = page.locator('kith-moderation');
    const item = moderation.locator('.item');
    await expect(item).toHaveCount(1);
    await expect(item.locator('.reason')).toHaveText('Held for review');
    await expect(item.locator('.excerpt')).toHaveText('Yes, a 6.1" phone fits in either one.');
    await expect(item.locator('.flags')).toContainText('Spam: 3');

    const form = await actByKeyboard(page, item, 'Approve', 'Checked: a real answer.');
    await page.keyboard.press('Enter');
    await expect(form).toHaveCount(0);
    await expect(item).toHaveCount(0);
    await expect(moderation.locator('.empty')).toBeVisible();
    expect(await answerIds(server, question.id)).toEqual([reply.id]);

    await moderation.getByRole('tab', { name: 'Audit log' }).click();
    const rows = moderation.locator('.audit-row');
    await expect(rows.first()).toContainText('Checked: a real answer.');
    await expect(rows.first()).toContainText(MEMBERS.sam.name);
    // The hold before it: by the community's flags.
    await expect(rows).toHaveCount(2);

    // Flagged again (one flag: listed, still visible), Sam suspends Ben from the queue for a day.
    expect(await flag(server, t.ada, reply.id)).toBe('visible');
    await moderation.getByRole('tab', { name: 'Queue' }).click();
    await moderation.getByRole('button', { name: 'Refresh' }).click();
    await expect(item).toHaveCount(1);
    await expect(item.locator('.reason')).toHaveText('Flagged');
    const suspend = await actByKeyboard(page, item, 'Suspend author', 'Repeated spam.');
    await suspend.getByLabel('1 day').check();
    await suspend.locator('button[type="submit"]').click();
    await expect(item).toContainText('Suspended until');

    // Ben, suspended, answers in the page: refused, saying until when; his text stays.
    await page.goto(`${server.url}/demo/`);
    await browseAs(page, 'ben');
    await page.goto(`${server.url}/demo/#kith-question-${question.id}`);
    const qa = page.locator('kith-qa');
    await expect(qa.locator('#thread-heading')).toHaveText(question.title);
    const text = 'The left pocket is a little larger.';
    await qa.locator('#answer-body').fill(text);
    await qa.getByRole('button', { name: 'Post answer' }).click();
    await expect(qa.locator('[role="alert"]').filter({ hasText: 'suspended until' })).toBeVisible();
    await expect(qa.locator('#answer-body')).toHaveValue(text);
    expect(await answerIds(server, question.id)).toEqual([reply.id]);
    expectClean(w, REFUSED(403));
  });

  test('A guest sees the guidelines; too fast and the honeypot are refused; a guest question waits in the queue and shows once approved', async ({
    page,
  }) => {
    const server = await start();
    const w = await watch(page);
    const t = await tokens(server);
    await changeSettings(server, t.sam, {
      moderation: {
        guests: true,
        minSubmitSeconds: 60,
        guidelines: 'Be kind and stay on topic.\n\nNo sales links, please.',
      },
    });

    await page.goto(`${server.url}/demo/#qa`);
    const qa = page.locator('kith-qa');
    const title = 'Is the rain cover seam-sealed?';
    await qa.locator('#ask-title').fill(title);
    await qa.locator('#ask-body').fill('Heading to Scotland in March.');
    const guidelines = qa.locator('details.guidelines');
    await expect(guidelines).toBeVisible();
    await guidelines.locator('summary').click();
    await expect(guidelines.locator('p')).toHaveText([
      'Be kind and stay on topic.',
      'No sales links, please.',
    ]);
    await qa.locator('#ask-body-name').fill('Robin');
    const send = qa.getByRole('button', { name: 'Post as guest' });

    // Sent before the site's minimum time (a minute, for the test): too fast, the draft stays.
    await send.click();
    await expect(qa.locator('#ask-error')).toContainText('That was fast');
    await expect(qa.locator('#ask-title')).toHaveValue(title);

    // The honeypot, filled the way a bot fills every field.
    await changeSettings(server, t.sam, { moderation: { minSubmitSeconds: 0 } });
    await qa.locator('#ask-body-website').evaluate((input: HTMLInputElement) => {
      input.value = 'https://spam.example';
    });
    await send.click();
    await expect(qa.locator('#ask-error')).toContainText('This post could not be accepted.');
    await expect(qa.locator('#ask-title')).toHaveValue(title);

    await qa.locator('#ask-body-website').evaluate((input: HTMLInputElement) => {
      input.value = '';
    });
    await send.click();
    await expect(qa.locator('.notice')).toHaveText(
      'Thanks — your post will appear once a moderator has approved it.',
    );
    await expect(qa.locator('#ask-title')).toHaveValue('');
    await expect(qa.getByText(title, { exact: true })).toHaveCount(0);

    await openStaffPage(page, server);
    const item = page.locator('kith-moderation .item');
    await expect(item).toHaveCount(1);
    await expect(item.locator('.reason')).toHaveText('Guest post');
    await expect(item).toContainText('Robin');
    await expect(item).toContainText('Guest');
    await actByKeyboard(page, item, 'Approve', 'Fine question.');
    await page.keyboard.press('Enter');
    await expect(item).toHaveCount(0);

    await page.goto(`${server.url}/demo/#qa`);
    await expect(page.locator('kith-qa').getByText(title)).toBeVisible();
    expectClean(w, REFUSED(422));
  });

  test('The view beacon carries no cookie or token and nothing under GPC; insights count the deflected page load and download as CSV', async ({
    page,
    browser,
  }) => {
    const server = await start();
    const t = await tokens(server);
    const question = await ask(server, t.ada, 'Does the frame sheet come out for washing?');
    await answer(server, t.ben, question.id, 'It does: unzip the back panel.');

    // A visitor with a cookie of the shop's own: the beacon must not carry it.
    await page.goto(`${server.url}/demo/`);
    await page.evaluate(() => (document.cookie = 'shop_session=abc123; path=/'));
    const beacon = page.waitForRequest((r) => r.url().includes('/v1/events/views'), {
      timeout: 20_000,
    });
    await page.goto(`${server.url}/demo/#kith-question-${question.id}`);
    await expect(page.locator('kith-qa #thread-heading')).toHaveText(question.title);
    const sent: Request = await beacon;
    const headers = await sent.allHeaders();
    expect(headers.cookie).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    const batch = JSON.parse(sent.postData() ?? '{}') as { events: { type: string }[] };
    expect(batch.events).toEqual([{ type: 'question-opened', questionId: question.id }]);
    expect((await sent.response())?.status()).toBe(204);

    // Global Privacy Control: the page opens the same question and sends nothing at all.
    const gpc = await browser.newPage();
    await gpc.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    );
    const gpcBeacons: string[] = [];
    gpc.on('request', (r) => {
      if (r.url().includes('/v1/events/views')) gpcBeacons.push(r.url());
    });
    await gpc.goto(`${server.url}/demo/#kith-question-${question.id}`);
    await expect(gpc.locator('kith-qa #thread-heading')).toHaveText(question.title);
    await gpc.waitForTimeout(6_000); // past the beacon's 5 s batch
    await gpc.goto('about:blank'); // and past pagehide
    await gpc.waitForTimeout(500);
    expect(gpcBeacons).toEqual([]);
    await gpc.close();

    // Sam's insights: one page load opened an answered question and asked nothing.
    const w = await watch(page);
    const report = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/insights');
    await openStaffPage(page, server);
    const figures = (await (await report).json()) as InsightsReport;
    expect(figures.kpis.viewPageLoads).toBe(1);
    expect(figures.kpis.deflectedPageLoads).toBe(1);
    expect(figures.kpis.deflectionRate).toBe(1);
    const insights = page.locator('kith-insights');
    const tile = (label: string) =>
      insights.locator('.tile').filter({ has: page.locator('dt', { hasText: label }) });
    await expect(tile('Self-service deflection').locator('.value')).toHaveText('100%');
    await expect(tile('Questions').locator('.value')).toHaveText(String(figures.kpis.questions));
    expect(figures.kpis.questions).toBeGreaterThanOrEqual(1);

    const download = page.waitForEvent('download');
    await insights.getByRole('button', { name: 'Download CSV' }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    expect(csv).toContain('Deflected page loads');
    expect(csv).toMatch(/Self-service deflection[^\r\n]*,1\b/);
    expectClean(w);
  });
});
