/**
 * Kith promises to work on sites with a strict Content-Security-Policy: no inline scripts or styles,
 * and optionally Trusted Types allowing only Lit's and Kith's policies. Every Q&A flow must work
 * there with zero violations and zero console errors.
 */
import { expect, test, type Page } from 'playwright/test';
import { startStaticServer, type StaticServer } from '../../scripts/serve-static.mjs';
import {
  attr,
  html,
  memberToken,
  readManifest,
  recordDistRequests,
  recordErrors,
  servePage,
  type Manifest,
} from './helpers.js';

let server: StaticServer;
let manifest: Manifest;

test.beforeAll(async () => {
  server = await startStaticServer();
  manifest = await readManifest(server.url);
});
test.afterAll(() => server.close());
// Every test has its own page and storage: they may share the workers.
test.describe.configure({ mode: 'parallel' });

const ADA = memberToken({ sub: 'm_ada', name: 'Ada Lovelace', aud: 'csp' });
const BEN = memberToken({ sub: 'm_ben', name: 'Ben Okafor', aud: 'csp' });

const STRICT = "script-src 'self'; style-src 'self'";
const TRUSTED_TYPES = `${STRICT}; require-trusted-types-for 'script'; trusted-types lit-html kith`;

declare global {
  interface Window {
    __violations: string[];
  }
}

/** Installs the violation recorder before any of the page's scripts run (again on every load). */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`),
    );
  });
}

const violations = (page: Page) => page.evaluate(() => [...window.__violations]);

async function identify(page: Page, token: string): Promise<void> {
  await page.evaluate((t) => {
    (window.Kith as { identify(token: string): void }).identify(t);
  }, token);
}

const QUESTION = 'Is the Aurora pack waterproof in heavy rain?';
const BODY = 'Going to **Scotland** in _October_.\n\n- zips\n- seams';
const ANSWER = 'Yes: the seams are **taped**, and the rain cover helps.';

const QA_PAGE = '<main><h1>Aurora Trail 28 L</h1><kith-qa topic="aurora"></kith-qa></main>';
/** A product page showing every element: the loader gives it the bundle. */
const EVERY_ELEMENT_PAGE = `<main>
  <h1>Aurora Trail 28 L</h1><kith-rating product="aurora"></kith-rating>
  <kith-reviews product="aurora"></kith-reviews>
  <kith-qa topic="aurora"></kith-qa>
  <kith-ideas board="aurora"></kith-ideas>
