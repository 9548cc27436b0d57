/**
 * The demo seed: on the first development start, `demo/seed.js` (the memory adapter's `MemorySeed`:
 * members, questions, answers, idea boards, ideas, their comments, status history and followers,
 * product reviews with staff replies, and votes, with pre-rendered HTML) is loaded into the site
 * `demo`, with a `community_events` row for each post, vote, acceptance, status change and reply, at
 * the seeded times. Q&A is seeded into a site without questions, ideas into a site without ideas,
 * reviews into a site without reviews (so a database from before ideas or reviews gets them too).
 * The seed's reputation and trust levels are not taken as given: the ledger is derived from the
 * seeded votes, acceptances and statuses (`reconcileSite`), so every number shown is the ledger's.
 */
import { pathToFileURL } from 'node:url';
import type {
  Answer,
  Idea,
  IdeaComment,
  IdeaStatusChange,
  IdeaStatusDefinition,
  MemberSummary,
  Question,
  Review,
  Role,
} from '../../../src/core/types.js';
import type { Database, Queryable } from '../db/database.js';
import { insertAnswer } from '../db/answers.js';
import { followQuestionFor } from '../db/notifications.js';
import { ensureBoard, replaceStatuses, selectBoard, setVoteBudget } from '../db/boards.js';
import { insertEvent } from '../db/events.js';
import {
  changeStatus,
  countIdeas,
  insertComment,
  insertIdea,
  mergeIdea,
  recountIdea,
  setFollowing,
} from '../db/ideas.js';
import { insertSeedMember } from '../db/members.js';
import {
  countNewAnswer,
  countQuestions,
  insertQuestion,
  setAcceptedAnswer,
} from '../db/questions.js';
import * as reviewsDb from '../db/reviews.js';
import { getSite } from '../db/sites.js';
import { ensureTopic } from '../db/topics.js';
import { upsertVote } from '../db/votes.js';
import { plainTextToHtml } from '../../../src/core/plain-text.js';
import { reconcileSite } from './reputation.js';
import { sanitizeHtml } from './sanitize.js';

/** The memory adapter's `MemorySeed` (src/adapters/memory.ts), restated here for Node. */
export interface MemorySeed {
  members?: MemberSummary[];
  questions?: Question[];
  answers?: Answer[];
  /** Idea votes are `1`; `createdAt` (ISO) lets `trending` weigh them. */
  votes?: {
    memberId: string;
    targetType: string;
    targetId: string;
    value: 1 | -1;
    createdAt?: string;
  }[];
  boards?: { slug: string; voteBudget: number | null; statuses?: IdeaStatusDefinition[] }[];
  /** `upvotes` and `commentCount` are derived here from the votes and comments. */
  ideas?: Idea[];
  ideaComments?: IdeaComment[];
  /** Oldest first. */
  ideaStatusChanges?: (IdeaStatusChange & { ideaId: string })[];
  followers?: { ideaId: string; memberId: string }[];
  /**
   * Helpful votes are in `votes` (`targetType: 'review'`); `upvotes`/`downvotes` and the products'
   * summaries are derived here from the rows. One review per member per product (later ones skipped).
   */
  reviews?: Review[];
}

interface SeedMember {
  id: string;
  name: string;
  avatar?: string;
  roles: Role[];
  reputation: number;
  trustLevel: number;
}

export async function loadSeedFile(file: string): Promise<MemorySeed> {
  const module = (await import(pathToFileURL(file).href)) as { default?: MemorySeed };
  if (!module.default || typeof module.default !== 'object') {
    throw new Error(`${file} does not export a seed (export default { members, questions, … }).`);
  }
  return module.default;
}

/** A member the seed refers to, inserted on first mention (unknown ids as plain customers). */
type EnsureMember = (id: string) => Promise<void>;

/**
 * Loads the seed's Q&A into `site` unless it has questions already, and its ideas unless it has
 * ideas already; returns whether it loaded anything.
 */
