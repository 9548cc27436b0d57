import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../core/events.js';
import { registerMessages, type MessageKey } from '../../core/i18n.js';
import type { Notification } from '../../core/types.js';
import messages from '../../locales/inbox/en.js';
import {
  inbox,
  loadMoreNotifications,
  markNotificationsRead,
  reloadInbox,
  watchInbox,
  type InboxState,
  type PageVisibility,
} from '../../stores/notifications.js';
import type { Session } from '../../stores/session.js';
import { safeUrl } from '../common/attributes.js';
import { KithElement } from '../common/kith-element.js';
import { StoreController } from '../common/store-controller.js';
import { inboxStyles } from './inbox.styles.js';

registerMessages(messages, { de: () => import('../../locales/inbox/de.js') });

/** What the panel chunk (`inbox-panel.ts`) needs from the element. */
export interface InboxPanelHost {
  readonly state: InboxState;
  text(key: MessageKey, params?: Record<string, string | number>): string;
  /** Why the list could not be loaded (network down, …), for the error state. */
  readonly reason: string;
  relativeTime(iso: string): TemplateResult;
  open(notification: Notification, event: MouseEvent): void;
  showMore(): void;
  retry(): void;
}

interface InboxPanel {
  render(host: InboxPanelHost): TemplateResult;
}