</main>`;

async function everyFlow(
  page: Page,
  csp: string,
  body = QA_PAGE,
): Promise<{ violations: string[]; errors: string[]; requested: string[] }> {
  await recordViolations(page);
  const errors = recordErrors(page);
  const requested = recordDistRequests(page);
  const url = await servePage(
    page,
    server.url,
    'csp.html',
    html(
      `<script src="/dist/kith.js" data-adapter="memory" data-site="csp" data-member-token="${attr(ADA)}" defer></script>`,
      body,
    ),
    { 'Content-Security-Policy': csp },
  );
  const response = await page.goto(url);
  expect(response!.headers()['content-security-policy']).toBe(csp);
  const qa = page.locator('kith-qa');
  await expect(qa.locator('.empty')).toBeVisible();

  // Ask, with Markdown, looking at the preview first (which loads the Markdown renderer).
  await qa.locator('#ask-title').pressSequentially(QUESTION);
  await qa.locator('#ask-body').fill(BODY);
  expect(requested.filter((f) => /marked/.test(f))).toEqual([]);
  await qa.getByRole('button', { name: 'Preview' }).click();
  await expect(qa.locator('.preview strong')).toHaveText('Scotland');
  await expect(qa.locator('.preview em')).toHaveText('October');
  await expect(qa.locator('.preview li')).toHaveText(['zips', 'seams']);
  expect(requested.filter((f) => /marked/.test(f)).length).toBeGreaterThan(0);
  await qa.getByRole('button', { name: 'Post question' }).click();
  await expect(qa.locator('#thread-heading')).toHaveText(QUESTION);
  await expect(qa.locator('.post-body strong')).toHaveText('Scotland');
  await expect(qa.locator('.answers-heading')).toHaveText('0 answers');

  // Another member answers.
  await identify(page, BEN);
  await qa.locator('#answer-body').fill(ANSWER);
  await qa.getByRole('button', { name: 'Post answer' }).click();
  const answer = qa.locator('.answer');
  await expect(answer).toHaveCount(1);
  await expect(answer.locator('.post-body strong')).toHaveText('taped');
  await expect(answer.locator('.author-name')).toHaveText('Ben Okafor');
  // Nobody may accept or vote on their own post: Ben sees no accept button.
  await expect(answer.locator('.accept')).toHaveCount(0);

  // The asker comes back, votes the answer up and accepts it.
  await identify(page, ADA);
  await expect(answer.locator('.accept')).toHaveText('Accept this answer');
  await answer.locator('.vote-up').click();
  await expect(answer.locator('.vote-up')).toHaveAttribute('aria-pressed', 'true');
  await expect(answer.locator('.score')).toHaveText('1');
  await answer.locator('.accept').click();
  await expect(answer.locator('.accepted-mark')).toContainText('Accepted answer');
  await expect(answer).toHaveClass(/is-accepted/);

  // The recorder starts afresh on every load: keep what it saw so far.
  const before = await violations(page);

  // Everything is still there after a reload (the memory adapter keeps it in localStorage).
  await page.reload();
  await expect(qa.locator('#thread-heading')).toHaveText(QUESTION);
  await expect(qa.locator('.post-body strong').first()).toHaveText('Scotland');
  await expect(answer).toHaveCount(1);
  await expect(answer.locator('.post-body')).toContainText('the seams are taped');
  await expect(answer.locator('.score')).toHaveText('1');
  await expect(answer.locator('.vote-up')).toHaveAttribute('aria-pressed', 'true');
  await expect(answer.locator('.accepted-mark')).toContainText('Accepted answer');
  await qa.getByRole('button', { name: 'All questions' }).click();
  const item = qa.locator('.question');
  await expect(item).toHaveCount(1);
  await expect(item.locator('.question-title')).toHaveText(QUESTION);
  await expect(item.locator('.stat.answered strong')).toHaveText('1');

  return {
    violations: [...before, ...(await violations(page))],
    errors: [...errors],
    requested,
  };
}

test.describe('under a strict Content-Security-Policy', () => {
  test("script-src 'self'; style-src 'self': ask, preview, answer, vote, accept and reload all work, with no violations", async ({
    page,
  }) => {
    const result = await everyFlow(page, STRICT);
    expect(result.violations).toEqual([]);
    expect(result.errors).toEqual([]);

    // The recorder does see a violation of this policy: an inline style is refused and recorded.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'p { color: red; }';
      document.head.append(style);
    });
    await expect.poll(() => violations(page)).toEqual([expect.stringMatching(/^style-src/)]);
  });

  test('with Trusted Types (only lit-html and kith allowed): every flow works, with no violations', async ({
    page,
  }) => {
    const result = await everyFlow(page, TRUSTED_TYPES);
    expect(result.violations).toEqual([]);
    expect(result.errors).toEqual([]);

    // Trusted Types really are enforced on this page: a raw HTML string is refused and recorded.
    const refused = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>raw</b>';
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toBe(true);
    await expect
      .poll(() => violations(page))
      .toEqual([expect.stringMatching(/^require-trusted-types-for/)]);
  });

  test('with Trusted Types, on a page showing every element (the bundle): every flow works, with no violations', async ({
    page,
  }) => {
    const result = await everyFlow(page, TRUSTED_TYPES, EVERY_ELEMENT_PAGE);
    expect(result.violations).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.requested).toContain(manifest.bundle.all.file);
    expect(result.requested).not.toContain(manifest.elements['kith-qa']!.file);
    // The other elements were defined by the bundle and show their (empty) lists.
    await expect(page.locator('kith-reviews .empty')).toBeVisible();
    await expect(page.locator('kith-ideas .empty')).toBeVisible();
    await expect(page.locator('kith-rating [part="base"]')).toHaveAccessibleName('Not rated yet');
  });
});
