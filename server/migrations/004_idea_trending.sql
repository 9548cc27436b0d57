-- Kith schema 4: the `trending` order of ideas kept on the idea, so that a page of it is an index scan
-- instead of a sum over every vote of the board.
--
-- Trending is Σ over an idea's votes of 0.5 ^ (age in weeks) = Σ 2 ^ (t − now), t a vote's time in
-- weeks since 1970: 2 ^ −now × Σ 2 ^ t. The factor 2 ^ −now is the same for every idea, so ideas sort
-- by Σ 2 ^ t exactly as by their trending weight at any moment, and that sum changes only with votes.
-- `ideas.trending` holds log2 Σ 2 ^ t (the sum itself would overflow: t ≈ 2,900 in 2025), −∞ without
-- votes; the weight now is 2 ^ (trending − now in weeks). Triggers on `votes` recount it from the
-- idea's votes after each statement that adds, removes, moves or re-dates idea votes.

ALTER TABLE ideas ADD COLUMN trending float8 NOT NULL DEFAULT '-Infinity';

-- Recounts `trending` of the given ideas from their votes, one idea at a time (an index scan each),
-- shifted by the newest vote's t (no overflow; a vote over 1,000 weeks older than the newest counts
-- 2 ^ −1000 of it, not an underflow error).
CREATE FUNCTION ideas_recount_trending(idea_sites text[], idea_ids text[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE ideas i SET trending = weight.trending
  FROM (SELECT DISTINCT site, id FROM unnest(idea_sites, idea_ids) AS t (site, id)) target
  CROSS JOIN LATERAL (
    SELECT coalesce(
      max(newest) + ln(sum(power(2::float8, greatest(t - newest, -1000)))) / ln(2::float8),
      '-Infinity'
    ) AS trending
    FROM (
      SELECT t, max(t) OVER () AS newest FROM (
        SELECT extract(epoch FROM v.created_at)::float8 / 604800 AS t FROM votes v
        WHERE v.site = target.site AND v.target_type = 'idea' AND v.target_id = target.id
      ) vote
    ) vote
  ) weight
  WHERE i.site = target.site AND i.id = target.id
$$;

-- After a statement on `votes`: the ideas whose votes it changed (`changed`: the rows inserted or
-- deleted, or before an update; `changed_to`: after it).
CREATE FUNCTION votes_recount_trending() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM ideas_recount_trending(array_agg(site), array_agg(target_id))
    FROM (
      SELECT site, target_id FROM changed WHERE target_type = 'idea'
      UNION SELECT site, target_id FROM changed_to WHERE target_type = 'idea'
    ) v
    HAVING count(*) > 0;
  ELSE
    PERFORM ideas_recount_trending(array_agg(site), array_agg(target_id))
    FROM changed WHERE target_type = 'idea'
    HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER votes_trending_insert AFTER INSERT ON votes REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION votes_recount_trending();
CREATE TRIGGER votes_trending_delete AFTER DELETE ON votes REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION votes_recount_trending();
CREATE TRIGGER votes_trending_update AFTER UPDATE ON votes
  REFERENCING OLD TABLE AS changed NEW TABLE AS changed_to
  FOR EACH STATEMENT EXECUTE FUNCTION votes_recount_trending();

SELECT ideas_recount_trending(array_agg(site), array_agg(id)) FROM ideas;

CREATE INDEX ideas_trending
  ON ideas (site, board, trending DESC, upvotes DESC, created_at DESC, seq DESC)
  WHERE merged_into IS NULL;
