import { KithModeration } from './moderation.element.js';

export { KithModeration };

if (!customElements.get('kith-moderation')) {
  customElements.define('kith-moderation', KithModeration);
}

declare global {
  interface HTMLElementTagNameMap {
    'kith-moderation': KithModeration;
  }
}
