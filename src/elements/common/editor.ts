import { css, html, nothing, type ReactiveElement, type TemplateResult } from 'lit';
import type { ComposeExtras } from '../../core/adapter.js';
import { registerMessages, type MessageKey } from '../../core/i18n.js';
import messages from '../../locales/editor/en.js';
import { ComposeFields, adopt } from './compose-fields.js';

registerMessages(messages, { de: () => import('../../locales/editor/de.js') });

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface EditorOptions {
  id: string;
  /** The field's label. */
  label: string;
  value: string;
  max: number;
  required?: boolean;
  rows?: number;
  error?: string | null;
  onInput(value: string): void;
}

/**
 * An element's post forms, by their editor's id: each one's Markdown editor and (in a form that posts)
 * the guidelines, spam guards and guest fields under it, which come with the editor's chunk (one chunk
 * to load; see `PostingElement.renderEditor`). Adopts the editor's styles into the element's shadow
 * root when created.
 */
export class EditorForms {
  private readonly host: ReactiveElement;
  private readonly editors = new Map<string, MarkdownEditor>();
  private readonly composers = new Map<string, ComposeFields>();

  constructor(host: ReactiveElement) {
    this.host = host;
    adopt(host.renderRoot as ShadowRoot, editorStyles);
  }

  /** The editor `id`, its texts in the element's language. */
  editor(o: EditorOptions, t: Translate): TemplateResult {
    let editor = this.editors.get(o.id);
    if (!editor) this.editors.set(o.id, (editor = new MarkdownEditor(this.host)));
    return editor.render(o, t);
  }

  /** The guidelines, spam guards and guest fields of the form with the editor `id`. */
  fields(id: string): ComposeFields {
    let fields = this.composers.get(id);
    if (!fields) {
      fields = new ComposeFields(this.host.renderRoot as ShadowRoot);
      this.composers.set(id, fields);
    }
    return fields;
  }

  /** The editor `id` back to writing (after a post, on opening another post); its form's clock too. */
  reset(id: string): void {
    this.editors.get(id)?.reset();
    this.composers.get(id)?.reset();
  }

  /** What the post of the form with the editor `id` carries besides its content (see `ComposeFields`). */
  extras(id: string, guest: boolean, t: Translate): ComposeExtras {
    return this.composers.get(id)?.extras(guest, t) ?? {};
  }
}

/**
 * A Markdown textarea with a Write/Preview switch. Its own chunk, loaded by the first form that shows
 * one (see `EditorForms`), so readers never download it; the Markdown library in turn
 * is loaded only when the preview is first opened.
 */
export class MarkdownEditor {
  private mode: 'write' | 'preview' = 'write';
  private previewHtml: string | null = null;
  private previewSource: string | null = null;
  private readonly host: ReactiveElement;
  private userHtml: ((html: string) => unknown) | null = null;

  constructor(host: ReactiveElement) {
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

  render(o: EditorOptions, t: Translate): TemplateResult {
    const hintId = `${o.id}-hint`;
    const errorId = `${o.id}-error`;
    const describedBy = [hintId, o.error ? errorId : ''].filter(Boolean).join(' ');
    const preview = this.mode === 'preview';
    return html`<div class="editor" part="editor">
      <div class="editor-head">
        <label for=${o.id}>${o.label}</label>
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
            ${t('editor.write')}
          </button>
          <button
            type="button"
            class="mode"
            aria-pressed=${preview ? 'true' : 'false'}
            @click=${() => void this.showPreview(o.value)}
          >
            ${t('editor.preview')}
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
                  ? html`<p class="muted">${t('editor.previewEmpty')}</p>`
                  : this.previewHtml === null || !this.userHtml
                    ? html`<p class="muted">${t('editor.previewLoading')}</p>`
                    : this.userHtml(this.previewHtml)
              }
            </div>`
          : nothing
      }
      <p id=${hintId} class="muted editor-hint">
        ${t('editor.hint')}
        ${
          o.value.length > o.max * 0.8
            ? html`<span>${t('editor.count', { count: o.value.length, max: o.max })}</span>`
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
