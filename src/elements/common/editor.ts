import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { registerMessages } from '../../core/i18n.js';
import messages from '../../locales/editor/en.js';

registerMessages(messages, { de: () => import('../../locales/editor/de.js') });

/** The guidelines, spam guards and guest fields under the editor come with it (one chunk to load). */
export { ComposeFields } from './compose-fields.js';

export interface EditorTexts {
  label: string;
  write: string;
  preview: string;
  hint: string;
  previewEmpty: string;
  previewLoading: string;
  count: (count: number, max: number) => string;
}

export interface EditorOptions {
  id: string;
  value: string;
  max: number;
  required?: boolean;
  rows?: number;
  error?: string | null;
  texts: EditorTexts;
  onInput(value: string): void;
}

/**
 * A Markdown textarea with a Write/Preview switch. Its own chunk, loaded by the first form that shows
 * one (see `PostingElement.renderEditor`), so readers never download it; the Markdown library in turn
 * is loaded only when the preview is first opened.
 */
export class MarkdownEditor {
  private mode: 'write' | 'preview' = 'write';
  private previewHtml: string | null = null;
  private previewSource: string | null = null;
  private readonly host: ReactiveControllerHost;
  private userHtml: ((html: string) => unknown) | null = null;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
  }

  /** Back to writing (after a post, or on cancel). */
  reset(): void {
    this.mode = 'write';
    this.previewHtml = null;
    this.previewSource = null;
  }

  private async showPreview(source: string): Promise<void> {
    this.mode = 'preview';
    this.host.requestUpdate();
    if (this.previewSource === source) return;
    this.previewSource = source;
    this.previewHtml = null;
    // The Markdown library and the sanitiser load on the first preview only.
    const [{ renderMarkdown }, { userHtml }] = await Promise.all([
      import('../../core/markdown.js'),
      import('../../core/sanitize.js'),
    ]);
    const rendered = await renderMarkdown(source);
    if (this.previewSource === source) {
      this.userHtml = userHtml;
      this.previewHtml = rendered;
      this.host.requestUpdate();
    }
  }

  render(o: EditorOptions): TemplateResult {
    const t = o.texts;
    const hintId = `${o.id}-hint`;
    const errorId = `${o.id}-error`;
    const describedBy = [hintId, o.error ? errorId : ''].filter(Boolean).join(' ');
    const preview = this.mode === 'preview';
    return html`<div class="editor" part="editor">
      <div class="editor-head">
        <label for=${o.id}>${t.label}</label>
        <span class="editor-modes">
          <button
            type="button"
            class="mode"
            aria-pressed=${preview ? 'false' : 'true'}
            @click=${() => {
              this.mode = 'write';
              this.host.requestUpdate();
            }}
          >
            ${t.write}
          </button>
          <button
            type="button"
            class="mode"
            aria-pressed=${preview ? 'true' : 'false'}
            @click=${() => void this.showPreview(o.value)}
          >
            ${t.preview}
          </button>
        </span>
      </div>
      <textarea
        id=${o.id}
        part="textarea"
        rows=${o.rows ?? 5}
        maxlength=${o.max}
        ?required=${o.required ?? false}
        ?hidden=${preview}
        aria-describedby=${describedBy}
        aria-invalid=${o.error ? 'true' : 'false'}
        .value=${o.value}
        @input=${(e: Event) => o.onInput((e.target as HTMLTextAreaElement).value)}
      ></textarea>
      ${
        preview
          ? html`<div class="preview post-body" part="preview" aria-live="polite">
              ${
                !o.value.trim()
                  ? html`<p class="muted">${t.previewEmpty}</p>`
                  : this.previewHtml === null || !this.userHtml
                    ? html`<p class="muted">${t.previewLoading}</p>`
                    : this.userHtml(this.previewHtml)
              }
            </div>`
          : nothing
      }
      <p id=${hintId} class="muted editor-hint">
        ${t.hint}
        ${
          o.value.length > o.max * 0.8
            ? html`<span>${t.count(o.value.length, o.max)}</span>`
            : nothing
        }
      </p>
      ${o.error ? html`<p id=${errorId} class="error field-error">${o.error}</p>` : nothing}
    </div>`;
  }
}

/** The editor's styles, adopted by the element when the chunk arrives (fields: posting-styles.ts). */
export const editorStyles = css`
  .editor {
    display: grid;
    gap: 0.3rem;
  }
  .editor-head {
    display: flex;
    justify-content: space-between;
    align-items: end;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .editor-head label {
    font-weight: 600;
  }
  .editor-modes {
    display: inline-flex;
    border: 1px solid var(--_border);
    border-radius: 6px;
    overflow: hidden;
  }
  .mode {
    border: 0;
    padding: 0.15em 0.7em;
    background: transparent;
  }
  .mode[aria-pressed='true'] {
    background: var(--_surface);
    font-weight: 600;
  }
  textarea {
    resize: vertical;
    min-height: 6em;
  }
  .preview {
    min-height: 6em;
    padding: 0.55em 0.7em;
    border: 1px dashed var(--_border);
    border-radius: 6px;
  }
  .editor-hint {
    margin: 0;
  }
`;
