-- Kith schema 3: idea voting. Boards (with their statuses and an optional vote budget), ideas, their
-- comments, status history and followers, and the notifications a status change creates.
--
-- The database enforces the rules: an idea's status is one of its board's statuses (foreign key), a
-- duplicate is merged into an idea of the same board (composite foreign key), an idea vote is +1, one
-- follow per member per idea (primary key). Constraint names are `<table>_<field>_<rule>` (see 001).

-- Boards come into being on first write, with the six default statuses.
CREATE TABLE boards (
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  slug text NOT NULL CONSTRAINT boards_slug_length CHECK (length(slug) BETWEEN 1 AND 200),
  -- Votes a member may hold at once on ideas that are not done, declined or merged; NULL: no limit.
  vote_budget integer CONSTRAINT boards_vote_budget_range CHECK (vote_budget BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  PRIMARY KEY (site, slug)
);

-- A board's statuses: the defaults (label and colour NULL unless staff set them) and custom ones.
CREATE TABLE board_statuses (
  site text NOT NULL,
  board text NOT NULL,
  slug text NOT NULL CONSTRAINT board_statuses_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  label text CONSTRAINT board_statuses_label_length CHECK (length(label) BETWEEN 1 AND 40),
  color text
    CONSTRAINT board_statuses_color_hex CHECK (color ~ '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$'),
  position integer NOT NULL
    CONSTRAINT board_statuses_order_range CHECK (position BETWEEN 0 AND 1000),
  -- A custom status needs a label (the element translates only the defaults).
  CONSTRAINT board_statuses_label_required CHECK (
    label IS NOT NULL
    OR slug IN ('open', 'under-review', 'planned', 'in-progress', 'done', 'declined')
  ),
  PRIMARY KEY (site, board, slug),
  FOREIGN KEY (site, board) REFERENCES boards (site, slug) ON DELETE CASCADE
);

CREATE TABLE ideas (
  site text NOT NULL,
  id text NOT NULL CONSTRAINT ideas_id_length CHECK (length(id) BETWEEN 1 AND 200),
  -- Insertion order: breaks ties between equal timestamps and anchors page cursors.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  board text NOT NULL,
  author text NOT NULL,
  title text NOT NULL CONSTRAINT ideas_title_length CHECK (length(title) BETWEEN 1 AND 200),
  body_source text NOT NULL CONSTRAINT ideas_body_length CHECK (length(body_source) <= 20000),
  body_html text NOT NULL,
  page_url text
    CONSTRAINT ideas_page_url_http CHECK (page_url ~ '^https?://' AND length(page_url) <= 2000),
  visibility text NOT NULL DEFAULT 'visible'
    CONSTRAINT ideas_visibility_known CHECK (visibility IN ('visible', 'held', 'hidden', 'deleted')),
  upvotes integer NOT NULL DEFAULT 0 CONSTRAINT ideas_upvotes_count CHECK (upvotes >= 0),
  status text NOT NULL DEFAULT 'open',
  -- Visible comments, including those moved in by merges.
  comment_count integer NOT NULL DEFAULT 0
    CONSTRAINT ideas_comment_count_count CHECK (comment_count >= 0),
  -- Set on a merged duplicate: the original (always a root: merges re-point earlier duplicates).
  merged_into text CONSTRAINT ideas_merged_into_other CHECK (merged_into <> id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body_source), 'B')
  ) STORED,
  PRIMARY KEY (site, id),
  -- The target of ideas_merged_into_same_board.
  CONSTRAINT ideas_board_id_unique UNIQUE (site, board, id),
  FOREIGN KEY (site, board) REFERENCES boards (site, slug),
  CONSTRAINT ideas_status_known
    FOREIGN KEY (site, board, status) REFERENCES board_statuses (site, board, slug),
  CONSTRAINT ideas_merged_into_same_board
    FOREIGN KEY (site, board, merged_into) REFERENCES ideas (site, board, id),
  FOREIGN KEY (site, author) REFERENCES members (site, id)
);

