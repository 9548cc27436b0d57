/**
 * What the XSS specs share (tests/e2e/xss.spec.ts through the memory adapter, xss-rest.spec.ts through
 * the server): the vectors of tests/fixtures/xss/, recorders installed before any content loads, an
 * inspector for dangerous markup, and pointing at and tabbing through rendered posts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from 'playwright/test';
import { repoRoot } from '../../scripts/serve-static.mjs';

const TITLE_MAX = 200;

export interface Vector {
  source: string;
  text: string;
}

export function loadVectors(): Vector[] {
  const dir = path.join(repoRoot, 'tests/fixtures/xss');
  const read = (file: string): unknown => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const all: Vector[] = [];
  for (const { title, payload } of read('dompurify-fixtures.json') as {
    title: string;
    payload: string;
  }[]) {
    all.push({ source: `dompurify: ${title}`, text: payload });
  }
  for (const file of readdirSync(path.join(dir, 'portswigger')).sort()) {
    const data = read(`portswigger/${file}`);
    if (Array.isArray(data)) {
      for (const [i, item] of (data as Record<string, unknown>[]).entries()) {
        // Most files name the vector `code`; the framework files `vector`, prototype-pollution
        // `payload`, impossible.json `closestVector` (its other entries describe a lab, not a vector).
        const text = [item.code, item.vector, item.payload, item.closestVector].find(
          (v): v is string => typeof v === 'string',
        );
        if (text !== undefined) all.push({ source: `portswigger/${file}[${i}]`, text });
      }
    } else {
      const events = data as Record<string, { tags: { tag: string; code: string }[] }>;
      for (const [event, { tags }] of Object.entries(events)) {
        for (const { tag, code } of tags) {
          all.push({ source: `portswigger/events.json ${event} <${tag}>`, text: code });
        }
      }
    }
  }
  // The same vector in two files is posted once. A vector of only whitespace is not content: the
  // adapter refuses it (as the server will), so there is nothing to render.
  const seen = new Set<string>();
  return all.filter((v) => v.text.trim() !== '' && !seen.has(v.text) && !!seen.add(v.text));
}

/** A title is trimmed and at most 200 UTF-16 units (cut between code points, never inside one). */
export function asTitle(text: string, max = TITLE_MAX): string {
  let title = '';
  for (const c of text.trim()) {
    if (title.length + c.length > max) break;
    title += c;
  }
  return title.trim();
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

declare global {
  interface Window {
    __xss: string[];
    __inspect(root: Element): string[];
  }
}

/** Before any content loads: every way a vector could announce itself is recorded, not performed. */
export function installRecorders(): void {
  window.__xss = [];
  const record =
    (name: string, result: unknown) =>
    (...args: unknown[]): never => {
      window.__xss.push(`${name}(${args.map(String).join(', ')})`);
      return result as never;
    };
  window.alert = record('alert', undefined);
  window.confirm = record('confirm', false);
  window.prompt = record('prompt', null);
  window.print = record('print', undefined);
  window.open = record('open', null);

  const FORBIDDEN = new Set([
    'script',
    'iframe',
    'object',
    'embed',
    'form',
    'style',
    'img',
    'svg',
    'math',
    'base',
    'link',
    'meta',
    'frame',
    'frameset',
    'applet',
    'video',
    'audio',
    'source',
    'input',
    'button',
    'textarea',
    'select',
    'template',
    'slot',
    'portal',
  ]);
  const URL_ATTRIBUTES = new Set([
    'href',
    'src',
    'action',
    'formaction',
    'xlink:href',
    'srcset',
    'data',
    'poster',
    'background',
    'ping',
    'codebase',
    'cite',
    'srcdoc',
    'dynsrc',
    'lowsrc',
  ]);
  const badUrl = (value: string): boolean => {
    const squeezed = value.replace(/[\u0000-\u0020\u007f]/g, '');
    if (/^(javascript|data|vbscript):/i.test(squeezed)) return true;
    try {
      return ['javascript:', 'data:', 'vbscript:'].includes(
        new URL(value, document.baseURI).protocol,
      );
    } catch {
      return false;
    }
  };
  // Read through the prototypes: a vector's markup may clobber `el.attributes` and the like.
  const attributeNames = Element.prototype.getAttributeNames;
  const getAttribute = Element.prototype.getAttribute;
  const all = Element.prototype.querySelectorAll;
  const localName = Object.getOwnPropertyDescriptor(Element.prototype, 'localName')!.get!;
  /** What is dangerous in and under `root`: script-ish elements, handlers, script URLs. */
  window.__inspect = (root: Element): string[] => {
    const problems: string[] = [];
    for (const el of [root, ...all.call(root, '*')]) {
      const tag = localName.call(el) as string;
      if (FORBIDDEN.has(tag)) problems.push(`<${tag}> element`);
      for (const name of attributeNames.call(el)) {
        const value = getAttribute.call(el, name) ?? '';
        const lower = name.toLowerCase();
        if (lower.startsWith('on') || (URL_ATTRIBUTES.has(lower) && badUrl(value))) {
          problems.push(`<${tag} ${name}="${value}">`);
        }
      }
    }
    return problems;
  };
}

export interface Watch {
  navigations: string[];
  popups: string[];
  errors: string[];
}

/** Recorders in the page, plus navigation, popups and uncaught errors seen from outside. */
export async function watch(page: Page, options: { consoleErrors?: boolean } = {}): Promise<Watch> {
  await page.addInitScript(installRecorders);
  const w: Watch = { navigations: [], popups: [], errors: [] };
  page.on('framenavigated', (frame) => w.navigations.push(frame.url()));
  page.on('popup', (popup) => w.popups.push(popup.url()));
  page.context().on('page', (other) => {
    if (other !== page) w.popups.push(other.url());
  });
  page.on('pageerror', (error) => w.errors.push(error.message));
  if (options.consoleErrors) {
    page.on('console', (message) => {
      if (message.type() === 'error') w.errors.push(`console.error: ${message.text()}`);
    });
  }
  return w;
}

/** Nothing ran, nothing navigated away, no window opened, no frame appeared. */
export async function expectNothingHappened(page: Page, w: Watch, pageUrl: string): Promise<void> {
  const reader = new URL(pageUrl);
  expect
    .soft(await page.evaluate(() => [...window.__xss]), 'calls recorded from vectors')
    .toEqual([]);
  const elsewhere = w.navigations.filter((u) => {
    const url = new URL(u);
    return (
      url.origin !== reader.origin ||
      url.pathname !== reader.pathname ||
      !/^(#kith-question-q_[\w-]+)?$/.test(url.hash)
    );
  });
  expect.soft(elsewhere, 'navigations away from the page').toEqual([]);
  expect.soft(w.popups, 'popups').toEqual([]);
  expect.soft(page.frames().length, 'frames').toBe(1);
  expect
    .soft(
      await page.evaluate(() => document.querySelectorAll('iframe, frame, object, embed').length),
    )
    .toBe(0);
  expect.soft(w.errors, 'uncaught errors (and console errors, where watched)').toEqual([]);
}

/** Every dangerous thing inside rendered user content, in every `<kith-qa>` on the page. */
export function inspectAll(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const qa of document.querySelectorAll('kith-qa')) {
      const root = qa.shadowRoot;
      if (!root) {
        problems.push('a <kith-qa> without a shadow root');
        continue;
      }
      for (const el of root.querySelectorAll(
        '.post-body, .question-title, #thread-heading, .author',
      )) {
        problems.push(...window.__inspect(el));
      }
    }
    return problems;
  });
}

