/**
 * The demo seed: on the first development start, `demo/seed.js` (the memory adapter's `MemorySeed`:
 * members, questions, answers, votes with pre-rendered HTML) is loaded into the site `demo`, with a
 * `community_events` row for each post, vote and acceptance, at the seeded times.
 */
import { pathToFileURL } from 'node:url';
import type { Answer, MemberSummary, Question, Role } from '../../../src/core/types.js';
import type { Database } from '../db/database.js';
import { insertAnswer } from '../db/answers.js';
import { insertEvent } from '../db/events.js';
import { insertSeedMember } from '../db/members.js';
import {
  countNewAnswer,
  countQuestions,
  insertQuestion,
  setAcceptedAnswer,
} from '../db/questions.js';
import { ensureTopic } from '../db/topics.js';
import { upsertVote } from '../db/votes.js';
import { sanitizeHtml } from './sanitize.js';

/** The memory adapter's `MemorySeed` (src/adapters/memory.ts), restated here for Node. */
export interface MemorySeed {
  members?: MemberSummary[];
  questions?: Question[];
  answers?: Answer[];
  votes?: { memberId: string; targetType: string; targetId: string; value: 1 | -1 }[];
}

export async function loadSeedFile(file: string): Promise<MemorySeed> {
  const module = (await import(pathToFileURL(file).href)) as { default?: MemorySeed };
  if (!module.default || typeof module.default !== 'object') {
    throw new Error(`${file} does not export a seed (export default { members, questions, … }).`);
  }
  return module.default;
}

