-- Kith schema 7: reputation (an append-only ledger), badges and trust levels.
--
-- `reputation_events` is the ledger: every entry names the member, the points (never 0), why
-- (`reason`, one of src/core/reputation.ts `ReputationReason`), the post it is about and who caused it
-- (the voter, the asker; NULL for a status change). Entries are derived in the write's transaction from
-- the state the write left (server/src/domain/reputation.ts), so `members.reputation` is always the sum
-- of the member's entries. `scope` (`topic:<slug>`, `board:<slug>`, `product:<id>`) serves per-topic and
-- per-board leaderboards. Constraint names are `<table>_<field>_<rule>` (see 001).

CREATE TABLE reputation_events (
  id bigserial PRIMARY KEY,
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  member text NOT NULL,
  points integer NOT NULL CONSTRAINT reputation_events_points_nonzero CHECK (points <> 0),
  reason text NOT NULL
    CONSTRAINT reputation_events_reason_known CHECK (
      reason IN (
        'question.upvoted', 'question.downvoted', 'answer.upvoted', 'answer.downvoted',
        'answer.accepted', 'accept.given', 'review.helpful', 'idea.upvoted', 'idea.planned',
        'idea.done'
      )
    ),
  target_type text NOT NULL
    CONSTRAINT reputation_events_target_type_known
    CHECK (target_type IN ('question', 'answer', 'idea', 'comment', 'review')),
  target_id text NOT NULL,
  -- The member whose action this entry answers (the voter, the asker); NULL for staff decisions.
  cause_actor text,
  -- The community event of the write that made this entry.
  source_event bigint REFERENCES community_events (id) ON DELETE SET NULL,
  scope text CONSTRAINT reputation_events_scope_format CHECK (scope ~ '^(topic|board|product):.'),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Members are never deleted (an erase moves their rows to an anonymous member), as for posts.
  -- `cause_actor` has no foreign key: an erase re-points it with the rest of the member's records.
  FOREIGN KEY (site, member) REFERENCES members (site, id)
);

-- Each badge once per member, with what earned it (`{ metric, value, threshold }`).
CREATE TABLE badge_awards (
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  member text NOT NULL,
  badge text NOT NULL CONSTRAINT badge_awards_badge_format CHECK (badge ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  tier text NOT NULL CONSTRAINT badge_awards_tier_known CHECK (tier IN ('bronze', 'silver', 'gold')),
  awarded_at timestamptz NOT NULL DEFAULT now(),
  cause jsonb NOT NULL CONSTRAINT badge_awards_cause_object CHECK (jsonb_typeof(cause) = 'object'),
  source_event bigint REFERENCES community_events (id) ON DELETE SET NULL,
  PRIMARY KEY (site, member, badge),
  FOREIGN KEY (site, member) REFERENCES members (site, id)
);

-- A new member starts at level 0 (no post yet); the level is recomputed after each of their writes.
ALTER TABLE members ALTER COLUMN trust_level SET DEFAULT 0;

-- A post's entries (reconciliation), a member's (profile, export), a period's (leaderboards).
CREATE INDEX reputation_events_by_target ON reputation_events (site, target_type, target_id);
CREATE INDEX reputation_events_by_member ON reputation_events (site, member, created_at);
CREATE INDEX reputation_events_by_time ON reputation_events (site, created_at);
-- Active days and recent interactions of a member (metrics after every write, tie strength).
CREATE INDEX community_events_by_actor ON community_events (site, actor, created_at);
