-- A post held when it is written (a guest's post, waiting in the moderation queue) is not announced to
-- webhook subscribers then: its creation event is delivered when staff approve it (the approval writes
-- that event again, see server/src/domain/moderation.ts).
CREATE OR REPLACE FUNCTION community_events_enqueue_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.type = 'question.asked'
        AND EXISTS (SELECT 1 FROM questions WHERE site = NEW.site AND id = NEW.target_id
                      AND visibility = 'held'))
     OR (NEW.type = 'answer.posted'
        AND EXISTS (SELECT 1 FROM answers WHERE site = NEW.site AND id = NEW.target_id
                      AND visibility = 'held'))
     OR (NEW.type = 'idea.submitted'
        AND EXISTS (SELECT 1 FROM ideas WHERE site = NEW.site AND id = NEW.target_id
                      AND visibility = 'held'))
     OR (NEW.type = 'idea.commented'
        AND EXISTS (SELECT 1 FROM idea_comments WHERE site = NEW.site AND id = NEW.target_id
                      AND visibility = 'held'))
     OR (NEW.type = 'review.submitted'
        AND EXISTS (SELECT 1 FROM reviews WHERE site = NEW.site AND id = NEW.target_id
                      AND visibility = 'held'))
  THEN
    RETURN NULL;
  END IF;
  INSERT INTO webhook_deliveries (id, site, subscription, event, type)
  SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), NEW.site, s.id, NEW.id, NEW.type
  FROM webhook_subscriptions s
  WHERE s.site = NEW.site AND s.active AND NEW.type = ANY (s.events);
  RETURN NULL;
END
$$;
