/**
 * Members on the demo page against the real reference server, on PGlite and on PostgreSQL: one
 * reputation across Q&A, ideas and reviews, badges, trust levels, the leaderboard and `<kith-badge>`,
 * and a member's own data.
 *
 * - Readers see the month's top helpers, each a `<kith-badge>` whose profile (a popover, by keyboard)
 *   lists every badge with how it was earned and the four tie-strength bars.
 * - A vote on a member's answer, cast in the page, changes that member's reputation in every chip on
 *   the page without a reload, by exactly the points the ledger gives, and the API agrees.
 * - A new member's first post writes its links as text and says so; their next post keeps links. Their
 *   first answer earns "First Answer" with its cause. They export everything about them, then erase
 *   themselves: their post stays, from "a former member", and every count stays.
 */
import { expect, test, type Page } from 'playwright/test';
import type {
  Answer,
  MemberCard,
  MemberExport,
  MemberProfile,
  Question,
  QuestionThread,
} from '../../src/core/types.js';
import { api, devToken, onEachDatabase, type KithServer } from './kith-server.js';
import { MEMBERS, browseAs, expectViolationsRecorded, watch } from './demo-page.js';

test.describe.configure({ mode: 'parallel' });
test.setTimeout(120_000);

const TOPIC = 'aurora-trail-28';

/** The chips of a member on the page (outside other elements' shadow roots: the demo's own). */
const chipOf = (page: Page, memberId: string) =>
  page.locator(`.sign-in kith-badge[member="${memberId}"]`);

/** The number in a text like "1,234 points". */
const pointsIn = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

async function cardFromApi(server: KithServer, memberId: string): Promise<MemberCard> {
  const reply = await api<{ results: { ok: boolean; data: MemberCard[] }[] }>(
    server.url,
    'GET',
    `/v1/bootstrap?requests=${encodeURIComponent(JSON.stringify([{ kind: 'members', ids: [memberId] }]))}`,
  );
  expect(reply.status).toBe(200);
  const [slot] = reply.body.results;
  expect(slot?.ok).toBe(true);
  return slot!.data[0]!;
}

