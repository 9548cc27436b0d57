/**
 * `<kith-ideas>` on the demo page against the real reference server, on PGlite and on PostgreSQL:
 * a member finds a similar idea while typing and votes for it instead, suggests a new one (Markdown),
 * another member votes and comments (a malicious comment stays text), staff move it to "planned" with
 * an official response (the element fires `kith-idea-status-changed`) and merge a duplicate into it;
 * after a reload everything is there — in the list, the opened idea, the roadmap and the HTTP API — and
 * the merge counted the member who voted for both ideas once. Then staff set a vote budget of 2 and a
 * member who holds 2 votes is refused a third: the vote rolls back and the page says why.
 *
 * The demo page has a strict CSP with Trusted Types: every flow runs with zero violations and zero
 * console errors.
 */
import { expect, test, type Locator, type Page } from 'playwright/test';
import { api, devToken, onEachDatabase, type KithServer } from './kith-server.js';
import { MEMBERS, browseAs, expectViolationsRecorded, watch } from './demo-page.js';

test.describe.configure({ mode: 'parallel' });
test.setTimeout(120_000);

const BOARD = 'aurora-trail-28';
const SEEDED_TOP = 'Hip-belt pockets big enough for a phone';
const HASH_PREFIX = '#kith-idea-';
/** How Chromium reports the vote the server refused (the only console error we accept). */
const REFUSED_VOTE =
  /^Failed to load resource: the server responded with a status of 409 \(Conflict\)$/;

/** The demo's idea list (the first `<kith-ideas>`; the second is the roadmap). */
const listOf = (page: Page): Locator => page.locator('kith-ideas:not([view="roadmap"])');
const roadmapOf = (page: Page): Locator => page.locator('kith-ideas[view="roadmap"]');

/** The id of the idea open in the page (from its deep link). */
function openIdeaId(page: Page): string {
  const { hash } = new URL(page.url());
  expect(hash.startsWith(HASH_PREFIX), `an idea is open (${page.url()})`).toBe(true);
  return decodeURIComponent(hash.slice(HASH_PREFIX.length));
}

/** The vote toggle of the list row (or similar-idea row) whose title is `title`. */
function voteFor(scope: Locator, title: string): Locator {
  return scope.getByRole('button', { name: new RegExp(`^Vote for “${escapeRe(title)}”`) });
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Collects `kith-idea-status-changed` events seen by the document. */
async function recordStatusEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { __statusEvents: unknown[] }).__statusEvents = seen;
    document.addEventListener('kith-idea-status-changed', (e) =>
      seen.push((e as CustomEvent).detail),
    );
  });
}

