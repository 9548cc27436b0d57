import { KithBadge } from './badge.element.js';

export { KithBadge };

if (!customElements.get('kith-badge')) customElements.define('kith-badge', KithBadge);

declare global {
  interface HTMLElementTagNameMap {
    'kith-badge': KithBadge;
  }
}
