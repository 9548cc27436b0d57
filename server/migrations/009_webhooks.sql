-- Kith schema 9: escalation of unanswered questions, and signed webhooks fed from an outbox
-- (server/src/jobs/escalation.ts, server/src/jobs/webhooks.ts, docs/webhooks.md).

-- Who escalated a question ('schedule': the site's `escalation.after`; 'asker': the asker's "I still
-- need help"; 'staff': a staff member for the asker), and when a staff answer resolved it (it stays escalated).
ALTER TABLE questions
  ADD COLUMN escalated_by text
    CONSTRAINT questions_escalated_by_known CHECK (escalated_by IN ('schedule', 'asker', 'staff')),
  ADD COLUMN escalation_resolved_at timestamptz;

-- What the escalation job scans: unescalated visible questions by age.
CREATE INDEX questions_unescalated ON questions (site, created_at)
  WHERE escalated_at IS NULL AND visibility = 'visible';

-- A staff member's subscription: `events` are community event types (validated by the API).
CREATE TABLE webhook_subscriptions (
  id text PRIMARY KEY CONSTRAINT webhook_subscriptions_id_length CHECK (length(id) BETWEEN 1 AND 100),
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  url text NOT NULL
    CONSTRAINT webhook_subscriptions_url_http CHECK (url ~ '^https?://' AND length(url) <= 2000),
  events text[] NOT NULL CONSTRAINT webhook_subscriptions_events_some CHECK (cardinality(events) >= 1),
  description text
    CONSTRAINT webhook_subscriptions_description_length CHECK (length(description) <= 500),
  -- `whsec_` + base64 of 32 random bytes (Standard Webhooks); shown once, on creation.
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz
);
CREATE INDEX webhook_subscriptions_by_site ON webhook_subscriptions (site, created_at);

-- The outbox: one row per (event, subscription), inserted with the event (trigger below), so a
-- committed write always has its deliveries and a rolled-back one never does. `id` is the
-- `webhook-id` every attempt sends; `payload` is the JSON body, built on the first attempt and kept
-- so that retries send the same bytes. The attempt that claims a row moves `next_attempt_at` forward
-- by a lease; a server that dies mid-attempt leaves the row to be claimed again when it expires.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  site text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  subscription text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event bigint REFERENCES community_events (id) ON DELETE SET NULL,
  type text NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CONSTRAINT webhook_deliveries_status_known CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  payload text,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription, seq DESC);

-- The delivery log: every attempt, with its HTTP status or error and how long it took.
CREATE TABLE webhook_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  status integer,
  error text
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery, id);

CREATE FUNCTION community_events_enqueue_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (id, site, subscription, event, type)
  SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), NEW.site, s.id, NEW.id, NEW.type
  FROM webhook_subscriptions s
  WHERE s.site = NEW.site AND s.active AND NEW.type = ANY (s.events);
  RETURN NULL;
END
$$;

CREATE TRIGGER community_events_webhooks AFTER INSERT ON community_events
  FOR EACH ROW EXECUTE FUNCTION community_events_enqueue_webhooks();
