-- Kith schema 2: cheaper writes.
--
-- Rate-limit counters are UNLOGGED. Every write counts a hit here before it runs (and every instance
-- adds its reads once a second). The counts are worth one minute and need no durability: an unlogged
-- table writes no WAL, so counting never waits for a disk flush, yet all instances still share one
-- count. After a crash of PostgreSQL the table starts empty, which only forgives the current minute.
ALTER TABLE rate_limit_counters SET UNLOGGED;

-- `answers_thread` could not serve the thread's order (the accepted answer first), and the filter it
-- served is served by `answers_question_id_unique` (site, question_id, id). Because it held `score`,
-- every vote on an answer rewrote all of the answer's index entries; without it, the vote's update of
-- the counts is a heap-only (HOT) update.
DROP INDEX answers_thread;