async function flow(page: Page, server: KithServer, backend: string): Promise<void> {
  const list = listOf(page);
  await page.goto(`${server.url}/demo/`);
  // The demo seed's ideas, from the server, best first.
  await expect(list.locator('.idea').first()).toContainText(SEEDED_TOP);
  const seededVotes = Number(await voteFor(list, SEEDED_TOP).locator('.score').textContent());
  expect(seededVotes).toBeGreaterThan(0);

  // Ada starts typing an idea that exists: it is offered, and she votes for it instead.
  await browseAs(page, 'ada');
  await list.locator('#idea-title').fill('phone pocket on the hip belt');
  const similar = list.locator('.similar-idea').filter({ hasText: SEEDED_TOP });
  await expect(similar).toHaveCount(1);
  const similarVote = voteFor(similar, SEEDED_TOP);
  await similarVote.click();
  await expect(similarVote).toHaveAttribute('aria-pressed', 'true');
  await expect(similarVote).toHaveAccessibleName(
    `Vote for “${SEEDED_TOP}”, ${seededVotes + 1} votes`,
  );

  // …and suggests a different one.
  const title = `A magnetic sternum-strap buckle (${backend})`;
  await list.locator('#idea-title').fill(title);
  await list
    .locator('#idea-body')
    .fill('Clips shut with **one hand**, even in _gloves_.\n\n- no fiddling\n- no pinching');
  await list.getByRole('button', { name: 'Suggest idea' }).click();
  const detail = list.locator('.detail');
  await expect(detail.locator('#idea-heading')).toHaveText(title);
  await expect(detail.locator('.post-body strong')).toHaveText('one hand');
  await expect(detail.locator('.post-body li')).toHaveText(['no fiddling', 'no pinching']);
  const id = openIdeaId(page);
  // Her own vote was cast with it.
  await expect(voteFor(detail, title)).toHaveAttribute('aria-pressed', 'true');
  await expect(voteFor(detail, title)).toHaveAccessibleName(`Vote for “${title}”, 1 vote`);

  // Ben votes for it and comments; his malicious markup stays text.
  await browseAs(page, 'ben');
  await expect(voteFor(detail, title)).toHaveAttribute('aria-pressed', 'false');
  await voteFor(detail, title).click();
  await expect(voteFor(detail, title)).toHaveAttribute('aria-pressed', 'true');
  await expect(voteFor(detail, title)).toHaveAccessibleName(`Vote for “${title}”, 2 votes`);
  const comment = 'Yes! <img src=x onerror="window.__pwned=1"> My thumbs are **numb** by noon.';
  await list.locator('#comment-body').fill(comment);
  await list.getByRole('button', { name: 'Post comment' }).click();
  const posted = detail.locator('.comment').filter({ hasText: 'My thumbs are' });
  await expect(posted).toHaveCount(1);
  await expect(posted.locator('strong')).toHaveText('numb');
  await expect(posted.locator('img')).toHaveCount(0);
  await expect(posted).toContainText('Yes! <img src=x onerror="window.__pwned=1"> My thumbs');
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  // Ben also suggests a duplicate of it.
  await list.getByRole('button', { name: 'All ideas' }).click();
  const duplicate = `Sternum strap buckle that works with gloves (${backend})`;
  await list.locator('#idea-title').fill(duplicate);
  await list.locator('#idea-body').fill('Same as the other one, please.');
  await list.getByRole('button', { name: 'Suggest idea' }).click();
  await expect(detail.locator('#idea-heading')).toHaveText(duplicate);
  const duplicateId = openIdeaId(page);

  // Sam (staff) merges the duplicate into Ada's idea…
  await browseAs(page, 'sam');
  await list.locator('#merge-search').fill('magnetic sternum');
  await list.getByRole('button', { name: `Choose “${title}”` }).click();
  await list.locator('#merge-confirm').click();
  await expect(detail.locator('#idea-heading')).toHaveText(title);
  await expect(detail.locator('.merged li')).toHaveText([duplicate]);
  // Ada and Ben voted for the original, Ben also for the duplicate: 2 votes, not 3.
  await expect(voteFor(detail, title)).toHaveAccessibleName(`Vote for “${title}”, 2 votes`);

  // …and moves it to "planned" with an official response.
  await list.locator('#status-select').selectOption('planned');
  await list.locator('#response-body').fill('Coming with the **spring** edition.');
  await list.getByRole('button', { name: 'Update status' }).click();
  await expect(detail.locator('.official .post-body strong, .official strong')).toHaveText(
    'spring',
  );
  await expect(detail.locator('.status').first()).toHaveText('Planned');
  expect(
    await page.evaluate(() => (window as unknown as { __statusEvents: unknown[] }).__statusEvents),
  ).toEqual([{ ideaId: id, from: 'open', to: 'planned' }]);

  // A reload: it is all there, in the opened idea, the list and the roadmap.
  await page.reload();
  await expect(detail.locator('#idea-heading')).toHaveText(title);
  await expect(detail.locator('.official strong')).toHaveText('spring');
  await expect(detail.locator('.merged li')).toHaveText([duplicate]);
  await expect(detail.locator('.history')).toContainText('Planned');
  await expect(posted.locator('strong')).toHaveText('numb');
  await expect(detail.locator('.comment').filter({ hasText: 'Same as the other one' })).toHaveCount(
    0,
  );
  const roadmap = roadmapOf(page);
  await roadmap.scrollIntoViewIfNeeded();
  const planned = roadmap.locator('section.column').filter({ hasText: 'Planned' }).first();
  await expect(planned.locator('.card').filter({ hasText: title })).toHaveCount(1);
  await list.getByRole('button', { name: 'All ideas' }).click();
  await list.getByRole('button', { name: 'Newest' }).click();
  await expect(list.locator('.idea').first()).toContainText(title);
  await expect(list.locator('.idea').filter({ hasText: duplicate })).toHaveCount(0);

  // And in the API, as Ben reads it.
  const ben = await devToken(server.url, MEMBERS.ben.id, MEMBERS.ben.name);
  const read = await api(server.url, 'GET', `/v1/ideas/${encodeURIComponent(id)}`, { token: ben });
  expect(read.status).toBe(200);
  expect(read.body.idea).toMatchObject({
    id,
    title,
    board: BOARD,
    status: 'planned',
    upvotes: 2,
    myVote: 1,
    following: true,
    author: { id: MEMBERS.ada.id },
  });
  expect(read.body.idea.officialResponse.bodyHtml).toContain('<strong>spring</strong>');
  expect(read.body.history).toMatchObject([{ from: 'open', to: 'planned' }]);
  expect(read.body.mergedIdeas).toEqual([{ id: duplicateId, title: duplicate }]);
  const stored = read.body.comments.items as { bodyHtml: string; fromIdeaId?: string }[];
  expect(stored.map((c) => c.fromIdeaId ?? null)).toEqual([null]);
  // Raw HTML in Markdown is kept as text, never as markup.
  expect(stored[0]!.bodyHtml).not.toMatch(/<img/i);
  expect(stored[0]!.bodyHtml).toContain('&lt;img src=x');
  // Reading the duplicate answers with its original.
  const viaDuplicate = await api(server.url, 'GET', `/v1/ideas/${encodeURIComponent(duplicateId)}`);
  expect(viaDuplicate.body.idea.id).toBe(id);
}

