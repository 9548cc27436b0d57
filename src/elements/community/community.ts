import { KithCommunity } from './community.element.js';

export { KithCommunity };

if (!customElements.get('kith-community')) customElements.define('kith-community', KithCommunity);

declare global {
  interface HTMLElementTagNameMap {
    'kith-community': KithCommunity;
  }
}
