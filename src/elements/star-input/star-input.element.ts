import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { $catalogs, pickLocale, translate } from '../../core/i18n.js';
import { baseStyles } from '../common/styles.js';

const VALUES = [1, 2, 3, 4, 5] as const;

/**
 * A star rating input, 1 to 5: one radio group (arrow keys move and select, one tab stop), each star
 * labelled "3 of 5 stars". A form control: inside a `<form>` it submits `name=value`, takes part in
 * validation (`required`), reset and autofill restore, and fires native `input` and `change` events.
 *
 * @summary An accessible 1–5 star rating input, usable as a form control.
 *
 * @fires input - The value changed (each arrow key or click).
 * @fires change - The value changed (committed).
 *
 * @csspart base - The fieldset around the stars.
 * @csspart label - The legend (the group's label).
 * @csspart star - Each star; the chosen ones also `star-on`.
 *
 * @cssprop --kith-color-star - Chosen stars (default amber).
 * @cssprop --kith-color-star-empty - Stars not chosen.
 * @cssprop --kith-star-size - Star size (default 1.75em; never under 24 px, WCAG 2.2 target size).
 */
export class KithStarInput extends LitElement {
  static formAssociated = true;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      fieldset {
        margin: 0;
        padding: 0;
        border: 0;
        min-width: 0;
      }
      legend {
        padding: 0;
        margin-bottom: 0.25em;
        font-weight: 600;
      }
      .hide-label legend {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      .stars {
        display: inline-flex;
        gap: 0.1em;
      }
      input {
        position: absolute;
        opacity: 0;
        width: 1px;
        height: 1px;
        margin: 0;
      }
      label {
        display: inline-grid;
        place-items: center;
        min-width: 24px;
        min-height: 24px;
        font-size: var(--kith-star-size, 1.75em);
        line-height: 1;
        cursor: pointer;
        color: var(--kith-color-star-empty, color-mix(in srgb, currentColor 35%, transparent));
        font-family: system-ui, sans-serif;
        border-radius: 4px;
      }
      label.on {
        color: var(--kith-color-star, light-dark(#b45309, #fbbf24));
      }
      input:focus-visible + label {
        outline: 3px solid var(--kith-color-focus, #0b57c9);
        outline-offset: 1px;
      }
      :host([disabled]) label {
        cursor: not-allowed;
        opacity: 0.6;
      }
    `,
  ];

  /** The chosen stars, `'1'`–`'5'`, or `''` for none. */
  @property() value = '';
  /** Submitted with the form under this name. */
  @property({ reflect: true }) name = '';
  /** The group's label (default "Rating", translated). */
  @property() label = '';
  /** Keep the label for screen readers only (when the page shows its own). */
  @property({ type: Boolean, attribute: 'hide-label' }) hideLabel = false;
  /** A form with this input cannot be submitted without a rating. */
  @property({ type: Boolean, reflect: true }) required = false;
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Language of the star labels; default `<html lang>`. */
  @property() locale: string | undefined;

  @state() private hovered = 0;
  @state() private formDisabled = false;
  private readonly internals = this.attachInternals();
  private readonly groupName = `kith-stars-${Math.random().toString(36).slice(2)}`;
  private defaultValue = '';
  private unlisten: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.defaultValue = this.getAttribute('value') ?? '';
    this.unlisten = $catalogs.listen(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
  }

  /** The value as a number of stars, 0 when none (or invalid). */
  get stars(): number {
    const n = Number(this.value);
    return Number.isInteger(n) && n >= 1 && n <= 5 ? n : 0;
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  get validity(): ValidityState {
    return this.internals.validity;
  }
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /**
   * Focuses the chosen star (the first when none), as Tab does. Also right after the input was created:
   * before its first render there is nothing to delegate focus to, so it waits for that render.
   */
  override focus(options?: FocusOptions): void {
    const focusStar = () =>
      (
        this.renderRoot.querySelector<HTMLInputElement>('input:checked') ??
        this.renderRoot.querySelector<HTMLInputElement>('input')
      )?.focus(options);
    if (this.isUpdatePending) void this.updateComplete.then(focusStar);
    else focusStar();
  }

  formResetCallback(): void {
    this.value = this.defaultValue;
  }
  formStateRestoreCallback(state: string | null): void {
    this.value = state ?? '';
  }
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  private t(key: 'stars.label' | 'stars.option' | 'stars.required', count = 0): string {
    return translate(pickLocale(this.locale), key, { count });
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('value') && this.value !== '' && !this.stars) {
      console.warn(`Kith <kith-star-input>: invalid value="${this.value}"; using none.`);
      this.value = '';
    }
  }

  protected override updated(): void {
    const value = this.stars ? String(this.stars) : null;
    this.internals.setFormValue(value, value);
    const anchor = this.renderRoot.querySelector('input') ?? undefined;
    if (this.required && !this.stars) {
      this.internals.setValidity({ valueMissing: true }, this.t('stars.required'), anchor);
    } else {
      this.internals.setValidity({});
    }
  }

  private handleChange(e: Event): void {
    this.value = (e.target as HTMLInputElement).value;
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  protected override render() {
    const shown = this.hovered || this.stars;
    const disabled = this.disabled || this.formDisabled;
    return html`<fieldset
      part="base"
      class=${this.hideLabel ? 'hide-label' : ''}
      ?disabled=${disabled}
      @mouseleave=${() => (this.hovered = 0)}
    >
      <legend part="label">${this.label || this.t('stars.label')}</legend>
      <span class="stars">
        ${VALUES.map(
          (n) =>
            html`<input
                type="radio"
                id="star-${n}"
                name=${this.groupName}
                value=${n}
                .checked=${this.stars === n}
                aria-required=${this.required && n === 1 ? 'true' : nothing}
                @input=${(e: Event) => e.stopPropagation()}
                @change=${this.handleChange}
              /><label
                for="star-${n}"
                part=${n <= shown ? 'star star-on' : 'star'}
                class=${n <= shown ? 'on' : ''}
                @mouseenter=${() => (this.hovered = disabled ? 0 : n)}
                ><span aria-hidden="true">★</span
                ><span class="visually-hidden">${this.t('stars.option', n)}</span></label
              >`,
        )}
      </span>
    </fieldset>`;
  }
}
