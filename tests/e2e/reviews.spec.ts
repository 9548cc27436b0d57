/**
 * `<kith-reviews>` and `<kith-rating>` on the demo page against the real reference server, on PGlite
 * and on PostgreSQL.
 *
 * Readers: the seeded summary (average, count, histogram) and the related products' rating tiles, all
 * read in one bootstrap request with one merged `ratings` read; histogram bars filter, sorts reorder;
 * the JSON-LD for search engines says what the page shows.
 *
 * Members: a new member writes a review with the keyboard (stars by arrow keys) and a photo carrying
 * EXIF with GPS; the draft survives a reload; a double click posts once; the photo opens in the viewer
 * and is served re-encoded without its metadata. Ada's review is a verified purchase (her token says
 * so), and writing again edits it. Ben finds it helpful; authors get no vote buttons on their own
 * reviews. Sam (staff) replies and hides a review: it leaves the list, the count, the histogram and
 * the product's rating; after a reload all of it is still so, and the HTTP API agrees.
 *
 * Bad input: no stars, an SVG "photo", and the server going away while posting.
 *
 * The demo page has a strict CSP with Trusted Types: every flow runs with zero violations and no
 * console errors but the browser's own reports of the refusals the flow provokes.
 */
import { expect, test, type Locator, type Page } from 'playwright/test';
import sharp from 'sharp';
import type { RatingSummary, Review } from '../../src/core/types.js';
import { recordApiReads, type ApiRead } from './helpers.js';
import { api, devToken, onEachDatabase, type KithServer } from './kith-server.js';
import {
  CONNECTION_REFUSED,
  MEMBERS,
  browseAs,
  expectViolationsRecorded,
  identify,
  settled,
  watch,
  type Watch,
} from './demo-page.js';

test.describe.configure({ mode: 'parallel' });
// A server start is a few seconds (PGlite in wasm, migrations, the demo seed); the member flow is long.
test.setTimeout(120_000);

const PRODUCT = 'aurora-trail-28';
const PRODUCT_NAME = 'Aurora Trail 28 L hiking backpack';
const TILES = ['trail-poles-carbon', 'summit-rain-shell', 'hut-liner-silk'];
const STARS = [5, 4, 3, 2, 1] as const;
/** How Chromium reports an upload the server refused. */
const BAD_REQUEST =
  /^Failed to load resource: the server responded with a status of 400 \(Bad Request\)$/;

const reviewsOf = (page: Page): Locator => page.locator('kith-reviews');
const reviewById = (page: Page, id: string): Locator =>
  reviewsOf(page).locator(`article.review[data-review-id="${id}"]`);

// ---- what the API says ---------------------------------------------------------------------------

type ReviewPage = { items: Review[]; total: number; summary: RatingSummary; mine: Review | null };

async function reviewsFromApi(
  server: KithServer,
  query: string,
  token?: string,
): Promise<ReviewPage> {
  const reply = await api<ReviewPage>(
    server.url,
    'GET',
    `/v1/reviews?product=${PRODUCT}&${query}`,
    { token },
  );
  expect(reply.status).toBe(200);
  return reply.body;
}

async function ratingsFromApi(server: KithServer, products: string[]): Promise<RatingSummary[]> {
  const reply = await api<RatingSummary[]>(
    server.url,
    'GET',
    `/v1/ratings?products=${products.join(',')}`,
  );
  expect(reply.status).toBe(200);
  return reply.body;
}

/** An average as the page writes it: one decimal. */
const oneDecimal = (average: number): string => average.toFixed(1);
const reviewsWord = (count: number) => `${count} ${count === 1 ? 'review' : 'reviews'}`;

// ---- what the page shows -------------------------------------------------------------------------

/** The summary of `<kith-reviews>`: average, stars, count and the histogram's bars. */
async function expectSummary(page: Page, summary: RatingSummary): Promise<void> {
  const box = reviewsOf(page).locator('.summary');
  const average = oneDecimal(summary.average);
  await expect(box.locator('.average')).toHaveText(average);
  await expect(box.getByRole('img').first()).toHaveAccessibleName(
    `Rated ${average} out of 5, ${reviewsWord(summary.count)}`,
  );
  await expect(box).toContainText(`Based on ${reviewsWord(summary.count)}`);
  await expect(box.locator('.bar-count')).toHaveText(
    STARS.map((n) => String(summary.histogram[n])),
  );
  for (const n of STARS) {
    await expect(barOf(page, n)).toHaveAccessibleName(
      new RegExp(`^${n} stars?: ${reviewsWord(summary.histogram[n])} \\(\\d+%\\)`),
    );
  }
}

const barOf = (page: Page, stars: number): Locator =>
  reviewsOf(page).getByRole('button', { name: new RegExp(`^${stars} stars?:`) });

