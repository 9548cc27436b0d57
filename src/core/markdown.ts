/**
 * Markdown → HTML for posts, where they are written: the memory adapter in the browser and the reference
 * server at write time. No DOM here, so that it runs in Node as well.
 *
 * The output is safe by itself, and the browser sanitises it once more before display:
 * - raw HTML in the source is shown as text, never passed through;
 * - images never become `<img>` (posts must not load remote images that track readers): an image is
 *   shown as its alt text and a plain link to it;
 * - links keep only `http:`, `https:`, `mailto:` and relative or `#fragment` destinations; any other
 *   link is shown as the Markdown that was written, as text;
 * - headings move down two levels (`#` → `<h3>`), since posts live inside a page.
 *
 * {@link renderWithoutLinks} renders for an author at trust level 0 (docs/api.md, "Members"): no links
 * and no images, each written as text, as the reference server does (`server/src/domain/markdown.ts`).
 *
 * `marked` is loaded on first use, so readers who never write never download it.
 */
import type { Marked, MarkedExtension, Token, Tokens } from 'marked';
import { ALLOWED_URI_REGEXP } from './sanitize-policy.js';
import type { PostNotice } from './types.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values (every `&` included). */
/* @__NO_SIDE_EFFECTS__ */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Like {@link escapeHtml} but leaves character references alone, as Markdown text wants (`&copy;` shows
 * ©). Safe in element content: a reference there only ever decodes to text.
 */
