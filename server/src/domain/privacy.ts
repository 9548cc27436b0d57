/**
 * A member's own data: the export of everything stored about them, and erasure. Erasing keeps the
 * community whole: posts, votes and photos move to a new anonymous member ("A former member",
 * `erased: true`) with the same reputation and trust level, so every count and average stays; the
 * member's row and personal records go, and signing in again with the same id starts a new member.
 */
import { randomUUID } from 'node:crypto';
import type { MemberExport } from '../../../src/core/types.js';
import type { Database } from '../db/database.js';
import { insertEvent } from '../db/events.js';
import { upsertMember } from '../db/members.js';
import * as privacyDb from '../db/privacy.js';
import type { SiteRow } from '../db/sites.js';
import { forbidden, notFound } from '../errors.js';
import { isStaff, type Member } from './auth.js';
import { getMemberProfile } from './members.js';

export interface PrivacyContext {
  db: Database;
  site: SiteRow;
  member: Member;
}

/** Everything about the signed-in member, read in one snapshot. */
export async function exportMine(ctx: PrivacyContext): Promise<MemberExport> {
  return ctx.db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const member = await getMemberProfile(tx, ctx.site, ctx.member.id, ctx.member.id);
    const records = await privacyDb.selectMemberRecords(tx, ctx.site.id, ctx.member.id);
    return { exportedAt: new Date().toISOString(), site: ctx.site.id, member, records };
  });
}

/**
 * Erases `memberId`: the member themself, or staff and moderators (others: 403, before anything is
 * looked up). One transaction; the `member.erased` event names only the anonymous member.
 */
export async function eraseMember(ctx: PrivacyContext, memberId: string): Promise<void> {
  const self = memberId === ctx.member.id;
  if (!self && !isStaff(ctx.member)) {
    throw forbidden('Only the member themself, or staff, can erase a member.');
  }
  const site = ctx.site.id;
  const anonymous = `erased-${randomUUID()}`;
  await ctx.db.transaction(async (tx) => {
    if (!(await privacyDb.lockMember(tx, site, memberId))) {
      throw notFound('This member does not exist.');
    }
    if (!self) await upsertMember(tx, site, ctx.member);
    await privacyDb.eraseMember(tx, site, memberId, anonymous);
    await insertEvent(tx, {
      site,
      type: 'member.erased',
      // Erasing oneself is the (now anonymous) member's own act.
      actor: self ? anonymous : ctx.member.id,
      targetType: 'member',
      targetId: anonymous,
      payload: { by: self ? 'member' : 'staff' },
    });
  });
}
