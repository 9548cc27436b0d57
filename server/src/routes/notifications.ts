/** Notification routes (issue 7): filled in by the notifications work. */
import type { RegisterRoutes } from './common.js';

export const registerNotificationRoutes: RegisterRoutes = () => {};
