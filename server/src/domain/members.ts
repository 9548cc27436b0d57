/** Members: the public profile (summary, joined, recent contributions). */
import type { MemberProfile } from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import * as membersDb from '../db/members.js';
import type { SiteRow } from '../db/sites.js';
import { notFound } from '../errors.js';

const RECENT_CONTRIBUTIONS = 10;

export async function getMemberProfile(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  memberId: string,
): Promise<MemberProfile> {
  const member = await membersDb.getMember(db, site.id, memberId);
  if (!member) throw notFound('This member does not exist.');
  const recent = await membersDb.recentContributions(
    db,
    site.id,
    member.id,
    viewer,
    RECENT_CONTRIBUTIONS,
  );
  return {
    id: member.id,
    name: member.name,
    ...(member.avatar && { avatar: member.avatar }),
    roles: member.roles,
    reputation: member.reputation,
    trustLevel: member.trustLevel,
    joinedAt: member.firstSeenAt,
    badges: [],
    recent,
  };
}