/** A `<kith-rating>` tile: stars, average and count, named as a screen reader hears it. */
async function expectRating(page: Page, summary: RatingSummary): Promise<void> {
  const tile = page.locator(`kith-rating[product="${summary.product}"]`);
  await expect(tile.locator('.count')).toHaveText(`(${summary.count})`);
  if (summary.count === 0) {
    await expect(tile.locator('.average')).toHaveCount(0);
    await expect(tile.locator('[part="base"]')).toHaveAccessibleName('Not rated yet');
    return;
  }
  const average = oneDecimal(summary.average);
  await expect(tile.locator('.average')).toHaveText(average);
  await expect(tile.locator('[part="base"]')).toHaveAccessibleName(
    `Rated ${average} out of 5, ${reviewsWord(summary.count)}`,
  );
}

interface ShownReview {
  id: string;
  title: string;
  rating: number;
  author: string;
}

/** The reviews listed, in order: id, title, stars (from their text alternative), author. */
function shownReviews(page: Page): Promise<ShownReview[]> {
  return reviewsOf(page)
    .locator('article.review')
    .evaluateAll((articles) =>
      articles.map((a) => {
        const label = a.querySelector('.review-head [role="img"]')!.getAttribute('aria-label')!;
        return {
          id: (a as HTMLElement).dataset.reviewId!,
          title: a.querySelector('.review-title')!.textContent!.trim(),
          rating: Number(/^Rated (\d) out of 5$/.exec(label)?.[1]),
          author: a.querySelector('.meta .author-name')!.textContent!.trim(),
        };
      }),
    );
}

const shownIds = async (page: Page) => (await shownReviews(page)).map((r) => r.id);

/** The JSON-LD the element keeps in the light DOM, parsed. */
async function jsonLdOf(page: Page): Promise<Record<string, unknown>> {
  const script = page.locator('kith-reviews > script[type="application/ld+json"]');
  await expect(script).toHaveCount(1);
  return JSON.parse((await script.evaluate((s: HTMLScriptElement) => s.text))!) as Record<
    string,
    unknown
  >;
}

/** JSON-LD says what is shown: the product, its aggregate rating and the listed reviews. */
async function expectJsonLd(page: Page, summary: RatingSummary, listed: Review[]): Promise<void> {
  const shownAverage = await reviewsOf(page).locator('.summary .average').textContent();
  const shown = await shownReviews(page);
  await expect
    .poll(async () => {
      const ld = await jsonLdOf(page);
      return (ld.aggregateRating as { reviewCount: number }).reviewCount;
    })
    .toBe(summary.count);
  const ld = await jsonLdOf(page);
  expect(ld).toMatchObject({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: PRODUCT_NAME,
    sku: PRODUCT,
    aggregateRating: {
      '@type': 'AggregateRating',
      ratingValue: Number(shownAverage),
      reviewCount: summary.count,
      bestRating: 5,
      worstRating: 1,
    },
  });
  const aggregate = ld.aggregateRating as Record<string, number>;
  expect(aggregate.ratingValue).toBeGreaterThanOrEqual(aggregate.worstRating!);
  expect(aggregate.ratingValue).toBeLessThanOrEqual(aggregate.bestRating!);
  const reviews = ld.review as Record<string, unknown>[];
  expect(shown.map((r) => r.id)).toEqual(listed.map((r) => r.id));
  expect(reviews).toEqual(
    listed.map((r, i) => ({
      '@type': 'Review',
      // A review without a title has no name (its heading says its stars, for screen readers).
      ...(r.title && { name: shown[i]!.title }),
      reviewBody: r.body,
      datePublished: r.createdAt.slice(0, 10),
      author: { '@type': 'Person', name: shown[i]!.author },
      reviewRating: {
        '@type': 'Rating',
        ratingValue: shown[i]!.rating,
        bestRating: 5,
        worstRating: 1,
      },
    })),
  );
  for (const r of reviews) {
    const value = (r.reviewRating as { ratingValue: number }).ratingValue;
    expect(Number.isInteger(value) && value >= 1 && value <= 5, `rating ${value}`).toBe(true);
    expect(r.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((r.author as { name: string }).name).not.toBe('');
  }
}

/** Collects the `kith-*` events of the reviews element (`kith-vote`, `kith-review-submitted`). */
async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as unknown as { __kithEvents: typeof seen }).__kithEvents = seen;
    for (const type of ['kith-vote', 'kith-review-submitted']) {
      document.addEventListener(type, (e) =>
        seen.push({ type, detail: (e as CustomEvent).detail }),
      );
    }
  });
}

function eventsOf(page: Page, type: string): Promise<unknown[]> {
  return page.evaluate(
    (type) =>
      (window as unknown as { __kithEvents: { type: string; detail: unknown }[] }).__kithEvents
        .filter((e) => e.type === type)
        .map((e) => e.detail),
    type,
  );
}

