import { KithIdeas } from './ideas.element.js';

export { KithIdeas };

if (!customElements.get('kith-ideas')) customElements.define('kith-ideas', KithIdeas);

declare global {
  interface HTMLElementTagNameMap {
    'kith-ideas': KithIdeas;
  }
}
