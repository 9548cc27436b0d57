-- Kith schema 1: sites, members, topics, questions, answers, votes, community events, idempotency
-- keys and rate-limit counters. The same SQL runs on PGlite and PostgreSQL (15+).
--
-- The database enforces the rules: one vote per member per target (primary key), an accepted answer
-- belongs to its question (composite foreign key), foreign keys everywhere, checks on lengths and enums.
-- Constraint names matter: the server maps a violated check named `<table>_<field>_…` to that field.

CREATE TABLE sites (
  id text PRIMARY KEY CONSTRAINT sites_id_format CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  secret text NOT NULL CONSTRAINT sites_secret_length CHECK (length(secret) >= 16),
  allowed_origins text[] NOT NULL DEFAULT '{}',
  settings jsonb NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT sites_settings_object CHECK (jsonb_typeof(settings) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  id text NOT NULL CONSTRAINT members_id_length CHECK (length(id) BETWEEN 1 AND 200),
  name text NOT NULL CONSTRAINT members_name_length CHECK (length(name) BETWEEN 1 AND 200),
  avatar text CONSTRAINT members_avatar_url CHECK (avatar ~ '^https?://' AND length(avatar) <= 2000),
  roles text[] NOT NULL DEFAULT '{customer}'
    CONSTRAINT members_roles_known CHECK (
      cardinality(roles) >= 1 AND roles <@ ARRAY['customer', 'staff', 'expert', 'moderator']
    ),
  reputation integer NOT NULL DEFAULT 0,
  trust_level smallint NOT NULL DEFAULT 1
    CONSTRAINT members_trust_level_range CHECK (trust_level BETWEEN 0 AND 4),
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, id)
);

-- Topics come into being on first write.
CREATE TABLE topics (
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  slug text NOT NULL CONSTRAINT topics_slug_length CHECK (length(slug) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, slug)
);

CREATE TABLE questions (
  site text NOT NULL,
  id text NOT NULL CONSTRAINT questions_id_length CHECK (length(id) BETWEEN 1 AND 200),
  -- Insertion order: breaks ties between equal timestamps and anchors page cursors.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  topic text NOT NULL,
  author text NOT NULL,
  title text NOT NULL CONSTRAINT questions_title_length CHECK (length(title) BETWEEN 1 AND 200),
  body_source text NOT NULL
    CONSTRAINT questions_body_length CHECK (length(body_source) <= 20000),
  body_html text NOT NULL,
  page_url text
    CONSTRAINT questions_page_url_http CHECK (page_url ~ '^https?://' AND length(page_url) <= 2000),
  visibility text NOT NULL DEFAULT 'visible'
    CONSTRAINT questions_visibility_known CHECK (visibility IN ('visible', 'held', 'hidden', 'deleted')),
  upvotes integer NOT NULL DEFAULT 0 CONSTRAINT questions_upvotes_count CHECK (upvotes >= 0),
  downvotes integer NOT NULL DEFAULT 0 CONSTRAINT questions_downvotes_count CHECK (downvotes >= 0),
  score integer GENERATED ALWAYS AS (upvotes - downvotes) STORED,
  answer_count integer NOT NULL DEFAULT 0
    CONSTRAINT questions_answer_count_count CHECK (answer_count >= 0),
  accepted_answer_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  active_at timestamptz NOT NULL DEFAULT now(),
  escalated_at timestamptz,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body_source), 'B')
  ) STORED,
  PRIMARY KEY (site, id),
  FOREIGN KEY (site, topic) REFERENCES topics (site, slug),
  FOREIGN KEY (site, author) REFERENCES members (site, id)
);

