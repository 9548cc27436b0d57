-- Moderation (issue 8): guests, suspensions, and flags settled by a staff decision.

-- A guest: a signed-out visitor who posted where the site allows guests (id `guest-<uuid>`, the name
-- they gave). Their posts wait in the moderation queue.
ALTER TABLE members ADD COLUMN guest boolean NOT NULL DEFAULT false;
-- A suspended member cannot write until then.
ALTER TABLE members ADD COLUMN suspended_until timestamptz;

-- A flag is open until staff decide on its post (approve, hide, delete): then it is settled, and only
-- flags raised after that count again.
ALTER TABLE flags ADD COLUMN settled_at timestamptz;

-- The moderation queue: held posts of each kind, and the open flags of a post.
CREATE INDEX questions_held ON questions (site) WHERE visibility = 'held';
CREATE INDEX answers_held ON answers (site) WHERE visibility = 'held';
CREATE INDEX ideas_held ON ideas (site) WHERE visibility = 'held';
CREATE INDEX idea_comments_held ON idea_comments (site) WHERE visibility = 'held';
CREATE INDEX reviews_held ON reviews (site) WHERE visibility = 'held';
CREATE INDEX flags_open ON flags (site, target_type, target_id) WHERE settled_at IS NULL;

-- The audit log: moderation events of a site, newest first.
CREATE INDEX community_events_moderation ON community_events (site, id DESC)
  WHERE type IN ('content.held', 'content.approved', 'content.hidden', 'content.deleted',
    'member.warned', 'member.suspended', 'member.unsuspended');