/**
 * Staff set the board's vote budget to exactly the votes Ada holds, so her next vote is refused by the
 * server: the toggle rolls back and the page says why. Withdrawing one of her votes frees one.
 */
async function budget(page: Page, server: KithServer): Promise<void> {
  const staff = await devToken(server.url, MEMBERS.sam.id, MEMBERS.sam.name, ['staff']);
  const ada = await devToken(server.url, MEMBERS.ada.id, MEMBERS.ada.name);
  const setBudget = async (voteBudget: number) => {
    const reply = await api(server.url, 'PUT', `/v1/boards/${BOARD}`, {
      token: staff,
      body: { voteBudget },
    });
    expect(reply.status).toBe(200);
  };
  await setBudget(1000);
  const board = await api(server.url, 'GET', `/v1/boards/${BOARD}`, { token: ada });
  const held = 1000 - (board.body.votesRemaining as number);
  expect(held).toBeGreaterThan(1);
  await setBudget(held);

  const list = listOf(page);
  await page.goto(`${server.url}/demo/`);
  await browseAs(page, 'ada');
  await expect(list.locator('.budget')).toHaveText(`You have 0 of ${held} votes left.`);

  // An idea she has not voted for, whose vote would count (not done or declined).
  const other = list
    .locator('.idea')
    .filter({ hasNot: page.locator('[aria-pressed="true"]') })
    .filter({ hasNot: page.locator('.status', { hasText: /^(Done|Declined)$/ }) })
    .first();
  // Pinned by its title: the filter above stops matching once the vote counts.
  const toggle = voteFor(list, (await other.locator('.idea-title').textContent())!.trim());
  const name = await toggle.getAttribute('aria-label');
  await toggle.click();
  await expect(
    list.getByRole('alert').filter({ hasText: 'You have no votes left on this board.' }),
  ).toHaveCount(1);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(toggle).toHaveAttribute('aria-label', name!);

  // Withdrawing her vote on the seeded idea frees one.
  const seeded = voteFor(list, SEEDED_TOP);
  await seeded.click();
  await expect(seeded).toHaveAttribute('aria-pressed', 'false');
  await expect(list.locator('.budget')).toHaveText(`You have 1 of ${held} votes left.`);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(list.locator('.budget')).toHaveText(`You have 0 of ${held} votes left.`);
}

onEachDatabase((backend, start) => {
  test('members find a similar idea, vote, suggest, comment; staff merge a duplicate and plan it with an official response; it survives a reload, shows on the roadmap and in the API; a vote over the budget is refused and rolled back', async ({
    page,
  }) => {
    const server = await start();
    await recordStatusEvents(page);
    const w = await watch(page);
    await flow(page, server, backend);
    await budget(page, server);
    // Only the browser's own report of the refused vote's 409.
    expect(
      w.errors.filter((e) => !REFUSED_VOTE.test(e)),
      'console errors',
    ).toEqual([]);
    expect(w.errors.filter((e) => REFUSED_VOTE.test(e))).toHaveLength(1);
    expect(w.violations, 'CSP violations').toEqual([]);
    await expectViolationsRecorded(page, w);
  });
});