/* @__NO_SIDE_EFFECTS__ */
function escapeMarkdownText(text: string): string {
  return text
    .replace(/&(?!#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)/g, '&amp;')
    .replace(/[<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  sol: '/',
  bsol: '\\',
  period: '.',
  comma: ',',
  semi: ';',
  num: '#',
  quest: '?',
  excl: '!',
  equals: '=',
  lpar: '(',
  rpar: ')',
  percnt: '%',
  plus: '+',
  commat: '@',
  tab: '\t',
  newline: '\n',
  nbsp: '\u00a0',
};

/**
 * Resolves the character references a browser would resolve in an attribute (numeric ones even without
 * the `;`). Names missing from the table stay as they are, and since every `&` is escaped again on output,
 * the browser then sees them literally too: what is checked is always what the browser gets.
 */
/* @__NO_SIDE_EFFECTS__ */
function decodeReferences(value: string): string {
  return value.replace(
    /&(?:#(\d{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([A-Za-z][A-Za-z0-9]{1,31});)/g,
    (match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED_REFERENCES[name.toLowerCase()] ?? match;
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    },
  );
}

const SAFE_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto']);

/**
 * Whether a URL leads somewhere harmless. Checked twice: as the URL parser reads it (leading and trailing
 * controls and spaces stripped, tabs and newlines removed), and with every control, space and invisible
 * character removed, so that `java\u0003script:` or `java&#9;script:` is refused too.
 */
/* @__NO_SIDE_EFFECTS__ */
function isSafeUrl(url: string): boolean {
  const asParsed = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const squeezed = url.replace(
    /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g,
    '',
  );
  return [asParsed, squeezed].every((candidate) => {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(candidate);
    if (scheme) return SAFE_SCHEMES.has(scheme[1]!.toLowerCase());
    // A relative URL: refuse anything with a colon before its path, query or fragment starts, which a
    // browser could yet read as a scheme.
    const colon = candidate.indexOf(':');
    if (colon === -1) return true;
    const boundary = candidate.search(/[/?#]/);
    return boundary !== -1 && boundary < colon;
  });
}

/**
 * The `href` to write for a Markdown destination, or `null` when it must not become a link. Autolinks are
 * literal; other destinations have their character references resolved, as CommonMark says.
 */
/* @__NO_SIDE_EFFECTS__ */
function safeHref(href: string, literal: boolean): string | null {
  const decoded = literal ? href : decodeReferences(href);
  let encoded: string;
  try {
    // Percent-encodes spaces, controls and non-ASCII; keeps escapes that were there already.
    encoded = encodeURI(decoded).replace(/%25([0-9a-fA-F]{2})/g, '%$1');
  } catch {
    return null; // a lone surrogate
  }
  return isSafeUrl(decoded) && isSafeUrl(encoded) ? encoded : null;
}

const LINK_REL = 'nofollow ugc noopener';

/** The text of inline tokens without their markup (an image's alt text). */
/* @__NO_SIDE_EFFECTS__ */
function plainText(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((t) => ('tokens' in t && t.tokens ? plainText(t.tokens) : 'text' in t ? t.text : ''))
    .join('');
}

/** The text a browser shows for the renderer's own inline HTML. */
/* @__NO_SIDE_EFFECTS__ */
function textOfHtml(html: string): string {
  return decodeReferences(html.replace(/<[^>]*>/g, ''));
}

/**
 * What follows a link's text written as text: its URL, unless the text is the URL (autolinks) or the
 * sanitiser would drop the URL (a relative one), as on the server, which writes sanitised links as text.
 */
/* @__NO_SIDE_EFFECTS__ */
function urlAfter(text: string, href: string): string {
  if (!ALLOWED_URI_REGEXP.test(href)) return '';
  const same = [text, `mailto:${text}`, `http://${text}`, `https://${text}`];
  let decoded = href;
  try {
    decoded = decodeURI(href);
  } catch {
    // keep it encoded
  }
  return same.includes(href) || same.includes(decoded) ? '' : ` (${href})`;
}

/**
 * Set while {@link renderWithoutLinks} parses (parsing is synchronous, so no other render runs then):
 * links and images are written as text, and `changed` records that some were.
 */
let linksAsText: { changed: boolean } | null = null;

/* @__NO_SIDE_EFFECTS__ */
function createMarked(MarkedClass: typeof Marked): Marked {
  // Images inside a link text must not become links inside a link.
  let linkDepth = 0;

  const extension: MarkedExtension = {
    gfm: true,
    breaks: true,
    async: false,
    renderer: {
      html(token: Tokens.HTML | Tokens.Tag): string {
        const text = escapeHtml(token.text);
        if (!token.block) return text;
        const lines = text.replace(/\n+$/, '').replace(/\n/g, '<br>\n');
        return `<p>${lines}</p>\n`;
      },

      text(token: Tokens.Text | Tokens.Escape): string {
        if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
        // Escapes: the escaped character itself. Text inside raw tags (`<code>…`) arrives unescaped
        // (`escaped: true`), so it is escaped here like any other text.
        if (token.type === 'escape') return escapeHtml(token.raw.slice(1) || token.text);
        return escapeMarkdownText(token.text);
      },

      code({ text, lang }: Tokens.Code): string {
        const language = (lang ?? '').match(/^\S+/)?.[0];
        const body = text ? `${escapeHtml(text.replace(/\n$/, ''))}\n` : '';
        const attribute = language ? ` class="language-${escapeHtml(language)}"` : '';
        return `<pre><code${attribute}>${body}</code></pre>\n`;
      },

      heading({ tokens, depth }: Tokens.Heading): string {
        const level = Math.min(depth + 2, 6);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },

      link(token: Tokens.Link): string {
        const href = safeHref(token.href, token.autolink === true);
        if (href === null) return escapeHtml(token.raw);
        linkDepth++;
        let content: string;
        try {
          content = token.autolink ? escapeHtml(token.text) : this.parser.parseInline(token.tokens);
        } finally {
          linkDepth--;
        }
        if (linksAsText) {
          linksAsText.changed = true;
          return content + escapeHtml(urlAfter(textOfHtml(content), href));
        }
        const title = token.title ? ` title="${escapeHtml(decodeReferences(token.title))}"` : '';
        return `<a href="${escapeHtml(href)}"${title} rel="${LINK_REL}">${content}</a>`;
      },

      image(token: Tokens.Image): string {
        if (linksAsText) {
          linksAsText.changed = true;
          const alt = plainText(token.tokens) || token.text;
          return escapeHtml(alt.replace(/\s+/g, ' ').trim());
        }
        const altText = token.tokens
          ? this.parser.parseInline(token.tokens, this.parser.textRenderer)
          : token.text;
        const alt = escapeHtml(decodeReferences(altText));
        const href = safeHref(token.href, false);
        if (href === null) return alt || escapeHtml(token.raw);
        if (linkDepth > 0) return alt || escapeHtml(href);
        const link = `<a href="${escapeHtml(href)}" rel="${LINK_REL}">${escapeHtml(href)}</a>`;
        return alt ? `${alt} (${link})` : link;
      },
    },
  };
  return new MarkedClass(extension);
}

let markedInstance: Promise<Marked> | undefined;

async function loadMarked(): Promise<Marked> {
  markedInstance ??= import('marked').then((module) => createMarked(module.Marked));
  try {
    return await markedInstance;
  } catch (error) {
    markedInstance = undefined; // let a later call try loading again
    throw error;
  }
}

/** Renders a post's Markdown to HTML that is safe by itself (see the module comment). */
export async function renderMarkdown(source: string): Promise<string> {
  return (await loadMarked()).parse(String(source ?? ''), { async: false });
}

/**
 * Renders a post of an author at trust level 0: an image becomes its alt text, a link its text and then
 * its URL in parentheses (the URL once, when the text is the URL), all as plain text. `notices` says
 * so when the source had any (`links-as-text`).
 */
export async function renderWithoutLinks(
  source: string,
): Promise<{ html: string; notices?: PostNotice[] }> {
  const marked = await loadMarked();
  const state = (linksAsText = { changed: false });
  try {
    const html = marked.parse(String(source ?? ''), { async: false });
    return state.changed ? { html, notices: ['links-as-text'] } : { html };
  } finally {
    linksAsText = null;
  }
}
