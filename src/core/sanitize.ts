/**
 * The one place user HTML enters the DOM. Adapters return posts already rendered from Markdown; this
 * sanitises that HTML once more with a strict allow-list before Lit inserts it.
 */
import DOMPurify, { type Config } from 'dompurify';
import { SANITIZE_CONFIG, markLinks } from './sanitize-policy.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { kithPolicy } from './trusted-types.js';

let purifier: ReturnType<typeof DOMPurify> | null = null;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  // A private instance, so hooks never leak into a host page's own DOMPurify.
  purifier = DOMPurify(window);
  purifier.addHook('afterSanitizeAttributes', markLinks);
  return purifier;
}

function config(): Config {
  const policy = kithPolicy();
  return policy ? { ...SANITIZE_CONFIG, TRUSTED_TYPES_POLICY: policy as never } : SANITIZE_CONFIG;
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