export async function seedSite(db: Database, site: string, seed: MemorySeed): Promise<boolean> {
  const qa = (await countQuestions(db, site)) === 0;
  const ideas = (seed.ideas?.length ?? 0) > 0 && (await countIdeas(db, site)) === 0;
  const reviews = (seed.reviews?.length ?? 0) > 0 && (await reviewsDb.countReviews(db, site)) === 0;
  if (!qa && !ideas && !reviews) return false;
  await db.transaction(async (tx) => {
    const ensureMember = await seedMembers(tx, site, seed);
    if (qa) await seedQuestions(tx, site, seed, ensureMember);
    if (ideas) await seedIdeas(tx, site, seed, ensureMember);
    if (reviews) await seedReviews(tx, site, seed, ensureMember);
    const row = await getSite(tx, site);
    if (row) await reconcileSite(tx, row);
  });
  return true;
}

async function seedMembers(tx: Queryable, site: string, seed: MemorySeed): Promise<EnsureMember> {
  const now = new Date().toISOString();
  const firstSeen = new Map<string, string>();
  const note = (id: string, at: string): void => {
    const before = firstSeen.get(id);
    if (!before || at < before) firstSeen.set(id, at);
  };
  const posts = [
    ...(seed.questions ?? []),
    ...(seed.answers ?? []),
    ...(seed.ideas ?? []),
    ...(seed.reviews ?? []),
  ];
  for (const p of [...posts, ...(seed.ideaComments ?? [])]) note(p.author.id, p.createdAt);

  const known = new Map<string, SeedMember>();
  for (const m of [
    ...(seed.members ?? []),
    ...posts.map((p) => p.author),
    ...(seed.ideaComments ?? []).map((c) => c.author),
    ...(seed.ideaStatusChanges ?? []).map((c) => c.changedBy),
    ...(seed.reviews ?? []).flatMap((r) => (r.reply ? [r.reply.author] : [])),
  ]) {
    if (!known.has(m.id)) known.set(m.id, m);
  }
  const inserted = new Set<string>();
  const ensureMember: EnsureMember = async (id) => {
    if (inserted.has(id)) return;
    inserted.add(id);
    const m = known.get(id);
    await insertSeedMember(tx, site, {
      id,
      name: m?.name ?? id,
      avatar: m?.avatar ?? null,
      roles: m?.roles?.length ? m.roles : ['customer'],
      reputation: m?.reputation ?? 0,
      trustLevel: m?.trustLevel ?? 1,
      firstSeenAt: firstSeen.get(id) ?? now,
    });
  };
  for (const id of known.keys()) await ensureMember(id);
  return ensureMember;
}

async function seedQuestions(
  tx: Queryable,
  site: string,
  seed: MemorySeed,
  ensureMember: EnsureMember,
): Promise<void> {
  const now = new Date().toISOString();
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
    await followQuestionFor(tx, site, q.id, q.author.id, true);
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
      bodySource: a.bodySource || plainText(a.bodyHtml),
      bodyHtml: await sanitizeHtml(a.bodyHtml ?? ''),
      pageUrl: a.pageUrl ?? null,
      createdAt: a.createdAt,
      ...counts('answer', a),
    });
    answerQuestion.set(a.id, a.questionId);
    await countNewAnswer(tx, site, a.questionId, a.createdAt);
    await followQuestionFor(tx, site, a.questionId, a.author.id, true);
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
    await seedVote(tx, site, ensureMember, v.targetType, v.targetId, v);
  }
}

/** Markdown source for a post seeded with HTML only (answers and comments need some text). */
const plainText = (html: string | undefined): string => (html ?? '').replace(/<[^>]*>/g, '') || '…';

async function seedVote(
  tx: Queryable,
  site: string,
  ensureMember: EnsureMember,
  targetType: 'question' | 'answer' | 'idea' | 'review',
  targetId: string,
  v: { memberId: string; value: 1 | -1; createdAt?: string },
): Promise<void> {
  await ensureMember(v.memberId);
  const key = { site, member: v.memberId, targetType, targetId };
  await upsertVote(tx, key, v.value, v.createdAt ?? null);
  await insertEvent(tx, {
    site,
    type: 'vote.cast',
    actor: v.memberId,
    targetType,
    targetId,
    payload: { value: v.value, previous: 0, seeded: true },
    ...(v.createdAt && { createdAt: v.createdAt }),
  });
}

