/**
 * The memory adapter's ideas: boards with their statuses and vote budget, ideas and their votes,
 * comments, status changes with official responses, merges of duplicates, followers and the
 * notifications of status changes (shaped by `./notifications.ts`) — the rules of the reference server (docs/api.md, "Ideas").
 * `../memory.ts` loads this part on the first ideas read or write and runs each write in two steps
 * (see {@link TwoStepWrite}): the token, idempotency and persistence are its business.
 */
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.js';
import { isStaff } from '../../core/token.js';
import {
  DEFAULT_IDEA_STATUSES,
  IDEA_SORTS,
  type Board,
  type Idea,
  type IdeaComment,
  type IdeaDetail,
  type IdeaSort,
  type IdeaStatusDefinition,
  type MemberClaims,
  type OfficialResponse,
  type Page,
} from '../../core/types.js';
import {
  MAX_BODY,
  MAX_TITLE,
  byNewest,
  followKey,
  isRecord,
  isVisibleTo,
  paginate,
  parseCursor,
  placeIn,
  parseLimit,
  relevance,
  render,
  searchTerms,
  textIn,
  throwIfInvalid,
  time,
  validatePageUrl,
  voteKey,
  type IdeasBackend,
  type MemoryHost,
  type StoredIdea,
  type StoredIdeaComment,
  type StoredStatusChange,
} from './state.js';
import { excerptOf, notify, pageUrlOf } from './notifications.js';

type Fields = Record<string, string>;

/** Votes on ideas with these statuses do not count against the budget: they return to the member. */
const CLOSED_STATUSES: readonly string[] = ['done', 'declined'];
const STATUS_SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_STATUSES = 20;
const MAX_LABEL = 40;
const MAX_ORDER = 1000;
const MAX_BUDGET = 1000;
/** `trending`: a vote's weight halves every week. */
const HALF_LIFE_DAYS = 7;
const DAY = 86_400_000;

// ---- input checks -------------------------------------------------------------------------------

function requireStaff(claims: MemberClaims, what: string): void {
  if (!isStaff(claims)) throw new ForbiddenError(`Only staff can ${what}.`);
}

function ideaIdIn(value: unknown, field: string, fields: Fields): string {
  if (typeof value === 'string' && value) return value;
  fields[field] = 'Which idea?';
  return '';
}

const isDefaultStatus = (slug: string): boolean =>
  (DEFAULT_IDEA_STATUSES as readonly string[]).includes(slug);

/** A board's own statuses; fields are named like the server's (`statuses.2.label`). */
function statusesIn(value: unknown, fields: Fields): IdeaStatusDefinition[] {
  if (!Array.isArray(value)) {
    fields.statuses = 'The statuses must be a list.';
    return [];
  }
  if (value.length > MAX_STATUSES)
    fields.statuses = `A board has at most ${MAX_STATUSES} statuses of its own.`;
  const seen = new Set<string>();
  return value.map((entry: unknown, i) => {
    const at = `statuses.${i}`;
    const { slug, label, color, order } = isRecord(entry) ? entry : {};
    if (typeof slug !== 'string' || !STATUS_SLUG.test(slug)) {
      fields[`${at}.slug`] =
        'A status is 1–40 lower-case letters, digits and hyphens, not starting with a hyphen.';
    } else if (seen.has(slug)) {
      fields[`${at}.slug`] = `The status "${slug}" is listed twice.`;
    }
    seen.add(String(slug));
    if (label === undefined || label === null) {
      if (typeof slug === 'string' && !isDefaultStatus(slug))
        fields[`${at}.label`] = 'A status of your own needs a label.';
    } else if (
      typeof label !== 'string' ||
      !label.trim() ||
      label.trim().length > MAX_LABEL ||
      CONTROL.test(label)
    ) {
      fields[`${at}.label`] = `A label is 1–${MAX_LABEL} characters of plain text.`;
    }
    if (color !== undefined && color !== null && (typeof color !== 'string' || !COLOR.test(color)))
      fields[`${at}.color`] = 'A colour is written #rgb or #rrggbb.';
    if (!Number.isInteger(order) || (order as number) < 0 || (order as number) > MAX_ORDER)
      fields[`${at}.order`] = `The order is a whole number from 0 to ${MAX_ORDER}.`;
    return {
      slug: String(slug),
      ...(typeof label === 'string' && { label: label.trim() }),
      ...(typeof color === 'string' && { color }),
      order: order as number,
    };
  });
}

