-- Claims up to :limit sessions that ended before :endedBefore and that no unexpired claim holds,
-- oldest ending first, until :until; returns their ids for the purge.
-- Index: sessions_ended_at (ended_at) WHERE ended_at IS NOT NULL, walked from the oldest ending.
-- Guarantees: as claim-expired.sql (SKIP LOCKED, locks held only for this statement).
UPDATE sessions s
SET claimed_until = :until
FROM (
  SELECT id FROM sessions
  WHERE ended_at IS NOT NULL
    AND ended_at < :endedBefore
    AND (claimed_until IS NULL OR claimed_until <= :now)
  ORDER BY ended_at
  LIMIT :limit
  FOR UPDATE SKIP LOCKED
) due
WHERE s.id = due.id
RETURNING s.id
