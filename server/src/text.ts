/**
 * Plain text and links for what Kith writes outside the page (notifications, mail, webhooks, feeds):
 * one-line titles, short excerpts of a post's sanitised HTML, and links to a post on the page it was
 * written on, with the hash that opens it there (`#kith-question-<id>`, which the elements follow).
 */

/** Longest stored title and excerpt (characters); the columns allow a little more. */
export const TITLE_MAX = 200;
export const EXCERPT_MAX = 200;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** At most `max` characters, cut at a word when one ends late enough, with an ellipsis. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** One line of plain text, at most `max` characters (control characters and line breaks become spaces). */
export function oneLine(text: string, max = TITLE_MAX): string {
  return clip(text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim(), max);
}

/** Elements whose edges separate words (inline ones, such as links, do not). */
const BLOCKS = new Set(
  'p br hr li ul ol dl dt dd blockquote pre h1 h2 h3 h4 h5 h6 div table tr td th img'.split(' '),
);

/**
 * The text of sanitised HTML (a post's `body_html`), as one short line: tags go (quoted attribute
 * values may hold `>`), entities are decoded.
 */
export function plainExcerpt(html: string, max = EXCERPT_MAX): string {
  const text = html
    .replace(/<(\/?)([a-z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>/gi, (_, _close, name: string) =>
      BLOCKS.has(name.toLowerCase()) ? ' ' : '',
    )
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    });
  return oneLine(text, max);
}

/** The post's page URL with the hash that opens the post there (`kith-question-<id>`…), or null. */
export function linkTo(pageUrl: string | null | undefined, hash: string | null): string | null {
  if (!pageUrl) return null;
  try {
    const url = new URL(pageUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (hash) url.hash = hash;
    return url.href.length <= 2000 ? url.href : pageUrl;
  } catch {
    return null;
  }
}

/** The hash that opens a post in its element: `<kith-qa>`, `<kith-ideas>`, `<kith-reviews>`. */
export const POST_HASH = {
  question: 'kith-question-',
  idea: 'kith-idea-',
  review: 'kith-review-',
} as const;

/** The page the post was written on, opened at the post (or `null` without a usable page URL). */
export const postLink = (
  pageUrl: string | null | undefined,
  kind: keyof typeof POST_HASH,
  id: string,
): string | null => linkTo(pageUrl, `${POST_HASH[kind]}${id}`);
