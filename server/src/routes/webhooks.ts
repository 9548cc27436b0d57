/** Webhook routes (issue 7): filled in by the webhooks work. */
import type { RegisterRoutes } from './common.js';

export const registerWebhookRoutes: RegisterRoutes = () => {};
