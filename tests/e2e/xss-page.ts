/**
 * What the XSS specs share (tests/e2e/xss.spec.ts through the memory adapter, xss-rest.spec.ts through
 * the server): the vectors of tests/fixtures/xss/, recorders installed before any content loads, an
 * inspector for dangerous markup, and pointing at and tabbing through rendered posts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from 'playwright/test';
import { repoRoot, startStaticServer, type StaticServer } from '../../scripts/serve-static.mjs';
import { html, readManifest, servePage } from './helpers.js';

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
    /** The part {@link tabThrough} is tabbing through. */
    __tabbing?: Element;
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

/**
 * Nothing ran, nothing navigated away, no window opened, no frame appeared. `openHash`: the URL hashes
 * by which the element opens a post on the page (an opened question, by default).
 */
export async function expectNothingHappened(
  page: Page,
  w: Watch,
  pageUrl: string,
  openHash = /^(#kith-question-q_[\w-]+)?$/,
): Promise<void> {
  const reader = new URL(pageUrl);
  expect
    .soft(await page.evaluate(() => [...window.__xss]), 'calls recorded from vectors')
    .toEqual([]);
  const elsewhere = w.navigations.filter((u) => {
    const url = new URL(u);
    return (
      url.origin !== reader.origin || url.pathname !== reader.pathname || !openHash.test(url.hash)
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

/**
 * Opens a test page of `origin` with the elements in `body` (and the script tag in `head`), after the
 * posts are stored; navigations count from here. Returns the page's URL.
 */
export async function openReader(
  page: Page,
  w: Watch,
  reader: { origin: string; name: string; head: string; body: string },
): Promise<string> {
  const url = await servePage(page, reader.origin, reader.name, html(reader.head, reader.body));
  await page.goto(url);
  w.navigations.length = 0;
  await expectInspectorWorks(page);
  return url;
}

/** Every dangerous thing inside rendered user content, in every `<kith-qa>` on the page. */
export function inspectAll(page: Page): Promise<string[]> {
  return inspectIn(page, 'kith-qa', '.post-body, .question-title, #thread-heading, .author');
}

/**
 * Every dangerous thing inside the parts matching `selectors` (where user content is shown) of the
 * shadow root of every element matching `host`.
 */
export function inspectIn(page: Page, host: string, selectors: string): Promise<string[]> {
  return page.evaluate(
    ({ host, selectors }) => {
      const problems: string[] = [];
      for (const element of document.querySelectorAll(host)) {
        const root = element.shadowRoot;
        if (!root) {
          problems.push(`a <${element.localName}> without a shadow root`);
          continue;
        }
        for (const el of root.querySelectorAll(selectors)) problems.push(...window.__inspect(el));
      }
      return problems;
    },
    { host, selectors },
  );
}

/** Every call or post succeeded; `label(i)` names the vector behind the i-th. */
export function expectAllPosted(
  posted: readonly { error?: string }[],
  label: (i: number) => string,
): void {
  const failed = posted.flatMap((p, i) => (p.error ? [`${label(i)}: ${p.error}`] : []));
  expect(failed, 'every vector is accepted by the write path').toEqual([]);
}

/**
 * The titles matching `selector` in the shadow roots of the elements matching `hosts`, each known by
 * its id in `data-<idKey>` (`idKey` as in `dataset`), that are not shown visibly as exactly the text
 * `expected` has for that id, as a plain text node (no child element: it can carry nothing but text).
 * Also how many titles there are.
 */
export async function wrongTitles(
  page: Page,
  hosts: string,
  selector: string,
  idKey: string,
  expected: ReadonlyMap<string, { title: string; source: string }>,
): Promise<{ count: number; wrong: unknown[] }> {
  const rendered = await page.evaluate(
    ({ hosts, selector, idKey }) =>
      [...document.querySelectorAll(hosts)].flatMap((host) =>
        [...host.shadowRoot!.querySelectorAll<HTMLElement>(selector)].map((a) => ({
          id: a.dataset[idKey]!,
          text: a.textContent!,
          children: a.children.length,
          visible: a.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
        })),
      ),
    { hosts, selector, idKey },
  );
  const wrong = rendered
    .filter((r) => r.text !== expected.get(r.id)?.title || r.children !== 0 || !r.visible)
    .map((r) => ({
      ...expected.get(r.id),
      shown: r.text,
      children: r.children,
      visible: r.visible,
    }));
  return { count: rendered.length, wrong };
}

/** {@link wrongTitles} of the question lists of every `<kith-qa>` on the page. */
export const wrongQuestionTitles = (
  page: Page,
  expected: ReadonlyMap<string, { title: string; source: string }>,
) => wrongTitles(page, 'kith-qa', '.question-title', 'questionId', expected);

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
export function pointAtEach(
  page: Page,
  host: string,
  selector: string,
): Promise<{ clicked: number; moved: number }> {
  return pointAt(page, host, selector, false);
}

/** {@link pointAtEach} in every element matching `hosts` (in document order), not only the first. */
export function pointAtEachIn(
  page: Page,
  hosts: string,
  selector: string,
): Promise<{ clicked: number; moved: number }> {
  return pointAt(page, hosts, selector, true);
}

async function pointAt(
  page: Page,
  host: string,
  selector: string,
  everyHost: boolean,
): Promise<{ clicked: number; moved: number }> {
  let done = 0;
  const count = { clicked: 0, moved: 0 };
  for (;;) {
    const targets = await page.evaluate(
      ({ host, selector, done, everyHost }) => {
        const hosts = everyHost
          ? [...document.querySelectorAll(host)]
          : [document.querySelector(host)!];
        const all = hosts.flatMap((h) => [
          ...h.shadowRoot!.querySelectorAll<HTMLElement>(selector),
        ]);
        if (done >= all.length) return null;
        all[done]!.scrollIntoView({ block: 'start' });
        const out: { x: number; y: number; click: boolean }[] = [];
        for (const el of all.slice(done)) {
          const root = el.getRootNode() as ShadowRoot;
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
      { host, selector, done, everyHost },
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

/**
 * Tabs with the real keyboard through every focusable element inside each part matching `body` in the
 * shadow roots of the elements matching `hosts`: focus goes to the nearest focusable element before
 * the part (in tree order), then Tab moves on until focus has passed the part. Returns how many
 * elements inside the parts received focus, and how many there are.
 */
export async function tabThrough(
  page: Page,
  hosts: string,
  body: string,
): Promise<{ expected: number; focused: number }> {
  const plan = await page.evaluate(
    ({ hosts, body }) =>
      [...document.querySelectorAll(hosts)]
        .flatMap((host) => [...host.shadowRoot!.querySelectorAll(body)])
        .flatMap((part, i) => {
          const n = part.querySelectorAll('a[href], [tabindex]').length;
          return n ? [{ i, n }] : [];
        }),
    { hosts, body },
  );
  let focused = 0;
  for (const { i, n } of plan) {
    const started = await page.evaluate(
      ({ hosts, body, i }) => {
        const part = [...document.querySelectorAll(hosts)].flatMap((host) => [
          ...host.shadowRoot!.querySelectorAll(body),
        ])[i]!;
        const root = part.getRootNode() as ShadowRoot;
        const all = [...root.querySelectorAll<HTMLElement>('*')];
        const start = all
          .slice(0, all.indexOf(part as HTMLElement))
          .reverse()
          .find(
            (el) =>
              !part.contains(el) &&
              el.matches('a[href], button:not([disabled]), input, select, textarea, [tabindex]'),
          );
        start?.focus();
        window.__tabbing = part;
        return !!start && root.activeElement === start;
      },
      { hosts, body, i },
    );
    // Everything between the start and the part is passed over: a few steps at most.
    for (let step = 0; started && step < n + 10; step++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const part = window.__tabbing!;
        const active = (part.getRootNode() as ShadowRoot).activeElement;
        if (!active) return 'after';
        if (part.contains(active)) return 'in';
        return part.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING
          ? 'after'
          : 'before';
      });
      if (where === 'in') focused++;
      else if (where === 'after') break;
    }
  }
  return { expected: plan.reduce((sum, p) => sum + p.n, 0), focused };
}

/**
 * Serves the repository (with the build in `dist/`) to the test file's tests, from before the first
 * until after the last: its `url`, and the `adapterUrl` of the built memory adapter's chunk.
 */
export function serveBuild(): { readonly url: string; readonly adapterUrl: string } {
  let server: StaticServer | undefined;
  let adapterUrl = '';
  test.beforeAll(async () => {
    server = await startStaticServer();
    const manifest = await readManifest(server.url);
    adapterUrl = `/dist/${manifest.adapters.memory!.file}`;
  });
  test.afterAll(() => server?.close());
  return {
    get url() {
      return server!.url;
    },
    get adapterUrl() {
      return adapterUrl;
    },
  };
}

/** A call of a memory adapter method in the page. */
export interface AdapterCall {
  /** The method, with its group: `askQuestion`, `ideas.submitIdea`, `read`. */
  method: string;
  input: unknown;
  /** Which of the tokens the call is made with. */
  token: number;
  /** Calls run phase by phase (0 first), the calls of a phase in parallel. */
  phase?: number;
  /** Input fields set to the `id` of an earlier phase's result: `{ ideaId: 3 }` (an index of calls). */
  ids?: Record<string, number>;
}

export interface CallResult {
  value?: Record<string, unknown>;
  error?: string;
  /** A `ValidationError`'s message per field. */
  fields?: Record<string, string>;
}

/** The adapter chunk's exports (a type only: the chunk itself is loaded in the page). */
type MemoryModule = typeof import('../../src/adapters/memory.js');

/**
 * Calls the memory adapter in a page of `origin` (its own write path: validation, Markdown rendering,
 * idempotency), phase by phase, the calls of a phase in parallel with bounded concurrency, as the
 * elements send them (with an idempotency key). Its state is stored in the page's `localStorage`, where
 * the `site`'s elements will read it.
 */
export async function callMemoryAdapter(
  page: Page,
  o: { origin: string; adapterUrl: string; site: string; tokens: string[]; calls: AdapterCall[] },
): Promise<CallResult[]> {
  await page.goto(await servePage(page, o.origin, 'xss-post.html', html('', '<p>posting…</p>')));
  return page.evaluate(
    async ({ adapterUrl, site, tokens, calls }) => {
      const { createMemoryAdapter } = (await import(adapterUrl)) as MemoryModule;
      // The adapter's own storage key, written through once at the end: the adapter re-serialises its
      // whole state after every write, and a localStorage round trip of a growing state per write
      // would make posting quadratic in seconds (validation, Markdown rendering and serialisation
      // still run for every write, as they would).
      const key = `kith-memory:${site}`;
      let pending: string | null = null;
      const storage = {
        getItem: (k: string) => (k === key && pending !== null ? pending : localStorage.getItem(k)),
        setItem: (k: string, v: string) => {
          if (k === key) pending = v;
          else localStorage.setItem(k, v);
        },
        removeItem: (k: string) => localStorage.removeItem(k),
      };
      const adapter = createMemoryAdapter({ site, storage }) as unknown as Record<string, unknown>;
      const results: CallResult[] = new Array(calls.length);
      const call = async (c: AdapterCall): Promise<CallResult> => {
        const path = c.method.split('.');
        const name = path.pop()!;
        const target = path.reduce((o, k) => o[k] as Record<string, unknown>, adapter);
        let input = c.input;
        for (const [field, from] of Object.entries(c.ids ?? {})) {
          input = { ...(input as object), [field]: results[from]?.value?.id };
        }
        const ctx = { token: tokens[c.token]!, idempotencyKey: crypto.randomUUID() };
        try {
          const method = target[name] as (input: unknown, ctx: unknown) => Promise<unknown>;
          return { value: (await method.call(target, input, ctx)) as Record<string, unknown> };
        } catch (error) {
          const fields = (error as { fields?: Record<string, string> }).fields;
          return { error: String(error), ...(fields && { fields }) };
        }
      };
      const phases = [...new Set(calls.map((c) => c.phase ?? 0))].sort((a, b) => a - b);
      for (const phase of phases) {
        const indexes = [...calls.keys()].filter((i) => (calls[i]!.phase ?? 0) === phase);
        let next = 0;
        const worker = async () => {
          while (next < indexes.length) {
            const i = indexes[next++]!;
            results[i] = await call(calls[i]!);
          }
        };
        await Promise.all(Array.from({ length: 8 }, worker));
      }
      if (pending !== null) localStorage.setItem(key, pending);
      return results;
    },
    { adapterUrl: o.adapterUrl, site: o.site, tokens: o.tokens, calls: o.calls },
  );
}
