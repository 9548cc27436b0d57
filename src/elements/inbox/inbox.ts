import { KithInbox } from './inbox.element.js';

export { KithInbox };

if (!customElements.get('kith-inbox')) {
  customElements.define('kith-inbox', KithInbox);
}

declare global {
  interface HTMLElementTagNameMap {
    'kith-inbox': KithInbox;
  }
}
