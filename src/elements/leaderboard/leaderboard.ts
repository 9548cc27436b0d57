import '../badge/badge.js';
import { KithLeaderboard } from './leaderboard.element.js';

export { KithLeaderboard };

if (!customElements.get('kith-leaderboard')) {
  customElements.define('kith-leaderboard', KithLeaderboard);
}

declare global {
  interface HTMLElementTagNameMap {
    'kith-leaderboard': KithLeaderboard;
  }
}
