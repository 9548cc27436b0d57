-- Analytics (issue 8): the view beacon's events, and indexes for the insights' time ranges
-- (server/src/db/insights.ts).

-- What the SDK's view beacon reports (self-service deflection): a page load opened a question's
-- thread, opened a similar question suggested while asking, or posted a question. Nothing personal:
-- no member, no IP address, no user agent; `page_load` is a random id the browser keeps in memory for
-- one page load. One row per (page load, type, question): a repeat changes nothing. Kept 400 days.
CREATE TABLE view_events (
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  page_load uuid NOT NULL,
  type text NOT NULL
    CONSTRAINT view_events_type_known
    CHECK (type IN ('question-opened', 'suggestion-opened', 'question-asked')),
  question_id text NOT NULL
    CONSTRAINT view_events_question_id_length CHECK (length(question_id) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, page_load, type, question_id)
);
CREATE INDEX view_events_by_time ON view_events (site, created_at);

-- The insights read a site's posts by the time they were written (or escalated, or voted).
CREATE INDEX questions_by_time ON questions (site, created_at);
CREATE INDEX questions_escalated ON questions (site, escalated_at) WHERE escalated_at IS NOT NULL;
CREATE INDEX answers_by_time ON answers (site, created_at);
CREATE INDEX ideas_by_time ON ideas (site, created_at);
CREATE INDEX reviews_by_time ON reviews (site, created_at);
CREATE INDEX votes_on_ideas_by_time ON votes (site, created_at) WHERE target_type = 'idea';
