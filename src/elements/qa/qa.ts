import { KithQa } from './qa.element.js';

export { KithQa };

if (!customElements.get('kith-qa')) customElements.define('kith-qa', KithQa);

declare global {
  interface HTMLElementTagNameMap {
    'kith-qa': KithQa;
  }
}