/** The inspector itself finds what it is looking for (so its empty answers mean something). */
export async function expectInspectorWorks(page: Page): Promise<void> {
  const found = await page.evaluate(() => {
    const probe = document.createElement('div');
    const t = document.createElement('template');
    t.innerHTML =
      '<p onclick="x">a</p><a href=" java\tscript:x">b</a><svg></svg><form action="data:text/html,x"></form>';
    probe.append(t.content);
    return window.__inspect(probe);
  });
  expect(found).toEqual([
    '<p onclick="x">',
    '<a href=" java\tscript:x">',
    '<svg> element',
    '<form> element',
    '<form action="data:text/html,x">',
  ]);
}

/** The recorders catch a real execution (so their empty record means something). */
export async function expectRecordersWork(page: Page): Promise<void> {
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.setAttribute('onerror', 'alert("control")');
    img.src = 'data:,not-an-image';
    document.body.append(img);
  });
  await expect.poll(() => page.evaluate(() => [...window.__xss])).toEqual(['alert(control)']);
}

/**
 * Points the real mouse at every element matching `selector` in the `<kith-qa>` and clicks there —
 * at a spot with no link under the pointer (links are checked, never followed; where every spot is a
 * link, the mouse only moves there). A viewport at a time. Returns how many elements were clicked.
 *
 * (A click is also the fast way to move: Chromium aligns a bare mouse move to the next frame, 16 ms
 * each, while a move followed by a press is dispatched at once; the element still gets mousemove,
 * mouseover and mouseenter before mousedown, mouseup and click.)
 */
