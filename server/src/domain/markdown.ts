/**
 * Posts are stored as their Markdown source and as HTML rendered at write time, so that readers never
 * download a Markdown parser. The renderer is the SDK's own (`src/core/markdown.ts`: raw HTML shown as
 * text, no remote images, safe links); its output is sanitised here once more.
 *
 * An author at trust level 0 (no post yet) may not link: their links and images are written as text
 * (`renderPostFor`), and the write's response says so with the notice `links-as-text`.
 */
import type { Marked, Token } from 'marked';
import { trustLevelOf } from '../../../src/core/reputation.js';
import type { MemberMetric, PostNotice, TrustLevel } from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import { getMember } from '../db/members.js';
import type { SiteRow } from '../db/sites.js';
import { renderMarkdown } from '../../../src/core/markdown.js';
import { isStaff, type Member } from './auth.js';
import { trustLevelsOf } from './reputation.js';
import { sanitizeHtml } from './sanitize.js';

export async function renderPost(source: string): Promise<string> {
  if (!source.trim()) return '';
  return sanitizeHtml(await renderMarkdown(source));
}

export interface RenderedPost {
  html: string;
  /** Set when the server changed what was written (only in the write's response). */
  notices?: PostNotice[];
}

/**
 * Renders a post as its author may write it: with links, or (trust level 0) with them as text; says
 * the author's trust level (`authorTrustLevel`), which the spam guards' link limits read too.
 */
export async function renderPostFor(
  db: Queryable,
  site: SiteRow,
  author: Member,
  source: string,
): Promise<RenderedPost & { authorLevel: TrustLevel }> {
  const authorLevel = await authorTrustLevel(db, site, author);
  const rendered =
    authorLevel > 0 ? { html: await renderPost(source) } : await renderWithoutLinks(source);
  return { ...rendered, authorLevel };
}

/** `notices` of a post's write response, when there are any (`extra`: `held`, domain/spam.ts). */
export function withNotices<T extends object>(
  post: T,
  rendered: RenderedPost,
  extra: readonly PostNotice[] = [],
): T {
  const notices = [...(rendered.notices ?? []), ...extra];
  return notices.length ? { ...post, notices } : post;
}

const NO_METRICS = {
  questions: 0,
  answers: 0,
  acceptedAnswers: 0,
  ideas: 0,
  ideasShipped: 0,
  comments: 0,
  reviews: 0,
  helpfulVotes: 0,
  upvotes: 0,
  activeDays: 0,
  reputation: 0,
  posts: 0,
  flagsAgainst: 0,
} satisfies Record<MemberMetric, number>;

/**
 * The lowest level anybody has on this site: a site whose level-1 thresholds are all zero (settings
 * `trustLevels`) lets new members link.
 */
export function newMemberTrustLevel(site: SiteRow): TrustLevel {
  return trustLevelOf(NO_METRICS, trustLevelsOf(site));
}

/**
 * The author's trust level as Kith's rules read it (links, link limits, flags that hold): the stored
 * level (a member not stored yet is new: 0), never below what the site gives new members; staff and
 * moderators 4; a guest 0. Posts read it just before their transaction: the level that the member's
 * earlier posts earned.
 */
export async function authorTrustLevel(
  db: Queryable,
  site: SiteRow,
  author: Member,
): Promise<TrustLevel> {
  if (author.guest) return 0;
  if (isStaff(author)) return 4;
  const floor = newMemberTrustLevel(site);
  if (floor === 4) return floor;
  const stored = await getMember(db, site.id, author.id);
  return Math.max(stored?.trustLevel ?? 0, floor) as TrustLevel;
}

// ---- level 0: links and images as text -----------------------------------------------------------

let lexer: Promise<Marked> | undefined;

/** A lexer with the renderer's options (GFM, line breaks), to find the images of a source. */
function loadLexer(): Promise<Marked> {
  lexer ??= import('marked').then(({ Marked }) => new Marked({ gfm: true, breaks: true }));
  return lexer;
}