CREATE TABLE idea_comments (
  site text NOT NULL,
  id text NOT NULL CONSTRAINT idea_comments_id_length CHECK (length(id) BETWEEN 1 AND 200),
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  idea_id text NOT NULL,
  -- Set when a merge moved the comment here from a duplicate.
  from_idea_id text,
  author text NOT NULL,
  body_source text NOT NULL
    CONSTRAINT idea_comments_body_length CHECK (length(body_source) BETWEEN 1 AND 20000),
  body_html text NOT NULL,
  page_url text
    CONSTRAINT idea_comments_page_url_http CHECK (page_url ~ '^https?://' AND length(page_url) <= 2000),
  visibility text NOT NULL DEFAULT 'visible'
    CONSTRAINT idea_comments_visibility_known
    CHECK (visibility IN ('visible', 'held', 'hidden', 'deleted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  PRIMARY KEY (site, id),
  FOREIGN KEY (site, idea_id) REFERENCES ideas (site, id) ON DELETE CASCADE,
  FOREIGN KEY (site, from_idea_id) REFERENCES ideas (site, id),
  FOREIGN KEY (site, author) REFERENCES members (site, id)
);

-- The history of an idea's status; the latest change with a response is its official response.
CREATE TABLE idea_status_changes (
  site text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idea_id text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  response_source text
    CONSTRAINT idea_status_changes_response_length CHECK (length(response_source) <= 20000),
  response_html text,
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (site, idea_id) REFERENCES ideas (site, id) ON DELETE CASCADE,
  FOREIGN KEY (site, changed_by) REFERENCES members (site, id)
);

-- The author, the voters and the commenters follow an idea (and anyone who asks to).
CREATE TABLE idea_followers (
  site text NOT NULL,
  idea_id text NOT NULL,
  member text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, idea_id, member),
  FOREIGN KEY (site, idea_id) REFERENCES ideas (site, id) ON DELETE CASCADE,
  FOREIGN KEY (site, member) REFERENCES members (site, id)
);

-- What a member is told about (a status change of an idea they follow, …). Stored now; delivered and
-- read later.
CREATE TABLE notifications (
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member text NOT NULL,
  kind text NOT NULL CONSTRAINT notifications_kind_format CHECK (kind ~ '^[a-z]+(\.[a-z-]+)+$'),
  title text NOT NULL CONSTRAINT notifications_title_length CHECK (length(title) BETWEEN 1 AND 500),
  target_type text NOT NULL
    CONSTRAINT notifications_target_type_known
    CHECK (target_type IN ('question', 'answer', 'idea', 'comment', 'review')),
  target_id text NOT NULL,
  page_url text
    CONSTRAINT notifications_page_url_http CHECK (page_url ~ '^https?://' AND length(page_url) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  FOREIGN KEY (site, member) REFERENCES members (site, id)
);

-- An idea vote is an up vote (withdrawn by deleting it).
ALTER TABLE votes
  ADD CONSTRAINT votes_value_idea CHECK (target_type <> 'idea' OR value = 1);

-- Board configuration is an event too.
ALTER TABLE community_events DROP CONSTRAINT community_events_target_type_known;
ALTER TABLE community_events
  ADD CONSTRAINT community_events_target_type_known
  CHECK (
    target_type IN ('question', 'answer', 'idea', 'comment', 'review', 'member', 'site', 'board')
  );

-- Sorts of a board's listed ideas (merged duplicates are never listed), the status filter, search.
CREATE INDEX ideas_newest ON ideas (site, board, created_at DESC, seq DESC)
  WHERE merged_into IS NULL;
CREATE INDEX ideas_top ON ideas (site, board, upvotes DESC, created_at DESC, seq DESC)
  WHERE merged_into IS NULL;
CREATE INDEX ideas_by_status ON ideas (site, board, status, created_at DESC, seq DESC)
  WHERE merged_into IS NULL;
CREATE INDEX ideas_search ON ideas USING gin (search);
CREATE INDEX ideas_by_author ON ideas (site, author, created_at DESC);
-- Duplicates of an original (the detail's `mergedIdeas`, re-pointing on a merge).
CREATE INDEX ideas_merged ON ideas (site, merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX idea_comments_by_idea ON idea_comments (site, idea_id, created_at, seq);
CREATE INDEX idea_comments_by_author ON idea_comments (site, author, created_at DESC);
CREATE INDEX idea_status_changes_by_idea ON idea_status_changes (site, idea_id, id);
CREATE INDEX idea_followers_by_member ON idea_followers (site, member);
CREATE INDEX notifications_by_member ON notifications (site, member, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (site, member) WHERE read_at IS NULL;
