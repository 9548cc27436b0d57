/**
 * Posts are stored as their Markdown source and as HTML rendered at write time, so that readers never
 * download a Markdown parser. The renderer is the SDK's own (`src/core/markdown.ts`: raw HTML shown as
 * text, no remote images, safe links); its output is sanitised here once more.
 */
import { renderMarkdown } from '../../../src/core/markdown.js';
import { sanitizeHtml } from './sanitize.js';

export async function renderPost(source: string): Promise<string> {
  if (!source.trim()) return '';
  return sanitizeHtml(await renderMarkdown(source));
}
