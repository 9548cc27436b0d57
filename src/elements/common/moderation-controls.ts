/**
 * Reporting and hiding any post (question, answer, idea, comment, review), for every element: a
 * member reports it with a reason (`kith-flag`), staff hide it with a reason. A separate chunk, loaded
 * when a member first opens one of these forms: the "Report" and "Hide" buttons are all a page carries.
 */
import {
  css,
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import { emit } from '../../core/events.js';
import { registerMessages, type MessageKey } from '../../core/i18n.js';
import type { FlagReason } from '../../core/types.js';
import messages from '../../locales/moderation/en.js';
import {
  REASON_MAX,
  flagContent,
  moderateContent,
  type ModerationTarget,
} from '../../stores/moderation.js';
import type { Session } from '../../stores/session.js';

registerMessages(messages, { de: () => import('../../locales/moderation/de.js') });

const FLAG_REASONS: readonly FlagReason[] = ['spam', 'offensive', 'off-topic', 'other'];

export type ModerationForm = 'flag' | 'hide';

/** What the element lends the controls on each call. */
export interface ModerationView {
  session: Session;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A failed action shown above the list (see `PostingElement.act`). */
  act<T>(action: string, failure: MessageKey, run: () => Promise<T>): Promise<T | undefined>;
  announce(message: string): void;
  focusAfterRender(selector: string): void;
  /** The selector of the post in the element (focus goes there after a report). */
  selectorOf(target: ModerationTarget): string;
  /** After staff hid a post: read the lists again, close it if it was open, move focus. */
  hidden(target: ModerationTarget): void;
}

const keyOf = (t: ModerationTarget) => `${t.targetType}:${t.targetId}`;

type Host = ReactiveControllerHost & HTMLElement;

/** Which post's report or hide form is open, and what this visit reported. */
export class ModerationControls implements ReactiveController {
  private readonly host: Host;
  private open: { key: string; form: ModerationForm } | null = null;
  private readonly reported = new Set<string>();
  private reason = '';
  private reasonError: string | null = null;
  /** Bumped on every change, so that guarded renders of the posts refresh. */
  version = 0;

  constructor(host: Host) {
    this.host = host;
    host.addController(this);
  }

  private changed(): void {
    this.version++;
    this.host.requestUpdate();
  }

  hostConnected(): void {}

  isOpen(form: ModerationForm, target: ModerationTarget): boolean {
    return this.open?.form === form && this.open.key === keyOf(target);
  }

  isReported(target: ModerationTarget): boolean {
    return this.reported.has(keyOf(target));
  }

  /** Opens (or closes) a post's report or hide form. */
  toggle(v: ModerationView, form: ModerationForm, target: ModerationTarget): void {
    this.open = this.isOpen(form, target) ? null : { key: keyOf(target), form };
    this.reason = '';
    this.reasonError = null;
    if (this.open) v.focusAfterRender(form === 'flag' ? '#flag-reason-spam' : '#hide-reason');
    this.changed();
  }

  private async flag(v: ModerationView, target: ModerationTarget, e: Event): Promise<void> {
    e.preventDefault();
    const reason = new FormData(e.target as HTMLFormElement).get('reason') as FlagReason | null;
    if (!reason) return;
    const done = await v.act('flag', 'moderation.error.flag', () =>
      flagContent(v.session, target, reason),
    );
    if (!done) return;
    this.open = null;
    this.reported.add(keyOf(target));
    emit(this.host, 'kith-flag', { ...target, reason });
    v.announce(v.t('moderation.flag.done'));
    v.focusAfterRender(`${v.selectorOf(target)} .flag-done`);
    this.changed();
  }

  private async hide(v: ModerationView, target: ModerationTarget, e: Event): Promise<void> {
    e.preventDefault();
    if (!this.reason.trim()) {
      this.reasonError = v.t('moderation.hide.required');
      v.announce(this.reasonError);
      v.focusAfterRender('#hide-reason');
      this.changed();
      return;
    }
    const done = await v.act('hide', 'moderation.error.hide', () =>
      moderateContent(v.session, target, 'hide', this.reason),
    );
    if (!done) return;
    this.open = null;
    this.reason = '';
    v.announce(v.t('moderation.hide.done'));
    v.hidden(target);
    this.changed();
  }

  /** The open form under the post `target`, if any. */
  renderForm(v: ModerationView, target: ModerationTarget): TemplateResult | typeof nothing {
    if (this.isOpen('flag', target)) return this.renderFlagForm(v, target);
    if (this.isOpen('hide', target)) return this.renderHideForm(v, target);
    return nothing;
  }

  private renderFlagForm(v: ModerationView, target: ModerationTarget): TemplateResult {
    return html`<form class="moderation-form" @submit=${(e: Event) => void this.flag(v, target, e)}>
      <fieldset>
        <legend>${v.t('moderation.flag.label')}</legend>
        ${FLAG_REASONS.map(
          (reason, i) =>
            html`<label class="radio"
              ><input
                type="radio"
                name="reason"
                id="flag-reason-${reason}"
                value=${reason}
                ?checked=${i === 0}
              />
              ${v.t(`moderation.flag.${reason}`)}</label
            >`,
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" class="btn">${v.t('moderation.flag.submit')}</button>
        <button type="button" class="btn" @click=${() => this.toggle(v, 'flag', target)}>
          ${v.t('moderation.cancel')}
        </button>
      </div>
    </form>`;
  }

  private renderHideForm(v: ModerationView, target: ModerationTarget): TemplateResult {
    return html`<form class="moderation-form" @submit=${(e: Event) => void this.hide(v, target, e)}>
      <label for="hide-reason" class="composer-label">${v.t('moderation.hide.reason')}</label>
      <input
        id="hide-reason"
        type="text"
        maxlength=${REASON_MAX}
        aria-invalid=${this.reasonError ? 'true' : 'false'}
        aria-describedby=${this.reasonError ? 'hide-error' : nothing}
        .value=${this.reason}
        @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)}
      />
      ${
        this.reasonError
          ? html`<p id="hide-error" class="error field-error">${this.reasonError}</p>`
          : nothing
      }
      <div class="actions">
        <button type="submit" class="btn">${v.t('moderation.hide.submit')}</button>
        <button type="button" class="btn" @click=${() => this.toggle(v, 'hide', target)}>
          ${v.t('moderation.cancel')}
        </button>
      </div>
    </form>`;
  }
}

/** Styles of the forms, adopted by the element when the chunk arrives. */
export const moderationStyles = css`
  .moderation-form {
    display: grid;
    gap: 0.4rem;
    margin-top: 0.5rem;
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 6px;
  }
  .moderation-form fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .moderation-form .radio {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 24px;
  }
  .moderation-form input[type='text'] {
    box-sizing: border-box;
    width: 100%;
    padding: 0.45em 0.6em;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
  }
  .moderation-form .actions {
    display: flex;
    gap: 0.5rem;
  }
`;
