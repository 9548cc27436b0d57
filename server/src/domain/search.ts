/** Search as typed → the database's full-text query (questions and ideas search the same way). */
import type { TextSearch } from '../db/lists.js';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** Full text (`plainto_tsquery('simple', …)`), word prefixes (`zipp` finds `zipper`) and ILIKE. */
export function searchFor(query: string | undefined): TextSearch | null {
  const text = (query ?? '').trim();
  if (!text) return null;
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 12);
  return {
    text,
    prefixQuery: words.length ? words.map((w) => `${w}:*`).join(' & ') : null,
    patterns: (words.length ? words : [text.toLowerCase()]).map((w) => `%${escapeLike(w)}%`),
  };
}
