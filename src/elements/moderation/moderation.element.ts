import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ValidationError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { formatDateTime, registerMessages } from '../../core/i18n.js';
import { isStaff } from '../../core/token.js';
import type {
  AuditEntry,
  FlagReason,
  MemberSummary,
  ModerationAction,
  ModerationItem,
  QueueReason,
} from '../../core/types.js';
import messages from '../../locales/moderation/queue/en.js';
import {
  MODERATION_PAGE,
  MODERATION_REASON_MAX,
  POST_ACTIONS,
  SUSPENSION_MAX_HOURS,
  actOnItem,
  itemKey,
  loadMoreAudit,
  loadMoreQueue,
  moderationAudit,
  moderationQueue,
  reloadAudit,
  reloadQueue,
  type AuditState,
  type QueueState,
} from '../../stores/moderation-queue.js';
import type { Session } from '../../stores/session.js';
import { intInRange } from '../common/attributes.js';
import { KithElement } from '../common/kith-element.js';
import { StoreController } from '../common/store-controller.js';
import { moderationStyles } from './moderation.styles.js';

registerMessages(messages, { de: () => import('../../locales/moderation/queue/de.js') });

/** This element's message keys, without their `moderationQueue.` prefix. */
type Key = keyof typeof messages extends infer K
  ? K extends `moderationQueue.${infer Rest}`
    ? Rest
    : never
  : never;

type View = 'queue' | 'audit';
const VIEWS: readonly View[] = ['queue', 'audit'];
const FILTERS: readonly (QueueReason | null)[] = [null, 'flagged', 'held', 'guest'];
const FLAG_REASONS: readonly FlagReason[] = ['spam', 'offensive', 'off-topic', 'other'];
/** Suspension choices in hours; `hours` lets staff type a number. */
const DURATIONS = ['24', '72', '168', '720', 'hours'] as const;
type Duration = (typeof DURATIONS)[number];
const MAX_PAGE_SIZE = 100;
const AUDIT_COLUMNS = ['action', 'actor', 'target', 'reason', 'until', 'at'] as const;
const SKELETON_ITEMS = 3;

/** The action form open under one item (one at a time); what was typed survives a failure. */
interface OpenForm {
  key: string;
  action: ModerationAction;
  reason: string;
  duration: Duration;
  hours: string;
  confirmed: boolean;
  errors: { reason?: string; hours?: string; confirm?: string };
  /** Why the backend did not store it (shown next to the form). */
  failure: string;
}

/** A field's `aria-invalid` and, when invalid, the id of its error. */
interface FieldAria {
  invalid: 'true' | 'false';
  describedby: string | typeof nothing;
}

