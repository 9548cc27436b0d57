import { KithRating } from './rating.element.js';

export { KithRating };

if (!customElements.get('kith-rating')) customElements.define('kith-rating', KithRating);

declare global {
  interface HTMLElementTagNameMap {
    'kith-rating': KithRating;
  }
}
