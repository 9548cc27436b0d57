import { css, html, nothing, type CSSResult, type TemplateResult } from 'lit';
import type { ComposeExtras } from '../../core/adapter.js';
import { ValidationError } from '../../core/errors.js';
import { registerMessages, type MessageKey } from '../../core/i18n.js';
import messages from '../../locales/compose/en.js';

registerMessages(messages, { de: () => import('../../locales/compose/de.js') });

export interface ComposeOptions {
  /** Unique in the shadow root: the fields' ids start with it. */
  id: string;
  /** The site's community guidelines: plain text, blank lines between paragraphs. */
  guidelines: string | null;
  /** A signed-out visitor posting as a guest: their name (required) and e-mail are asked. */
  guest: boolean;
  /** The last failure's field messages (`guest.name`, `guest.email`). */
  fields: Readonly<Record<string, string>>;
  /** After a post that waits for a moderator: the thanks saying so. */
  notice?: string | undefined;
  t(key: MessageKey): string;
}

/**
 * What every compose form has besides its text: the site's guidelines (a disclosure, as text), the
 * spam guards — a honeypot field that people neither see nor reach, and the time since the form first
 * showed — for a guest, their name and e-mail, and after a post that waits for a moderator, the thanks.
 * One per form. It comes with the Markdown editor's chunk and the reviews member chunk, so readers
 * never download it.
 */
export class ComposeFields {
  private readonly root: ShadowRoot;
  private id = '';
  /** When the form first showed (`performance.now()`); 0: not since the last post. */
  private shownAt = 0;
  private name = '';
  private email = '';

  constructor(root: ShadowRoot) {
    this.root = root;
    adopt(root, composeStyles);
  }

  /** After a post (or on opening another): the next one is timed from when the form shows again. */
  reset(): void {
    this.shownAt = 0;
  }

  /**
   * The spam guards, and for a guest their name, to send with the post. A guest without a name is
   * refused here, with the message at the field.
   */
  extras(guest: boolean, t: (key: MessageKey) => string): ComposeExtras {
    // Read from the field itself: a bot may set its value without any input event.
    const honeypot = this.root.querySelector<HTMLInputElement>(`#${this.id}-website`)?.value ?? '';
    const guard = { honeypot, elapsedMs: Math.round(performance.now() - this.shownAt) };
    if (!guest) return { guard };
    const name = this.name.trim();
    if (!name) {
      const message = t('compose.guest.required');
      throw new ValidationError(message, { 'guest.name': message });
    }
    const email = this.email.trim();
    return { guard, guest: email ? { name, email } : { name } };
  }

  /** A guest's name (required) or e-mail field, with its label and the last failure's message. */
  private guestField(o: ComposeOptions, field: 'name' | 'email'): TemplateResult {
    const id = `${o.id}-${field}`;
    const error = o.fields[`guest.${field}`];
    const name = field === 'name';
    return html`<label for=${id} class="composer-label">${o.t(`compose.guest.${field}`)}</label>
      <input
        id=${id}
        type="text"
        inputmode=${name ? nothing : 'email'}
        autocomplete=${field}
        maxlength=${name ? 80 : 254}
        ?required=${name}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
        .value=${this[field]}
        @input=${(e: Event) => (this[field] = (e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p id="${id}-error" class="error field-error">${error}</p>` : nothing}`;
  }

  render(o: ComposeOptions): TemplateResult {
    const { id } = o;
    this.id = id;
    this.shownAt ||= performance.now();
    const paragraphs = (o.guidelines ?? '')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    // The honeypot's label is for bots only (hidden from everyone), so it is not translated.
    return html`${
        o.guest
          ? html`<div class="guest-fields" part="guest">
              ${this.guestField(o, 'name')} ${this.guestField(o, 'email')}
            </div>`
          : nothing
      }
      <div class="hp" aria-hidden="true">
        <label for="${id}-website">Website</label>
        <input id="${id}-website" name="website" type="text" tabindex="-1" autocomplete="off" />
      </div>
      ${
        paragraphs.length
          ? html`<details class="guidelines" part="guidelines">
              <summary>${o.t('compose.guidelines')}</summary>
              ${paragraphs.map((p) => html`<p>${p}</p>`)}
            </details>`
          : nothing
      }
      ${o.notice ? html`<p class="notice" part="notice">${o.notice}</p>` : nothing}`;
  }
}

/** Adds `styles` to a shadow root's adopted style sheets, once (after the element's own). */
export function adopt(root: ShadowRoot, styles: CSSResult): void {
  const sheet = styles.styleSheet;
  if (sheet && !root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** The honeypot off-screen; guest fields, guidelines, the held post's thanks (fields: posting-styles.ts). */
export const composeStyles = css`
  .hp {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  .guest-fields {
    display: grid;
    gap: 0.3rem;
  }
  .notice {
    margin: 0;
    padding: 0.4em 0.7em;
    border-inline-start: 3px solid var(--_success);
  }
  .guidelines {
    font-size: 0.9em;
  }
  .guidelines summary {
    width: fit-content;
    padding: 0.15em 0;
    cursor: pointer;
  }
  .guidelines p {
    margin: 0.4em 0 0;
    white-space: pre-line;
  }
`;
