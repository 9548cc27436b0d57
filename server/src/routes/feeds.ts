/** Feed routes (issue 7): filled in by the feeds work. */
import type { RegisterRoutes } from './common.js';

export const registerFeedRoutes: RegisterRoutes = () => {};
