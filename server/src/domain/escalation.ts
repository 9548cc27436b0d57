/**
 * Escalation: an unanswered question goes to the vendor's support (a `question.escalated` event, which
 * webhooks carry to a helpdesk) when it has waited `escalation.after` (the job, once per question even
 * with several instances), or earlier when its asker asks ("I still need help", after
 * `escalation.askerAfter`) or staff do. A staff answer resolves it (`question.escalation-resolved`).
 */
import type { Question } from '../../../src/core/types.js';
import type { Database, Queryable } from '../db/database.js';
import * as escalationDb from '../db/escalation.js';
import { insertEvent } from '../db/events.js';
import * as questionsDb from '../db/questions.js';
import { listSites, type SiteRow } from '../db/sites.js';
import { conflict, forbidden, notFound } from '../errors.js';
import type { Logger } from '../log.js';
import { DEFAULT_ESCALATION, durationMs } from '../schemas.js';
import { isStaff, type Member } from './auth.js';
import { notifyForEvents } from './notifications.js';
import { isVisible } from './questions.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

export interface EscalationSettings {
  /** A duration like `24h`, or `off`. */
  after: string;
  askerAfter: string;
}

/** The site's escalation settings with the defaults filled in (as staff see them). */
export function escalationOf(site: SiteRow): EscalationSettings {
  const stored = (site.settings.escalation ?? {}) as Partial<EscalationSettings>;
  const valid = (value: unknown): value is string =>
    typeof value === 'string' && durationMs(value) !== null;
  return {
    after: stored.after === 'off' || valid(stored.after) ? stored.after : DEFAULT_ESCALATION.after,
    askerAfter: valid(stored.askerAfter) ? stored.askerAfter : DEFAULT_ESCALATION.askerAfter,
  };
}

/** The schedule's wait in milliseconds; `null` when it is off. */
export function scheduleMs(site: SiteRow): number | null {
  const { after } = escalationOf(site);
  return after === 'off' ? null : durationMs(after);
}

const NOT_FOUND = 'This question does not exist.';

/**
 * "I still need help": the asker (once `askerAfter` has passed since they asked) or staff (any time)
 * escalate a question. Escalating an escalated question returns it unchanged.
 */
export async function escalateQuestion(
  ctx: WriteContext,
  questionId: string,
): Promise<WriteOutcome<Question>> {
  return performWrite(ctx, 200, async (tx) => {
    const question = await questionsDb.lockQuestion(tx, ctx.site.id, questionId);
    if (!question || !isVisible(question, ctx.member.id)) throw notFound(NOT_FOUND);
    const staff = isStaff(ctx.member);
    if (!staff && question.author !== ctx.member.id) {
      throw forbidden('Only the person who asked, or staff, can escalate a question.');
    }
    if (question.escalatedAt === null) {
      if (question.acceptedAnswerId !== null) {
        throw conflict('An answer to this question was accepted: it needs no escalation.');
      }
      if (!staff) {
        const wait = durationMs(escalationOf(ctx.site).askerAfter)!;
        const from = new Date(Date.parse(question.createdAt) + wait);
        if (from.getTime() > Date.now()) {
          throw conflict(
            `Give the community a little time: you can ask for support from ${from.toISOString()}.`,
          );
        }
      }
      const by = staff && question.author !== ctx.member.id ? 'staff' : 'asker';
      if (await escalationDb.markEscalated(tx, ctx.site.id, question.id, by)) {
        await insertEvent(tx, {
          site: ctx.site.id,
          type: 'question.escalated',
          actor: ctx.member.id,
          targetType: 'question',
          targetId: question.id,
          payload: { by, questionAuthor: question.author },
        });
      }
    }
    return (await questionsDb.selectQuestion(tx, ctx.site.id, question.id, ctx.member.id))!;
  });
}

/**
 * In a new answer's transaction, with the question locked: a staff answer resolves the question's open
 * escalation.
 */
export async function resolveByAnswer(
  tx: Queryable,
  site: string,
  member: Member,
  question: questionsDb.LockedQuestion,
  answerId: string,
): Promise<void> {
  if (!isStaff(member) || question.escalatedAt === null || question.escalationResolvedAt !== null)
    return;
  if (!(await escalationDb.markResolved(tx, site, question.id))) return;
  await insertEvent(tx, {
    site,
    type: 'question.escalation-resolved',
    actor: member.id,
    targetType: 'question',
    targetId: question.id,
    payload: { answerId, questionAuthor: question.author },
  });
}

/** Escalations per transaction: short transactions, so answers never wait long for the sweep. */
const BATCH = 100;

/**
 * The scheduled sweep over every site: escalates what is due, each question in a transaction with its
 * `question.escalated` event. Returns how many it escalated.
 */
export async function escalateDueQuestions(db: Database, log?: Logger): Promise<number> {
  let total = 0;
  for (const site of await listSites(db)) {
    const afterMs = scheduleMs(site);
    if (afterMs === null) continue;
    for (;;) {
      const escalated = await db.transaction(async (tx) => {
        const rows = await escalationDb.escalateDue(tx, site.id, afterMs, BATCH);
        const events: string[] = [];
        for (const row of rows) {
          const id = await insertEvent(tx, {
            site: site.id,
            type: 'question.escalated',
            actor: null,
            targetType: 'question',
            targetId: row.id,
            payload: { by: 'schedule', questionAuthor: row.author },
          });
          events.push(id);
        }
        // The askers hear that support has their question (in this transaction, like a write's).
        await notifyForEvents(tx, site, events);
        return rows.length;
      });
      total += escalated;
      if (escalated) log?.info({ site: site.id, escalated }, 'questions escalated');
      if (escalated < BATCH) break;
    }
  }
  return total;
}
