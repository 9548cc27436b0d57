/**
 * The demo page in end-to-end tests: what a test watches on it (console errors, CSP violations, API
 * requests under way) and the demo's member switcher.
 */
import { expect, type Page, type Request } from 'playwright/test';

export interface Watch {
  /** Console errors and uncaught exceptions, over every load of the page. */
  errors: string[];
  /** CSP violations (the demo's meta tag), over every load of the page. */
  violations: string[];
  /** API requests sent and not yet answered (or failed). */
  inFlight: Set<Request>;
}

/** Records console errors, uncaught exceptions and CSP violations, across reloads. */
export async function watch(page: Page): Promise<Watch> {
  const w: Watch = { errors: [], violations: [], inFlight: new Set() };
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/v1/')) w.inFlight.add(request);
  });
  page.on('requestfinished', (request) => w.inFlight.delete(request));
  page.on('requestfailed', (request) => w.inFlight.delete(request));
  page.on('console', (message) => {
    if (message.type() === 'error') w.errors.push(message.text());
  });
  page.on('pageerror', (error) => w.errors.push(`uncaught: ${error.message}`));
  await page.exposeFunction('__kithE2eViolation', (v: string) => w.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __kithE2eViolation(v: string): void }).__kithE2eViolation(
        `${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`,
      ),
    );
  });
  return w;
}

/** How Chromium reports a request to a server that is not there (while it is down). */
export const CONNECTION_REFUSED = /^Failed to load resource: net::ERR_CONNECTION_REFUSED$/;

/** Waits until the page has no API request under way (so that stopping the server interrupts none). */
export async function settled(w: Watch): Promise<void> {
  await expect.poll(() => w.inFlight.size, { intervals: [50] }).toBe(0);
}

/**
 * The recorder does see a violation of the demo's policy (an inline style), so its empty record
 * means something. Call last: it adds one violation.
 */
export async function expectViolationsRecorded(page: Page, w: Watch): Promise<void> {
  const before = w.violations.length;
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'p { color: red; }';
    document.head.append(style);
  });
  await expect
    .poll(() => w.violations.slice(before))
    .toEqual([expect.stringMatching(/^style-src/)]);
}

export const MEMBERS = {
  ada: { id: 'm_ada', name: 'Ada Lovelace' },
  ben: { id: 'm_ben', name: 'Ben Okafor' },
  sam: { id: 'm_sam', name: 'Sam Rivera' },
} as const;

/**
 * Picks a member in the demo's "Browsing as" switcher, and waits until every Kith element on the page
 * uses them (the demo fetches a token from the server first).
 */
export async function browseAs(page: Page, who: keyof typeof MEMBERS): Promise<void> {
  const member = MEMBERS[who];
  await page.locator('#member-switcher').selectOption(member.id);
  await expectMember(page, member.id);
}

/**
 * Signs a member in as a single-page app does, with `Kith.identify(token)` (a token from the dev
 * endpoint, say: members the demo's switcher does not know), and waits until the elements use them.
 * After a reload, call it again: the demo remembers only its switcher's members.
 */
export async function identify(page: Page, token: string, memberId: string): Promise<void> {
  await page.evaluate((t) => (window as unknown as { Kith: KithApi }).Kith.identify(t), token);
  await expectMember(page, memberId);
}

interface KithApi {
  identify(token: string): void;
}

/** The Kith elements whose member the waits below read (a getter every Kith element has). */
const MEMBER_ELEMENTS = 'kith-qa, kith-ideas, kith-reviews';

/** Waits until every Kith element on the page uses the member `memberId`. */
export async function expectMember(page: Page, memberId: string): Promise<void> {
  const members = () =>
    page.evaluate(
      (selector) =>
        [...document.querySelectorAll(selector)].map(
          (el) => (el as unknown as { member: { sub: string } | null }).member?.sub ?? null,
        ),
      MEMBER_ELEMENTS,
    );
  await expect.poll(members).toEqual(expect.arrayContaining([memberId]));
  await expect.poll(async () => (await members()).every((sub) => sub === memberId)).toBe(true);
}