/** Text that Markdown shows as it is: every ASCII punctuation escaped, so nothing links or formats. */
function literalMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** The text of inline tokens without their markup (an image's alt text). */
function plainText(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((t) => ('tokens' in t && t.tokens ? plainText(t.tokens) : 'text' in t ? t.text : ''))
    .join('');
}

function childrenOf(token: Token): Token[] {
  if (token.type === 'list') return token.items as Token[];
  if (token.type === 'table') {
    const cells = [token.header, ...token.rows].flat() as { tokens: Token[] }[];
    return cells.flatMap((cell) => cell.tokens);
  }
  return 'tokens' in token && Array.isArray(token.tokens) ? token.tokens : [];
}

/**
 * The source with every image replaced by its alt text as literal Markdown. The lexer gives tokens
 * without positions: each top-level block's `raw` follows the previous one exactly, and within a block
 * the leaf tokens' `raw`s are found in order from a cursor. An image that cannot be placed stays, and
 * becomes "alt (url)" as text with the links.
 */
async function imagesAsAltText(source: string): Promise<{ source: string; changed: boolean }> {
  const marked = await loadLexer();
  const edits: { at: number; length: number; text: string }[] = [];
  let cursor = 0;
  const visit = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      if (token.type === 'image') {
        const at = source.indexOf(token.raw, cursor);
        if (at === -1) continue;
        edits.push({
          at,
          length: token.raw.length,
          text: literalMarkdown(plainText(token.tokens) || token.text),
        });
        cursor = at + token.raw.length;
        continue;
      }
      const children = childrenOf(token);
      if (children.length) {
        visit(children);
      } else if (token.raw) {
        const at = source.indexOf(token.raw, cursor);
        if (at !== -1) cursor = at + token.raw.length;
      }
    }
  };
  let offset = 0;
  for (const block of marked.lexer(source)) {
    if (source.startsWith(block.raw, offset)) cursor = offset;
    offset = cursor + block.raw.length;
    visit([block]);
    cursor = Math.max(cursor, offset);
  }
  let result = source;
  for (const edit of edits.reverse()) {
    result = result.slice(0, edit.at) + edit.text + result.slice(edit.at + edit.length);
  }
  return { source: result, changed: edits.length > 0 };
}

let fragmentDocument: Promise<Document> | undefined;

function loadDocument(): Promise<Document> {
  fragmentDocument ??= import('jsdom').then(({ JSDOM }) => new JSDOM('').window.document);
  return fragmentDocument;
}

/** A link's text and its URL, or the text alone when it is the URL (autolinks). */
function linkAsText(text: string, href: string | null): string {
  if (!href) return '';
  const same = [text, `mailto:${text}`, `http://${text}`, `https://${text}`];
  let decoded = href;
  try {
    decoded = decodeURI(href);
  } catch {
    // keep it encoded
  }
  return same.includes(href) || same.includes(decoded) ? '' : ` (${href})`;
}

/** Every `<a>` of sanitised HTML replaced by its content and URL as text. */
async function anchorsAsText(html: string): Promise<{ html: string; changed: boolean }> {
  if (!/<a[\s>]/i.test(html)) return { html, changed: false };
  const document = await loadDocument();
  const template = document.createElement('template');
  template.innerHTML = html;
  const anchors = [...template.content.querySelectorAll('a')];
  for (const a of anchors) {
    const suffix = linkAsText(a.textContent ?? '', a.getAttribute('href'));
    a.replaceWith(...a.childNodes, document.createTextNode(suffix));
  }
  return { html: template.innerHTML, changed: anchors.length > 0 };
}

/** Level 0: images become their alt text, links their text followed by the URL, all as plain text. */
export async function renderWithoutLinks(source: string): Promise<RenderedPost> {
  const normalized = source.replace(/\r\n?/g, '\n');
  const images = normalized.includes('![')
    ? await imagesAsAltText(normalized)
    : { source: normalized, changed: false };
  const links = await anchorsAsText(await renderPost(images.source));
  return {
    html: links.html,
    ...((images.changed || links.changed) && { notices: ['links-as-text'] as PostNotice[] }),
  };
}
