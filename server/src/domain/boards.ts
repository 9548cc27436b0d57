/**
 * Idea boards: their statuses (the six defaults and custom ones) and the per-member vote budget.
 * Unknown boards read as the defaults; staff configure a board (it comes into being then, or on the
 * first idea).
 */
import type { Board, IdeaStatusDefinition } from '../../../src/core/types.js';
import * as boardsDb from '../db/boards.js';
import type { Queryable } from '../db/database.js';
import { insertEvent } from '../db/events.js';
import { countHeldVotes } from '../db/ideas.js';
import type { SiteRow } from '../db/sites.js';
import { conflict } from '../errors.js';
import { assertStaff } from './auth.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

/** The member's votes left on the board: `null` without a budget or a member. */
export async function remainingVotes(
  db: Queryable,
  site: string,
  board: string,
  budget: number | null,
  member: string | null,
): Promise<number | null> {
  if (budget === null || member === null) return null;
  return Math.max(0, budget - (await countHeldVotes(db, site, board, member)));
}

export async function getBoard(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  slug: string,
): Promise<Board> {
  const board = await boardsDb.selectBoard(db, site.id, slug);
  if (!board) {
    return { slug, statuses: boardsDb.DEFAULT_STATUSES, voteBudget: null, votesRemaining: null };
  }
  return {
    ...board,
    votesRemaining: await remainingVotes(db, site.id, board.slug, board.voteBudget, viewer),
  };
}

export interface BoardConfig {
  statuses?: IdeaStatusDefinition[] | undefined;
  voteBudget?: number | null | undefined;
}

/**
 * Staff: `statuses` replaces the board's custom statuses (defaults named in it are relabelled,
 * recoloured or reordered; the others return to their defaults); `voteBudget` sets or (`null`)
 * removes the budget. Removing a custom status an idea still has is a 409.
 */
export async function configureBoard(
  ctx: WriteContext,
  slug: string,
  input: BoardConfig,
): Promise<WriteOutcome<Board>> {
  assertStaff(ctx.member);
  return performWrite(ctx, 200, async (tx) => {
    await applyBoardConfig(tx, ctx.site.id, ctx.member.id, slug, input);
    return getBoard(tx, ctx.site, ctx.member.id, slug);
  });
}

/** The configuration and its `board.configured` event (`actor` `null`: the CLI), in `tx`. */
export async function applyBoardConfig(
  tx: Queryable,
  site: string,
  actor: string | null,
  slug: string,
  input: BoardConfig,
): Promise<void> {
  await boardsDb.ensureBoard(tx, site, slug);
  await boardsDb.selectBoard(tx, site, slug, true);
  if (input.statuses) {
    const kept = input.statuses.map((s) => s.slug);
    const [used] = await boardsDb.statusesInUse(tx, site, slug, kept);
    if (used) {
      const one = used.ideas === 1;
      throw conflict(
        `The status "${used.slug}" is still used by ${one ? 'an idea' : `${used.ideas} ideas`}; give ${one ? 'it' : 'them'} another status first.`,
      );
    }
    await boardsDb.replaceStatuses(tx, site, slug, input.statuses);
  }
  if (input.voteBudget !== undefined)
    await boardsDb.setVoteBudget(tx, site, slug, input.voteBudget);
  await insertEvent(tx, {
    site,
    type: 'board.configured',
    actor,
    targetType: 'board',
    targetId: slug,
    payload: {
      ...(input.statuses && { statuses: input.statuses }),
      ...(input.voteBudget !== undefined && { voteBudget: input.voteBudget }),
    },
  });
}
