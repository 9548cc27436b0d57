/** Escalates questions unanswered past their site's `escalation.after` (domain/escalation.ts). */
import { escalateDueQuestions } from '../domain/escalation.js';
import type { Job } from './runner.js';

export const escalationJob: Job = {
  name: 'escalation',
  async run(ctx) {
    await escalateDueQuestions(ctx.db, ctx.log);
  },
};
