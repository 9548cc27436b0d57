/**
 * Server-side sanitising of post HTML, at write time: DOMPurify over a jsdom window with the SAME
 * allow-list as the browser (`src/core/sanitize.ts`). The constants are copied here because that module
 * needs a browser; `server/test/sanitize.test.ts` compares the two so that they cannot drift.
 */
import type { Config, DOMPurify } from 'dompurify';

export const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'strong',
  'b',
  'em',
  'i',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'sup',
  'sub',
];
export const ALLOWED_ATTR = ['href', 'title', 'start', 'align'];
/** http(s), mailto and same-page fragments; no `javascript:`, `data:` or protocol-relative URLs. */
export const ALLOWED_URI_REGEXP = /^(?:https?:|mailto:|#)/i;

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: [...ALLOWED_ATTR, 'target', 'rel'],
  ALLOWED_URI_REGEXP,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  KEEP_CONTENT: true,
  RETURN_TRUSTED_TYPE: false,
};

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
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.setAttribute('rel', 'nofollow ugc noopener');
      if (node.getAttribute('href')?.startsWith('http')) node.setAttribute('target', '_blank');
    }
  });
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
  return String((await current).sanitize(html, CONFIG));
}
