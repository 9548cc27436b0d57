/**
 * Plain text (reviews, staff replies) as HTML for feeds and emails: the server and the memory adapter
 * both write `bodyHtml` with this, so the two agree to the byte. Elements show the text itself.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * `& < > " '` escaped; a blank line (or one of only spaces) starts a new `<p>`, a single line break
 * becomes `<br>`; each paragraph is trimmed. Line endings may be `\r\n`, `\r` or `\n`; text of only
 * whitespace gives `''`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function plainTextToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map(
      (paragraph) =>
        `<p>${paragraph.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/\n/g, '<br>')}</p>`,
    )
    .join('');
}
