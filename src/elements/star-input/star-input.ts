import { registerMessages } from '../../core/i18n.js';
import messages from '../../locales/stars/en.js';
import { KithStarInput } from './star-input.element.js';

export { KithStarInput };

registerMessages(messages, { de: () => import('../../locales/stars/de.js') });

if (!customElements.get('kith-star-input')) customElements.define('kith-star-input', KithStarInput);

declare global {
  interface HTMLElementTagNameMap {
    'kith-star-input': KithStarInput;
  }
}
