/**
 * What user HTML may contain: one policy for the browser (`sanitize.ts`) and the server
 * (`server/src/domain/sanitize.ts`), both DOMPurify. Pure data, no DOM, so the server imports it too.
 */
import type { Config } from 'dompurify';

export const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol',
  'li', 'a', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub',
]; // prettier-ignore

/** http(s), mailto and same-page fragments; no `javascript:`, `data:` or protocol-relative URLs. */
export const ALLOWED_URI_REGEXP = /^(?:https?:|mailto:|#)/i;

/** DOMPurify's settings (the browser adds its Trusted Types policy). */
export const SANITIZE_CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'title', 'start', 'align', 'target', 'rel'],
  ALLOWED_URI_REGEXP,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  KEEP_CONTENT: true,
  RETURN_TRUSTED_TYPE: false,
};

/** DOMPurify's `afterSanitizeAttributes` hook: links get `rel="nofollow ugc noopener"`. */
export function markLinks(node: Element): void {
  if (node.nodeName === 'A') {
    node.setAttribute('rel', 'nofollow ugc noopener');
    if (node.getAttribute('href')?.startsWith('http')) node.setAttribute('target', '_blank');
  }
}
