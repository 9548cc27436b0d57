/**
 * Server-side sanitising of post HTML, at write time: DOMPurify over a jsdom window with the browser's
 * own policy (`src/core/sanitize-policy.ts`, shared by both).
 */
import type { DOMPurify } from 'dompurify';
import { SANITIZE_CONFIG, markLinks } from '../../../src/core/sanitize-policy.js';

let purifier: Promise<DOMPurify> | null = null;
let uses = 0;

/**
 * How many posts one jsdom window sanitises. DOMPurify parses every post into a new document, and
 * jsdom's selector engine (@asamuzakjp/dom-selector) adds event listeners to the window for every
 * document and never removes them: with one window for ever, each post took longer than the one
 * before (adding a listener scans the ones already there) and memory grew by ~100 KB per post. A fresh
 * window (~10 ms) every this many posts keeps both bounded; the old one is left to the collector.
 */
const POSTS_PER_WINDOW = 200;

/** jsdom and DOMPurify load on the first write, so that the server starts (and reads) without them. */
async function createPurifier(): Promise<DOMPurify> {
  const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([
    import('jsdom'),
    import('dompurify'),
  ]);
  const { window } = new JSDOM('');
  const instance = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  instance.addHook('afterSanitizeAttributes', markLinks);
  return instance;
}

/** Sanitised HTML: everything not on the allow-list is dropped, keeping its text. */
export async function sanitizeHtml(html: string): Promise<string> {
  if (uses >= POSTS_PER_WINDOW) {
    purifier = null;
    uses = 0;
  }
  uses++;
  const current = (purifier ??= createPurifier().catch((error: unknown) => {
    purifier = null;
    throw error;
  }));
  return String((await current).sanitize(html, SANITIZE_CONFIG));
}
