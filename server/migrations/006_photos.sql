-- Kith schema 6: review photos. A member uploads a photo (re-encoded by the server: metadata stripped,
-- at most 2048 px) and then attaches it to their review; an upload nobody attaches is deleted after a
-- day (db/photos.ts deleteUnattachedPhotos, run by the server's janitor).
--
-- The database enforces the rules: an id is unguessable (`ph_` + ≥ 22 base64url characters), a review
-- holds at most 4 photos (positions 0–3, one photo per position), the bytes are one of four image
-- types. Constraint names are `<table>_<field>_<rule>` (see 001).

CREATE TABLE photos (
  site text NOT NULL,
  id text NOT NULL CONSTRAINT photos_id_format CHECK (id ~ '^ph_[A-Za-z0-9_-]{22,60}$'),
  -- The uploader: only they may attach it, and only to their own review.
  member text NOT NULL,
  -- NULL until attached (and again when the review's photos are replaced or the review is deleted).
  review_id text,
  position smallint CONSTRAINT photos_position_range CHECK (position BETWEEN 0 AND 3),
  content_type text NOT NULL
    CONSTRAINT photos_content_type_known
    CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif')),
  image bytea NOT NULL,
  -- Always WebP (domain/photos.ts), longest side ≤ 320 px.
  thumbnail bytea NOT NULL,
  width integer NOT NULL CONSTRAINT photos_width_range CHECK (width BETWEEN 1 AND 2048),
  height integer NOT NULL CONSTRAINT photos_height_range CHECK (height BETWEEN 1 AND 2048),
  byte_size integer GENERATED ALWAYS AS (length(image)) STORED,
  alt text CONSTRAINT photos_alt_length CHECK (length(alt) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, id),
  -- At most 4 photos per review: positions 0–3, each taken once (NULL review ids never collide).
  CONSTRAINT photos_position_unique UNIQUE (site, review_id, position),
  CONSTRAINT photos_position_attached CHECK (review_id IS NULL OR position IS NOT NULL),
  FOREIGN KEY (site, member) REFERENCES members (site, id),
  -- Deleting a review leaves its photos unattached (the janitor deletes them later); `position` is
  -- left as it was, which no longer means anything (NULL review ids never collide).
  CONSTRAINT photos_review_id_exists FOREIGN KEY (site, review_id) REFERENCES reviews (site, id)
    ON DELETE SET NULL (review_id)
);

-- The janitor's scan: unattached uploads by age.
CREATE INDEX photos_unattached ON photos (created_at) WHERE review_id IS NULL;
