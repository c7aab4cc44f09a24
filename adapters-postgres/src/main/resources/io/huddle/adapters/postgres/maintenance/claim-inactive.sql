-- Claims up to :limit live, unexpired sessions whose durable activity is at or before :idleSince
-- and that no unexpired claim holds, least recent activity first, until :until; returns them.
-- Index: sessions_live_activity (last_activity_at) WHERE ended_at IS NULL, walked from the oldest
-- activity; expired and claimed rows are filtered on the way (expired ones are the expiry job's).
-- Guarantees: as claim-expired.sql (SKIP LOCKED, claim re-checked on the locked row, locks held only
-- for this statement).
UPDATE sessions s
SET claimed_until = :until
FROM (
  SELECT id FROM sessions
  WHERE ended_at IS NULL
    AND last_activity_at <= :idleSince
    AND expires_at > :now
    AND (claimed_until IS NULL OR claimed_until <= :now)
  ORDER BY last_activity_at
  LIMIT :limit
  FOR UPDATE SKIP LOCKED
) due
WHERE s.id = due.id
RETURNING s.code, s.owner_id, s.name, s.max_members, s.created_at, s.expires_at, s.last_activity_at, s.ended_at, s.end_reason
