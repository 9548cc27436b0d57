/**
 * The own-data actions in `<kith-badge>`'s profile: "Download my data" (the export saved as a JSON
 * file) and "Erase my account…" for the member themself, "Erase this member…" for staff, each erasure
 * after a confirmation that names its consequences. Its own chunk with its own messages, loaded only
 * when the signed-in member opens their own profile, or staff open anyone's.
 */
import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { registerMessages } from '../../core/i18n.js';
import messages from '../../locales/members/own/en.js';
import { eraseMember, exportMine } from '../../stores/members.js';
import { adoptStyles, type ProfileContext } from './badge-profile.js';

registerMessages(messages, { de: () => import('../../locales/members/own/de.js') });

type OwnAction = 'export' | 'erase';

/** A JSON file name from a member id: letters, digits, `-` and `_` only. */
const fileName = (id: string) => `kith-data-${id.replace(/[^\w-]+/g, '_').slice(0, 80)}.json`;

/** The state of one profile's own-data actions: the confirmation, an action on its way, failures. */
export class OwnData {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private ctx: ProfileContext | null = null;
  /** Whose profile (in which session) the state below is about. */
  private stateOf = '';
  private confirming = false;
  private busy: OwnAction | null = null;
  private failed: { action: OwnAction; message: string } | null = null;
  private saved: string | null = null;
  private erased = false;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    adoptStyles(host.shadowRoot!, ownDataStyles);
  }

  /** The popover closed: a pending confirmation and the last messages go. */
  closed(): void {
    this.confirming = false;
    this.saved = null;
    if (!this.busy) this.failed = null;
  }

  /** Whether the member shown was erased from this profile (the profile then says only that). */
  erasedNow(ctx: ProfileContext): boolean {
    this.follow(ctx);
    return this.erased;
  }

  private follow(ctx: ProfileContext): void {
    const of = `${ctx.session.key}|${ctx.memberId}`;
    if (of !== this.stateOf) {
      this.stateOf = of;
      this.confirming = false;
      this.failed = null;
      this.saved = null;
      this.erased = false;
    }
    this.ctx = ctx;
  }

  /** Re-renders, then focuses `selector` in the chip's shadow root. */
  private update(selector?: string): void {
    this.host.requestUpdate();
    void (this.host as unknown as { updateComplete: Promise<unknown> }).updateComplete.then(() => {
      if (selector) this.host.shadowRoot!.querySelector<HTMLElement>(selector)?.focus();
    });
  }

  private async run(action: OwnAction): Promise<void> {
    const ctx = this.ctx;
    if (!ctx || this.busy) return;
    const of = this.stateOf;
    this.busy = action;
    this.failed = null;
    this.saved = null;
    this.update();
    try {
      if (action === 'export') {
        const data = await exportMine(ctx.session);
        if (of === this.stateOf) this.save(data, fileName(ctx.memberId));
      } else {
        await eraseMember(ctx.session, ctx.memberId);
        if (of === this.stateOf) this.erased = true;
      }
      this.busy = null;
      this.update(action === 'erase' ? '.erased' : undefined);
    } catch (error) {
      this.busy = null;
      if (of === this.stateOf) this.failed = { action, message: ctx.reportError(error, action) };
      this.update('.own-error');
    }
  }

  /** Saves `data` as a JSON file: a Blob URL and a temporary `<a download>` (no script, no inline). */
  private save(data: unknown, name: string): void {
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    this.host.shadowRoot!.append(a);
    a.click();
    a.remove();
    // Late enough for the download to have started.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this.saved = name;
  }

  private readonly handleDownload = () => void this.run('export');
  private readonly handleErase = () => {
    this.confirming = true;
    this.failed = null;
    this.update('.confirm .cancel');
  };
  private readonly handleConfirm = () => void this.run('erase');
  private readonly handleCancel = () => {
    this.confirming = false;
    this.update('.own-data .erase');
  };
  private readonly handleRetry = () => {
    const action = this.failed?.action;
    if (action) void this.run(action);
  };

  render(ctx: ProfileContext): TemplateResult {
    this.follow(ctx);
    const { t } = ctx;
    const own = ctx.viewer?.sub === ctx.memberId;
    if (this.erased) {
      return html`<p class="erased" part="own-data" role="status" tabindex="-1">
        ${t(own ? 'members.own.erased' : 'members.own.erasedOther')}
      </p>`;
    }
    const busy = !!this.busy;
    const failure = this.failed;
    const name = ctx.card.name;
    return html`<section class="own-data" part="own-data" aria-labelledby="own-heading">
      <h3 class="profile-heading" id="own-heading">
        ${t(own ? 'members.own.heading' : 'members.own.staffHeading')}
      </h3>
      ${
        this.confirming
          ? html`<div
              class="confirm"
              role="group"
              aria-labelledby="confirm-heading"
              aria-describedby="confirm-text"
            >
              <h4 id="confirm-heading">
                ${
                  own
                    ? t('members.own.confirmHeading')
                    : t('members.own.confirmHeadingOther', { name })
                }
              </h4>
              <p id="confirm-text">
                ${t(own ? 'members.own.consequences' : 'members.own.consequencesOther')}
              </p>
              <div class="actions">
                <button
                  type="button"
                  class="btn danger confirm-erase"
                  ?disabled=${busy}
                  @click=${this.handleConfirm}
                >
                  ${
                    this.busy === 'erase'
                      ? t('members.own.erasing')
                      : t(own ? 'members.own.confirm' : 'members.own.confirmOther')
                  }
                </button>
                <button
                  type="button"
                  class="btn cancel"
                  ?disabled=${busy}
                  @click=${this.handleCancel}
                >
                  ${t('members.own.cancel')}
                </button>
              </div>
            </div>`
          : html`<div class="actions">
              ${
                own
                  ? html`<button
                      type="button"
                      class="btn download"
                      ?disabled=${busy}
                      @click=${this.handleDownload}
                    >
                      ${t(
                        this.busy === 'export' ? 'members.own.downloading' : 'members.own.download',
                      )}
                    </button>`
                  : nothing
              }
              <button
                type="button"
                class="btn danger erase"
                ?disabled=${busy}
                @click=${this.handleErase}
              >
                ${t(own ? 'members.own.erase' : 'members.own.eraseOther')}
              </button>
            </div>`
      }
      <p class="saved muted" role="status">
        ${this.saved ? t('members.own.downloaded', { file: this.saved }) : ''}
      </p>
      ${
        failure
          ? html`<div class="state-error own-error" part="error" role="alert" tabindex="-1">
              <p>
                ${t(
                  failure.action === 'export'
                    ? 'members.own.downloadFailed'
                    : 'members.own.eraseFailed',
                )}
                ${failure.message}
              </p>
              <button type="button" class="btn retry" @click=${this.handleRetry}>
                ${t('action.retry')}
              </button>
            </div>`
          : nothing
      }
    </section>`;
  }
}

export const ownDataStyles = css`
  .own-data {
    margin-top: 1rem;
    padding-top: 0.25rem;
    border-top: 1px solid var(--_border);
  }
  .own-data .profile-heading {
    margin-top: 0.5rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .confirm h4 {
    margin: 0 0 0.25rem;
    font-size: 1em;
  }
  .confirm p {
    margin: 0 0 0.6rem;
  }
  .btn.danger {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .confirm .btn.danger {
    background: var(--_danger);
    color: var(--_on-accent);
  }
  .erased {
    margin: 1rem 0 0;
    font-weight: 600;
  }
`;