/** The page's visibility, for the store's polling (stores never touch the DOM themselves). */
const pageVisibility: PageVisibility = {
  hidden: () => document.visibilityState === 'hidden',
  onChange(listener) {
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
};

/**
 * The signed-in member's notifications: a bell with the unread count that opens a panel with the
 * newest notifications (answers to their questions, accepted answers, escalations, idea status
 * changes and comments, replies to their reviews, badges). Opening one follows its link and marks it
 * read. The count stays fresh while the page is visible (a read a minute, and after the member's own
 * writes). Signed out it reads nothing: with `sign-in-url` the bell is a sign-in link, without it the
 * element shows nothing.
 *
 * @summary A notification bell with unread count and panel.
 *
 * @fires kith-notification-open - A notification's link was followed; cancel it to navigate yourself.
 *   `detail: { notification }`
 * @fires kith-sign-in-requested - A signed-out visitor used the bell. `detail: { signInUrl, action: 'inbox' }`
 * @fires kith-error - The notifications could not be loaded or marked read. `detail: { code, message, action }`
 *
 * @csspart base - The wrapper of the bell and the panel.
 * @csspart bell - The bell button (or sign-in link).
 * @csspart count - The unread count on the bell.
 * @csspart panel - The popover panel.
 * @csspart header - The panel's heading, "Mark all read" and Close.
 * @csspart mark-all - The "Mark all read" button.
 * @csspart close - The Close button.
 * @csspart list - The list of notifications.
 * @csspart item - One notification (a link); also `item-unread` when unread.
 * @csspart new - The "New" mark of an unread notification.
 * @csspart more - The "Show more" button.
 * @csspart empty - The empty state.
 * @csspart error - Errors, with "Try again".
 *
 * @cssprop --kith-color-text - Text colour (default: inherited).
 * @cssprop --kith-color-muted - Times and excerpts.
 * @cssprop --kith-color-background - The panel's background (default: `Canvas`).
 * @cssprop --kith-color-border - The panel's border and separators.
 * @cssprop --kith-color-accent - The count badge and the "New" mark.
 * @cssprop --kith-color-on-accent - Text on the count badge.
 * @cssprop --kith-color-danger - Errors.
 * @cssprop --kith-color-focus - Focus outlines.
 * @cssprop --kith-radius - The panel's corner radius.
 * @cssprop --kith-inbox-width - The panel's width (default `min(24rem, 100vw - 1rem)`).
 */
export class KithInbox extends KithElement {
  static override styles = inboxStyles;

  /** Where signed-out visitors sign in; the bell becomes a link there. Without it, nothing is shown. */
  @property({ attribute: 'sign-in-url' }) signInUrl: string | undefined;

  @state() private open = false;
  @state() private panel: InboxPanel | null = null;
  @state() private panelFailed = false;
  @state() private actionError = '';

  private readonly inbox = new StoreController<InboxState>(this);
  private panelLoading: Promise<void> | null = null;
  private stopWatching: (() => void) | null = null;
  private lastUnread: number | null = null;
  private reportedError: unknown = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.session) this.watch(this.session);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatching?.();
    this.stopWatching = null;
  }

  protected override sessionChanged(session: Session): void {
    this.lastUnread = null;
    this.inbox.use(inbox(session));
    this.watch(session);
  }

  private watch(session: Session): void {
    this.stopWatching?.();
    this.stopWatching = this.isConnected ? watchInbox(session, pageVisibility) : null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const state = this.inbox.value;
    if (!state) return;
    if (state.status === 'error' && state.error && state.error !== this.reportedError) {
      this.reportedError = state.error;
      this.reportError(state.error, 'load');
    }
    if (state.status !== 'ready') return;
    // New unread notifications since the last read are announced (not the first count).
    if (this.lastUnread !== null && state.unread > this.lastUnread) {
      this.announce(this.t('inbox.announceNew', { count: state.unread - this.lastUnread }));
    }
    this.lastUnread = state.unread;
  }

  private get effectiveSignInUrl(): string | null {
    return safeUrl(this.localName, 'sign-in-url', this.signInUrl);
  }

  // ---- the panel ----------------------------------------------------------------------------------

  private get panelElement(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('#panel');
  }

  private loadPanel(): Promise<void> {
    this.panelFailed = false;
    return (this.panelLoading ??= import('./inbox-panel.js').then(
      (module) => {
        this.panel = module.inboxPanel;
      },
      (error: unknown) => {
        this.panelLoading = null;
        this.panelFailed = true;
        this.reportError(error, 'panel');
      },
    ));
  }

  private readonly handlePrefetch = (): void => void this.loadPanel();

  /** Opened by the bell (`popovertarget`: Enter, Space, click), closed by Escape, Close or a click elsewhere. */
  private readonly handleToggle = (e: Event): void => {
    const open = (e as ToggleEvent).newState === 'open';
    if (open === this.open) return;
    this.open = open;
    const root = this.renderRoot as ShadowRoot;
    if (open) {
      this.actionError = '';
      void this.loadPanel();
      if (this.session) void reloadInbox(this.session);
      void this.updateComplete.then(() =>
        root.querySelector<HTMLElement>('#panel-heading')?.focus(),
      );
    } else {
      const active = root.activeElement;
      if (
        (active && this.panelElement?.contains(active)) ||
        document.activeElement === document.body ||
        !document.activeElement
      ) {
        root.querySelector<HTMLElement>('.bell')?.focus();
      }
    }
  };

  /** What the panel renders with: the current state and the element's actions. */
  private panelHost(state: InboxState): InboxPanelHost {
    return {
      state,
      text: (key, params) => this.t(key, params),
      reason: state.error ? this.errorMessage(state.error) : '',
      relativeTime: (iso) => this.relativeTime(iso),
      open: (notification, event) => this.handleOpen(notification, event),
      showMore: () => void this.handleShowMore(),
      retry: this.handleRetry,
    };
  }

  private readonly handleRetry = (): void => {
    this.reportedError = null;
    if (this.session) void reloadInbox(this.session);
  };

  private readonly handleMarkAllRead = async (): Promise<void> => {
    const root = this.renderRoot as ShadowRoot;
    const hadFocus = root.activeElement?.classList.contains('mark-all') ?? false;
    const marking = this.markRead('all');
    // The button leaves with the last unread notification: focus the panel's heading, not the page.
    await this.updateComplete;
    if (hadFocus && !root.querySelector('.mark-all')) {
      root.querySelector<HTMLElement>('#panel-heading')?.focus();
    }
    await marking;
  };

  private async markRead(ids: string[] | 'all'): Promise<boolean> {
    const session = this.session;
    if (!session) return false;
    this.actionError = '';
    try {
      await markNotificationsRead(session, ids);
      if (ids === 'all') this.announce(this.t('inbox.markedAllRead'));
      return true;
    } catch (error) {
      this.actionError = this.t('inbox.markFailed', {
        reason: this.reportError(error, 'mark-read'),
      });
      this.announce(this.actionError);
      return false;
    }
  }

  private handleOpen(notification: Notification, event: MouseEvent): void {
    if (!notification.read) void this.markRead([notification.id]);
    if (!emit(this, 'kith-notification-open', { notification })) {
      event.preventDefault();
      return;
    }
    // The same page (another hash): close the panel, the element there opens the post.
    this.panelElement?.hidePopover();
  }

  private async handleShowMore(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const root = this.renderRoot as ShadowRoot;
    const before = root.querySelectorAll('.item').length;
    try {
      const added = await loadMoreNotifications(session);
      await this.updateComplete;
      if (added) root.querySelectorAll<HTMLElement>('.item')[before]?.focus();
    } catch (error) {
      this.actionError = this.t('inbox.moreFailed', { reason: this.reportError(error, 'load') });
      this.announce(this.actionError);
    }
  }

  private readonly handleSignIn = (e: Event): void => {
    if (
      !emit(this, 'kith-sign-in-requested', { signInUrl: this.effectiveSignInUrl, action: 'inbox' })
    )
      e.preventDefault();
  };

  // ---- rendering ----------------------------------------------------------------------------------

  private renderBell(state: InboxState | undefined): TemplateResult {
    const unread = state?.status === 'ready' ? state.unread : 0;
    const shown = unread > 99 ? '99+' : String(unread);
    return html`<button
      type="button"
      class="bell"
      part="bell"
      popovertarget="panel"
      aria-label=${this.t('inbox.bell', { count: unread })}
      aria-busy=${state?.status === 'loading' ? 'true' : 'false'}
      @pointerenter=${this.handlePrefetch}
      @focus=${this.handlePrefetch}
    >
      ${bellIcon}${
        unread ? html`<span class="count" part="count" aria-hidden="true">${shown}</span>` : nothing
      }
    </button>`;
  }

  private renderPanelBody(): TemplateResult {
    const state = this.inbox.value;
    if (this.panel && state) return this.panel.render(this.panelHost(state));
    if (this.panelFailed) {
      return html`<div class="state-error" part="error" role="alert">
        <p>${this.t('inbox.error')}</p>
        <button type="button" class="btn" @click=${() => void this.loadPanel()}>
          ${this.t('action.retry')}
        </button>
      </div>`;
    }
    return html`<div class="skeleton-list" aria-busy="true">
      <span class="visually-hidden">${this.t('inbox.loading')}</span>
    </div>`;
  }

  protected override render(): TemplateResult {
    const state = this.inbox.value;
    const signedOut = !this.session || state?.status === 'signed-out' || !this.member;
    const base = (content: unknown) =>
      html`<div part="base" class="base ${this.themeClass()}" lang=${this.resolvedLocale}>
        ${this.renderConfigError()}${content}${this.renderLiveRegion()}
      </div>`;
    if (signedOut) {
      const url = this.effectiveSignInUrl;
      if (!this.session || !url) return base(nothing);
      return base(
        html`<a
          class="bell"
          part="bell"
          href=${url}
          aria-label=${this.t('inbox.signIn')}
          title=${this.t('inbox.signIn')}
          @click=${this.handleSignIn}
          >${bellIcon}</a
        >`,
      );
    }
    return base(
      html`${this.renderBell(state)}
        <div
          id="panel"
          class="panel"
          part="panel"
          popover="auto"
          role="dialog"
          aria-labelledby="panel-heading"
          @toggle=${this.handleToggle}
        >
          <div class="header" part="header">
            <h2 id="panel-heading" tabindex="-1">${this.t('inbox.heading')}</h2>
            ${
              this.open && state?.status === 'ready' && state.unread > 0
                ? html`<button
                    type="button"
                    class="btn link mark-all"
                    part="mark-all"
                    @click=${this.handleMarkAllRead}
                  >
                    ${this.t('inbox.markAllRead')}
                  </button>`
                : nothing
            }
            <button
              type="button"
              class="btn close"
              part="close"
              popovertarget="panel"
              popovertargetaction="hide"
            >
              ${this.t('inbox.close')}
            </button>
          </div>
          ${
            this.actionError
              ? html`<p class="action-error" part="error">${this.actionError}</p>`
              : nothing
          }
          ${this.open ? this.renderPanelBody() : nothing}
        </div>`,
    );
  }
}

const bellIcon = html`<svg
  class="icon"
  viewBox="0 0 24 24"
  width="20"
  height="20"
  aria-hidden="true"
  focusable="false"
>
  <path
    fill="currentColor"
    d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
  />
</svg>`;
