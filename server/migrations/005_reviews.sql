-- Kith schema 5: ratings and reviews, and flags (generic over questions, answers, ideas, comments and
-- reviews).
--
-- The database enforces the rules: one review per member per product (unique), a rating is 1–5 stars,
-- a product's aggregate agrees with itself (count = the histogram's total, sum = Σ stars × count),
-- a reply is whole (body, author and time together), one flag per member per target (primary key).
-- Constraint names are `<table>_<field>_<rule>` (see 001).

-- Products come into being on their first review. They hold the rating aggregate of their VISIBLE
-- reviews, changed in the transaction that changes a review's rating or visibility, under a lock on
-- this row, so that the average (rating_sum / review_count) is exact under concurrent writes.
CREATE TABLE products (
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  id text NOT NULL CONSTRAINT products_id_length CHECK (length(id) BETWEEN 1 AND 200),
  review_count integer NOT NULL DEFAULT 0,
  rating_sum integer NOT NULL DEFAULT 0,
  stars_1 integer NOT NULL DEFAULT 0 CONSTRAINT products_stars_1_count CHECK (stars_1 >= 0),
  stars_2 integer NOT NULL DEFAULT 0 CONSTRAINT products_stars_2_count CHECK (stars_2 >= 0),
  stars_3 integer NOT NULL DEFAULT 0 CONSTRAINT products_stars_3_count CHECK (stars_3 >= 0),
  stars_4 integer NOT NULL DEFAULT 0 CONSTRAINT products_stars_4_count CHECK (stars_4 >= 0),
  stars_5 integer NOT NULL DEFAULT 0 CONSTRAINT products_stars_5_count CHECK (stars_5 >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT products_review_count_histogram
    CHECK (review_count = stars_1 + stars_2 + stars_3 + stars_4 + stars_5),
  CONSTRAINT products_rating_sum_histogram
    CHECK (rating_sum = stars_1 + 2 * stars_2 + 3 * stars_3 + 4 * stars_4 + 5 * stars_5),
  PRIMARY KEY (site, id)
);

CREATE TABLE reviews (
  site text NOT NULL,
  id text NOT NULL CONSTRAINT reviews_id_length CHECK (length(id) BETWEEN 1 AND 200),
  -- Insertion order: breaks ties between equal timestamps and anchors page cursors.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  product text NOT NULL,
  author text NOT NULL,
  rating smallint NOT NULL CONSTRAINT reviews_rating_range CHECK (rating BETWEEN 1 AND 5),
  title text NOT NULL DEFAULT '' CONSTRAINT reviews_title_length CHECK (length(title) <= 200),
  -- Plain text (no Markdown); body_html is it escaped into paragraphs, for feeds and mail.
  body text NOT NULL CONSTRAINT reviews_body_length CHECK (length(body) BETWEEN 1 AND 20000),
  body_html text NOT NULL,
  -- From the `purchases` claim of a token that wrote this review; an edit never clears it.
  verified_purchase boolean NOT NULL DEFAULT false,
  page_url text
    CONSTRAINT reviews_page_url_http CHECK (page_url ~ '^https?://' AND length(page_url) <= 2000),
  visibility text NOT NULL DEFAULT 'visible'
    CONSTRAINT reviews_visibility_known CHECK (visibility IN ('visible', 'held', 'hidden', 'deleted')),
  -- Helpful (up) and not helpful (down) votes.
  upvotes integer NOT NULL DEFAULT 0 CONSTRAINT reviews_upvotes_count CHECK (upvotes >= 0),
  downvotes integer NOT NULL DEFAULT 0 CONSTRAINT reviews_downvotes_count CHECK (downvotes >= 0),
  score integer GENERATED ALWAYS AS (upvotes - downvotes) STORED,
  -- The staff reply (plain text), replaced by a new one.
  reply_body text CONSTRAINT reviews_reply_body_length CHECK (length(reply_body) BETWEEN 1 AND 5000),
  reply_html text,
  reply_author text,
  reply_created_at timestamptz,
  reply_updated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  CONSTRAINT reviews_reply_complete CHECK (
    (reply_body IS NULL) = (reply_html IS NULL)
    AND (reply_body IS NULL) = (reply_author IS NULL)
    AND (reply_body IS NULL) = (reply_created_at IS NULL)
  ),
  PRIMARY KEY (site, id),
  -- One review per member per product: posting again edits it.
  CONSTRAINT reviews_author_unique UNIQUE (site, product, author),
  FOREIGN KEY (site, product) REFERENCES products (site, id),
  FOREIGN KEY (site, author) REFERENCES members (site, id),
  FOREIGN KEY (site, reply_author) REFERENCES members (site, id)
);

-- A member's flag on a post: one per member per target; flagging again updates it.
CREATE TABLE flags (
  site text NOT NULL,
  member text NOT NULL,
  target_type text NOT NULL
    CONSTRAINT flags_target_type_known
    CHECK (target_type IN ('question', 'answer', 'idea', 'comment', 'review')),
  target_id text NOT NULL,
  reason text NOT NULL
    CONSTRAINT flags_reason_known CHECK (reason IN ('spam', 'offensive', 'off-topic', 'other')),
  note text CONSTRAINT flags_note_length CHECK (length(note) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  PRIMARY KEY (site, member, target_type, target_id),
  FOREIGN KEY (site, member) REFERENCES members (site, id)
);

-- Sorts of a product's reviews: helpful (score), newest, highest, lowest (rating, then newest); with
-- the stars filter (rating = n): helpful by the last index, the other three are newest within the
-- rating (`reviews_highest`).
CREATE INDEX reviews_helpful ON reviews (site, product, score DESC, created_at DESC, seq DESC);
CREATE INDEX reviews_newest ON reviews (site, product, created_at DESC, seq DESC);
CREATE INDEX reviews_highest ON reviews (site, product, rating DESC, created_at DESC, seq DESC);
CREATE INDEX reviews_lowest ON reviews (site, product, rating, created_at DESC, seq DESC);
CREATE INDEX reviews_helpful_by_stars
  ON reviews (site, product, rating, score DESC, created_at DESC, seq DESC);
CREATE INDEX reviews_by_author ON reviews (site, author, created_at DESC);
CREATE INDEX flags_by_target ON flags (site, target_type, target_id);
