/**
 * The way most vendors embed Kith: one classic `<script src=".../kith.js" data-…>` tag on a plain page.
 * Runs the built `dist/kith.js` and its chunks, served like a CDN would serve them.
 */
import { expect, test, type Page } from 'playwright/test';
import { startStaticServer, type StaticServer } from '../../scripts/serve-static.mjs';
import {
  attr,
  filesOf,
  html,
  memberToken,
  readManifest,
  recordDistRequests,
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

const ADA = memberToken({ sub: 'm_ada', name: 'Ada Lovelace', aud: 'e2e' });

interface ScriptTag {
  /** `defer` (default) or `async`. */
  loading?: 'defer' | 'async';
  /** `data-*` attributes, without the `data-` prefix. Default: memory adapter, site `e2e`. */
  data?: Record<string, string>;
}

function kithScript({ loading = 'defer', data }: ScriptTag = {}): string {
  const attrs = Object.entries(data ?? { adapter: 'memory', site: 'e2e' })
    .map(([k, v]) => ` data-${k}="${attr(v)}"`)
    .join('');
  return `<script src="/dist/kith.js"${attrs} ${loading}></script>`;
}

/** Serves a plain page and opens it. */
async function open(page: Page, name: string, head: string, body: string, lang = 'en') {
  const url = await servePage(page, server.url, name, html(head, body, lang));
  await page.goto(url);
}

const qa = (page: Page, topic: string) => page.locator(`kith-qa[topic="${topic}"]`);

async function expectUpgradedAndEmpty(page: Page, topic: string) {
  const el = qa(page, topic);
  await expect(el.locator('.empty')).toHaveText('No questions yet. Be the first to ask.');
  await expect(el.locator('h2')).toHaveText('Questions & answers');
  expect(
    await el.evaluate((node) => node.constructor !== HTMLElement && node.shadowRoot !== null),
  ).toBe(true);
}

test('one <script defer> tag turns <kith-qa> into a Q&A section, signed in from data-member-token', async ({
  page,
}) => {
  await open(
    page,
    'defer.html',
    kithScript({ data: { adapter: 'memory', site: 'e2e', 'member-token': ADA } }),
    '<main><h1>Product</h1><kith-qa topic="boots"></kith-qa></main>',
  );
  await expectUpgradedAndEmpty(page, 'boots');
  const el = qa(page, 'boots');
  // Signed in: no sign-in prompt; typing a question offers to post it.
  await expect(el.locator('.sign-in')).toHaveCount(0);
  await el.locator('#ask-title').fill('Are the boots wide?');
  await expect(el.getByRole('button', { name: 'Post question' })).toBeVisible();
});

test('<script async> works just like defer', async ({ page }) => {
  await open(
    page,
    'async.html',
    kithScript({ loading: 'async' }),
    '<main><kith-qa topic="async-topic"></kith-qa></main>',
  );
  await expectUpgradedAndEmpty(page, 'async-topic');
  // No token: a reader is invited to sign in.
  await expect(qa(page, 'async-topic').locator('.sign-in')).toContainText(
    'Sign in to ask, answer and vote.',
  );
});

test('a <kith-qa> that the page adds after load (a single-page app) is loaded and upgraded too', async ({
  page,
}) => {
  const requested = recordDistRequests(page);
  await open(page, 'later.html', kithScript(), '<main id="app"><p>Loading the app…</p></main>');
  await page.waitForLoadState('networkidle');
  // Nothing on the page needs the element yet, so its chunk is not loaded.
  expect(requested).not.toContain(manifest.elements['kith-qa']!.file);
  expect(await page.evaluate(() => customElements.get('kith-qa') !== undefined)).toBe(false);

  await page.evaluate(() => {
    const section = document.createElement('section');
    section.innerHTML = '<kith-qa topic="added-later"></kith-qa>';
    document.getElementById('app')!.append(section);
  });
  await expectUpgradedAndEmpty(page, 'added-later');
  expect(requested).toContain(manifest.elements['kith-qa']!.file);

  // A second one, added once the element is defined, upgrades as well.
  await page.evaluate(() => {
    const el = document.createElement('kith-qa');
    el.setAttribute('topic', 'second');
    document.body.append(el);
  });
  await expectUpgradedAndEmpty(page, 'second');
});

test('Kith.identify() called through the README stub before kith.js runs signs the member in', async ({
  page,
}) => {
  const grace = memberToken({ sub: 'm_grace', name: 'Grace Hopper', aud: 'e2e' });
  // The README's stub, in the vendor's own (same-origin, external: the CSP has no 'unsafe-inline') file.
  const stub = `window.Kith = window.Kith || { q: [] };
for (const m of ['configure', 'identify', 'signOut']) Kith[m] = Kith[m] || ((...a) => Kith.q.push([m, a]));
Kith.identify(${JSON.stringify(grace)});
window.stubQueueLength = Kith.q.length;
`;
  await servePage(page, server.url, 'stub.js', stub);
  await open(
    page,
    'stub.html',
    `<script src="/e2e/stub.js"></script>${kithScript()}`,
    '<main><kith-qa topic="stub"></kith-qa></main>',
  );
  const el = qa(page, 'stub');
  await expect(el.locator('.empty')).toBeVisible();
  // The call really was queued by the stub (kith.js had not run yet) …
  expect(await page.evaluate(() => (window as { stubQueueLength?: number }).stubQueueLength)).toBe(
    1,
  );
  // … and replayed: the member is signed in and posts under their own name.
  await expect(el.locator('.sign-in')).toHaveCount(0);
  await el.locator('#ask-title').fill('Does the stub queue work?');
  await el.getByRole('button', { name: 'Post question' }).click();
  await expect(el.locator('#thread-heading')).toHaveText('Does the stub queue work?');
  await expect(el.locator('.post-main .author-name').first()).toHaveText('Grace Hopper');
  expect(await page.evaluate(() => typeof (window.Kith as { version?: unknown }).version)).toBe(
    'string',
  );
});

test('a reader downloads only what the page shows: no Markdown, no German, no <kith-community>', async ({
  page,
}) => {
  const requested = recordDistRequests(page);
  await open(page, 'lean.html', kithScript(), '<main><kith-qa topic="lean"></kith-qa></main>');
  await expect(qa(page, 'lean').locator('.empty')).toBeVisible();
  await page.waitForLoadState('networkidle');

  const needed = new Set([
    'kith.js',
    ...filesOf(manifest.api),
    ...filesOf(manifest.elements['kith-qa']),
    ...filesOf(manifest.adapters.memory),
  ]);
  expect(requested).toContain(manifest.elements['kith-qa']!.file);
  expect(requested).toContain(manifest.adapters.memory!.file);
  expect(requested.filter((file) => !needed.has(file))).toEqual([]);
  expect(requested).not.toContain(manifest.locales.de!.file);
  expect(requested).not.toContain(manifest.elements['kith-community']!.file);
  expect(requested.filter((file) => /mark(ed|down)/i.test(file))).toEqual([]);
});

/** The gzip bytes of `files` as the manifest records them, each counted once. */
const bytesOf = (files: string[]) =>
  [...new Set(files)].reduce((sum, file) => sum + (manifest.sizes[file] ?? NaN), 0);

const EVERY_ELEMENT = `<main>
  <kith-rating product="p1"></kith-rating>
  <kith-reviews product="p1"></kith-reviews>
  <kith-qa topic="bundle"></kith-qa>
  <kith-ideas board="bundle"></kith-ideas>
</main>`;

test('a page showing every element gets the bundle: fewer bytes than the per-element chunks, and each element works', async ({
  page,
}) => {
  const requested = recordDistRequests(page);
  await open(page, 'every.html', kithScript(), EVERY_ELEMENT);
  await expectUpgradedAndEmpty(page, 'bundle');
  await expect(page.locator('kith-reviews .empty')).toBeVisible();
  await expect(page.locator('kith-ideas .empty')).toBeVisible();
  await expect(page.locator('kith-rating [part="base"]')).toHaveAccessibleName('Not rated yet');
  await page.waitForLoadState('networkidle');

  const { bundle } = manifest;
  const bundleFiles = [...filesOf(bundle.api), ...filesOf(bundle.all)];
  const tags = ['kith-rating', 'kith-reviews', 'kith-qa', 'kith-ideas'];
  const chunkFiles = [
    ...filesOf(manifest.api),
    ...tags.flatMap((t) => filesOf(manifest.elements[t])),
  ];
  // The loader chose by size, and the bundle is the smaller download for these four elements.
  expect(bytesOf(bundleFiles)).toBeLessThan(bytesOf(chunkFiles));
  for (const file of [...bundleFiles, ...filesOf(bundle.adapters.memory)]) {
    expect(requested).toContain(file);
  }
  // Nothing from the per-element graph (the bundle's own files are named `chunks/all-…`; besides
  // those above, the memory adapter's lazy parts for ideas and reviews).
  expect(requested.filter((file) => file !== 'kith.js' && !file.startsWith('chunks/all-'))).toEqual(
    [],
  );
});

test('on a bundle page, elements added later come from the bundle too (a form control from its own entry)', async ({
  page,
}) => {
  const requested = recordDistRequests(page);
  await open(page, 'every-later.html', kithScript(), EVERY_ELEMENT);
  await expectUpgradedAndEmpty(page, 'bundle');
  await page.waitForLoadState('networkidle');
  const before = requested.length;

  // <kith-community> is in the bundle: nothing more to download.
  await page.evaluate(() => document.body.append(document.createElement('kith-community')));
  await expect
    .poll(() => page.evaluate(() => customElements.get('kith-community') !== undefined))
    .toBe(true);
  // <kith-star-input> has its own entry in the bundle's graph (it comes with the review form).
  await page.evaluate(() => {
    const form = document.createElement('form');
    form.innerHTML = '<kith-star-input name="stars" required></kith-star-input>';
    document.body.append(form);
  });
  await expect(page.getByRole('radio', { name: '3 of 5 stars' })).toBeAttached();
  await page.waitForLoadState('networkidle');
  const later = requested.slice(before);
  expect(later).toEqual([manifest.bundle.elements['kith-star-input']!.file]);
  expect(requested).not.toContain(manifest.elements['kith-star-input']!.file);
});

test('a page with one element never downloads the bundle', async ({ page }) => {
  const requested = recordDistRequests(page);
  await open(page, 'one.html', kithScript(), '<main><kith-qa topic="one"></kith-qa></main>');
  await expectUpgradedAndEmpty(page, 'one');
  await page.waitForLoadState('networkidle');
  expect(requested).toContain(manifest.elements['kith-qa']!.file);
  expect(requested.filter((file) => file.startsWith('chunks/all-'))).toEqual([]);
});

test('a writer gets the Markdown renderer only when they first open Preview', async ({ page }) => {
  const requested = recordDistRequests(page);
  await open(
    page,
    'preview.html',
    kithScript({ data: { adapter: 'memory', site: 'e2e', 'member-token': ADA } }),
    '<main><kith-qa topic="preview"></kith-qa></main>',
  );
  const el = qa(page, 'preview');
  await el.locator('#ask-title').fill('How do I format code?');
  await el.locator('#ask-body').fill('Use **two** asterisks.');
  await page.waitForLoadState('networkidle');
  const markdown = (files: string[]) => files.filter((file) => /mark(ed|down)/i.test(file));
  expect(markdown(requested)).toEqual([]);

  await el.getByRole('button', { name: 'Preview' }).click();
  await expect(el.locator('.preview strong')).toHaveText('two');
  expect(markdown(requested).length).toBeGreaterThan(0);
});

test('data-locale="de" shows the element in German, loading the German texts', async ({ page }) => {
  const requested = recordDistRequests(page);
  await open(
    page,
    'de.html',
    kithScript({ data: { adapter: 'memory', site: 'e2e', locale: 'de' } }),
    '<main><kith-qa topic="de"></kith-qa></main>',
  );
  const el = qa(page, 'de');
  await expect(el.locator('h2')).toHaveText('Fragen & Antworten');
  await expect(el.locator('.empty')).toHaveText('Noch keine Fragen. Stellen Sie die erste.');
  await expect(el.locator('.sign-in')).toContainText('Melden Sie sich an');
  expect(requested).toContain(manifest.locales.de!.file);
});

test('a script tag with neither data-api nor data-adapter says so on the page instead of guessing', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await open(
    page,
    'unconfigured.html',
    kithScript({ data: { site: 'e2e' } }),
    '<main><kith-qa topic="nothing"></kith-qa></main>',
  );
  const el = qa(page, 'nothing');
  const error = el.locator('.config-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText('Kith is not set up correctly');
  await expect(error).toContainText('data-api');
  // Not a silent fallback to some backend: no list, no composer, no endless skeleton.
  await expect(el.locator('.empty')).toHaveCount(0);
  await expect(el.locator('#ask-title')).toHaveCount(0);
  await expect(el.locator('.skeleton-list')).toHaveCount(0);
  expect(consoleErrors.join('\n')).toContain('data-api');
});

// Regression tests: the Q&A stores are cached per session, and a member who switched back (identify,
// signOut) was once shown the list or thread as it was when they last saw it.
test.describe('switching members in a single-page app with Kith.identify()', () => {
  async function openAsAda(page: Page, name: string) {
    await open(
      page,
      name,
      kithScript({ data: { adapter: 'memory', site: 'e2e', 'member-token': ADA } }),
      '<main><kith-qa topic="switch"></kith-qa></main>',
    );
    const el = qa(page, 'switch');
    await expect(el.locator('.empty')).toBeVisible();
    return el;
  }
  const call = (page: Page, method: 'identify' | 'signOut', token?: string) =>
    page.evaluate(
      ([m, t]) => {
        const kith = window.Kith as { identify(t: string): void; signOut(): void };
        if (m === 'identify') kith.identify(t!);
        else kith.signOut();
      },
      [method, token] as const,
    );

  test('a member who signs back in sees the answer another member posted meanwhile', async ({
    page,
  }) => {
    const el = await openAsAda(page, 'switch-back.html');
    await el.locator('#ask-title').fill('Can I switch accounts?');
    await el.getByRole('button', { name: 'Post question' }).click();
    await expect(el.locator('#thread-heading')).toHaveText('Can I switch accounts?');

    await call(page, 'identify', memberToken({ sub: 'm_ben', name: 'Ben Okafor', aud: 'e2e' }));
    await el.locator('#answer-body').fill('Yes, you can.');
    await el.getByRole('button', { name: 'Post answer' }).click();
    await expect(el.locator('.answer')).toHaveCount(1);

    await call(page, 'identify', ADA);
    await expect(el.locator('.answers-heading')).toHaveText('1 answer');
    await expect(el.locator('.answer .post-body')).toHaveText('Yes, you can.');
    await expect(el.locator('.answer .accept')).toHaveText('Accept this answer');
  });

  test('after signing out, the question the member just posted is still listed', async ({
    page,
  }) => {
    const el = await openAsAda(page, 'sign-out.html');
    await call(page, 'signOut');
    await expect(el.locator('.sign-in')).toBeVisible();
    await call(page, 'identify', ADA);
    await el.locator('#ask-title').fill('Is my question still there?');
    await el.getByRole('button', { name: 'Post question' }).click();
    await expect(el.locator('#thread-heading')).toHaveText('Is my question still there?');
    await el.getByRole('button', { name: 'All questions' }).click();
    await expect(el.locator('.question-title')).toHaveText(['Is my question still there?']);

    await call(page, 'signOut');
    await expect(el.locator('.sign-in')).toBeVisible();
    await expect(el.locator('.question-title')).toHaveText(['Is my question still there?']);
  });
});