export async function pointAtEach(
  page: Page,
  host: string,
  selector: string,
): Promise<{ clicked: number; moved: number }> {
  let done = 0;
  const count = { clicked: 0, moved: 0 };
  for (;;) {
    const targets = await page.evaluate(
      ({ host, selector, done }) => {
        const root = document.querySelector(host)!.shadowRoot!;
        const all = [...root.querySelectorAll<HTMLElement>(selector)];
        if (done >= all.length) return null;
        all[done]!.scrollIntoView({ block: 'start' });
        const out: { x: number; y: number; click: boolean }[] = [];
        for (const el of all.slice(done)) {
          const r = el.getBoundingClientRect();
          if (out.length && r.bottom > innerHeight) break;
          let spot: { x: number; y: number; click: boolean } | null = null;
          for (const fy of [0.5, 0.15, 0.85, 0.3, 0.7]) {
            for (const fx of [0.5, 0.05, 0.95, 0.25, 0.75]) {
              const x = Math.round(r.left + r.width * fx);
              const y = Math.round(r.top + Math.min(r.height, innerHeight - r.top - 1) * fy);
              const hit = root.elementFromPoint(x, y);
              if (hit && el.contains(hit) && !hit.closest('a, button')) {
                spot = { x, y, click: true };
                break;
              }
            }
            if (spot) break;
          }
          out.push(
            spot ?? { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + 2), click: false },
          );
        }
        return out;
      },
      { host, selector, done },
    );
    if (!targets) return count;
    for (const t of targets) {
      if (t.click) {
        await page.mouse.click(t.x, t.y);
        count.clicked++;
      } else {
        await page.mouse.move(t.x, t.y);
        count.moved++;
      }
    }
    done += targets.length;
  }
}

/**
 * Tabs with the real keyboard into every focusable element inside the answers' post bodies: focus
 * goes to the answer's down-vote button (just before its body in tab order), then Tab moves through
 * the body. Returns how many elements inside bodies received focus.
 */
export async function tabThroughBodies(
  page: Page,
  host: string,
): Promise<{ expected: number; focused: number }> {
  const plan = await page.evaluate((host) => {
    const root = document.querySelector(host)!.shadowRoot!;
    return [...root.querySelectorAll('.answer')].flatMap((answer, i) => {
      const n = answer.querySelectorAll('.post-body a[href], .post-body [tabindex]').length;
      return n ? [{ i, n }] : [];
    });
  }, host);
  let focused = 0;
  for (const { i, n } of plan) {
    await page.evaluate(
      ({ host, i }) => {
        const root = document.querySelector(host)!.shadowRoot!;
        const answer = root.querySelectorAll('.answer')[i]!;
        answer.querySelector<HTMLElement>('.vote-down')!.focus();
      },
      { host, i },
    );
    for (let k = 0; k < n; k++) {
      await page.keyboard.press('Tab');
      const inBody = await page.evaluate(
        ({ host, i }) => {
          const root = document.querySelector(host)!.shadowRoot!;
          const body = root.querySelectorAll('.answer')[i]!.querySelector('.post-body')!;
          return !!root.activeElement && body.contains(root.activeElement);
        },
        { host, i },
      );
      if (inBody) focused++;
    }
  }
  return { expected: plan.reduce((sum, p) => sum + p.n, 0), focused };
}
