import { KithInsights } from './insights.element.js';

export { KithInsights };

if (!customElements.get('kith-insights')) {
  customElements.define('kith-insights', KithInsights);
}

declare global {
  interface HTMLElementTagNameMap {
    'kith-insights': KithInsights;
  }
}
