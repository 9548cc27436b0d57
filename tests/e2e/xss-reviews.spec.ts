/**
 * Every attack vector in tests/fixtures/xss/ goes in where reviews take text — the title, the text,
 * the staff's reply, and (for every fourth) the display names of the reviewer and of the staff member
 * who replies — through the real reference server's HTTP API (on PGlite), and is then shown by
 * `<kith-reviews seo>` with the REST adapter in Chromium: every title and text shows as exactly what
 * was written, as text; nothing runs or navigates, even when a reader points at the reviews, clicks
 * them and tabs through them; and the JSON-LD for search engines parses as JSON that says the same,
 * also once the page is serialised (nothing breaks out of its script element). A photo whose file
 * name is markup is refused with a clear message, shown as text.
 *
 * The page under test has no CSP on purpose: a CSP would hide a failure instead of revealing it.
 */
import { expect, test, type Page } from 'playwright/test';
import sharp from 'sharp';
import type { Review } from '../../src/core/types.js';
import { attr } from './helpers.js';
import {
  api,
  devToken,
  mapLimit,
  raiseRateLimits,
  startKithServer,
  uploadPhoto,
  type KithServer,
} from './kith-server.js';
import {
  asTitle,
  batches,
  expectNothingHappened,
  expectRecordersWork,
  inspectIn,
  loadVectors,
  openReader,
  pointAtEachIn,
  watch,
  type Vector,
} from './xss-page.js';

const VECTORS = loadVectors();
/** Reviews per product (one `<kith-reviews page-size="100">` each). */
const PER_PRODUCT = 100;
/** The vectors are split over this many tests, so that the two workers (two servers) share them. */
const PARTS = 2;
const CONCURRENCY = 8;
/** Every fourth vector also names the reviewer and the staff member who replies. */
const NAME_EVERY = 4;
const KITH = '<script src="/dist/kith.js" data-api="/v1" data-site="demo" defer></script>';
/** Where `<kith-reviews>` shows what members and staff wrote. */
const USER_CONTENT = '.review-title, .review-body, .author, .reply-heading, .meta';
/** What Tab stops at. */
const TABBABLE = 'a[href], button:not([disabled]), input, select, textarea, [tabindex="0"]';
/** Text as the server keeps it: PostgreSQL text cannot hold U+0000 (it becomes U+FFFD). */
const kept = (text: string): string => text.replaceAll('\u0000', '\uFFFD');

let server: KithServer;

// One server per worker, its rate limits lifted: the tests of this file share the two workers.
test.beforeAll(async () => {
  test.setTimeout(60_000);
  server = await startKithServer();
  await raiseRateLimits(server.url);
});
test.afterAll(async () => {
  await server?.dispose();
});

test.describe.configure({ mode: 'parallel' });
// Thousands of mouse actions on pages with hundreds of reviews: a trace would snapshot the whole DOM
// at every one of them.
test.use({ trace: 'off' });
// Hundreds of reviews read, pointed at, and tabbed through (two stops each: the author, "helpful").
test.setTimeout(180_000);

// ---- writing through the API ---------------------------------------------------------------------

interface Job {
  vector: Vector;
  product: string;
  title: string;
  /** The vector as the reviewer's and the replying staff member's name, or `null`. */
  name: string | null;
  reviewer: string;
  staff: string;
}

