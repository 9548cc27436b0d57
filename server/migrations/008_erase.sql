-- Kith schema 8: erasing a member (POST /v1/members/{id}/erase, server/src/db/privacy.ts).
--
-- An erased member's posts, votes, photos, ledger entries and badges move to a new anonymous member
-- ("A former member", id `erased-<uuid>`), so that every count and average stays; the member's own row
-- and personal records (follows, notifications, idempotency keys, flags they raised, rate-limit
-- counters) are deleted. `erased_at` marks the anonymous member (`MemberSummary.erased`).

ALTER TABLE members ADD COLUMN erased_at timestamptz;
