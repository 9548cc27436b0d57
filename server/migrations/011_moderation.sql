-- Moderation (issue 8): guests, suspensions, and flags settled by a staff decision.

-- A guest: a signed-out visitor who posted where the site allows guests (id `guest-<uuid>`, the name
-- they gave). Their posts wait in the moderation queue.
ALTER TABLE members ADD COLUMN guest boolean NOT NULL DEFAULT false;
-- A suspended member cannot write until then.
ALTER TABLE members ADD COLUMN suspended_until timestamptz;

-- A flag is open until staff decide on its post (approve, hide, delete): then it is settled, and only
-- flags raised after that count again.
ALTER TABLE flags ADD COLUMN settled_at timestamptz;
