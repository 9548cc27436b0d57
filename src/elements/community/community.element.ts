import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import type { KithAdapter } from '../../core/adapter.js';
import {
  $scopeVersion,
  THEMES,
  type ConfigScope,
  type KithConfig,
  type Theme,
} from '../../core/config.js';
import { warnOnce } from '../common/attributes.js';

/**
 * Scopes configuration for the Kith elements inside it: they use its `api`, `site`, `member-token`,
 * `adapter`, `locale` and `theme` unless they set their own. Renders its children unchanged.
 *
 * @summary A configuration scope for Kith elements.
 * @slot - Kith elements (and anything else).
 */
export class KithCommunity extends LitElement implements ConfigScope {
  /** The versioned API base, e.g. `https://community.acme.com/v1`. */
  @property() api: string | undefined;
  /** The site id. */
  @property() site: string | undefined;
  /** A member token signed by the vendor's server. */
  @property({ attribute: 'member-token' }) memberToken: string | undefined;
  /** `rest`, `memory`, a registered adapter name, or (as a property) an adapter instance. */
  @property({ attribute: 'adapter' }) adapter: string | KithAdapter | undefined;
  @property() locale: string | undefined;
  @property() theme: Theme | undefined;

  get kithScopeConfig(): KithConfig {
    let theme = this.theme;
    if (theme && !(THEMES as readonly string[]).includes(theme)) {
      warnOnce(this.localName, 'theme', theme, 'the outer configuration');
      theme = undefined;
    }
    return {
      api: this.api || undefined,
      site: this.site || undefined,
      memberToken: this.memberToken || undefined,
      adapter: this.adapter || undefined,
      locale: this.locale || undefined,
      theme,
    };
  }

  protected override updated(): void {
    $scopeVersion.set($scopeVersion.get() + 1);
  }

  override render() {
    return html`<slot></slot>`;
  }
}