/**
 * Boards (statuses, budgets), ideas, their status history and comments, merges, followers and idea
 * votes. Counts are derived from the rows; an idea's status that its board lacks becomes `open`.
 */
async function seedIdeas(
  tx: Queryable,
  site: string,
  seed: MemorySeed,
  ensureMember: EnsureMember,
): Promise<void> {
  const configs = new Map((seed.boards ?? []).map((b) => [b.slug, b]));
  const statuses = new Map<string, Set<string>>();
  for (const slug of new Set([...configs.keys(), ...(seed.ideas ?? []).map((i) => i.board)])) {
    await ensureBoard(tx, site, slug);
    const config = configs.get(slug);
    if (config?.statuses?.length) await replaceStatuses(tx, site, slug, config.statuses);
    if (config?.voteBudget) await setVoteBudget(tx, site, slug, config.voteBudget);
    const board = await selectBoard(tx, site, slug);
    statuses.set(slug, new Set(board?.statuses.map((s) => s.slug)));
  }

  const ideas = new Map<string, Idea>();
  for (const idea of seed.ideas ?? []) {
    if (ideas.has(idea.id)) continue;
    ideas.set(idea.id, idea);
    await insertIdea(tx, {
      site,
      id: idea.id,
      board: idea.board,
      author: idea.author.id,
      title: idea.title,
      bodySource: idea.bodySource ?? '',
      bodyHtml: await sanitizeHtml(idea.bodyHtml ?? ''),
      pageUrl: idea.pageUrl ?? null,
      status: statuses.get(idea.board)?.has(idea.status) ? idea.status : 'open',
      createdAt: idea.createdAt,
    });
    await setFollowing(tx, site, idea.id, idea.author.id, true);
    await insertEvent(tx, {
      site,
      type: 'idea.submitted',
      actor: idea.author.id,
      targetType: 'idea',
      targetId: idea.id,
      payload: {
        board: idea.board,
        title: idea.title,
        pageUrl: idea.pageUrl ?? null,
        seeded: true,
      },
      createdAt: idea.createdAt,
    });
  }

  for (const change of seed.ideaStatusChanges ?? []) {
    const idea = ideas.get(change.ideaId);
    if (!idea || !statuses.get(idea.board)?.has(change.to)) continue;
    await ensureMember(change.changedBy.id);
    await changeStatus(tx, {
      site,
      ideaId: idea.id,
      from: change.from,
      to: change.to,
      responseSource: change.response ? plainText(change.response.bodyHtml) : null,
      responseHtml: change.response ? await sanitizeHtml(change.response.bodyHtml) : null,
      changedBy: change.changedBy.id,
      changedAt: change.changedAt,
      keepStatus: true,
    });
    await insertEvent(tx, {
      site,
      type: 'idea.status-changed',
      actor: change.changedBy.id,
      targetType: 'idea',
      targetId: idea.id,
      payload: { from: change.from, to: change.to, seeded: true },
      createdAt: change.changedAt,
    });
  }

  for (const c of seed.ideaComments ?? []) {
    if (!ideas.has(c.ideaId)) continue;
    await insertComment(tx, {
      site,
      id: c.id,
      ideaId: c.ideaId,
      author: c.author.id,
      bodySource: c.bodySource || plainText(c.bodyHtml),
      bodyHtml: await sanitizeHtml(c.bodyHtml ?? ''),
      pageUrl: c.pageUrl ?? null,
      fromIdeaId: c.fromIdeaId && ideas.has(c.fromIdeaId) ? c.fromIdeaId : null,
      createdAt: c.createdAt,
    });
    await setFollowing(tx, site, c.ideaId, c.author.id, true);
    await insertEvent(tx, {
      site,
      type: 'idea.commented',
      actor: c.author.id,
      targetType: 'comment',
      targetId: c.id,
      payload: { ideaId: c.ideaId, seeded: true },
      createdAt: c.createdAt,
    });
  }

  for (const f of seed.followers ?? []) {
    if (!ideas.has(f.ideaId)) continue;
    await ensureMember(f.memberId);
    await setFollowing(tx, site, f.ideaId, f.memberId, true);
  }

  // Merges (a duplicate of a duplicate counts for the root), after which votes land on originals.
  const rootOf = (id: string): string => {
    let current = id;
    for (let hops = 0; hops < ideas.size; hops++) {
      const next = ideas.get(current)?.mergedInto;
      if (!next || !ideas.has(next) || next === id) return current;
      current = next;
    }
    return current;
  };
  for (const idea of ideas.values()) {
    const root = rootOf(idea.id);
    if (root !== idea.id && ideas.get(root)?.board === idea.board)
      await mergeIdea(tx, site, idea.id, root);
  }

  const voted = new Set<string>();
  for (const v of seed.votes ?? []) {
    if (v.targetType !== 'idea' || !ideas.has(v.targetId) || v.value !== 1) continue;
    const target = rootOf(v.targetId);
    if (voted.has(`${v.memberId}:${target}`)) continue;
    voted.add(`${v.memberId}:${target}`);
    await seedVote(tx, site, ensureMember, 'idea', target, v);
    await setFollowing(tx, site, target, v.memberId, true);
  }
  for (const id of ideas.keys()) if (rootOf(id) === id) await recountIdea(tx, site, id);
}