/** The stored review (with its reply) of each job; refusals are listed in `failures`. */
async function writeReviews(
  jobs: Job[],
  part: number,
  failures: string[],
): Promise<(Review | null)[]> {
  // Tokens: a reviewer per place in a product's list (one review per member and product), one staff
  // member, and the named ones.
  const tokens = new Map<string, string>();
  const sign = async (member: string, name: string, roles?: string[]) => {
    try {
      tokens.set(member, await devToken(server.url, member, name, roles));
    } catch (error) {
      failures.push(`token of ${member} (${JSON.stringify(name)}): ${(error as Error).message}`);
    }
  };
  const people = new Map<string, { name: string; roles: string[] }>();
  for (const job of jobs) {
    people.set(job.reviewer, { name: job.name ?? 'Reviewer', roles: ['customer'] });
    people.set(job.staff, { name: job.name ?? 'Staff', roles: ['staff'] });
  }
  await mapLimit([...people], CONCURRENCY, ([member, p]) => sign(member, p.name, p.roles));

  const write = async (
    method: string,
    route: string,
    token: string | undefined,
    body: unknown,
    label: string,
  ) => {
    if (!token) return null;
    const reply = await api<Review>(server.url, method, route, { token, body });
    if (reply.status === 200 || reply.status === 201) return reply.body;
    failures.push(`${label}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return null;
  };
  const reviews = await mapLimit(jobs, CONCURRENCY, (job, i) =>
    write(
      'POST',
      '/v1/reviews',
      tokens.get(job.reviewer),
      { product: job.product, rating: 1 + (i % 5), title: job.title, body: job.vector.text },
      `${job.vector.source} (review, part ${part})`,
    ),
  );
  return mapLimit(jobs, CONCURRENCY, (job, i) => {
    const review = reviews[i];
    if (!review) return Promise.resolve(null);
    return write(
      'PUT',
      `/v1/reviews/${encodeURIComponent(review.id)}/reply`,
      tokens.get(job.staff),
      { body: job.vector.text },
      `${job.vector.source} (reply)`,
    );
  });
}

// ---- reading -------------------------------------------------------------------------------------

interface Shown {
  id: string;
  title: string;
  titleElements: number;
  body: string;
  bodyElements: number;
  bodyVisible: boolean;
  reply: string | null;
  replyElements: number;
  names: string[];
  nameElements: number;
  replyHeading: string | null;
}

/** Each listed review as the reader sees it, per element (by product). */
function shownReviews(page: Page): Promise<Record<string, Shown[]>> {
  return page.evaluate(() => {
    const text = (el: Element | null) => el?.textContent ?? null;
    const out: Record<string, Shown[]> = {};
    for (const host of document.querySelectorAll('kith-reviews')) {
      out[host.getAttribute('product')!] = [
        ...host.shadowRoot!.querySelectorAll<HTMLElement>('article.review'),
      ].map((article) => {
        const title = article.querySelector('.review-title')!;
        const body = article.querySelector<HTMLElement>(':scope > .review-body')!;
        const reply = article.querySelector('.reply .review-body');
        const names = [...article.querySelectorAll('.author-name')];
        return {
          id: article.dataset.reviewId!,
          // Trimmed: the heading's own white space around the (trimmed) title.
          title: text(title)!.trim(),
          titleElements: title.children.length,
          body: text(body)!,
          bodyElements: body.children.length,
          bodyVisible: body.innerText.trim() !== '',
          reply: text(reply),
          replyElements: reply?.children.length ?? 0,
          names: names.map((n) => text(n)!),
          nameElements: names.reduce((sum, n) => sum + n.children.length, 0),
          replyHeading: text(article.querySelector('.reply-heading'))?.trim() ?? null,
        };
      });
    }
    return out;
  });
}

interface JsonLdCheck {
  product: string;
  /** The live script's text parsed, or the error. */
  data:
    { reviewCount: number; reviews: { name?: string; body: string; author: string }[] } | string;
  /** Whether the page, serialised and parsed again, has the same JSON-LD (nothing broke out). */
  sameWhenSerialised: boolean;
}

/** The JSON-LD of every element, live and after the page is serialised and parsed again. */
function jsonLdOf(page: Page): Promise<{ checks: JsonLdCheck[]; scripts: number }> {
  return page.evaluate(() => {
    const parse = (text: string) => {
      try {
        const ld = JSON.parse(text) as {
          aggregateRating: { reviewCount: number };
          review: { name?: string; reviewBody: string; author: { name: string } }[];
        };
        return {
          reviewCount: ld.aggregateRating.reviewCount,
          reviews: ld.review.map((r) => ({
            ...(r.name !== undefined && { name: r.name }),
            body: r.reviewBody,
            author: r.author.name,
          })),
        };
      } catch (error) {
        return String(error);
      }
    };
    const LD = 'script[type="application/ld+json"]';
    const reparsed = new DOMParser().parseFromString(
      document.documentElement.outerHTML,
      'text/html',
    );
    const checks = [...document.querySelectorAll('kith-reviews')].map((host, i) => {
      const live = host.querySelector<HTMLScriptElement>(`:scope > ${LD}`)?.text ?? '';
      const again = reparsed.querySelectorAll('kith-reviews')[i]?.querySelector(`:scope > ${LD}`);
      return {
        product: host.getAttribute('product')!,
        data: parse(live),
        sameWhenSerialised: again?.textContent === live,
      };
    });
    return { checks, scripts: reparsed.querySelectorAll('script').length };
  });
}

/**
 * Tabs with the real keyboard through the controls of every review in the element `host` (its helpful
 * buttons, and its author's `<kith-badge>` chip, a button in the chip's own shadow root): focus goes
 * to the first, then one Tab for each of the others. Returns how many of them received focus, and how
 * many there are.
 */
async function tabThroughReviews(
  page: Page,
  host: string,
): Promise<{ expected: number; focused: number }> {
  const expected = await page.evaluate(
    ({ host, tabbable }) => {
      const root = document.querySelector(host)!.shadowRoot!;
      // In tab order: the reviews' own controls and, where a chip stands, the chip's.
      const controls = new Set(
        [...root.querySelectorAll(`article.review :is(kith-badge, ${tabbable})`)].flatMap((el) =>
          el.localName === 'kith-badge'
            ? [...(el.shadowRoot?.querySelectorAll(`:is(${tabbable})`) ?? [])]
            : [el],
        ),
      );
      const focused = new Set<EventTarget>();
      root.addEventListener('focusin', (e) => {
        if (controls.has(e.composedPath()[0] as Element)) focused.add(e.composedPath()[0]!);
      });
      (window as unknown as { __tabbed(): number }).__tabbed = () => focused.size;
      ([...controls][0] as HTMLElement | undefined)?.focus();
      return controls.size;
    },
    { host, tabbable: TABBABLE },
  );
  for (let i = 1; i < expected; i++) await page.keyboard.press('Tab');
  const focused = await page.evaluate(() =>
    (window as unknown as { __tabbed(): number }).__tabbed(),
  );
  return { expected, focused };
}

// ---- the tests -------------------------------------------------------------------------------------

const SCRIPT_NAME = '<script>alert(1)</script>.jpg';
const NAME_REFUSED = 'The file name contains characters that are not allowed (such as < > ").';

test('a photo named <script>alert(1)</script>.jpg is refused, by the API and at the photos field, with a clear message shown as text', async ({
  page,
}) => {
  const w = await watch(page);
  const token = await devToken(server.url, 'm_xss_uploader', 'Uploader');
  const jpeg = await sharp({
    create: { width: 64, height: 48, channels: 3, background: '#2a7' },
  })
    .jpeg()
    .toBuffer();

  const refused = await uploadPhoto(server.url, token, {
    name: SCRIPT_NAME,
    type: 'image/jpeg',
    bytes: new Uint8Array(jpeg),
  });
  expect(refused.status).toBe(400);
  expect(refused.body).toEqual({
    error: { code: 'validation', message: NAME_REFUSED, fields: { file: NAME_REFUSED } },
  });

  const pageUrl = await openReader(page, w, {
    origin: server.url,
    name: 'xss-reviews-upload.html',
    head: `<script src="/dist/kith.js" data-api="/v1" data-site="demo" data-member-token="${attr(token)}" defer></script>`,
    body: '<kith-reviews product="xss-upload"></kith-reviews>',
  });
  const reviews = page.locator('kith-reviews');
  await reviews.getByRole('button', { name: 'Write a review' }).click();
  await reviews
    .locator('#add-photos')
    .setInputFiles({ name: SCRIPT_NAME, mimeType: 'image/jpeg', buffer: jpeg });
  const error = reviews.locator('.photos-field .error');
  await expect(error).toHaveText(`${SCRIPT_NAME} was not added: ${NAME_REFUSED}`);
  expect(await error.evaluate((p) => p.children.length)).toBe(0);
  await expect(reviews.locator('.photos-field img')).toHaveCount(0);
  expect(await inspectIn(page, 'kith-reviews', '.photos-field .error')).toEqual([]);
  await expectNothingHappened(page, w, pageUrl, /^$/);
  await expectRecordersWork(page);
});

// A parallel file with beforeAll hooks runs as one group of tests per worker, cut in declaration order:
// the light upload test above goes first, so that the two parts below land in different workers.
const PARTS_OF = batches(VECTORS, Math.ceil(VECTORS.length / PARTS));

for (const [part, vectors] of PARTS_OF.entries()) {
  const from = PARTS_OF.slice(0, part).reduce((n, p) => n + p.length, 0);

  test(`attack vectors ${from + 1}–${from + vectors.length} as review titles, texts, staff replies and (every ${NAME_EVERY}th) names show as exactly their text, nothing runs when read, pointed at, clicked or tabbed through, and the JSON-LD says the same without breaking out`, async ({
    page,
  }) => {
    const w = await watch(page, { consoleErrors: true });
    const jobs: Job[] = vectors.map((vector, k) => {
      const n = from + k;
      const title = asTitle(vector.text);
      const named = n % NAME_EVERY === 0 && title !== '';
      return {
        vector,
        product: `xss-reviews-${part + 1}-${Math.floor(k / PER_PRODUCT) + 1}`,
        title,
        name: named ? title : null,
        reviewer: named ? `m_xss_named_${n}` : `m_xss_reviewer_${k % PER_PRODUCT}`,
        staff: named ? `m_xss_staff_${n}` : 'm_xss_staff',
      };
    });
    const failures: string[] = [];
    const stored = await writeReviews(jobs, part, failures);
    expect.soft(failures, 'every vector is accepted by the server').toEqual([]);

    // Stored as written.
    const byId = new Map<string, { job: Job; review: Review }>();
    const notAsWritten: unknown[] = [];
    for (const [i, review] of stored.entries()) {
      if (!review) continue;
      const job = jobs[i]!;
      byId.set(review.id, { job, review });
      const want = {
        title: kept(job.title),
        body: kept(job.vector.text),
        reply: kept(job.vector.text),
        author: kept(job.name ?? 'Reviewer'),
        staff: kept(job.name ?? 'Staff'),
      };
      const got = {
        title: review.title,
        body: review.body,
        reply: review.reply?.body,
        author: review.author.name,
        staff: review.reply?.author.name,
      };
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        notAsWritten.push({ source: job.vector.source, want, got });
      }
    }
    expect.soft(notAsWritten, 'reviews stored other than written').toEqual([]);

    const products = [...new Set(jobs.map((j) => j.product))];
    const pageUrl = await openReader(page, w, {
      origin: server.url,
      name: `xss-reviews-${part + 1}.html`,
      head: KITH,
      body: products
        .map((p) => `<kith-reviews product="${p}" page-size="${PER_PRODUCT}" seo></kith-reviews>`)
        .join('\n'),
    });
    // Hundreds of reviews in one read: slow on a busy machine.
    for (const product of products) {
      const count = [...byId.values()].filter((r) => r.job.product === product).length;
      await expect(page.locator(`kith-reviews[product="${product}"] article.review`)).toHaveCount(
        count,
        { timeout: 20_000 },
      );
    }
    // Every title, text, reply and name as exactly its text: one text node, no element.
    const shown = await shownReviews(page);
    const wrong: unknown[] = [];
    for (const [product, reviews] of Object.entries(shown)) {
      for (const r of reviews) {
        const mine = byId.get(r.id);
        if (!mine || mine.job.product !== product) {
          wrong.push({ product, unknown: r.id });
          continue;
        }
        const { review, job } = mine;
        const names = [review.author.name, review.reply!.author.name];
        if (
          r.title !== review.title ||
          r.titleElements !== 0 ||
          r.body !== review.body ||
          r.bodyElements !== 0 ||
          !r.bodyVisible ||
          r.reply !== review.reply!.body ||
          r.replyElements !== 0 ||
          JSON.stringify(r.names) !== JSON.stringify(names) ||
          r.nameElements !== 0 ||
          !r.replyHeading?.startsWith(`Response from ${review.reply!.author.name}`)
        ) {
          wrong.push({ source: job.vector.source, stored: review, shown: r });
        }
      }
    }
    expect.soft(wrong, 'reviews not shown as exactly their text').toEqual([]);

    // The JSON-LD: valid JSON saying what is shown, and the same once the page is serialised.
    const ld = await jsonLdOf(page);
    const ldWrong: unknown[] = [];
    for (const check of ld.checks) {
      const listed = shown[check.product]!.map((r) => byId.get(r.id)!.review);
      const want = {
        reviewCount: listed.length,
        reviews: listed.map((r) => ({ name: r.title, body: r.body, author: r.author.name })),
      };
      if (!check.sameWhenSerialised || JSON.stringify(check.data) !== JSON.stringify(want)) {
        ldWrong.push({ product: check.product, sameWhenSerialised: check.sameWhenSerialised });
      }
    }
    expect.soft(ldWrong, 'JSON-LD other than what is shown, or broken out').toEqual([]);
    expect(ld.checks).toHaveLength(products.length);
    // The SDK's script tag and one JSON-LD script per element: no script came out of a review.
    expect(ld.scripts, 'scripts in the serialised page').toBe(1 + products.length);
    // Pointed at and clicked (the texts), tabbed through.
    const pointed = await pointAtEachIn(page, 'kith-reviews', 'article.review > .review-body');
    expect(pointed.clicked + pointed.moved, 'texts pointed at').toBe(byId.size);
    // Plain text holds nothing to focus (no element at all, as checked above); a reader tabs through
    // the controls of the reviews of a list.
    const tabbed = await tabThroughReviews(page, `kith-reviews[product="${products[0]}"]`);
    expect(tabbed.expected).toBeGreaterThanOrEqual(2 * PER_PRODUCT);
    expect.soft(tabbed.focused, 'controls of the reviews reached with Tab').toBe(tabbed.expected);

    expect
      .soft(await inspectIn(page, 'kith-reviews', USER_CONTENT), 'dangerous markup')
      .toEqual([]);
    await expectNothingHappened(page, w, pageUrl, /^$/);
    await expectRecordersWork(page);
  });
}
