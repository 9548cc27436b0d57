/** SQL for members: upserted from token claims on every write; profiles and recent contributions. */
import type { ContributionRef, Role, TrustLevel } from '../../../src/core/types.js';
import type { Queryable } from './database.js';
import { iso, visibleTo } from './rows.js';

export interface MemberRow {
  id: string;
  name: string;
  avatar: string | null;
  roles: Role[];
  reputation: number;
  trustLevel: TrustLevel;
  firstSeenAt: string;
  lastSeenAt: string;
}

interface Raw {
  id: string;
  name: string;
  avatar: string | null;
  roles: string[];
  reputation: number;
  trust_level: number;
  first_seen_at: Date;
  last_seen_at: Date;
}

function fromRow(row: Raw): MemberRow {
  return {
    id: row.id,
    name: row.name,
    avatar: row.avatar,
    roles: row.roles as Role[],
    reputation: Number(row.reputation),
    trustLevel: Number(row.trust_level) as TrustLevel,
    firstSeenAt: iso(row.first_seen_at),
    lastSeenAt: iso(row.last_seen_at),
  };
}

/**
 * Who the token says the member is: name, avatar, roles and email follow the latest token (a token
 * without an `email` claim clears the stored address: the vendor decides, on every write). Staff and
 * moderators are at trust level 4 from their first write on (others' levels are recomputed after each
 * write, `domain/reputation.ts`).
 *
 * One member's writes take turns: this takes the member's advisory lock until COMMIT (votes rely on
 * it). The member's ROW is not locked here (only written when the token changed what it holds): other
 * members' writes change its reputation and trust level, and they lock member rows only at their end,
 * in order of id (`domain/reputation.ts`), so that holding a row while waiting for a post's lock
 * cannot deadlock.
 *
 * Returns until when the member is suspended (`null` when they are not, or it has passed), read in
 * the same statement, so that `performWrite` checks it without a round trip of its own.
 */
export async function upsertMember(
  db: Queryable,
  site: string,
  member: {
    id: string;
    name: string;
    avatar: string | null;
    roles: Role[];
    email?: string | null;
    /** A guest (domain/guests.ts): inserted with `guest` and the address they gave. */
    guest?: { email: string | null } | undefined;
  },
): Promise<{ suspendedUntil: string | null }> {
  await lockMemberWrites(db, site, member.id);
  const { rows } = await db.query<{ suspended_until: Date | null }>(
    `WITH claims AS (
       SELECT $1::text AS site, $2::text AS id, $3::text AS name, $4::text AS avatar,
         $5::text[] AS roles, $6::text AS email,
         CASE WHEN $5::text[] && ARRAY['staff', 'moderator'] THEN 4 ELSE 0 END AS trust_level,
         $7::boolean AS guest, $8::text AS guest_email
     ), inserted AS (
       INSERT INTO members (site, id, name, avatar, roles, email, trust_level, guest, guest_email)
       SELECT site, id, name, avatar, roles, email, trust_level, guest, guest_email FROM claims
       ON CONFLICT (site, id) DO NOTHING
       RETURNING id
     ), updated AS (
       UPDATE members m SET name = c.name, avatar = c.avatar, roles = c.roles, email = c.email,
         trust_level = greatest(m.trust_level, c.trust_level)
       FROM claims c
       WHERE m.site = c.site AND m.id = c.id AND NOT EXISTS (SELECT 1 FROM inserted)
         AND (m.name, m.avatar, m.roles, m.email, greatest(m.trust_level, c.trust_level))
           IS DISTINCT FROM (c.name, c.avatar, c.roles, c.email, m.trust_level)
     )
     -- The row as it was before this statement (a new member has none: not suspended).
     SELECT suspended_until FROM members
     WHERE site = $1 AND id = $2 AND suspended_until > now()`,
    [
      site,
      member.id,
      member.name,
      member.avatar,
      member.roles,
      member.email ?? null,
      member.guest !== undefined,
      member.guest?.email ?? null,
    ],
  );
  const until = rows[0]?.suspended_until;
  return { suspendedUntil: until ? iso(until) : null };
}

/** One member's writes take turns on this lock (held until COMMIT). */
export async function lockMemberWrites(db: Queryable, site: string, member: string): Promise<void> {
  // Class 7 keeps these apart from other advisory locks (single-key ones such as idea budgets).
  await db.query(`SELECT pg_advisory_xact_lock(7, hashtext($1::text || ':' || $2::text))`, [
    site,
    member,
  ]);
}

/** After a write: the member's reputation change, and that they were seen now (`seen`). */
export async function touchMember(
  db: Queryable,
  site: string,
  member: string,
  delta: number,
  seen: boolean,
): Promise<void> {
  await db.query(
    `UPDATE members SET reputation = reputation + $3,
       last_seen_at = CASE WHEN $4::boolean THEN now() ELSE last_seen_at END
     WHERE site = $1 AND id = $2`,
    [site, member, delta, seen],
  );
}

/** For the demo seed: a member with reputation, trust level and first-seen time. */
export async function insertSeedMember(
  db: Queryable,
  site: string,
  member: {
    id: string;
    name: string;
    avatar: string | null;
    roles: Role[];
    reputation: number;
    trustLevel: number;
    firstSeenAt: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO members (site, id, name, avatar, roles, reputation, trust_level, first_seen_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8::timestamptz, $8::timestamptz)
     ON CONFLICT (site, id) DO NOTHING`,
    [
      site,
      member.id,
      member.name,
      member.avatar,
      member.roles,
      member.reputation,
      member.trustLevel,
      member.firstSeenAt,
    ],
  );
}

export async function getMember(
  db: Queryable,
  site: string,
  id: string,
): Promise<MemberRow | null> {
  const { rows } = await db.query<Raw>(
    `SELECT id, name, avatar, roles, reputation, trust_level, first_seen_at, last_seen_at
     FROM members WHERE site = $1 AND id = $2`,
    [site, id],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The member's latest questions and answers, newest first. */
export async function recentContributions(
  db: Queryable,
  site: string,
  memberId: string,
  viewer: string | null,
  limit: number,
): Promise<ContributionRef[]> {
  const { rows } = await db.query<{
    target_type: 'question' | 'answer';
    target_id: string;
    title: string;
    page_url: string | null;
    created_at: Date;
  }>(
    `SELECT target_type, target_id, title, page_url, created_at FROM (
       SELECT 'question' AS target_type, q.id AS target_id, q.title, q.page_url, q.created_at, q.seq
       FROM questions q
       WHERE q.site = $1 AND q.author = $2 AND ${visibleTo('q', '$3')}
       UNION ALL
       SELECT 'answer', a.id, q.title, a.page_url, a.created_at, a.seq
       FROM answers a JOIN questions q ON q.site = a.site AND q.id = a.question_id
       WHERE a.site = $1 AND a.author = $2 AND ${visibleTo('a', '$3')} AND ${visibleTo('q', '$3')}
     ) contributions
     ORDER BY created_at DESC, seq DESC
     LIMIT $4`,
    [site, memberId, viewer, limit],
  );
  return rows.map((row) => ({
    targetType: row.target_type,
    targetId: row.target_id,
    title: row.title,
    ...(row.page_url && { pageUrl: row.page_url }),
    createdAt: iso(row.created_at),
  }));
}