/** Only http(s) links: a post's `pageUrl` comes from the page it was written on. */
function httpUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * The staff moderation queue: flagged posts, posts held for review (by flags) and guests' posts,
 * oldest first, filtered by why they wait. Each item shows what it is (linked to the page it was
 * written on), its text, its author (a guest; suspended until when), its flags by reason with the
 * reporters' notes, and since when it waits; staff approve, hide or delete it, or warn, suspend or
 * unsuspend its author, always with a reason (a delete is confirmed, a suspension has a duration).
 * A decided post leaves the queue and focus moves to the next one. The audit log lists every action
 * (and every hold by flags), newest first. The two views are tabs (arrow keys move between them).
 *
 * For staff and moderators only: signed out or signed in without that role, the element says so and
 * reads nothing (the server refuses anyway). It is a staff element: outside the page bundle.
 *
 * @summary Staff moderation queue and audit log.
 *
 * @fires kith-moderation-action - A staff action was stored. `detail: { action, targetType, targetId }`
 *   (`targetType: 'member'` and the author's id for warn, suspend and unsuspend).
 * @fires kith-error - The queue or log could not be loaded, or an action failed.
 *   `detail: { code, message, action }`
 * @fires kith-auth-expired - The staff member's token expired; the typed reason is kept.
 *
 * @csspart base - The outer container.
 * @csspart header - The heading and the Refresh button.
 * @csspart refresh - The Refresh button (reads the current view again).
 * @csspart notice - The message for visitors who are not staff.
 * @csspart tabs - The tab list; each tab is a `tab`.
 * @csspart tab - A tab (Queue, Audit log).
 * @csspart panel - A tab panel.
 * @csspart filters - The reason filter (toggle buttons); each a `filter`.
 * @csspart filter - A filter button (`aria-pressed` on the current one).
 * @csspart list - The list of queue items.
 * @csspart item - One queue item; inside it `type`, `reason`, `title`, `excerpt`, `author`,
 *   `since`, `flags`, `notes`, `actions` and `form`.
 * @csspart action - An action button of an item.
 * @csspart form - The open action form (reason, duration, confirmation).
 * @csspart audit - The audit log table.
 * @csspart more - The "Show more" buttons.
 * @csspart empty - The empty states.
 * @csspart error - Errors, with "Try again".
 *
 * @cssprop --kith-color-text - Text colour (default: inherited).
 * @cssprop --kith-color-muted - Times, authors and secondary text.
 * @cssprop --kith-color-background - Background (default: transparent).
 * @cssprop --kith-color-surface - Items and the table header.
 * @cssprop --kith-color-border - Item borders, table rules and buttons.
 * @cssprop --kith-color-accent - The selected tab and filter, links.
 * @cssprop --kith-color-on-accent - Text on the selected filter.
 * @cssprop --kith-color-danger - Errors and the delete button.
 * @cssprop --kith-color-focus - Focus outlines.
 * @cssprop --kith-radius - Corner radius.
 * @cssprop --kith-padding - Padding when a theme is set.
 */
export class KithModeration extends KithElement {
  static override styles = moderationStyles;

  /** Queue items and audit entries per page, 1–100 (default 20). */
  @property({ attribute: 'page-size' }) pageSize: number | string = MODERATION_PAGE;

  @state() private view: View = 'queue';
  @state() private filter: QueueReason | null = null;
  @state() private form: OpenForm | null = null;
  @state() private moreError = '';

  private readonly queue = new StoreController<QueueState>(this);
  private readonly audit = new StoreController<AuditState>(this);
  private auditWanted = false;
  private reportedErrors = new Set<unknown>();

  private get effectivePageSize(): number {
    return intInRange(
      this.localName,
      'page-size',
      this.pageSize,
      1,
      MAX_PAGE_SIZE,
      MODERATION_PAGE,
    );
  }

  /** The session, when its member may moderate. */
  private get staffSession(): Session | null {
    return this.session && isStaff(this.member) ? this.session : null;
  }

  protected override sessionChanged(): void {
    this.form = null;
    this.moreError = '';
    this.useStores();
    // A queue read before (another visit of the page in an app) may be stale: read it again.
    const session = this.staffSession;
    if (session) void reloadQueue(session, this.filter, this.effectivePageSize);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('pageSize') || changed.has('filter') || changed.has('view')) this.useStores();
  }

  /** Follows the current filter and page size; the audit log is read once its tab is first shown. */
  private useStores(): void {
    const session = this.staffSession;
    if (!session) return;
    const size = this.effectivePageSize;
    this.queue.use(moderationQueue(session, this.filter, size));
    if (this.view === 'audit') this.auditWanted = true;
    if (this.auditWanted) this.audit.use(moderationAudit(session, size));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    for (const [list, action] of [
      [this.queue.value, 'load'],
      [this.audit.value, 'load-audit'],
    ] as const) {
      if (list?.status === 'error' && list.error && !this.reportedErrors.has(list.error)) {
        this.reportedErrors.add(list.error);
        this.reportError(list.error, action);
      }
    }
  }

  private text(key: Key, params?: Record<string, string | number>): string {
    return this.t(`moderationQueue.${key}`, params);
  }

  private nameOf(member: MemberSummary | null): string {
    if (!member) return this.text('audit.unknown');
    return member.erased ? this.t('member.former') : member.name;
  }

  private focusAfterRender(find: () => HTMLElement | null | undefined): void {
    void this.updateComplete.then(() => find()?.focus());
  }

  private $(selector: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(selector);
  }

  private itemElement(key: string): HTMLElement | null {
    return (
      [...this.renderRoot.querySelectorAll<HTMLElement>('.item')].find(
        (el) => el.dataset.key === key,
      ) ?? null
    );
  }

  // ---- tabs ---------------------------------------------------------------------------------------

  private selectView(view: View, focus = false): void {
    this.view = view;
    this.moreError = '';
    if (focus) this.focusAfterRender(() => this.$(`#tab-${view}`));
  }

  /** WAI-ARIA tabs: arrows move (and select) with wrap-around, Home and End go to the ends. */
  private readonly handleTabKey = (e: KeyboardEvent): void => {
    const at = VIEWS.indexOf(this.view);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % VIEWS.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + VIEWS.length) % VIEWS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? VIEWS.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    this.selectView(VIEWS[to]!, true);
  };

  private readonly handleRefresh = async (): Promise<void> => {
    const session = this.staffSession;
    if (!session) return;
    this.moreError = '';
    const size = this.effectivePageSize;
    const failure = await (this.view === 'queue'
      ? reloadQueue(session, this.filter, size)
      : reloadAudit(session, size));
    // The list stays as it was; say that it is not fresh, and why.
    if (failure) {
      this.moreError = this.text('refreshFailed', { reason: this.reportError(failure, 'load') });
      this.announce(this.moreError);
    }
  };

  private readonly handleRetry = (): void => {
    this.reportedErrors.clear();
    void this.handleRefresh();
  };

  private async showMore(): Promise<void> {
    const session = this.staffSession;
    if (!session) return;
    this.moreError = '';
    const size = this.effectivePageSize;
    const selector = this.view === 'queue' ? '.item' : '.audit-row';
    const before = this.renderRoot.querySelectorAll(selector).length;
    try {
      const added = await (this.view === 'queue'
        ? loadMoreQueue(session, this.filter, size)
        : loadMoreAudit(session, size));
      await this.updateComplete;
      // Focus goes to the first new row (for the log, its first cell: rows take no focus).
      const first = this.renderRoot.querySelectorAll<HTMLElement>(selector)[before];
      if (added && first) (this.view === 'queue' ? first : first.querySelector('th'))?.focus();
    } catch (error) {
      this.moreError = this.text('moreFailed', { reason: this.reportError(error, 'load') });
      this.announce(this.moreError);
    }
  }

  private readonly handleMore = (): void => void this.showMore();

  // ---- actions ------------------------------------------------------------------------------------

  private openForm(item: ModerationItem, action: ModerationAction): void {
    const key = itemKey(item);
    if (this.form?.key === key && this.form.action === action) {
      this.closeForm();
      return;
    }
    this.form = {
      key,
      action,
      reason: '',
      duration: '24',
      hours: '',
      confirmed: false,
      errors: {},
      failure: '',
    };
    this.focusAfterRender(() => this.$('#action-reason'));
  }

  /** Closes the form; focus returns to the button that opened it. */
  private closeForm(): void {
    const form = this.form;
    this.form = null;
    if (!form) return;
    this.focusAfterRender(
      () =>
        this.itemElement(form.key)?.querySelector<HTMLElement>(`[data-action="${form.action}"]`) ??
        this.itemElement(form.key),
    );
  }

  private editForm(change: Partial<OpenForm>): void {
    if (this.form) this.form = { ...this.form, ...change };
  }

  /** The form's own checks; returns the errors (empty when it may be sent). */
  private checkForm(form: OpenForm): OpenForm['errors'] {
    const errors: OpenForm['errors'] = {};
    const reason = form.reason.trim();
    if (!reason) errors.reason = this.text('reasonRequired');
    else if (reason.length > MODERATION_REASON_MAX)
      errors.reason = this.t('form.tooLong', { max: MODERATION_REASON_MAX });
    if (form.action === 'suspend' && form.duration === 'hours') {
      const hours = Number(form.hours);
      if (!/^\s*\d+\s*$/.test(form.hours) || hours < 1 || hours > SUSPENSION_MAX_HOURS)
        errors.hours = this.text('hoursInvalid');
    }
    if (form.action === 'delete' && !form.confirmed) errors.confirm = this.text('confirmRequired');
    return errors;
  }

  private async submit(item: ModerationItem, e: Event): Promise<void> {
    e.preventDefault();
    const session = this.staffSession;
    const form = this.form;
    if (!session || !form) return;
    const errors = this.checkForm(form);
    const invalid = Object.keys(errors)[0] as keyof OpenForm['errors'] | undefined;
    if (invalid) {
      this.form = { ...form, errors, failure: '' };
      this.announce(errors[invalid]!);
      const field = {
        reason: '#action-reason',
        hours: '#action-hours',
        confirm: '#action-confirm',
      };
      this.focusAfterRender(() => this.$(field[invalid]));
      return;
    }
    this.form = { ...form, errors: {}, failure: '' };
    const { action } = form;
    const duration =
      action === 'suspend'
        ? Number(form.duration === 'hours' ? form.hours : form.duration)
        : undefined;
    // Where focus goes if the item leaves: the next item, else the one before, else the heading.
    const keys = (this.queue.value?.items ?? []).map(itemKey);
    const at = keys.indexOf(form.key);
    try {
      const result = await actOnItem(session, item, { action, reason: form.reason, duration });
      if (result === null) return; // an action on this item is already on its way
    } catch (error) {
      if (this.form?.key !== form.key) return;
      const fields = error instanceof ValidationError ? error.fields : {};
      this.form = {
        ...this.form,
        errors: fields.reason ? { reason: this.text('reasonRequired') } : {},
        failure: this.text('failed', { reason: this.reportError(error, 'moderate') }),
      };
      this.focusAfterRender(() => this.$('#action-failure'));
      return;
    }
    if (this.form?.key === form.key) this.form = null;
    const onAuthor = !POST_ACTIONS.includes(action);
    emit(this, 'kith-moderation-action', {
      action,
      targetType: onAuthor ? 'member' : item.targetType,
      targetId: onAuthor ? item.author.id : item.targetId,
    });
    const title = item.title || this.text(`type.${item.targetType}`);
    this.announce(this.text(`done.${action}`, { title, name: this.nameOf(item.author) }));
    if (onAuthor) {
      this.focusAfterRender(() => this.itemElement(form.key));
      return;
    }
    const next = keys.slice(at + 1).concat(keys.slice(0, Math.max(0, at)).reverse());
    this.focusAfterRender(
      () => next.map((key) => this.itemElement(key)).find(Boolean) ?? this.$('#moderation-heading'),
    );
  }

  private readonly handleFormKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    this.closeForm();
  };

  // ---- rendering: the queue ----------------------------------------------------------------------

  private actionsFor(item: ModerationItem): ModerationAction[] {
    const actions: ModerationAction[] = [...POST_ACTIONS];
    if (item.guest || item.author.erased) return actions;
    // Staff and moderators cannot be suspended (the backends refuse it); warn them in person.
    if (item.author.roles.some((role) => role === 'staff' || role === 'moderator')) return actions;
    const suspended =
      !!item.authorSuspendedUntil && Date.parse(item.authorSuspendedUntil) > Date.now();
    actions.push('warn', suspended ? 'unsuspend' : 'suspend');
    return actions;
  }

  private renderForm(item: ModerationItem, form: OpenForm): TemplateResult {
    const { action, errors } = form;
    const acting = this.queue.value?.acting.includes(form.key) ?? false;
    const onAuthor = !POST_ACTIONS.includes(action);
    const name = this.nameOf(item.author);
    const field = (id: string, error: string | undefined): FieldAria => ({
      invalid: error ? 'true' : 'false',
      describedby: error ? `${id}-error` : nothing,
    });
    const reason = field('action-reason', errors.reason);
    const hours = field('action-hours', errors.hours);
    const confirm = field('action-confirm', errors.confirm);
    return html`<form
      id="action-form"
      class="action-form"
      part="form"
      novalidate
      aria-busy=${acting ? 'true' : 'false'}
      @submit=${(e: Event) => void this.submit(item, e)}
      @keydown=${this.handleFormKey}
    >
      <fieldset>
        <legend>${this.text(`form.${action}`, { name })}</legend>
        <label for="action-reason">${this.text(onAuthor ? 'reasonToMember' : 'reason')}</label>
        <input
          id="action-reason"
          type="text"
          autocomplete="off"
          maxlength=${MODERATION_REASON_MAX}
          aria-required="true"
          aria-invalid=${reason.invalid}
          aria-describedby=${reason.describedby}
          .value=${form.reason}
          @input=${(e: Event) => this.editForm({ reason: (e.target as HTMLInputElement).value })}
        />
        ${
          errors.reason
            ? html`<p id="action-reason-error" class="field-error">${errors.reason}</p>`
            : nothing
        }
        ${action === 'suspend' ? this.renderDuration(form, hours) : nothing}
        ${
          action === 'delete'
            ? html`<label class="check">
                  <input
                    id="action-confirm"
                    type="checkbox"
                    aria-invalid=${confirm.invalid}
                    aria-describedby=${confirm.describedby}
                    .checked=${form.confirmed}
                    @change=${(e: Event) =>
                      this.editForm({ confirmed: (e.target as HTMLInputElement).checked })}
                  />
                  ${this.text('confirmDelete')}
                </label>
                ${
                  errors.confirm
                    ? html`<p id="action-confirm-error" class="field-error">${errors.confirm}</p>`
                    : nothing
                }`
            : nothing
        }
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="btn ${action === 'delete' ? 'btn-danger' : 'btn-primary'}">
          ${acting ? this.text('saving') : this.text(`submit.${action}`)}
        </button>
        <button type="button" class="btn" @click=${() => this.closeForm()}>
          ${this.text('cancel')}
        </button>
      </div>
      ${
        form.failure
          ? html`<p
              id="action-failure"
              class="form-failure"
              part="error"
              role="alert"
              tabindex="-1"
            >
              ${form.failure}
            </p>`
          : nothing
      }
    </form>`;
  }

  private renderDuration(form: OpenForm, hours: FieldAria): TemplateResult {
    return html`<fieldset class="durations">
      <legend>${this.text('duration')}</legend>
      ${DURATIONS.map(
        (duration) =>
          html`<label class="check"
            ><input
              type="radio"
              name="duration"
              value=${duration}
              .checked=${form.duration === duration}
              @change=${() => this.editForm({ duration })}
            />
            ${this.text(`duration.${duration}`)}</label
          >`,
      )}
      ${
        form.duration === 'hours'
          ? html`<label for="action-hours">${this.text('hours')}</label>
              <input
                id="action-hours"
                class="hours"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                aria-required="true"
                aria-invalid=${hours.invalid}
                aria-describedby=${hours.describedby}
                .value=${form.hours}
                @input=${(e: Event) => this.editForm({ hours: (e.target as HTMLInputElement).value })}
              />
              ${
                form.errors.hours
                  ? html`<p id="action-hours-error" class="field-error">${form.errors.hours}</p>`
                  : nothing
              }`
          : nothing
      }
    </fieldset>`;
  }

  private renderAuthor(item: ModerationItem): TemplateResult {
    const until = item.authorSuspendedUntil;
    const suspended = !!until && Date.parse(until) > Date.now();
    return html`<p class="meta" part="author">
      <span>${this.text('by', { name: this.nameOf(item.author) })}</span>
      ${item.guest ? html`<span class="mark">${this.text('guest')}</span>` : nothing}
      ${
        suspended
          ? html`<span class="mark mark-danger"
              >${this.text('suspendedUntil', {
                date: formatDateTime(this.resolvedLocale, until),
              })}</span
            >`
          : nothing
      }
    </p>`;
  }

  private renderItem(item: ModerationItem, index: number): TemplateResult {
    const key = itemKey(item);
    const form = this.form?.key === key ? this.form : null;
    const titleId = `item-title-${index}`;
    const href = httpUrl(item.pageUrl);
    const title = item.title || this.text(`type.${item.targetType}`);
    return html`<li
      class="item"
      part="item"
      tabindex="-1"
      data-key=${key}
      aria-labelledby=${titleId}
    >
      <p class="labels">
        <span class="type" part="type">${this.text(`type.${item.targetType}`)}</span>
        <span class="reason reason-${item.reason}" part="reason"
          >${this.text(`reason.${item.reason}`)}</span
        >
      </p>
      <h3 id=${titleId} class="title" part="title">
        ${href ? html`<a href=${href}>${title}</a>` : title}
      </h3>
      ${item.excerpt ? html`<p class="excerpt" part="excerpt">${item.excerpt}</p>` : nothing}
      ${this.renderAuthor(item)}
      <p class="meta" part="since">
        ${this.text('posted')}
        ${this.relativeTime(item.createdAt)}${
          item.flaggedAt
            ? html`, ${this.text('lastFlagged')} ${this.relativeTime(item.flaggedAt)}`
            : nothing
        }
      </p>
      ${
        item.flags.length
          ? html`<div class="flags" part="flags">
              <span class="label" id="flags-${index}">${this.text('flags')}</span>
              <ul aria-labelledby="flags-${index}">
                ${item.flags.map(
                  (flag) =>
                    html`<li>
                      ${this.text('flagCount', {
                        reason: this.text(`flag.${flag.reason}`),
                        count: flag.count,
                      })}
                    </li>`,
                )}
              </ul>
            </div>`
          : nothing
      }
      ${
        item.notes.length
          ? html`<div class="notes" part="notes">
              <span class="label" id="notes-${index}">${this.text('notes')}</span>
              <ul aria-labelledby="notes-${index}">
                ${item.notes.map((note) => html`<li>${note}</li>`)}
              </ul>
            </div>`
          : nothing
      }
      <div class="actions" part="actions" role="group" aria-labelledby=${titleId}>
        ${this.actionsFor(item).map(
          (action) =>
            html`<button
              type="button"
              class="btn action ${action === 'delete' ? 'action-danger' : ''}"
              part="action"
              data-action=${action}
              aria-expanded=${form?.action === action ? 'true' : 'false'}
              aria-controls=${form?.action === action ? 'action-form' : nothing}
              @click=${() => this.openForm(item, action)}
            >
              ${this.text(`action.${action}`)}
            </button>`,
        )}
      </div>
      ${form ? this.renderForm(item, form) : nothing}
    </li>`;
  }

  private renderSkeleton(label: string): TemplateResult {
    return html`<div class="skeleton-list" aria-busy="true">
      <span class="visually-hidden">${label}</span>
      ${Array.from(
        { length: SKELETON_ITEMS },
        () => html`<div class="skeleton skeleton-item" aria-hidden="true"></div>`,
      )}
    </div>`;
  }

  private renderError(message: string, error: AuditState['error']): TemplateResult {
    return html`<div class="state-error" part="error" role="alert">
      <p>${message} ${error ? this.errorMessage(error) : ''}</p>
      <button type="button" class="btn" @click=${this.handleRetry}>
        ${this.t('action.retry')}
      </button>
    </div>`;
  }

  private renderMore(list: QueueState | AuditState): TemplateResult {
    return html`${
      list.nextCursor
        ? html`<button
            type="button"
            class="btn more"
            part="more"
            aria-busy=${list.loadingMore ? 'true' : 'false'}
            @click=${this.handleMore}
          >
            ${list.loadingMore ? this.text('moreLoading') : this.text('more')}
          </button>`
        : nothing
    }
    ${this.moreError ? html`<p class="more-error" part="error">${this.moreError}</p>` : nothing}`;
  }

  private renderQueue(): TemplateResult {
    const list = this.queue.value;
    const filters = html`<div class="filters-row">
      <div class="filters" part="filters" role="group" aria-label=${this.text('filter')}>
        ${FILTERS.map(
          (filter) =>
            html`<button
              type="button"
              class="btn filter"
              part="filter"
              aria-pressed=${filter === this.filter ? 'true' : 'false'}
              @click=${() => {
                this.filter = filter;
                this.form = null;
                this.moreError = '';
              }}
            >
              ${this.text(`filter.${filter ?? 'all'}`)}
            </button>`,
        )}
      </div>
      ${
        list?.status === 'ready'
          ? html`<span class="count">${this.text('waiting', { count: list.total })}</span>`
          : nothing
      }
    </div>`;
    let body: TemplateResult;
    if (!list || list.status === 'loading') body = this.renderSkeleton(this.text('loading'));
    else if (list.status === 'error') body = this.renderError(this.text('error'), list.error);
    else if (!list.items.length)
      body = html`<p class="empty" part="empty">${this.text(`empty.${this.filter ?? 'all'}`)}</p>`;
    else
      body = html`<ul class="items" part="list">
          ${repeat(list.items, itemKey, (item, i) => this.renderItem(item, i))}
        </ul>
        ${this.renderMore(list)}`;
    return html`${filters}${body}`;
  }

  // ---- rendering: the audit log ------------------------------------------------------------------

  private renderTarget(entry: AuditEntry): TemplateResult {
    const name = this.nameOf(entry.subject);
    if (entry.targetType === 'member') return html`${name}`;
    return html`${this.text('audit.post', { type: this.text(`type.${entry.targetType}`), name })}${
      entry.excerpt ? html` <span class="cell-excerpt">${entry.excerpt}</span>` : nothing
    }`;
  }

  /** A hold's reason is the reason of the flag that held the post: said in words. */
  private reasonOf(entry: AuditEntry): string {
    const flag = FLAG_REASONS.find((reason) => reason === entry.reason);
    return entry.action === 'hold' && flag ? this.text(`flag.${flag}`) : entry.reason;
  }

  private renderAudit(): TemplateResult {
    const list = this.audit.value;
    if (!list || list.status === 'loading') return this.renderSkeleton(this.text('audit.loading'));
    if (list.status === 'error') return this.renderError(this.text('audit.error'), list.error);
    if (!list.items.length)
      return html`<p class="empty" part="empty">${this.text('audit.empty')}</p>`;
    return html`<div class="table-wrap">
        <table class="audit" part="audit">
          <caption>
            ${this.text('audit.caption')}
          </caption>
          <thead>
            <tr>
              ${AUDIT_COLUMNS.map((c) => html`<th scope="col">${this.text(`audit.${c}`)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${repeat(
              list.items,
              (entry) => entry.id,
              (entry) =>
                html`<tr class="audit-row">
                  <th scope="row" tabindex="-1">${this.text(`audit.did.${entry.action}`)}</th>
                  <td>${entry.actor ? this.nameOf(entry.actor) : this.text('audit.byFlags')}</td>
                  <td>${this.renderTarget(entry)}</td>
                  <td class="cell-reason">${this.reasonOf(entry)}</td>
                  <td>${entry.until ? formatDateTime(this.resolvedLocale, entry.until) : ''}</td>
                  <td>${this.relativeTime(entry.at)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.renderMore(list)}`;
  }

  // ---- rendering ---------------------------------------------------------------------------------

  private renderViews(): TemplateResult {
    return html`<div
        class="tabs"
        part="tabs"
        role="tablist"
        aria-label=${this.text('views')}
        @keydown=${this.handleTabKey}
      >
        ${VIEWS.map(
          (view) =>
            html`<button
              type="button"
              class="tab"
              part="tab"
              role="tab"
              id="tab-${view}"
              aria-selected=${view === this.view ? 'true' : 'false'}
              aria-controls="panel-${view}"
              tabindex=${view === this.view ? '0' : '-1'}
              @click=${() => this.selectView(view)}
            >
              ${this.text(`tab.${view}`)}
            </button>`,
        )}
      </div>
      ${VIEWS.map(
        (view) =>
          html`<div
            class="panel"
            part="panel"
            role="tabpanel"
            id="panel-${view}"
            aria-labelledby="tab-${view}"
            tabindex="0"
            ?hidden=${view !== this.view}
          >
            ${view !== this.view ? nothing : view === 'queue' ? this.renderQueue() : this.renderAudit()}
          </div>`,
      )}`;
  }

  protected override render(): TemplateResult {
    const staff = this.staffSession;
    let content: TemplateResult | typeof nothing = nothing;
    if (staff) content = this.renderViews();
    else if (this.session)
      content = html`<p class="notice" part="notice">
        ${this.text(this.member ? 'notStaff' : 'signIn')}
      </p>`;
    else if (!this.configError) content = this.renderSkeleton(this.text('loading'));
    return html`<section
      part="base"
      class="base ${this.themeClass()}"
      aria-labelledby="moderation-heading"
      lang=${this.resolvedLocale}
    >
      <header class="header" part="header">
        <h2 id="moderation-heading" tabindex="-1">${this.text('heading')}</h2>
        ${
          staff
            ? html`<button
                type="button"
                class="btn refresh"
                part="refresh"
                @click=${this.handleRefresh}
              >
                ${this.text('refresh')}
              </button>`
            : nothing
        }
      </header>
      ${this.renderConfigError()} ${content} ${this.renderLiveRegion()}
    </section>`;
  }
}
