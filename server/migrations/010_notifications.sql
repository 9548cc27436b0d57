-- Kith schema 10: notifications, question followers and notification mail
-- (server/src/domain/notifications.ts, server/src/jobs/mail.ts).
--
-- Asking, answering and voting on a question (or one of its answers) follow it; a member may unfollow
-- at any time, and that is remembered (`following = false`): voting again does not follow again, only
-- answering (writing in the thread asks to hear back) or following explicitly does. Ideas keep their
-- followers in `idea_followers` (migration 3).
--
-- Members get the address of a verified `email` token claim (it follows the latest token, like the
-- name) and the time they unsubscribed from notification mail with the signed link of a mail.
-- Notifications get who caused them, a short plain-text excerpt and their mail's state: a row is
-- `pending` when it was written for a member with an address who had not unsubscribed; the mail job
-- claims due rows (`sending`, with a lease in `email_due_at`), then marks them `sent`, `failed` (given
-- up) or `skipped` (unsubscribed, read or too old by the time it was due). NULL: no mail.

CREATE TABLE question_followers (
  site text NOT NULL,
  question_id text NOT NULL,
  member text NOT NULL,
  -- false: the member unfollowed (votes do not follow again).
  following boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  PRIMARY KEY (site, question_id, member),
  FOREIGN KEY (site, question_id) REFERENCES questions (site, id) ON DELETE CASCADE,
  FOREIGN KEY (site, member) REFERENCES members (site, id)
);

CREATE INDEX question_followers_by_member ON question_followers (site, member);

-- Existing questions: their askers, answerers and voters follow them (erased members' stand-ins not).
INSERT INTO question_followers (site, question_id, member, created_at)
SELECT f.site, f.question_id, f.member, min(f.created_at)
FROM (
  SELECT q.site, q.id AS question_id, q.author AS member, q.created_at FROM questions q
  UNION ALL
  SELECT a.site, a.question_id, a.author, a.created_at FROM answers a
  UNION ALL
  SELECT v.site, v.target_id, v.member, v.created_at FROM votes v WHERE v.target_type = 'question'
  UNION ALL
  SELECT v.site, a.question_id, v.member, v.created_at
  FROM votes v JOIN answers a ON a.site = v.site AND a.id = v.target_id
  WHERE v.target_type = 'answer'
) f
JOIN members m ON m.site = f.site AND m.id = f.member AND m.erased_at IS NULL
JOIN questions q ON q.site = f.site AND q.id = f.question_id
GROUP BY f.site, f.question_id, f.member;

ALTER TABLE members
  ADD COLUMN email text
    CONSTRAINT members_email_format
    CHECK (length(email) BETWEEN 3 AND 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  ADD COLUMN email_unsubscribed_at timestamptz;

ALTER TABLE notifications
  ADD COLUMN actor text,
  ADD COLUMN excerpt text NOT NULL DEFAULT ''
    CONSTRAINT notifications_excerpt_length CHECK (length(excerpt) <= 300),
  ADD COLUMN email_state text
    CONSTRAINT notifications_email_state_known
    CHECK (email_state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  ADD COLUMN email_attempts smallint NOT NULL DEFAULT 0
    CONSTRAINT notifications_email_attempts_count CHECK (email_attempts >= 0),
  -- pending: when to try (again); sending: when the lease of the instance sending it runs out.
  ADD COLUMN email_due_at timestamptz,
  ADD COLUMN emailed_at timestamptz,
  ADD CONSTRAINT notifications_email_due
    CHECK ((email_state IN ('pending', 'sending')) = (email_due_at IS NOT NULL)),
  -- An erase re-points it to the anonymous member, like the rest of the actor's records.
  ADD FOREIGN KEY (site, actor) REFERENCES members (site, id);

-- A badge is about the member.
ALTER TABLE notifications DROP CONSTRAINT notifications_target_type_known;
ALTER TABLE notifications
  ADD CONSTRAINT notifications_target_type_known
  CHECK (target_type IN ('question', 'answer', 'idea', 'comment', 'review', 'member'));

-- A member's notifications, newest first (ids grow), and the mail job's due rows.
DROP INDEX notifications_by_member;
CREATE INDEX notifications_by_member ON notifications (site, member, id DESC);
CREATE INDEX notifications_mail_due ON notifications (email_due_at)
  WHERE email_state IN ('pending', 'sending');
