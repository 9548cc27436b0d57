-- Spam guards (issue 8, server/src/domain/spam.ts): duplicate posts, and what a guest gave besides
-- their name.

-- A hash of the post's normalised text (title and body, case and whitespace ignored), set when it is
-- written: the same author posting the same text of the same kind within the site's
-- `moderation.duplicateWindowHours` is refused. NULL for posts written before this migration.
-- (Reviews are one per member and product already: posting again edits.)
ALTER TABLE questions ADD COLUMN text_hash text;
ALTER TABLE answers ADD COLUMN text_hash text;
ALTER TABLE ideas ADD COLUMN text_hash text;
ALTER TABLE idea_comments ADD COLUMN text_hash text;

CREATE INDEX questions_by_text ON questions (site, author, text_hash) WHERE text_hash IS NOT NULL;
CREATE INDEX answers_by_text ON answers (site, author, text_hash) WHERE text_hash IS NOT NULL;
CREATE INDEX ideas_by_text ON ideas (site, author, text_hash) WHERE text_hash IS NOT NULL;
CREATE INDEX idea_comments_by_text ON idea_comments (site, author, text_hash)
  WHERE text_hash IS NOT NULL;

-- The e-mail address a guest gave (optional): for staff to reach them. Never shown, never mailed
-- (notification mail goes to `email`, which only a member token's claim sets).
ALTER TABLE members ADD COLUMN guest_email text
  CONSTRAINT members_guest_email_length CHECK (length(guest_email) <= 254);