onEachDatabase((_backend, start) => {
  test('readers see the top helpers, open a profile by keyboard, and a vote in the page moves reputation in every chip without a reload', async ({
    page,
  }) => {
    const server = await start();
    const w = await watch(page);

    // A question by Priya, answered by Ada, through the API.
    const priya = await devToken(server.url, 'm_priya', 'Priya Shah');
    const asked = await api<Question>(server.url, 'POST', '/v1/questions', {
      token: priya,
      body: {
        topic: TOPIC,
        title: 'Does the hip belt fit a 70 cm waist?',
        body: 'Asking for a friend.',
      },
    });
    expect(asked.status).toBe(201);
    const ada = await devToken(server.url, MEMBERS.ada.id, MEMBERS.ada.name);
    const answered = await api<Answer>(
      server.url,
      'POST',
      `/v1/questions/${asked.body.id}/answers`,
      {
        token: ada,
        body: { body: 'Yes: it goes down to 65 cm.' },
      },
    );
    expect(answered.status).toBe(201);
    const before = (await cardFromApi(server, MEMBERS.ada.id)).reputation;

    await page.goto(`${server.url}/demo/`);

    // The month's top helpers: ranked, each a badge.
    const board = page.locator('kith-leaderboard');
    const entries = board.locator('li');
    await expect(entries.first()).toBeVisible();
    expect(await entries.count()).toBeGreaterThan(0);
    expect(await entries.count()).toBeLessThanOrEqual(5);
    await expect(entries.first().locator('kith-badge')).toHaveCount(1);

    // Ada's chip: her name and her reputation as the API has it.
    const chip = chipOf(page, MEMBERS.ada.id);
    await expect(chip.locator('[part~="name"]')).toHaveText(MEMBERS.ada.name);
    await expect
      .poll(async () => pointsIn(await chip.locator('[part~="reputation"]').textContent()))
      .toBe(before);

    // Her profile, by keyboard: every badge with how it was earned, four tie-strength bars; Escape
    // closes it and focus returns to the chip.
    const button = chip.locator('[part~="button"]');
    await button.focus();
    await page.keyboard.press('Enter');
    const profile = chip.locator('[part~="profile"]');
    await expect(profile).toBeVisible();
    await expect(profile.locator('meter')).toHaveCount(4);
    const profileFromApi = await api<MemberProfile>(
      server.url,
      'GET',
      `/v1/members/${MEMBERS.ada.id}`,
    );
    await expect(profile.locator('[part~="award"]')).toHaveCount(profileFromApi.body.badges.length);
    await page.keyboard.press('Escape');
    await expect(profile).toBeHidden();
    await expect(button).toBeFocused();

    // Ben votes Ada's answer up in the page: +10 in her chip, without a reload.
    await browseAs(page, 'ben');
    await page.goto(`${server.url}/demo/#kith-question-${asked.body.id}`);
    await browseAs(page, 'ben');
    const answer = page.locator(`kith-qa [data-answer-id="${answered.body.id}"]`);
    await answer.locator('.vote-up').click();
    await expect(answer.locator('.vote-up')).toHaveAttribute('aria-pressed', 'true');
    await expect
      .poll(async () => pointsIn(await chip.locator('[part~="reputation"]').textContent()))
      .toBe(before + 10);
    expect((await cardFromApi(server, MEMBERS.ada.id)).reputation).toBe(before + 10);

    expect(w.errors).toEqual([]);
    expect(w.violations).toEqual([]);
    await expectViolationsRecorded(page, w);
  });

  test("a new member's first post writes links as text and says so; their first answer earns First Answer; they export their data and erase themselves, and the counts stay", async ({
    page,
  }) => {
    const server = await start();
    const token = await devToken(server.url, 'm_e2e_newcomer', 'Nia Newcomer');
    const body =
      'See [the manual](https://example.com/manual) and ![the belt](https://example.com/belt.png).';

    // Level 0: the links and the image become text, and the response says so.
    const first = await api<Question>(server.url, 'POST', '/v1/questions', {
      token,
      body: { topic: TOPIC, title: 'Where is the manual for the hip belt?', body },
    });
    expect(first.status).toBe(201);
    expect(first.body.notices).toEqual(['links-as-text']);
    expect(first.body.bodyHtml).not.toContain('<a');
    expect(first.body.bodyHtml).not.toContain('<img');
    expect(first.body.bodyHtml).toContain('the manual (https://example.com/manual)');

    // Their first answer (to a seeded question): level 1 now, so the link stays; and a badge.
    const questions = await api<{ items: Question[] }>(
      server.url,
      'GET',
      `/v1/questions?topic=${TOPIC}&sort=newest&limit=5`,
    );
    const other = questions.body.items.find((q) => q.author.id !== 'm_e2e_newcomer')!;
    const answer = await api<Answer>(server.url, 'POST', `/v1/questions/${other.id}/answers`, {
      token,
      body: { body: 'The [size chart](https://example.com/sizes) helps.' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.notices).toBeUndefined();
    expect(answer.body.bodyHtml).toContain('href="https://example.com/sizes"');
    const profile = await api<MemberProfile>(server.url, 'GET', '/v1/members/m_e2e_newcomer');
    expect(profile.body.trustLevel).toBeGreaterThanOrEqual(1);
    expect(profile.body.badges.map((b) => b.badge.slug)).toContain('first-answer');
    expect(profile.body.badges.find((b) => b.badge.slug === 'first-answer')!.cause).toEqual({
      metric: 'answers',
      value: 1,
      threshold: 1,
    });

    // Everything about them, and nothing of anyone else's.
    const exported = await api<MemberExport>(server.url, 'GET', '/v1/members/me/export', { token });
    expect(exported.status).toBe(200);
    expect(exported.body.member.id).toBe('m_e2e_newcomer');
    expect((exported.body.records.questions ?? []).map((q) => (q as { id: string }).id)).toEqual([
      first.body.id,
    ]);
    expect((exported.body.records.answers ?? []).map((a) => (a as { id: string }).id)).toEqual([
      answer.body.id,
    ]);

    // Erased: the posts stay, from "a former member"; the question's answer count stays.
    const threadBefore = await api<QuestionThread>(server.url, 'GET', `/v1/questions/${other.id}`);
    const erased = await api(server.url, 'POST', '/v1/members/m_e2e_newcomer/erase', { token });
    expect(erased.status).toBe(204);
    const threadAfter = await api<QuestionThread>(server.url, 'GET', `/v1/questions/${other.id}`);
    expect(threadAfter.body.question.answerCount).toBe(threadBefore.body.question.answerCount);
    const mine = threadAfter.body.answers.items.find((a) => a.id === answer.body.id)!;
    expect(mine.author).toMatchObject({ erased: true });
    expect(mine.author.id).not.toBe('m_e2e_newcomer');
    expect((await api(server.url, 'GET', '/v1/members/m_e2e_newcomer')).status).toBe(404);

    // The page shows the question as from a former member.
    await page.goto(`${server.url}/demo/#kith-question-${first.body.id}`);
    const qa = page.locator('kith-qa');
    await expect(qa.locator('#thread-heading')).toHaveText('Where is the manual for the hip belt?');
    await expect(qa.locator('.post')).toContainText('A former member');
    await expect(qa.locator('.post .post-body a')).toHaveCount(0);
  });
});