CREATE TABLE answers (
  site text NOT NULL,
  id text NOT NULL CONSTRAINT answers_id_length CHECK (length(id) BETWEEN 1 AND 200),
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  question_id text NOT NULL,
  author text NOT NULL,
  body_source text NOT NULL
    CONSTRAINT answers_body_length CHECK (length(body_source) BETWEEN 1 AND 20000),
  body_html text NOT NULL,
  page_url text
    CONSTRAINT answers_page_url_http CHECK (page_url ~ '^https?://' AND length(page_url) <= 2000),
  visibility text NOT NULL DEFAULT 'visible'
    CONSTRAINT answers_visibility_known CHECK (visibility IN ('visible', 'held', 'hidden', 'deleted')),
  upvotes integer NOT NULL DEFAULT 0 CONSTRAINT answers_upvotes_count CHECK (upvotes >= 0),
  downvotes integer NOT NULL DEFAULT 0 CONSTRAINT answers_downvotes_count CHECK (downvotes >= 0),
  score integer GENERATED ALWAYS AS (upvotes - downvotes) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  PRIMARY KEY (site, id),
  -- The target of questions_accepted_answer_in_question.
  CONSTRAINT answers_question_id_unique UNIQUE (site, question_id, id),
  FOREIGN KEY (site, question_id) REFERENCES questions (site, id) ON DELETE CASCADE,
  FOREIGN KEY (site, author) REFERENCES members (site, id)
);

-- An accepted answer must be an answer to this very question.
ALTER TABLE questions
  ADD CONSTRAINT questions_accepted_answer_in_question
  FOREIGN KEY (site, id, accepted_answer_id) REFERENCES answers (site, question_id, id);

-- One vote per member per target. Targets of every kind share the table (ideas, reviews… later).
CREATE TABLE votes (
  site text NOT NULL,
  member text NOT NULL,
  target_type text NOT NULL
    CONSTRAINT votes_target_type_known
    CHECK (target_type IN ('question', 'answer', 'idea', 'comment', 'review')),
  target_id text NOT NULL,
  value smallint NOT NULL CONSTRAINT votes_value_sign CHECK (value IN (-1, 1)),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, member, target_type, target_id),
  FOREIGN KEY (site, member) REFERENCES members (site, id)
);

-- The one record every later feature (reputation, notifications, webhooks, analytics) is built from.
-- Every write inserts one row in the same transaction.
CREATE TABLE community_events (
  id bigserial PRIMARY KEY,
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  type text NOT NULL CONSTRAINT community_events_type_format CHECK (type ~ '^[a-z]+(\.[a-z-]+)+$'),
  -- The member who acted; NULL for the system.
  actor text,
  target_type text NOT NULL
    CONSTRAINT community_events_target_type_known
    CHECK (target_type IN ('question', 'answer', 'idea', 'comment', 'review', 'member', 'site')),
  target_id text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (site, actor) REFERENCES members (site, id)
);

-- The first response of a write, by the member's Idempotency-Key. `status`/`response` are filled in the
-- same transaction as the write, so a committed row is always complete.
CREATE TABLE idempotency_keys (
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  member text NOT NULL,
  key text NOT NULL CONSTRAINT idempotency_keys_key_length CHECK (length(key) BETWEEN 1 AND 100),
  method text NOT NULL,
  path text NOT NULL,
  request_hash text NOT NULL,
  status smallint,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, member, key, method, path)
);

-- Fixed one-minute windows, counted with INSERT … ON CONFLICT DO UPDATE: correct across instances.
CREATE TABLE rate_limit_counters (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

-- Sorts of a topic's questions (active, newest, top, unanswered) and search.
CREATE INDEX questions_active ON questions (site, topic, active_at DESC, seq DESC);
CREATE INDEX questions_newest ON questions (site, topic, created_at DESC, seq DESC);
CREATE INDEX questions_top ON questions (site, topic, score DESC, created_at DESC, seq DESC);
CREATE INDEX questions_unanswered ON questions (site, topic, created_at DESC, seq DESC)
  WHERE answer_count = 0;
CREATE INDEX questions_search ON questions USING gin (search);
CREATE INDEX questions_by_author ON questions (site, author, created_at DESC);
CREATE INDEX answers_thread ON answers (site, question_id, score DESC, created_at, seq);
CREATE INDEX answers_by_author ON answers (site, author, created_at DESC);
CREATE INDEX votes_by_target ON votes (site, target_type, target_id);
CREATE INDEX community_events_by_time ON community_events (site, created_at);
CREATE INDEX community_events_by_target ON community_events (site, target_type, target_id);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
CREATE INDEX rate_limit_counters_by_age ON rate_limit_counters (window_start);
