/**
 * Issue 7 in the page, against the real reference server on PGlite and on PostgreSQL: the inbox,
 * escalation to support, webhooks, Atom feeds and following.
 *
 * - Ben answers Ada's question: her `<kith-inbox>` bell says "1 unread"; opened by keyboard it lists
 *   "Ben Okafor answered" with the question's title; following it opens the question on its page and
 *   marks it read (the server agrees). "Mark all read" clears the rest.
 * - Ada's question past `escalation.askerAfter`: "I still need help" (by keyboard) escalates it, the
 *   API says by the asker; a staff answer turns the mark into "Answered by support".
 * - A question past `escalation.after` is escalated by the server's job, with nobody acting, and a
 *   webhook receiver gets one `question.escalated` delivery with a valid Standard Webhooks signature.
 * - `<kith-qa>` links its topic's Atom feed, the head has one `<link rel="alternate">` to it, and the
 *   feed parses and lists the question just asked.
 * - Ada unfollows her question in the page: another answer tells her nothing (a follower hears of it).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from 'playwright/test';
import type {
  Answer,
  Notification,
  NotificationsPage,
  Question,
  QuestionThread,
} from '../../src/core/types.js';
import { api, devToken, onEachDatabase, type KithServer } from './kith-server.js';
import { MEMBERS, browseAs, expectMember, watch } from './demo-page.js';

test.describe.configure({ mode: 'parallel' });
// Each takes 10–25 s (most of it the server starting); the margin is for a busy machine.
test.setTimeout(90_000);

const TOPIC = 'aurora-trail-28';

/** The tokens of the demo's members, as its switcher signs them (and a staff member). */
async function tokens(server: KithServer) {
  return {
    ada: await devToken(server.url, MEMBERS.ada.id, MEMBERS.ada.name, ['customer'], [TOPIC]),
    ben: await devToken(server.url, MEMBERS.ben.id, MEMBERS.ben.name),
    sam: await devToken(server.url, MEMBERS.sam.id, MEMBERS.sam.name, ['staff']),
  };
}