/** Loads the seed into `site` unless it has questions already; returns whether it did. */
export async function seedSite(db: Database, site: string, seed: MemorySeed): Promise<boolean> {
  if ((await countQuestions(db, site)) > 0) return false;
  await db.transaction(async (tx) => {
    const now = new Date().toISOString();
    const firstSeen = new Map<string, string>();
    const note = (id: string, at: string): void => {
      const before = firstSeen.get(id);
      if (!before || at < before) firstSeen.set(id, at);
    };
    for (const q of seed.questions ?? []) note(q.author.id, q.createdAt);
    for (const a of seed.answers ?? []) note(a.author.id, a.createdAt);

    const members = new Map<
      string,
      {
        id: string;
        name: string;
        avatar?: string;
        roles: Role[];
        reputation: number;
        trustLevel: number;
      }
    >();
    for (const m of [
      ...(seed.members ?? []),
      ...(seed.questions ?? []).map((q) => q.author),
      ...(seed.answers ?? []).map((a) => a.author),
    ]) {
      if (!members.has(m.id)) members.set(m.id, m);
    }
    for (const m of members.values()) {
      await insertSeedMember(tx, site, {
        id: m.id,
        name: m.name,
        avatar: m.avatar ?? null,
        roles: m.roles?.length ? m.roles : ['customer'],
        reputation: m.reputation ?? 0,
        trustLevel: m.trustLevel ?? 1,
        firstSeenAt: firstSeen.get(m.id) ?? now,
      });
    }

    // Seeded counts include the seeded votes; raised to the number of votes when a seed lists more.
    const listed = new Map<string, { up: number; down: number }>();
    for (const v of seed.votes ?? []) {
      const key = `${v.targetType}:${v.targetId}`;
      const c = listed.get(key) ?? { up: 0, down: 0 };
      if (v.value === 1) c.up++;
      else c.down++;
      listed.set(key, c);
    }
    const counts = (
      type: string,
      post: { id: string; upvotes?: number; downvotes?: number; score?: number },
    ) => {
      let up = Math.max(0, Math.floor(Number(post.upvotes) || 0));
      let down = Math.max(0, Math.floor(Number(post.downvotes) || 0));
      const score = Math.floor(Number(post.score) || 0);
      if (up === 0 && down === 0 && score !== 0) {
        up = Math.max(score, 0);
        down = Math.max(-score, 0);
      }
      const c = listed.get(`${type}:${post.id}`);
      return { upvotes: Math.max(up, c?.up ?? 0), downvotes: Math.max(down, c?.down ?? 0) };
    };

    const questionIds = new Set<string>();
    for (const q of seed.questions ?? []) {
      await ensureTopic(tx, site, q.topic);
      await insertQuestion(tx, {
        site,
        id: q.id,
        topic: q.topic,
        author: q.author.id,
        title: q.title,
        bodySource: q.bodySource ?? '',
        bodyHtml: await sanitizeHtml(q.bodyHtml ?? ''),
        pageUrl: q.pageUrl ?? null,
        createdAt: q.createdAt,
        activeAt: q.activeAt ?? q.createdAt,
        ...counts('question', q),
      });
      questionIds.add(q.id);
      await insertEvent(tx, {
        site,
        type: 'question.asked',
        actor: q.author.id,
        targetType: 'question',
        targetId: q.id,
        payload: { topic: q.topic, title: q.title, pageUrl: q.pageUrl ?? null, seeded: true },
        createdAt: q.createdAt,
      });
    }

    const answerQuestion = new Map<string, string>();
    const accepted = new Map<string, string>();
    for (const a of seed.answers ?? []) {
      if (!questionIds.has(a.questionId)) continue;
      await insertAnswer(tx, {
        site,
        id: a.id,
        questionId: a.questionId,
        author: a.author.id,
        bodySource: a.bodySource || a.bodyHtml.replace(/<[^>]*>/g, '') || '…',
        bodyHtml: await sanitizeHtml(a.bodyHtml ?? ''),
        pageUrl: a.pageUrl ?? null,
        createdAt: a.createdAt,
        ...counts('answer', a),
      });
      answerQuestion.set(a.id, a.questionId);
      await countNewAnswer(tx, site, a.questionId, a.createdAt);
      await insertEvent(tx, {
        site,
        type: 'answer.posted',
        actor: a.author.id,
        targetType: 'answer',
        targetId: a.id,
        payload: { questionId: a.questionId, seeded: true },
        createdAt: a.createdAt,
      });
      if (a.accepted && !accepted.has(a.questionId)) accepted.set(a.questionId, a.id);
    }
    for (const q of seed.questions ?? []) {
      if (q.acceptedAnswerId && answerQuestion.get(q.acceptedAnswerId) === q.id)
        accepted.set(q.id, q.acceptedAnswerId);
    }
    const authorOf = new Map<string, string>();
    for (const q of seed.questions ?? []) authorOf.set(q.id, q.author.id);
    for (const [questionId, answerId] of accepted) {
      await setAcceptedAnswer(tx, site, questionId, answerId);
      const at = seed.questions?.find((q) => q.id === questionId)?.activeAt ?? now;
      await insertEvent(tx, {
        site,
        type: 'answer.accepted',
        actor: authorOf.get(questionId) ?? null,
        targetType: 'answer',
        targetId: answerId,
        payload: { questionId, answerId, previousAnswerId: null, seeded: true },
        createdAt: at,
      });
    }

    const targets = new Set([...questionIds, ...answerQuestion.keys()]);
    for (const v of seed.votes ?? []) {
      if ((v.targetType !== 'question' && v.targetType !== 'answer') || !targets.has(v.targetId))
        continue;
      if (v.value !== 1 && v.value !== -1) continue;
      if (!members.has(v.memberId)) {
        await insertSeedMember(tx, site, {
          id: v.memberId,
          name: v.memberId,
          avatar: null,
          roles: ['customer'],
          reputation: 0,
          trustLevel: 1,
          firstSeenAt: now,
        });
        members.set(v.memberId, {
          id: v.memberId,
          name: v.memberId,
          roles: ['customer'],
          reputation: 0,
          trustLevel: 1,
        });
      }
      const targetType = v.targetType as 'question' | 'answer';
      const key = { site, member: v.memberId, targetType, targetId: v.targetId };
      await upsertVote(tx, key, v.value);
      await insertEvent(tx, {
        site,
        type: 'vote.cast',
        actor: v.memberId,
        targetType,
        targetId: v.targetId,
        payload: { value: v.value, previous: 0, seeded: true },
      });
    }
  });
  return true;
}
