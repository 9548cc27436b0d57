import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  $globalConfig,
  $scopeVersion,
  $scriptConfig,
  THEMES,
  resolveConfig,
  type KithConfig,
  type Theme,
} from '../../core/config.js';
import { UnauthorizedError, toKithError, type KithError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import {
  $catalogs,
  formatDateTime,
  formatRelativeTime,
  loadLocale,
  pickLocale,
  translate,
  type MessageKey,
  type SupportedLocale,
} from '../../core/i18n.js';
import { isExpired } from '../../core/token.js';
import { sessionFor, type Session } from '../../stores/session.js';
import { oneOf } from './attributes.js';

/**
 * What every Kith element shares: resolving its config (attribute → `<kith-community>` →
 * `Kith.configure()` → script `data-*`) into a session, locale and theme; following those as they
 * change; one polite live region; turning failures into announced, evented messages; and telling the
 * host when it first shows.
 *
 * @fires kith-impression - The element became visible for the first time (once). `detail: { element }`
 */
export abstract class KithElement extends LitElement {
  /** `light`, `dark` or `auto` (follows the OS). Unset: inherit the page's colours. */
  @property() theme: Theme | undefined;

  /** Language of the element's texts (`en`, `de`). Default: config, then `<html lang>`. */
  @property() locale: string | undefined;

  /** The session (adapter + member) this element uses; `null` while resolving or misconfigured. */
  @state() protected session: Session | null = null;
  @state() protected configError: KithError | null = null;
  @state() protected resolvedLocale: SupportedLocale = 'en';
  @state() protected resolvedTheme: Theme | null = null;
  @state() private announcement = '';

  private unsubscribers: (() => void)[] = [];
  private resolveGeneration = 0;
  /** Watches for the element's first appearance in the viewport; `null` once it has appeared. */
  private impression?: IntersectionObserver | null;

  override connectedCallback(): void {
    super.connectedCallback();
    const refresh = () => this.refreshConfig();
    this.unsubscribers = [
      $globalConfig.listen(refresh),
      $scriptConfig.listen(refresh),
      $scopeVersion.listen(refresh),
      $catalogs.listen(() => this.requestUpdate()),
    ];
    this.refreshConfig();
    // `kith-impression` once, when any part of the element first shows in the viewport (an element
    // rendering nothing, zero high, does not count). No layout engine (tests in Node): no observer.
    if (this.impression === undefined && typeof IntersectionObserver == 'function') {
      this.impression = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting && e.intersectionRect.height)) return;
        this.impression!.disconnect();
        this.impression = null;
        emit(this, 'kith-impression', { element: this.localName });
      });
    }
    this.impression?.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this.unsubscribers) off();
    this.unsubscribers = [];
    this.impression?.disconnect();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('theme') || changed.has('locale')) this.refreshConfig();
  }

  /** The element's own contribution to config: its `theme` and `locale` attributes. */
  protected ownConfig(): KithConfig {
    const theme = this.theme
      ? oneOf(this.localName, 'theme', this.theme, THEMES, 'auto')
      : undefined;
    return { theme, locale: this.locale || undefined };
  }

  /** Re-resolves config; switches session when adapter, site or member changed. */
  protected refreshConfig(): void {
    const config = resolveConfig(this, this.ownConfig());
    this.resolvedLocale = pickLocale(config.locale);
    void loadLocale(this.resolvedLocale);
    this.resolvedTheme = config.theme ?? null;
    const generation = ++this.resolveGeneration;
    sessionFor(config).then(
      (session) => {
        if (generation !== this.resolveGeneration) return;
        this.configError = null;
        if (session.key !== this.session?.key || session.token !== this.session?.token) {
          const previous = this.session;
          this.session = session;
          this.sessionChanged(session, previous);
        }
      },
      (error: unknown) => {
        if (generation !== this.resolveGeneration) return;
        this.session = null;
        this.configError = toKithError(error);
        console.error(`Kith <${this.localName}>: ${this.configError.message}`);
      },
    );
  }

  /** Called when the element moves to another session (first resolve, identify, sign-out). */
  protected sessionChanged(_session: Session, _previous: Session | null): void {}

  /** The signed-in member, when the token is present and not yet expired. */
  protected get member() {
    const m = this.session?.member;
    return m && !isExpired(m) ? m : null;
  }

  protected t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.resolvedLocale, key, params);
  }

  protected relativeTime(iso: string): TemplateResult {
    return html`<time datetime=${iso} title=${formatDateTime(this.resolvedLocale, iso)}
      >${formatRelativeTime(this.resolvedLocale, iso)}</time
    >`;
  }

  /** Says `message` through the element's polite live region. */
  protected announce(message: string): void {
    // Clearing first makes a repeated message be announced again.
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = message;
    });
  }

  protected renderLiveRegion(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      ${this.announcement}
    </div>`;
  }

  /** The message for a failure, in the element's language. */
  protected errorMessage(error: KithError): string {
    if (error instanceof UnauthorizedError && error.expired) return this.t('error.expired');
    switch (error.code) {
      case 'rate-limited':
        return this.t('error.rate-limited', {
          seconds: 'retryAfter' in error ? Number(error.retryAfter) : 30,
        });
      case 'config':
        return this.t('error.config', { message: error.message });
      case 'validation':
        // Field errors are shown at their fields; this is the summary.
        return 'fields' in error && Object.keys(error.fields as object).length
          ? this.t('error.validation')
          : error.message || this.t('error.validation');
      case 'forbidden':
      case 'conflict':
        // The backend says why ("suspended until …", "You posted this already.").
        return error.message || this.t(`error.${error.code}`);
      default:
        return this.t(`error.${error.code}` as MessageKey);
    }
  }

  /**
   * Reports a failure: fires `kith-error` (and `kith-auth-expired` for an expired token) and returns
   * the message to show. Callers decide where it is shown and announce it.
   */
  protected reportError(error: unknown, action: string): string {
    const kithError = toKithError(error);
    const message = this.errorMessage(kithError);
    if (kithError instanceof UnauthorizedError && kithError.expired) {
      emit(this, 'kith-auth-expired', { action });
    }
    emit(this, 'kith-error', { code: kithError.code, message, action });
    return message;
  }

  protected themeClass(): string {
    return this.resolvedTheme ? `theme-${this.resolvedTheme}` : 'theme-inherit';
  }

  protected renderConfigError(): TemplateResult | typeof nothing {
    if (!this.configError) return nothing;
    return html`<p class="config-error" part="error" role="alert">
      ${this.errorMessage(this.configError)}
    </p>`;
  }
}