/** `token`'s member asks `title` on the demo page (its URL is stored, as `<kith-qa>` sends it). */
async function ask(server: KithServer, token: string, title: string): Promise<Question> {
  const reply = await api<Question>(server.url, 'POST', '/v1/questions', {
    token,
    body: {
      topic: TOPIC,
      title,
      body: 'Asked by the end-to-end tests.',
      pageUrl: `${server.url}/demo/`,
    },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

async function answer(
  server: KithServer,
  token: string,
  questionId: string,
  body: string,
): Promise<Answer> {
  const reply = await api<Answer>(server.url, 'POST', `/v1/questions/${questionId}/answers`, {
    token,
    body: { body },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

/** A member's notifications as the SDK reads them: the bootstrap read kind `notifications`. */
async function inboxFromApi(server: KithServer, token: string): Promise<NotificationsPage> {
  const requests = JSON.stringify([{ kind: 'notifications', limit: 20 }]);
  const reply = await api<{ results: { ok: boolean; data: NotificationsPage }[] }>(
    server.url,
    'GET',
    `/v1/bootstrap?requests=${encodeURIComponent(requests)}`,
    { token },
  );
  expect(reply.status).toBe(200);
  const [slot] = reply.body.results;
  expect(slot?.ok, JSON.stringify(slot)).toBe(true);
  return slot!.data;
}

async function changeSettings(server: KithServer, staff: string, settings: object): Promise<void> {
  const reply = await api(server.url, 'PATCH', '/v1/site/settings', {
    token: staff,
    body: { settings },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
}

async function threadFromApi(server: KithServer, id: string, token?: string) {
  const reply = await api<QuestionThread>(server.url, 'GET', `/v1/questions/${id}`, { token });
  expect(reply.status).toBe(200);
  return reply.body;
}

/** Opens the demo page as a member of its switcher, at `hash`. */
async function openAs(page: Page, server: KithServer, who: keyof typeof MEMBERS, hash = '') {
  await page.goto(`${server.url}/demo/`);
  await browseAs(page, who);
  if (hash) {
    await page.goto(`${server.url}/demo/${hash}`);
    await expectMember(page, MEMBERS[who].id);
  }
}

onEachDatabase((_backend, start) => {
  test("Ben answers Ada's question: her bell says so, opening it by keyboard leads to the question and marks it read; Mark all read clears the rest", async ({
    page,
  }) => {
    const server = await start();
    const w = await watch(page);
    const t = await tokens(server);
    const title = 'Does the rain cover fit over a full side pocket?';
    const question = await ask(server, t.ada, title);
    await answer(server, t.ben, question.id, 'Yes, it stretches over both pockets.');

    await openAs(page, server, 'ada');
    const inbox = page.locator('kith-inbox');
    const bell = inbox.locator('[part~="bell"]');
    await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
    await expect(inbox.locator('[part~="count"]')).toHaveText('1');

    // Opened by keyboard: focus moves into the panel, which lists Ben's answer.
    await bell.focus();
    await page.keyboard.press('Enter');
    const panel = inbox.locator('[part~="panel"]');
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('heading', { name: 'Notifications' })).toBeFocused();
    const items = panel.locator('[part~="item"]');
    await expect(items).toHaveCount(1);
    const item = items.first();
    await expect(item).toContainText(`${MEMBERS.ben.name} answered`);
    await expect(item).toContainText(title);
    await expect(item).toContainText('New');
    await expect(item).toHaveAttribute('href', `${server.url}/demo/#kith-question-${question.id}`);

    // Tab past "Mark all read" and Close to the notification; Enter follows it.
    await page.keyboard.press('Tab');
    await expect(panel.locator('[part~="mark-all"]')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(panel.locator('[part~="close"]')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(item).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(page).toHaveURL(`${server.url}/demo/#kith-question-${question.id}`);
    await expect(page.locator('kith-qa #thread-heading')).toHaveText(title);
    await expect(panel).toBeHidden();
    await expect(bell).toHaveAccessibleName('Notifications');
    await expect(inbox.locator('[part~="count"]')).toHaveCount(0);
    await expect
      .poll(async () => {
        const read = await inboxFromApi(server, t.ada);
        return { unread: read.unread, read: read.items.map((n) => n.read) };
      })
      .toEqual({ unread: 0, read: [true] });

    // Two more answers (Ben, then Sam of staff): after a reload, two unread; Mark all read clears them.
    await answer(server, t.ben, question.id, 'Also over the bottle holders.');
    await answer(server, t.sam, question.id, 'Northwind here: yes, by design.');
    await page.reload();
    await expectMember(page, MEMBERS.ada.id);
    await expect(bell).toHaveAccessibleName('Notifications, 2 unread');
    await bell.focus();
    await page.keyboard.press('Enter');
    await expect(panel.locator('[part~="item-unread"]')).toHaveCount(2);
    await expect(items).toHaveCount(3);
    await page.keyboard.press('Tab');
    const markAll = panel.locator('[part~="mark-all"]');
    await expect(markAll).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(panel.locator('[part~="item-unread"]')).toHaveCount(0);
    await expect(panel.locator('[part~="new"]')).toHaveCount(0);
    await expect(markAll).toHaveCount(0);
    // The button went with the last unread notification: focus stays in the panel.
    await expect(panel.getByRole('heading', { name: 'Notifications' })).toBeFocused();
    await expect(bell).toHaveAccessibleName('Notifications');
    await expect.poll(async () => (await inboxFromApi(server, t.ada)).unread).toBe(0);
    const after = await inboxFromApi(server, t.ada);
    expect(after.total).toBe(3);
    expect(after.items.every((n) => n.read)).toBe(true);

    expect(w.errors).toEqual([]);
    expect(w.violations).toEqual([]);
  });

  test('Ada presses "I still need help" by keyboard once askerAfter has passed; a staff answer resolves the escalation', async ({
    page,
  }) => {
    const server = await start();
    const w = await watch(page);
    const t = await tokens(server);
    await changeSettings(server, t.sam, { escalation: { askerAfter: '1s' } });
    const title = 'Can the hip belt pockets hold a large phone?';
    const question = await ask(server, t.ada, title);
    expect(question.escalatedAt ?? null).toBeNull();
    expect(Date.parse(question.escalatableAt!) - Date.parse(question.createdAt)).toBe(1000);

    await openAs(page, server, 'ada', `#kith-question-${question.id}`);
    const qa = page.locator('kith-qa');
    await expect(qa.locator('#thread-heading')).toHaveText(title);
    // The button comes once `escalatableAt` has passed (the hint before it, if the page was quick).
    const escalate = qa.getByRole('button', { name: 'I still need help' });
    await expect(escalate).toBeVisible();
    await expect(escalate).toHaveAccessibleDescription('Sends your question to our support team.');
    await escalate.focus();
    await page.keyboard.press('Enter');

    const mark = qa.locator('[part~="escalation"]');
    await expect(mark).toContainText('Escalated to support');
    await expect(mark).toContainText('You asked our support team for help.');
    await expect(mark).toBeFocused();
    await expect(escalate).toHaveCount(0);
    const escalated = (await threadFromApi(server, question.id, t.ada)).question;
    expect(escalated.escalatedBy).toBe('asker');
    expect(escalated.escalatedAt).toEqual(expect.any(String));
    expect(escalated.escalationResolvedAt ?? null).toBeNull();
    expect(escalated.escalatableAt ?? null).toBeNull();
    // She escalated it herself: no notification about it.
    expect((await inboxFromApi(server, t.ada)).items.map((n) => n.kind)).toEqual([]);

    // Sam (staff) answers: after a reload, "Answered by support".
    await answer(server, t.sam, question.id, 'Northwind support: yes, up to 6.7 inches.');
    const resolved = (await threadFromApi(server, question.id)).question;
    expect(resolved.escalationResolvedAt).toEqual(expect.any(String));
    expect(resolved.escalatedBy).toBe('asker');
    await page.reload();
    await expectMember(page, MEMBERS.ada.id);
    await expect(mark).toContainText('Answered by support');
    await expect(mark).toContainText('Our support team answered this question.');
    await expect(mark).not.toContainText('Escalated to support');

    expect(w.errors).toEqual([]);
    expect(w.violations).toEqual([]);
  });

  test('an unanswered question is escalated on schedule with nobody acting, and a webhook receiver gets one signed question.escalated delivery', async ({
    page,
  }) => {
    // A receiver on loopback (the dev server allows it), recording every request raw.
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const server = await start({ env: { KITH_JOBS_INTERVAL_MS: '200' } });
      const t = await tokens(server);
      const { port } = receiver.address() as AddressInfo;
      const created = await api<{ id: string; secret: string }>(
        server.url,
        'POST',
        '/v1/webhooks',
        {
          token: t.sam,
          body: {
            url: `http://127.0.0.1:${port}/kith`,
            events: ['question.escalated'],
            description: 'E2E helpdesk',
          },
        },
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      await changeSettings(server, t.sam, { escalation: { after: '1s' } });

      const asker = await devToken(server.url, 'm_e2e_asker', 'Eli Asker');
      const title = 'Is the back panel removable for washing?';
      const question = await ask(server, asker, title);

      // Nobody acts: the server's job escalates it.
      await expect
        .poll(async () => (await threadFromApi(server, question.id)).question.escalatedBy, {
          timeout: 15_000,
        })
        .toBe('schedule');

      const forQuestion = () =>
        received.filter((r) => {
          const event = JSON.parse(r.body) as { data?: { question?: { id?: string } } };
          return event.data?.question?.id === question.id;
        });
      await expect.poll(() => forQuestion().length, { timeout: 15_000 }).toBe(1);
      // The server logged it as delivered at the first attempt, and sent no other for this question.
      await expect
        .poll(async () => {
          const log = await api<{ items: { id: string; type: string; status: string }[] }>(
            server.url,
            'GET',
            `/v1/webhooks/${created.body.id}/deliveries?limit=100`,
            { token: t.sam },
          );
          return log.body.items
            .filter((d) => d.id === forQuestion()[0]!.headers['webhook-id'])
            .map((d) => [d.type, d.status]);
        })
        .toEqual([['question.escalated', 'delivered']]);
      expect(forQuestion()).toHaveLength(1);

      const [delivery] = forQuestion();
      const headers = delivery!.headers;
      expect(headers['content-type']).toMatch(/^application\/json/);
      expect(headers['user-agent']).toBe('Kith-Webhooks/1');
      const id = String(headers['webhook-id']);
      const timestamp = String(headers['webhook-timestamp']);
      expect(id).toMatch(/^msg_/);
      expect(timestamp).toMatch(/^\d+$/);
      expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
      const key = Buffer.from(created.body.secret.replace(/^whsec_/, ''), 'base64');
      const expected = createHmac('sha256', key)
        .update(`${id}.${timestamp}.${delivery!.body}`)
        .digest('base64');
      expect(String(headers['webhook-signature']).split(' ')).toContain(`v1,${expected}`);
      // …and a signature over another body would not match.
      const tampered = createHmac('sha256', key)
        .update(`${id}.${timestamp}.${delivery!.body} `)
        .digest('base64');
      expect(String(headers['webhook-signature']).split(' ')).not.toContain(`v1,${tampered}`);

      const event = JSON.parse(delivery!.body) as {
        type: string;
        data: {
          site: string;
          actor: unknown;
          by: string;
          question: Record<string, unknown>;
        };
      };
      expect(event.type).toBe('question.escalated');
      expect(event.data).toMatchObject({
        site: 'demo',
        actor: null,
        by: 'schedule',
        question: {
          id: question.id,
          title,
          pageUrl: `${server.url}/demo/#kith-question-${question.id}`,
          author: { id: 'm_e2e_asker', name: 'Eli Asker' },
          escalatedBy: 'schedule',
        },
      });

      // The asker is told (besides the badge of a first question); the page shows why support has it.
      const told = await inboxFromApi(server, asker);
      expect(
        told.items
          .filter((n: Notification) => n.kind !== 'badge.awarded')
          .map((n) => [n.kind, n.title, n.targetId, n.actor ?? null]),
      ).toEqual([['question.escalated', title, question.id, null]]);
      await page.goto(`${server.url}/demo/#kith-question-${question.id}`);
      const mark = page.locator('kith-qa [part~="escalation"]');
      await expect(mark).toContainText('Escalated to support');
      await expect(mark).toContainText('Nobody answered in time, so our support team has it.');
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  test('<kith-qa> links its Atom feed, once in the head too, and the feed parses and lists the new question', async ({
    page,
  }) => {
    const server = await start();
    const w = await watch(page);
    const t = await tokens(server);
    const title = 'Which sternum strap whistle frequency is it?';
    const question = await ask(server, t.ada, title);

    await page.goto(`${server.url}/demo/`);
    const link = page.locator('kith-qa [part~="feed-link"]');
    await expect(link).toHaveText('Subscribe via Atom feed');
    const href = await link.getAttribute('href');
    expect(href).toBe(`${server.url}/v1/feeds/topics/${TOPIC}.atom?site=demo`);
    const alternates = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
    await expect(alternates.and(page.locator(`[href="${href}"]`))).toHaveCount(1);
    await expect(alternates.and(page.locator(`[href="${href}"]`))).toHaveAttribute(
      'title',
      `Questions about ${TOPIC}`,
    );
    // One `<link>` per feed: the Q&A, the ideas and the reviews each have their own.
    const hrefs = await alternates.evaluateAll((links) =>
      links.map((l) => (l as HTMLLinkElement).href),
    );
    expect(new Set(hrefs).size).toBe(hrefs.length);

    // Fetched by the page (same origin); parsed in a blank page, as the demo's Trusted Types policy
    // (rightly) refuses DOMParser a plain string.
    const fetched = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { type: res.headers.get('content-type'), text: await res.text() };
    }, href!);
    const blank = await page.context().newPage();
    const feed = await blank.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const ATOM = 'http://www.w3.org/2005/Atom';
      const child = (el: Element, name: string) => el.getElementsByTagNameNS(ATOM, name)[0];
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        root: `${doc.documentElement.namespaceURI} ${doc.documentElement.localName}`,
        entries: [...doc.getElementsByTagNameNS(ATOM, 'entry')].map((entry) => ({
          id: child(entry, 'id')?.textContent,
          title: child(entry, 'title')?.textContent,
          link: child(entry, 'link')?.getAttribute('href'),
        })),
      };
    }, fetched.text);
    await blank.close();
    expect(fetched.type).toMatch(/^application\/atom\+xml\b/);
    expect(feed.errors).toBe(0);
    expect(feed.root).toBe('http://www.w3.org/2005/Atom feed');
    expect(feed.entries[0]).toEqual({
      id: `urn:kith:demo:question:${question.id}`,
      title,
      link: `${server.url}/demo/#kith-question-${question.id}`,
    });

    expect(w.errors).toEqual([]);
    expect(w.violations).toEqual([]);
  });

  test('Ada unfollows her question in the page: a new answer tells her nothing, while a follower hears of it', async ({
    page,
  }) => {
    const server = await start();
    const w = await watch(page);
    const t = await tokens(server);
    const title = 'Does the lid pocket fit a paper map?';
    const question = await ask(server, t.ada, title);
    await answer(server, t.ben, question.id, 'An A4 map folded in four, yes.');
    // Sam follows it by choice: he is the control.
    const followed = await api(server.url, 'PUT', '/v1/follows', {
      token: t.sam,
      body: { targetType: 'question', targetId: question.id, following: true },
    });
    expect(followed.status).toBe(200);
    expect((await inboxFromApi(server, t.ada)).unread).toBe(1);

    await openAs(page, server, 'ada', `#kith-question-${question.id}`);
    const qa = page.locator('kith-qa');
    await expect(qa.locator('#thread-heading')).toHaveText(title);
    const follow = qa.getByRole('button', { name: 'Follow this question' });
    await expect(follow).toHaveAttribute('aria-pressed', 'true');
    await follow.focus();
    await page.keyboard.press('Enter');
    await expect(follow).toHaveAttribute('aria-pressed', 'false');
    await expect
      .poll(async () => (await threadFromApi(server, question.id, t.ada)).following)
      .toBe(false);

    // Ben answers again: Sam is told, Ada is not.
    await answer(server, t.ben, question.id, 'Even a 1:25,000 sheet map.');
    const sam = await inboxFromApi(server, t.sam);
    expect(sam.items.map((n) => [n.kind, n.title])).toEqual([['answer.posted', title]]);
    const ada = await inboxFromApi(server, t.ada);
    expect(ada.total).toBe(1);
    expect(ada.unread).toBe(1);

    // In the page too, after a reload: still one unread, still not following.
    await page.reload();
    await expectMember(page, MEMBERS.ada.id);
    await expect(page.locator('kith-inbox [part~="bell"]')).toHaveAccessibleName(
      'Notifications, 1 unread',
    );
    await expect(follow).toHaveAttribute('aria-pressed', 'false');

    expect(w.errors).toEqual([]);
    expect(w.violations).toEqual([]);
  });
});
