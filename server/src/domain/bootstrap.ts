/**
 * The bootstrap read: up to 20 `ReadRequest`s in one request (the stores coalesce every element's reads
 * into one), each answered through the same code as its own route. A failing slot fails alone.
 */
import type { z } from '@hono/zod-openapi';
import type { Queryable } from '../db/database.js';
import type { SiteRow } from '../db/sites.js';
import { ApiError, INTERNAL_MESSAGE, validation } from '../errors.js';
import {
  BoardReadRequest,
  CommunityReadRequest,
  IdeaReadRequest,
  IdeasReadRequest,
  LIMITS,
  LeaderboardReadRequest,
  MemberReadRequest,
  MembersReadRequest,
  NotificationsReadRequest,
  QuestionsReadRequest,
  RatingsReadRequest,
  ReviewsReadRequest,
  ThreadReadRequest,
  fieldErrors,
} from '../schemas.js';
import { getBoard } from './boards.js';
import { getIdea, listIdeas } from './ideas.js';
import { getLeaderboard, getMemberProfile, listMemberCards } from './members.js';
import { communityInfo } from './moderation-settings.js';
import { listNotifications } from './notifications.js';
import { getThread, listQuestions } from './questions.js';
import { getRatings, listReviews } from './reviews.js';

export type ReadOutcome =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

const SERVED = {
  questions: QuestionsReadRequest,
  thread: ThreadReadRequest,
  member: MemberReadRequest,
  members: MembersReadRequest,
  leaderboard: LeaderboardReadRequest,
  ideas: IdeasReadRequest,
  idea: IdeaReadRequest,
  board: BoardReadRequest,
  reviews: ReviewsReadRequest,
  ratings: RatingsReadRequest,
  notifications: NotificationsReadRequest,
  community: CommunityReadRequest,
} as const;

export function parseRequests(raw: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw validation('requests is not valid JSON.', {
      requests: 'Not a JSON array of read requests.',
    });
  }
  if (!Array.isArray(parsed)) {
    throw validation('requests must be a JSON array.', {
      requests: 'Not a JSON array of read requests.',
    });
  }
  if (parsed.length > LIMITS.bootstrapRequests) {
    const message = `At most ${LIMITS.bootstrapRequests} read requests at once.`;
    throw validation(message, { requests: message });
  }
  return parsed;
}

function parseSlot<S extends z.ZodType>(schema: S, request: unknown): z.output<S> {
  const result = schema.safeParse(request);
  if (!result.success) {
    const fields = fieldErrors(result.error);
    throw validation(Object.values(fields).join(' '), fields);
  }
  return result.data;
}

async function readOne(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  request: unknown,
): Promise<unknown> {
  const kind =
    request && typeof request === 'object' ? (request as { kind?: unknown }).kind : undefined;
  switch (kind) {
    case 'questions': {
      const r = parseSlot(SERVED.questions, request);
      return listQuestions(db, site, viewer, {
        topic: r.topic,
        sort: r.sort as 'active',
        limit: r.limit,
        cursor: r.cursor ?? null,
        ...(r.query !== undefined && { query: r.query }),
      });
    }
    case 'thread': {
      const r = parseSlot(SERVED.thread, request);
      return getThread(db, site, viewer, {
        questionId: r.questionId,
        answerLimit: r.answerLimit,
        answerCursor: r.answerCursor ?? null,
      });
    }
    case 'member': {
      const r = parseSlot(SERVED.member, request);
      return getMemberProfile(db, site, viewer, r.memberId);
    }
    case 'members': {
      const r = parseSlot(SERVED.members, request);
      return listMemberCards(db, site, r.ids);
    }
    case 'leaderboard': {
      const r = parseSlot(SERVED.leaderboard, request);
      return getLeaderboard(db, site, r);
    }
    case 'ideas': {
      const r = parseSlot(SERVED.ideas, request);
      return listIdeas(db, site, viewer, {
        board: r.board,
        sort: r.sort as 'top',
        status: r.status ?? null,
        limit: r.limit,
        cursor: r.cursor ?? null,
        query: r.query,
      });
    }
    case 'idea': {
      const r = parseSlot(SERVED.idea, request);
      return getIdea(db, site, viewer, {
        ideaId: r.ideaId,
        commentLimit: r.commentLimit,
        commentCursor: r.commentCursor ?? null,
      });
    }
    case 'board': {
      const r = parseSlot(SERVED.board, request);
      return getBoard(db, site, viewer, r.board);
    }
    case 'reviews': {
      const r = parseSlot(SERVED.reviews, request);
      return listReviews(db, site, viewer, { ...r, sort: r.sort as 'helpful' });
    }
    case 'ratings': {
      const r = parseSlot(SERVED.ratings, request);
      return getRatings(db, site, r.products);
    }
    case 'notifications': {
      const r = parseSlot(SERVED.notifications, request);
      return listNotifications(db, site, viewer, { limit: r.limit, cursor: r.cursor ?? null });
    }
    case 'community': {
      parseSlot(SERVED.community, request);
      return communityInfo(site);
    }
    default:
      throw new ApiError(
        400,
        'unsupported',
        `This server does not serve "${String(kind)}" reads yet.`,
      );
  }
}

export async function runBootstrap(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  requests: unknown[],
  onError: (error: unknown) => void = () => {},
): Promise<{ results: ReadOutcome[] }> {
  const results = await Promise.all(
    requests.map(async (request): Promise<ReadOutcome> => {
      try {
        return { ok: true, data: await readOne(db, site, viewer, request) };
      } catch (error) {
        if (error instanceof ApiError) {
          return {
            ok: false,
            error: {
              code: error.code,
              message: error.message,
              ...(error.fields && { fields: error.fields }),
            },
          };
        }
        onError(error);
        return { ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } };
      }
    }),
  );
  return { results };
}
