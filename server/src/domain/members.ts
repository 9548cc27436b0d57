/**
 * Members: the public profile (card, every badge, tie strength, recent contributions), many cards at
 * once (`<kith-badge>`), and leaderboards from the reputation ledger.
 */
import { byTier, tieStrength } from '../../../src/core/reputation.js';
import type {
  BadgeAward,
  LeaderboardEntry,
  LeaderboardPeriod,
  MemberCard,
  MemberProfile,
} from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import * as membersDb from '../db/members.js';
import * as repDb from '../db/reputation.js';
import type { SiteRow } from '../db/sites.js';
import { notFound } from '../errors.js';
import { badgeOf } from './reputation.js';

const RECENT_CONTRIBUTIONS = 10;
const TOP_BADGES = 3;

/** The days a leaderboard period reaches back (`null`: ever). */
const PERIOD_DAYS: Record<LeaderboardPeriod, number | null> = { week: 7, month: 30, all: null };

function awardsOf(site: SiteRow, row: repDb.CardRow): BadgeAward[] {
  return row.awards.map((a) => ({
    badge: badgeOf(site, a.badge, a.tier),
    awardedAt: a.awardedAt,
    cause: a.cause,
  }));
}

function cardOf(site: SiteRow, row: repDb.CardRow): MemberCard & { badges: BadgeAward[] } {
  const badges = awardsOf(site, row);
  return {
    ...row.summary,
    topBadges: byTier(badges)
      .slice(0, TOP_BADGES)
      .map((a) => a.badge),
    badgeCount: badges.length,
    badges,
  };
}

export async function getMemberProfile(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  memberId: string,
): Promise<MemberProfile> {
  const member = await membersDb.getMember(db, site.id, memberId);
  const [row] = await repDb.memberCards(db, site.id, [memberId]);
  const figures = await repDb.tieFigures(db, site.id, memberId);
  if (!member || !row || !figures) throw notFound('This member does not exist.');
  const recent = await membersDb.recentContributions(
    db,
    site.id,
    member.id,
    viewer,
    RECENT_CONTRIBUTIONS,
  );
  const { metrics } = figures;
  return {
    ...cardOf(site, row),
    joinedAt: member.firstSeenAt,
    tieStrength: tieStrength({
      tenureDays: figures.tenureDays,
      activeDays: metrics.activeDays,
      recentInteractions: figures.recentInteractions,
      acceptedAnswers: metrics.acceptedAnswers,
      helpful: metrics.helpfulVotes + metrics.upvotes,
      contributions: metrics.posts,
      given: figures.given,
      received: figures.received,
    }),
    recent,
  };
}

/** Cards of the members asked for, in that order (each once); unknown ids are left out. */
export async function listMemberCards(
  db: Queryable,
  site: SiteRow,
  ids: string[],
): Promise<MemberCard[]> {
  const rows = await repDb.memberCards(db, site.id, [...new Set(ids)]);
  return rows.map((row) => {
    const { badges: _all, ...card } = cardOf(site, row);
    return card;
  });
}

/** The members who earned the most points in the period (in a topic or on a board), staff aside. */
export async function getLeaderboard(
  db: Queryable,
  site: SiteRow,
  query: {
    period: LeaderboardPeriod;
    topic?: string | undefined;
    board?: string | undefined;
    limit: number;
  },
): Promise<LeaderboardEntry[]> {
  const scope =
    query.topic !== undefined
      ? `topic:${query.topic}`
      : query.board !== undefined
        ? `board:${query.board}`
        : null;
  const rows = await repDb.leaderboard(db, site.id, {
    sinceDays: PERIOD_DAYS[query.period],
    scope,
    limit: query.limit,
  });
  return rows.map((row, i) => ({ member: row.member, points: row.points, rank: i + 1 }));
}
