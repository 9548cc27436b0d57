/**
 * The one place user HTML enters the DOM. Adapters return posts already rendered from Markdown; this
 * sanitises that HTML once more with a strict allow-list before Lit inserts it.
 */
import DOMPurify, { type Config } from 'dompurify';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { kithPolicy } from './trusted-types.js';

const ALLOWED_TAGS = [
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
const ALLOWED_ATTR = ['href', 'title', 'start', 'align'];
/** http(s), mailto and same-page fragments; no `javascript:`, `data:` or protocol-relative URLs. */
const ALLOWED_URI_REGEXP = /^(?:https?:|mailto:|#)/i;

let purifier: ReturnType<typeof DOMPurify> | null = null;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  // A private instance, so hooks never leak into a host page's own DOMPurify.
  purifier = DOMPurify(window);
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.setAttribute('rel', 'nofollow ugc noopener');
      if (node.getAttribute('href')?.startsWith('http')) node.setAttribute('target', '_blank');
    }
  });
  return purifier;
}

function config(): Config {
  const policy = kithPolicy();
  return {
    ALLOWED_TAGS,
    ALLOWED_ATTR: [...ALLOWED_ATTR, 'target', 'rel'],
    ALLOWED_URI_REGEXP,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    KEEP_CONTENT: true,
    RETURN_TRUSTED_TYPE: false,
    ...(policy ? { TRUSTED_TYPES_POLICY: policy as never } : {}),
  };
}

/** Re-renders show the same posts again: sanitise each distinct body once. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 2000;

/** Sanitised HTML as a string. Everything not on the allow-list is dropped, keeping its text. */
export function sanitizeHtml(html: string): string {
  let clean = cache.get(html);
  if (clean === undefined) {
    clean = String(getPurifier().sanitize(html, config()));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(html, clean);
  }
  return clean;
}

/** A Lit directive rendering a post's HTML after sanitising it: the only use of `unsafeHTML`. */
export function userHtml(html: string | null | undefined) {
  return unsafeHTML(sanitizeHtml(html ?? ''));
}