/** The member's review draft as stored in the page (kept across reloads). */
function reviewDraft(page: Page, member: string): Promise<Record<string, unknown> | null> {
  return page.evaluate(
    ({ member, product }) => {
      const raw = localStorage.getItem(`kith:draft:demo:${member}:review:${product}`);
      return raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    },
    { member, product: PRODUCT },
  );
}

/** An image element has loaded its picture (from the server, under the page's CSP). */
async function expectLoaded(img: Locator): Promise<void> {
  await expect
    .poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0))
    .toBe(true);
}

// ---- a photo with EXIF and GPS -------------------------------------------------------------------

const GPS_IFD_POINTER = 0x8825;
const MAKE = 0x010f;

/** A real JPEG, 1200 × 900 (a gradient), with the camera's EXIF: make, model and where (GPS). */
async function photoWithGps(): Promise<Buffer> {
  const width = 1200;
  const height = 900;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = 160;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Northwind', Model: 'TrailCam 2', Artist: 'Noa Fischer' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '46/1 33/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '7/1 58/1 4800/100',
      },
    })
    .toBuffer();
}

/** The tags of IFD0 in an EXIF block (as sharp's `metadata().exif` gives it: "Exif\0\0" + TIFF). */
function exifTags(exif: Buffer): number[] {
  const tiff = exif.subarray(exif.indexOf('Exif\0\0', 0, 'latin1') + 6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const ifd0 = little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  return Array.from({ length: u16(ifd0) }, (_, i) => u16(ifd0 + 2 + 12 * i));
}

/** The photo as the server serves it: an image, `nosniff`, and none of the file's metadata. */
async function expectServedClean(server: KithServer, photoUrl: string): Promise<void> {
  const url = new URL(photoUrl, `${server.url}/v1/`);
  expect(url.origin).toBe(server.url);
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
  expect(meta).toMatchObject({ format: 'jpeg', width: 1200, height: 900 });
  expect(meta.exif, 'no EXIF (and so no GPS)').toBeUndefined();
  expect(meta.xmp, 'no XMP').toBeUndefined();
  expect(meta.iptc, 'no IPTC').toBeUndefined();
}

// ---- readers -------------------------------------------------------------------------------------

/** Waits until the page's first reads are answered (the roadmap's columns are the last). */
async function firstReadsDone(page: Page, w: Watch): Promise<void> {
  await expect(page.locator('kith-ideas[view="roadmap"] .card').first()).toBeVisible();
  await settled(w);
}

/** Only bootstraps, and no read asked twice (the batch sends identical requests once). */
function expectEachReadOnce(reads: ApiRead[]): void {
  expect(reads.map((r) => r.path)).toEqual(reads.map(() => '/v1/bootstrap'));
  const asked = reads.flatMap((r) => r.requests!.map((request) => JSON.stringify(request)));
  expect(asked).toEqual([...new Set(asked)]);
}

async function readers(page: Page, server: KithServer, w: Watch): Promise<void> {
  const reads = recordApiReads(page);
  const reviews = reviewsOf(page);
  await page.goto(`${server.url}/demo/`);
  await expect(reviews.locator('article.review')).toHaveCount(5);
  // A first visit downloads each element's chunk; the reads of elements whose chunks arrive apart may
  // go apart. The four ratings (one chunk) are one merged read, and nothing is read twice.
  await firstReadsDone(page, w);
  expect(reads.flatMap((r) => r.requests ?? []).filter((r) => r.kind === 'ratings')).toEqual([
    { kind: 'ratings', products: expect.arrayContaining([PRODUCT, ...TILES]) },
  ]);
  expectEachReadOnce(reads);

  // The next page view, with the SDK cached as on every page of a shop after the first: every
  // element's first read goes out in one bootstrap, the four ratings merged into one read, the member
  // chips' cards into one. The roadmap reads its columns once it knows the board's statuses, and the
  // cards of members shown by what arrived (the leaderboard's helpers, posts' authors) are read then:
  // the only other requests.
  reads.length = 0;
  await page.goto(`${server.url}/demo/`);
  await expect(reviews.locator('article.review')).toHaveCount(5);
  await firstReadsDone(page, w);
  const [first, ...later] = reads;
  expect(first?.path).toBe('/v1/bootstrap');
  expect(first!.requests!.map((r) => r.kind).sort()).toEqual([
    'board',
    'community',
    'ideas',
    'leaderboard',
    'members',
    'questions',
    'ratings',
    'reviews',
  ]);
  const ratings = first!.requests!.find((r) => r.kind === 'ratings')!;
  expect([...(ratings.products as string[])].sort()).toEqual([PRODUCT, ...TILES].sort());
  expect(later.map((r) => r.path)).toEqual(later.map(() => '/v1/bootstrap'));
  for (const r of later.flatMap((read) => read.requests!)) {
    if (r.kind === 'members') continue;
    expect(r, 'a roadmap column').toMatchObject({ kind: 'ideas', board: PRODUCT });
    expect(r.status).toEqual(expect.any(String));
  }
  expectEachReadOnce(reads);

  const summaries = await ratingsFromApi(server, [PRODUCT, ...TILES]);
  const [summary] = summaries;
  // The demo seed: 14 reviews of the pack, averaging 4.
  expect(summary).toMatchObject({
    count: 14,
    average: 4,
    histogram: { 5: 5, 4: 5, 3: 3, 2: 1, 1: 0 },
  });
  await expectSummary(page, summary!);
  for (const s of summaries) await expectRating(page, s);
  expect(summaries.map((s) => s.count).slice(1)).toEqual([5, 4, 0]);

  // The JSON-LD for search engines: what is shown.
  const helpful = await reviewsFromApi(server, 'sort=helpful&limit=5');
  expect(await shownIds(page)).toEqual(helpful.items.map((r) => r.id));
  await expectJsonLd(page, summary!, helpful.items);

  // A histogram bar filters the list; pressed again, it shows all reviews.
  const three = barOf(page, 3);
  await three.click();
  await expect(three).toHaveAttribute('aria-pressed', 'true');
  await expect(reviews.locator('.filter-note')).toContainText('Showing 3-star reviews.');
  await expect.poll(async () => (await shownReviews(page)).map((r) => r.rating)).toEqual([3, 3, 3]);
  const threes = await reviewsFromApi(server, 'sort=helpful&stars=3&limit=5');
  expect(await shownIds(page)).toEqual(threes.items.map((r) => r.id));
  await three.click();
  await expect(three).toHaveAttribute('aria-pressed', 'false');
  await expect(reviews.locator('.filter-note')).toHaveCount(0);
  await expect(reviews.locator('article.review')).toHaveCount(5);

  // Each sort shows the server's order.
  for (const [label, sort] of [
    ['Lowest rated', 'lowest'],
    ['Newest', 'newest'],
    ['Highest rated', 'highest'],
    ['Most helpful', 'helpful'],
  ] as const) {
    const button = reviews.getByRole('button', { name: label, exact: true });
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    const expected = await reviewsFromApi(server, `sort=${sort}&limit=5`);
    await expect.poll(() => shownIds(page)).toEqual(expected.items.map((r) => r.id));
  }
  await reviews.getByRole('button', { name: 'Lowest rated' }).click();
  await expect
    .poll(async () => (await shownReviews(page)).map((r) => r.rating))
    .toEqual([2, 3, 3, 3, 4]);
}

// ---- members -------------------------------------------------------------------------------------

const NOA = { id: 'm_e2e_noa', name: 'Noa Fischer' };
const NOA_TITLE = 'Carried it over the Haute Route';
const NOA_BODY =
  'Six days, hut to hut, about 9 kg.\nNo sore shoulders, and the rain cover saved my down jacket.';

/**
 * Noa, signed in by the host app (`Kith.identify`), writes her first review with the keyboard and a
 * photo, reloads before posting (the draft survives), and double-clicks "Post review". Returns her
 * review.
 */
async function newMemberWrites(page: Page, server: KithServer): Promise<Review> {
  const reviews = reviewsOf(page);
  const token = await devToken(server.url, NOA.id, NOA.name);
  await page.goto(`${server.url}/demo/`);
  await expect(reviews.locator('article.review')).toHaveCount(5);
  await identify(page, token, NOA.id);

  // The keyboard: Enter opens the form with focus on the stars; arrow keys choose.
  const write = reviews.getByRole('button', { name: 'Write a review' });
  await expect(write).toBeEnabled();
  await write.focus();
  await page.keyboard.press('Enter');
  const starInput = reviews.locator('kith-star-input#review-rating');
  const star = (n: number) => starInput.getByRole('radio', { name: `${n} of 5 stars` });
  await expect(star(1)).toBeFocused();
  await expect(starInput.getByRole('group', { name: 'Your rating' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(star(3)).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(reviews.locator('#review-title')).toBeFocused();
  await page.keyboard.type(NOA_TITLE);
  await page.keyboard.press('Tab');
  await expect(reviews.locator('#review-body')).toBeFocused();
  await page.keyboard.type(NOA_BODY);
  // Back into the group with Shift+Tab: one tab stop, on the chosen star; arrows change it.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(star(3)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(star(5)).toBeChecked();
  await expect(star(5)).toBeFocused();
  expect(await reviewDraft(page, NOA.id)).toMatchObject({
    rating: 5,
    title: NOA_TITLE,
    body: NOA_BODY,
  });

  // A reload before posting: the form opens again with the draft once she is signed in again.
  await page.reload();
  await identify(page, token, NOA.id);
  await expect(reviews.locator('#review-title')).toHaveValue(NOA_TITLE);
  await expect(reviews.locator('#review-body')).toHaveValue(NOA_BODY);
  await expect(star(5)).toBeChecked();

  // One photo, straight from her camera: EXIF with where it was taken.
  const photo = await photoWithGps();
  expect(exifTags((await sharp(photo).metadata()).exif!)).toEqual(
    expect.arrayContaining([MAKE, GPS_IFD_POINTER]),
  );
  await reviews
    .locator('#add-photos')
    .setInputFiles({ name: 'haute-route.jpg', mimeType: 'image/jpeg', buffer: photo });
  const preview = reviews.locator('.photo-previews img');
  await expect(preview).toHaveCount(1);
  await expectLoaded(preview);
  await expect(reviews.getByRole('button', { name: 'Remove photo 1' })).toBeVisible();

  // A double click posts once.
  const post = reviews.getByRole('button', { name: 'Post review' });
  await expect(post).toBeEnabled();
  await post.dblclick();
  await expect(reviews.locator('#review-body')).toHaveCount(0);
  await expect(reviews.locator('[aria-live="polite"]')).toContainText(
    'Thank you! Your review was posted.',
  );
  const [submitted, ...more] = (await eventsOf(page, 'kith-review-submitted')) as {
    review: Review;
  }[];
  expect(more, 'one kith-review-submitted').toEqual([]);
  const id = submitted!.review.id;

  // It is listed (her own review first, whatever the sort), with its photo, and focused.
  const mine = reviewById(page, id);
  await expect(mine).toBeFocused();
  expect((await shownReviews(page))[0]).toEqual({
    id,
    title: NOA_TITLE,
    rating: 5,
    author: NOA.name,
  });
  await expect(mine.locator('.review-body')).toHaveText(NOA_BODY);
  await expect(mine.locator('.verified')).toHaveCount(0);
  const thumb = mine.getByRole('button', { name: 'Open photo 1 of 1' });
  await expectLoaded(thumb.locator('img'));
  // No vote buttons on her own review.
  await expect(mine.locator('.helpful-button')).toHaveCount(0);
  await expect(mine.locator('.helpful')).toContainText('0 people found this helpful');
  expect(await reviewDraft(page, NOA.id), 'the draft is gone once posted').toBeNull();

  // The summary and the product's rating under its title follow: (56 + 5) / 15.
  const summary = { product: PRODUCT, average: 61 / 15, count: 15 };
  await expectSummary(page, { ...summary, histogram: { 5: 6, 4: 5, 3: 3, 2: 1, 1: 0 } });
  await expectRating(page, { ...summary, histogram: { 5: 6, 4: 5, 3: 3, 2: 1, 1: 0 } });

  // The viewer, with the keyboard: Enter opens it, Escape closes it, focus returns to the thumbnail.
  await thumb.focus();
  await page.keyboard.press('Enter');
  const viewer = reviews.getByRole('dialog', { name: 'Photo 1 of 1' });
  await expect(viewer).toBeVisible();
  await expectLoaded(viewer.locator('img'));
  await expect(viewer.locator('img')).toHaveAccessibleName(`Photos from ${NOA.name}`);
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(thumb).toBeFocused();

  // Stored once; the photo is served as an image, without the file's EXIF and GPS.
  const stored = await reviewsFromApi(server, 'sort=newest&limit=100', token);
  expect(stored.total).toBe(15);
  expect(stored.items.filter((r) => r.author.id === NOA.id)).toHaveLength(1);
  expect(stored.mine).toMatchObject({
    id,
    rating: 5,
    title: NOA_TITLE,
    body: NOA_BODY,
    verifiedPurchase: false,
  });
  expect(stored.mine!.photos).toHaveLength(1);
  expect(await thumb.locator('img').getAttribute('src')).toBe(
    new URL(stored.mine!.photos[0]!.thumbnailUrl, `${server.url}/v1/`).href,
  );
  await expectServedClean(server, stored.mine!.photos[0]!.url);
  return stored.mine!;
}

const ADA_BODY = 'The hip belt pockets are too small for my phone, and the back gets sweaty.';
const ADA_EDITED = 'After a month: the hip belt pockets are small, but the back panel is fine.';

/** Ada's token lists the pack among her purchases: her review is verified. Writing again edits it. */
async function verifiedMemberWrites(page: Page, server: KithServer): Promise<Review> {
  const reviews = reviewsOf(page);
  await browseAs(page, 'ada');
  await reviews.getByRole('button', { name: 'Write a review' }).click();
  const starInput = reviews.locator('kith-star-input#review-rating');
  await starInput.locator('label[for="star-1"]').click();
  await reviews.locator('#review-body').fill(ADA_BODY);
  await reviews.getByRole('button', { name: 'Post review' }).click();
  await expect(reviews.locator('#review-body')).toHaveCount(0);
  const ada = await reviewsFromApi(server, 'sort=newest&limit=1', await adaToken(server));
  const id = ada.mine!.id;
  const mine = reviewById(page, id);
  await expect(mine.locator('.verified')).toHaveText(/Verified purchase/);
  await expect(mine.locator('.review-body')).toHaveText(ADA_BODY);
  // (61 + 1) / 16
  await expect(reviewsOf(page).locator('.summary .average')).toHaveText('3.9');
  await expectRating(page, {
    product: PRODUCT,
    average: 62 / 16,
    count: 16,
    histogram: { 5: 6, 4: 5, 3: 3, 2: 1, 1: 1 },
  });

  // Writing again edits her review: the form opens with it; the count stays.
  await reviews.getByRole('button', { name: 'Edit your review' }).click();
  await expect(reviews.locator('#review-body')).toHaveValue(ADA_BODY);
  await expect(reviews.locator('.review-form')).toContainText(
    'You reviewed this product already: posting again updates your review.',
  );
  await expect(starInput.getByRole('radio', { name: '1 of 5 stars' })).toBeChecked();
  await starInput.locator('label[for="star-3"]').click();
  await reviews.locator('#review-body').fill(ADA_EDITED);
  await reviews.getByRole('button', { name: 'Update review' }).click();
  await expect(mine.locator('.review-body')).toHaveText(ADA_EDITED);
  await expect(mine.locator('.meta')).toContainText('(edited)');
  await expect(mine.locator('.verified')).toHaveText(/Verified purchase/);
  // (61 + 3) / 16
  const summary = {
    product: PRODUCT,
    average: 64 / 16,
    count: 16,
    histogram: { 5: 6, 4: 5, 3: 4, 2: 1, 1: 0 },
  };
  await expectSummary(page, summary);
  await expectRating(page, summary);
  expect(await reviewsOf(page).locator(`article.review[data-review-id="${id}"]`).count()).toBe(1);
  return (await reviewsFromApi(server, 'sort=newest&limit=1', await adaToken(server))).mine!;
}

const adaToken = (server: KithServer) =>
  devToken(server.url, MEMBERS.ada.id, MEMBERS.ada.name, ['customer'], [PRODUCT]);

/** Ben finds Ada's review helpful (toggle pressed, count, `kith-vote`); nobody votes on their own. */
async function helpfulVote(page: Page, ada: Review): Promise<void> {
  const reviews = reviewsOf(page);
  await browseAs(page, 'ben');
  await reviews.getByRole('button', { name: 'Newest', exact: true }).click();
  const review = reviewById(page, ada.id);
  const helpful = review.getByRole('group', { name: 'Was this helpful?' });
  const yes = helpful.getByRole('button', { name: 'Yes (0)' });
  await expect(yes).toHaveAttribute('aria-pressed', 'false');
  await yes.click();
  const pressed = helpful.getByRole('button', { name: 'Yes (1)' });
  await expect(pressed).toHaveAttribute('aria-pressed', 'true');
  await expect(helpful.getByRole('button', { name: 'No (0)' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect
    .poll(() => eventsOf(page, 'kith-vote'))
    .toEqual([{ targetType: 'review', targetId: ada.id, value: 1 }]);

  // Ben's own (seeded) review is listed first for him, without vote buttons.
  const own = reviews.locator('article.review').first();
  await expect(own.locator('.meta .author-name')).toHaveText(MEMBERS.ben.name);
  await expect(own.locator('.helpful-button')).toHaveCount(0);

  // Ada sees the vote on her review, and no buttons.
  await browseAs(page, 'ada');
  await expect(review.locator('.helpful')).toContainText('1 person found this helpful');
  await expect(review.locator('.helpful-button')).toHaveCount(0);
}

const REPLY = 'Thank you, Ada! Bigger hip-belt pockets come with the spring edition.';
const HIDE_REASON = 'The photo shows a different product.';

/**
 * Sam (staff) replies to Ada's review and hides Noa's: it leaves the list, the count, the histogram,
 * the JSON-LD and the rating under the title.
 */
async function staffReplyAndHide(page: Page, ada: Review, noa: Review): Promise<void> {
  const reviews = reviewsOf(page);
  await browseAs(page, 'sam');
  const review = reviewById(page, ada.id);
  await review.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(reviews.locator('#reply-body')).toBeFocused();
  await reviews.locator('#reply-body').fill(REPLY);
  await reviews.getByRole('button', { name: 'Post reply' }).click();
  await expectReply(review);

  const hidden = reviewById(page, noa.id);
  await hidden.getByRole('button', { name: 'Hide', exact: true }).click();
  await reviews.locator('#hide-reason').fill(HIDE_REASON);
  await reviews.getByRole('button', { name: 'Hide it' }).click();
  await expect(hidden).toHaveCount(0);
  await expect(reviews.locator('[aria-live="polite"]')).toContainText('It was hidden.');
  await expectHidden(page);
}

async function expectReply(review: Locator): Promise<void> {
  const reply = review.locator('.reply');
  await expect(reply).toContainText(`Response from ${MEMBERS.sam.name}`);
  // The replier is a <kith-badge> chip: a button named by the member, their role mark and more.
  await expect(
    reply.getByRole('button', { name: new RegExp(`^${MEMBERS.sam.name} Staff\\b`) }),
  ).toBeVisible();
  await expect(reply.locator('.review-body')).toHaveText(REPLY);
}

/** After hiding Noa's 5 stars: (64 − 5) / 15. */
const AFTER_HIDING: RatingSummary = {
  product: PRODUCT,
  average: 59 / 15,
  count: 15,
  histogram: { 5: 5, 4: 5, 3: 4, 2: 1, 1: 0 },
};

async function expectHidden(page: Page): Promise<void> {
  await expectSummary(page, AFTER_HIDING);
  await expectRating(page, AFTER_HIDING);
  await expect
    .poll(
      async () => ((await jsonLdOf(page)).aggregateRating as { reviewCount: number }).reviewCount,
    )
    .toBe(15);
}

/** After a reload, all of it is still so; and the HTTP API agrees. */
async function persisted(page: Page, server: KithServer, ada: Review, noa: Review): Promise<void> {
  const reviews = reviewsOf(page);
  await page.reload();
  await expect(reviews.locator('article.review').first()).toBeVisible();
  await expectHidden(page);
  await reviews.getByRole('button', { name: 'Newest', exact: true }).click();
  await expect(reviewById(page, ada.id)).toBeVisible();
  await expectReply(reviewById(page, ada.id));
  await expect(reviewById(page, ada.id).locator('.verified')).toHaveText(/Verified purchase/);
  await expect(reviewById(page, noa.id)).toHaveCount(0);
  const newest = await reviewsFromApi(server, 'sort=newest&limit=5');
  expect(await shownIds(page)).toEqual(newest.items.map((r) => r.id));
  await expectJsonLd(page, newest.summary, newest.items);

  const all = await reviewsFromApi(server, 'sort=newest&limit=100');
  expect(all.total).toBe(15);
  expect(all.summary).toEqual({ ...AFTER_HIDING, average: expect.closeTo(59 / 15, 9) });
  expect(all.items.map((r) => r.id)).not.toContain(noa.id);
  expect(all.items.find((r) => r.id === ada.id)).toMatchObject({
    rating: 3,
    body: ADA_EDITED,
    verifiedPurchase: true,
    upvotes: 1,
    downvotes: 0,
    updatedAt: expect.any(String),
    author: { id: MEMBERS.ada.id, name: MEMBERS.ada.name },
    reply: { body: REPLY, author: { id: MEMBERS.sam.id, name: MEMBERS.sam.name } },
  });
  expect(await ratingsFromApi(server, [PRODUCT])).toEqual([all.summary]);
  // Noa still has her review (hidden), and its photo is no longer served.
  const noaToken = await devToken(server.url, NOA.id, NOA.name);
  const hers = await reviewsFromApi(server, 'sort=newest&limit=1', noaToken);
  expect(hers.mine).toMatchObject({ id: noa.id, visibility: 'hidden' });
  const photo = await fetch(new URL(noa.photos[0]!.url, `${server.url}/v1/`));
  expect(photo.status).toBe(404);
}

// ---- bad input -----------------------------------------------------------------------------------

const LENA = { id: 'm_e2e_lena', name: 'Lena Park' };
const LENA_BODY = 'Fits my 14" laptop and a 2 L bladder, with room for lunch.';
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
);
const SVG_REFUSED = 'SVG images are not accepted (they can contain scripts): use PNG or JPEG.';

/**
 * No stars: a field error and nothing stored. An SVG (by name, or disguised as a JPEG): a clear
 * message at the photos field and nothing attached. The server down while posting: a clear error,
 * the draft kept, and posted once when the server is back.
 */
async function badInput(page: Page, server: KithServer, w: Watch): Promise<void> {
  const reviews = reviewsOf(page);
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/reviews') posts.push(r.url());
  });
  const token = await devToken(server.url, LENA.id, LENA.name);
  await page.goto(`${server.url}/demo/`);
  await identify(page, token, LENA.id);
  await reviews.getByRole('button', { name: 'Write a review' }).click();
  const starInput = reviews.locator('kith-star-input#review-rating');
  await reviews.locator('#review-body').fill(LENA_BODY);

  // No stars.
  await reviews.getByRole('button', { name: 'Post review' }).click();
  await expect(reviews.locator('#rating-error')).toHaveText('Choose a rating from 1 to 5 stars.');
  await expect(starInput.getByRole('radio', { name: '1 of 5 stars' })).toBeFocused();
  await expect(reviews.locator('#review-body')).toHaveValue(LENA_BODY);
  expect(posts, 'nothing sent').toEqual([]);
  expect((await reviewsFromApi(server, 'sort=newest&limit=1', token)).mine).toBeNull();

  // An SVG, by its name and disguised as a JPEG: refused, said at the photos field, nothing attached.
  const errorsBefore = w.errors.length;
  const field = reviews.locator('fieldset.photos-field');
  for (const [name, mimeType] of [
    ['trail-map.svg', 'image/svg+xml'],
    ['summit.jpg', 'image/jpeg'],
  ] as const) {
    await reviews.locator('#add-photos').setInputFiles({ name, mimeType, buffer: SVG });
    await expect(field.locator('.error')).toHaveText(`${name} was not added: ${SVG_REFUSED}`);
  }
  await expect(field.locator('img')).toHaveCount(0);
  const refused = w.errors.slice(errorsBefore);
  expect(refused).toHaveLength(2);
  expect(refused.filter((e) => !BAD_REQUEST.test(e))).toEqual([]);

  // The server goes away while she posts: a clear error, her draft kept.
  await starInput.locator('label[for="star-4"]').click();
  await settled(w);
  expect(await server.stop(), 'the server shuts down cleanly').toBe(0);
  const downBefore = w.errors.length;
  await reviews.getByRole('button', { name: 'Post review' }).click();
  const alert = reviews.locator('#review-error');
  await expect(alert).toHaveRole('alert');
  await expect(alert).toHaveText(
    'The community server could not be reached. Your text is kept as a draft.',
    { timeout: 15_000 },
  );
  await expect(alert).toBeFocused();
  await expect(reviews.locator('#review-body')).toHaveValue(LENA_BODY);
  await expect(starInput.getByRole('radio', { name: '4 of 5 stars' })).toBeChecked();
  expect(await reviewDraft(page, LENA.id)).toMatchObject({ rating: 4, body: LENA_BODY });
  const whileDown = w.errors.slice(downBefore);
  expect(whileDown.length, 'requests refused while the server is down').toBeGreaterThan(0);
  expect(whileDown.filter((e) => !CONNECTION_REFUSED.test(e))).toEqual([]);

  // Back: posting again stores it, once.
  await server.start();
  const afterBefore = w.errors.length;
  await reviews.getByRole('button', { name: 'Post review' }).click();
  await expect(reviews.locator('#review-body')).toHaveCount(0);
  await expect(alert).toHaveCount(0);
  const first = reviews.locator('article.review').first();
  await expect(first.locator('.meta .author-name')).toHaveText(LENA.name);
  await expect(first.locator('.review-body')).toHaveText(LENA_BODY);
  expect(w.errors.slice(afterBefore)).toEqual([]);
  const stored = await reviewsFromApi(server, 'sort=newest&limit=100', token);
  expect(stored.items.filter((r) => r.author.id === LENA.id)).toHaveLength(1);
  expect(stored.total).toBe(15);
  expect(stored.mine).toMatchObject({ rating: 4, body: LENA_BODY, photos: [] });
  expect(await reviewDraft(page, LENA.id)).toBeNull();
}

onEachDatabase((_backend, start) => {
  test('readers see the seeded summary, histogram and rating tiles (one bootstrap, one merged ratings read), filter by a bar, sort, and the JSON-LD matches what is shown', async ({
    page,
  }) => {
    const server = await start();
    const w = await watch(page);
    await readers(page, server, w);
    expect(w.errors, 'console errors').toEqual([]);
    expect(w.violations, 'CSP violations').toEqual([]);
    await expectViolationsRecorded(page, w);
  });

  test('a new member writes a review with the keyboard and a photo (draft kept across a reload, posted once, EXIF/GPS gone); a verified purchase edits hers; helpful votes; staff reply and hide; it all persists and the API agrees', async ({
    page,
  }) => {
    const server = await start();
    await recordEvents(page);
    const w = await watch(page);
    const noa = await newMemberWrites(page, server);
    const ada = await verifiedMemberWrites(page, server);
    await helpfulVote(page, ada);
    await staffReplyAndHide(page, ada, noa);
    await persisted(page, server, ada, noa);
    expect(w.errors, 'console errors').toEqual([]);
    expect(w.violations, 'CSP violations').toEqual([]);
    await expectViolationsRecorded(page, w);
  });

  test('a review without stars, an SVG photo, and a post while the server is down fail clearly, keep the draft, and store nothing until the review is posted once', async ({
    page,
  }) => {
    const server = await start();
    const w = await watch(page);
    await badInput(page, server, w);
    expect(w.violations, 'CSP violations').toEqual([]);
    await expectViolationsRecorded(page, w);
  });
});