/**
 * Products and their reviews (the HTML made again from the plain text), staff replies and helpful
 * votes; the helpful counts and the products' aggregates are counted from the rows.
 */
async function seedReviews(
  tx: Queryable,
  site: string,
  seed: MemorySeed,
  ensureMember: EnsureMember,
): Promise<void> {
  const seeded = new Set<string>();
  const byAuthor = new Set<string>();
  for (const r of seed.reviews ?? []) {
    const rating = Number(r.rating);
    if (seeded.has(r.id) || !Number.isInteger(rating) || rating < 1 || rating > 5) continue;
    if (byAuthor.has(`${r.product}\n${r.author.id}`)) continue;
    seeded.add(r.id);
    byAuthor.add(`${r.product}\n${r.author.id}`);
    await reviewsDb.lockProduct(tx, site, r.product);
    await reviewsDb.insertReview(tx, {
      site,
      id: r.id,
      product: r.product,
      author: r.author.id,
      rating,
      title: r.title ?? '',
      body: r.body || '…',
      bodyHtml: plainTextToHtml(r.body || '…'),
      verifiedPurchase: r.verifiedPurchase === true,
      pageUrl: r.pageUrl ?? null,
      createdAt: r.createdAt,
    });
    await insertEvent(tx, {
      site,
      type: 'review.submitted',
      actor: r.author.id,
      targetType: 'review',
      targetId: r.id,
      payload: { product: r.product, rating, edited: false, seeded: true },
      createdAt: r.createdAt,
    });
    if (r.reply?.body) {
      await ensureMember(r.reply.author.id);
      await reviewsDb.setReply(tx, {
        site,
        reviewId: r.id,
        author: r.reply.author.id,
        body: r.reply.body,
        bodyHtml: plainTextToHtml(r.reply.body),
        at: r.reply.createdAt,
      });
      await insertEvent(tx, {
        site,
        type: 'review.replied',
        actor: r.reply.author.id,
        targetType: 'review',
        targetId: r.id,
        payload: { product: r.product, reviewAuthor: r.author.id, replaced: false, seeded: true },
        createdAt: r.reply.createdAt,
      });
    }
  }
  const authorOf = new Map((seed.reviews ?? []).map((r) => [r.id, r.author.id]));
  for (const v of seed.votes ?? []) {
    if (v.targetType !== 'review' || !seeded.has(v.targetId)) continue;
    if ((v.value !== 1 && v.value !== -1) || authorOf.get(v.targetId) === v.memberId) continue;
    await seedVote(tx, site, ensureMember, 'review', v.targetId, v);
  }
  await reviewsDb.recountReviewVotes(tx, site);
  await reviewsDb.recountProducts(tx, site);
}