// ---- the backend --------------------------------------------------------------------------------

/** The ideas part of the memory adapter `host`. */
/* @__NO_SIDE_EFFECTS__ */
export function createIdeasBackend(host: MemoryHost): IdeasBackend {
  const { authorOf } = host;
  const nowIso = (): string => host.now().toISOString();

  /** Where votes, comments and follows on `idea` land: a merged duplicate resolves to its original. */
  function rootOf(idea: StoredIdea): StoredIdea {
    const seen = new Set<StoredIdea>();
    let current = idea;
    while (current.mergedInto !== null && !seen.has(current)) {
      seen.add(current);
      const next = host.state.ideas.get(current.mergedInto);
      if (!next) break;
      current = next;
    }
    return current;
  }

  function findIdea(ideaId: string, viewerId: string | null): StoredIdea {
    const idea = host.state.ideas.get(ideaId);
    const root = idea && rootOf(idea);
    if (!root || !isVisibleTo(root, viewerId)) throw new NotFoundError('This idea does not exist.');
    return root;
  }

  /** The defaults, as the board recoloured or reordered them, and its own; by order, then slug. */
  function statusesOf(board: string): IdeaStatusDefinition[] {
    const all = new Map<string, IdeaStatusDefinition>(
      DEFAULT_IDEA_STATUSES.map((slug, order) => [slug, { slug, order }]),
    );
    for (const status of host.state.boards.get(board)?.statuses ?? [])
      all.set(status.slug, { ...status });
    return [...all.values()].sort((a, b) => a.order - b.order || (a.slug < b.slug ? -1 : 1));
  }

  const countsAgainstBudget = (idea: StoredIdea): boolean =>
    idea.mergedInto === null && !CLOSED_STATUSES.includes(idea.status);

  /** `null` without a budget or a member; never below 0 (a lowered budget keeps the votes held). */
  function votesRemaining(memberId: string | null, board: string): number | null {
    const budget = host.state.boards.get(board)?.voteBudget ?? null;
    if (budget === null || memberId === null) return null;
    let held = 0;
    for (const vote of host.state.votes.values()) {
      const idea = vote.targetType === 'idea' && vote.memberId === memberId;
      const target = idea ? host.state.ideas.get(vote.targetId) : undefined;
      if (target?.board === board && countsAgainstBudget(target)) held++;
    }
    return Math.max(0, budget - held);
  }

  function castVote(idea: StoredIdea, memberId: string, at: string): void {
    host.state.votes.set(voteKey(memberId, 'idea', idea.id), {
      memberId,
      targetType: 'idea',
      targetId: idea.id,
      value: 1,
      createdAt: at,
    });
    idea.upvotes++;
  }

  function setFollowing(ideaId: string, memberId: string, following: boolean): void {
    const key = followKey(ideaId, memberId);
    if (following) host.state.followers.add(key);
    else host.state.followers.delete(key);
  }

  function followersOf(ideaId: string): string[] {
    const prefix = followKey(ideaId, '');
    return [...host.state.followers]
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length));
  }

  function toResponse(response: NonNullable<StoredStatusChange['response']>): OfficialResponse {
    return {
      bodyHtml: response.bodyHtml,
      author: authorOf(response.authorId),
      createdAt: response.createdAt,
    };
  }

  function toIdea(idea: StoredIdea, viewerId: string | null): Idea {
    let response: StoredStatusChange['response'];
    for (const change of host.state.statusChanges)
      if (change.ideaId === idea.id && change.response) response = change.response;
    let commentCount = 0;
    for (const comment of host.state.ideaComments.values())
      if (comment.ideaId === idea.id && isVisibleTo(comment, null)) commentCount++;
    return {
      ...host.postFields(idea, viewerId, 'idea'),
      board: idea.board,
      title: idea.title,
      status: idea.status,
      commentCount,
      officialResponse: response ? toResponse(response) : null,
      mergedInto: idea.mergedInto,
      following: viewerId !== null && host.state.followers.has(followKey(idea.id, viewerId)),
    };
  }

  function toComment(comment: StoredIdeaComment): IdeaComment {
    return {
      ...host.postBase(comment),
      ideaId: comment.ideaId,
      ...(comment.fromIdeaId !== undefined && { fromIdeaId: comment.fromIdeaId }),
    };
  }

  function toBoard(slug: string, viewerId: string | null): Board {
    return {
      slug,
      statuses: statusesOf(slug),
      voteBudget: host.state.boards.get(slug)?.voteBudget ?? null,
      votesRemaining: votesRemaining(viewerId, slug),
    };
  }

  // -- reads

  /** Σ over an idea's votes of 0.5^(age in days / 7), for every idea with votes. */
  function heat(): Map<string, number> {
    const now = host.now().getTime();
    const heat = new Map<string, number>();
    for (const vote of host.state.votes.values()) {
      if (vote.targetType !== 'idea') continue;
      const days = Math.max(0, now - time(vote.createdAt)) / DAY;
      heat.set(vote.targetId, (heat.get(vote.targetId) ?? 0) + 0.5 ** (days / HALF_LIFE_DAYS));
    }
    return heat;
  }

  function order(sort: IdeaSort): (a: StoredIdea, b: StoredIdea) => number {
    if (sort === 'newest') return byNewest;
    const top = (a: StoredIdea, b: StoredIdea): number => b.upvotes - a.upvotes || byNewest(a, b);
    if (sort === 'top') return top;
    const weights = heat();
    const weight = (idea: StoredIdea): number => weights.get(idea.id) ?? 0;
    return (a, b) => weight(b) - weight(a) || top(a, b);
  }

  function readIdeas(
    request: Extract<Parameters<IdeasBackend['read']>[0], { kind: 'ideas' }>,
    viewerId: string | null,
  ): Page<Idea> {
    const fields: Fields = {};
    if (typeof request.board !== 'string') fields.board = 'A board is required.';
    if (!IDEA_SORTS.includes(request.sort)) fields.sort = `Use one of ${IDEA_SORTS.join(', ')}.`;
    const status = request.status || null;
    if (status !== null && typeof status !== 'string') fields.status = 'Unknown status.';
    throwIfInvalid(fields);
    const limit = parseLimit(request.limit, 'limit');
    const offset = parseCursor(request.cursor, 'cursor');
    const terms = searchTerms(request.query);
    const sorted = order(request.sort);
    const matches = [...host.state.ideas.values()]
      .filter(
        (idea) =>
          idea.board === request.board &&
          idea.mergedInto === null &&
          (status === null || idea.status === status) &&
          isVisibleTo(idea, viewerId),
      )
      .map((idea) => ({ idea, rank: terms.length ? relevance(idea, terms) : 1 }))
      .filter((match) => match.rank > 0)
      .sort((a, b) => b.rank - a.rank || sorted(a.idea, b.idea));
    return paginate(matches, offset, limit, (match) => toIdea(match.idea, viewerId));
  }

  function readIdea(
    request: Extract<Parameters<IdeasBackend['read']>[0], { kind: 'idea' }>,
    viewerId: string | null,
  ): IdeaDetail {
    const idea = findIdea(request.ideaId, viewerId);
    const limit = parseLimit(request.commentLimit, 'commentLimit');
    const offset = parseCursor(request.commentCursor, 'commentCursor');
    const comments = [...host.state.ideaComments.values()]
      .filter((comment) => comment.ideaId === idea.id && isVisibleTo(comment, viewerId))
      .sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.seq - b.seq);
    return {
      idea: toIdea(idea, viewerId),
      comments: paginate(comments, offset, limit, toComment),
      history: host.state.statusChanges
        .filter((change) => change.ideaId === idea.id)
        .map((change) => ({
          from: change.from,
          to: change.to,
          ...(change.response && { response: toResponse(change.response) }),
          changedAt: change.changedAt,
          changedBy: authorOf(change.changedBy),
        })),
      mergedIdeas: [...host.state.ideas.values()]
        .filter((duplicate) => duplicate.mergedInto === idea.id)
        .map(({ id, title }) => ({ id, title })),
    };
  }

  // -- writes: validate (and render) first, then change the state at once

  return {
    read(request, viewerId) {
      if (request.kind === 'ideas') return readIdeas(request, viewerId);
      if (request.kind === 'idea') return readIdea(request, viewerId);
      if (typeof request.board !== 'string')
        throw new ValidationError('A board is required.', { board: 'A board is required.' });
      return toBoard(request.board, viewerId);
    },

    async vote(input, claims) {
      const fields: Fields = {};
      const ideaId = ideaIdIn(input?.targetId, 'targetId', fields);
      const value = input?.value;
      if (value !== 1 && value !== 0) fields.value = 'A vote on an idea is 1, or 0 to withdraw it.';
      throwIfInvalid(fields);
      return () => {
        const idea = findIdea(ideaId, claims.sub);
        const key = voteKey(claims.sub, 'idea', idea.id);
        const voted = host.state.votes.has(key);
        if (value === 1 && !voted) {
          if (countsAgainstBudget(idea) && votesRemaining(claims.sub, idea.board) === 0)
            throw new ConflictError('You have no votes left on this board.');
          castVote(idea, claims.sub, nowIso());
        } else if (value === 0 && voted) {
          host.state.votes.delete(key);
          idea.upvotes--;
        }
        if (value === 1) setFollowing(idea.id, claims.sub, true);
        return {
          targetType: 'idea',
          targetId: idea.id,
          value,
          score: idea.upvotes,
          upvotes: idea.upvotes,
          downvotes: 0,
          votesRemaining: votesRemaining(claims.sub, idea.board),
        };
      };
    },

    writes: {
      async submitIdea(input, claims) {
        const fields: Fields = {};
        const board = placeIn(input?.board, 'board', fields);
        const title = typeof input?.title === 'string' ? input.title.trim() : '';
        if (!title) fields.title = 'Enter a title for your idea.';
        else if (title.length > MAX_TITLE)
          fields.title = `The title must be at most ${MAX_TITLE} characters.`;
        const body = textIn(input?.body, 'body', fields, MAX_BODY);
        const pageUrl = validatePageUrl(input?.pageUrl, fields);
        throwIfInvalid(fields);
        const bodyHtml = await render(body);
        return () => {
          const at = nowIso();
          const { boards, ideas } = host.state;
          if (!boards.has(board))
            boards.set(board, { slug: board, voteBudget: null, statuses: [] });
          const idea: StoredIdea = {
            ...host.newPost('i_', claims.sub, { body, pageUrl }, bodyHtml, at),
            board,
            title,
            status: 'open',
            mergedInto: null,
          };
          ideas.set(idea.id, idea);
          // The author's vote, when their budget allows; the idea is created either way.
          if (votesRemaining(claims.sub, board) !== 0) castVote(idea, claims.sub, at);
          setFollowing(idea.id, claims.sub, true);
          return toIdea(idea, claims.sub);
        };
      },

      async setStatus(input, claims) {
        const fields: Fields = {};
        const ideaId = ideaIdIn(input?.ideaId, 'ideaId', fields);
        const status = input?.status;
        if (typeof status !== 'string' || !status) fields.status = 'Choose a status.';
        const response = textIn(input?.response, 'response', fields, MAX_BODY);
        throwIfInvalid(fields);
        requireStaff(claims, 'change the status of an idea');
        const responseHtml = response ? await render(response) : null;
        return () => {
          const idea = findIdea(ideaId, claims.sub);
          const definition = statusesOf(idea.board).find((s) => s.slug === status);
          if (!definition) {
            const message = 'This board has no such status.';
            throw new ValidationError(message, { status: message });
          }
          const at = nowIso();
          host.state.statusChanges.push({
            ideaId: idea.id,
            from: idea.status,
            to: status,
            ...(responseHtml !== null && {
              response: { bodyHtml: responseHtml, authorId: claims.sub, createdAt: at },
            }),
            changedAt: at,
            changedBy: claims.sub,
          });
          idea.status = status;
          notify(host.state, followersOf(idea.id), claims.sub, {
            kind: 'idea.status-changed',
            title: idea.title,
            targetType: 'idea',
            targetId: idea.id,
            ...(idea.pageUrl !== undefined && {
              pageUrl: pageUrlOf(idea.pageUrl, 'idea', idea.id),
            }),
            actor: authorOf(claims.sub),
            excerpt: excerptOf(responseHtml ?? ''),
            createdAt: at,
          });
          return toIdea(idea, claims.sub);
        };
      },

      async comment(input, claims) {
        const fields: Fields = {};
        const ideaId = ideaIdIn(input?.ideaId, 'ideaId', fields);
        const body = textIn(input?.body, 'body', fields, MAX_BODY, 'Write a comment first.');
        const pageUrl = validatePageUrl(input?.pageUrl, fields);
        throwIfInvalid(fields);
        const bodyHtml = await render(body);
        return () => {
          const idea = findIdea(ideaId, claims.sub);
          const comment: StoredIdeaComment = {
            ...host.newPost('ic_', claims.sub, { body, pageUrl }, bodyHtml, nowIso()),
            ideaId: idea.id,
          };
          host.state.ideaComments.set(comment.id, comment);
          setFollowing(idea.id, claims.sub, true);
          return toComment(comment);
        };
      },

      async merge(input, claims) {
        const fields: Fields = {};
        const duplicateId = ideaIdIn(input?.duplicateId, 'duplicateId', fields);
        const originalId = ideaIdIn(input?.originalId, 'originalId', fields);
        throwIfInvalid(fields);
        requireStaff(claims, 'merge ideas');
        return () => {
          const { ideas, votes, ideaComments } = host.state;
          const duplicate = ideas.get(duplicateId);
          const named = ideas.get(originalId);
          // As the server: the duplicate is the idea addressed (404), the original a field (400).
          if (!duplicate) throw new NotFoundError('This idea does not exist.');
          if (!named) fields.originalId = 'This idea does not exist.';
          throwIfInvalid(fields);
          const original = rootOf(named!);
          if (original.board !== duplicate!.board)
            fields.originalId = 'Only ideas on the same board can be merged.';
          else if (original === duplicate)
            fields.originalId = 'An idea cannot be merged into itself.';
          throwIfInvalid(fields);
          if (duplicate!.mergedInto !== null)
            throw new ConflictError('This idea has been merged already.');

          // A member who voted on both keeps one vote.
          for (const [key, vote] of [...votes]) {
            if (vote.targetType !== 'idea' || vote.targetId !== duplicateId) continue;
            votes.delete(key);
            const moved = voteKey(vote.memberId, 'idea', original.id);
            if (!votes.has(moved)) votes.set(moved, { ...vote, targetId: original.id });
          }
          original.upvotes = [...votes.values()].filter(
            (vote) => vote.targetType === 'idea' && vote.targetId === original.id,
          ).length;
          duplicate!.upvotes = 0;
          duplicate!.mergedInto = original.id;
          for (const comment of ideaComments.values()) {
            if (comment.ideaId !== duplicateId) continue;
            comment.ideaId = original.id;
            comment.fromIdeaId ??= duplicateId;
          }
          for (const memberId of followersOf(duplicateId))
            setFollowing(original.id, memberId, true);
          for (const idea of ideas.values())
            if (idea.mergedInto === duplicateId) idea.mergedInto = original.id;
          return toIdea(original, claims.sub);
        };
      },

      async configureBoard(input, claims) {
        const fields: Fields = {};
        const board = placeIn(input?.board, 'board', fields);
        const statuses =
          input?.statuses === undefined ? undefined : statusesIn(input.statuses, fields);
        const budget = input?.voteBudget;
        if (
          budget !== undefined &&
          budget !== null &&
          !(Number.isInteger(budget) && budget >= 1 && budget <= MAX_BUDGET)
        ) {
          fields.voteBudget = `The vote budget is a whole number from 1 to ${MAX_BUDGET}, or none.`;
        }
        throwIfInvalid(fields);
        requireStaff(claims, 'configure a board');
        return () => {
          const stored = host.state.boards.get(board) ?? {
            slug: board,
            voteBudget: null,
            statuses: [],
          };
          if (statuses) {
            const kept = new Set(statuses.map((s) => s.slug));
            for (const idea of host.state.ideas.values()) {
              if (idea.board === board && !isDefaultStatus(idea.status) && !kept.has(idea.status))
                throw new ConflictError(`The status "${idea.status}" is still used by an idea.`);
            }
            stored.statuses = statuses;
          }
          if (budget !== undefined) stored.voteBudget = budget;
          host.state.boards.set(board, stored);
          return toBoard(board, claims.sub);
        };
      },

      async follow(input, claims) {
        const fields: Fields = {};
        const ideaId = ideaIdIn(input?.ideaId, 'ideaId', fields);
        const following = input?.following;
        if (typeof following !== 'boolean') fields.following = 'Follow: true or false.';
        throwIfInvalid(fields);
        return () => {
          setFollowing(findIdea(ideaId, claims.sub).id, claims.sub, following);
          return { following };
        };
      },
    },
  };
}
