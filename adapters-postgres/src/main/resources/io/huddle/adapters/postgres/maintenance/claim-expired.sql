-- Claims up to :limit live sessions past their expiry (expires_at <= :now) that no unexpired claim
-- holds, earliest expiry first, until :until; returns them.
-- Index: sessions_live_expiry (expires_at) WHERE ended_at IS NULL, walked from the earliest expiry;
-- claimed rows are filtered on the way, so the scan stops after :limit claimable rows.
-- Guarantees: FOR UPDATE SKIP LOCKED passes over rows another claim is locking right now, and the
-- claim condition is re-checked on the locked row, so two concurrent claims never return one session.
-- Locks are held only for this statement.
UPDATE sessions s
SET claimed_until = :until
FROM (
  SELECT id FROM sessions
  WHERE ended_at IS NULL
    AND expires_at <= :now
    AND (claimed_until IS NULL OR claimed_until <= :now)
  ORDER BY expires_at
  LIMIT :limit
  FOR UPDATE SKIP LOCKED
) due
WHERE s.id = due.id
RETURNING s.code, s.owner_id, s.name, s.max_members, s.created_at, s.expires_at, s.last_activity_at, s.ended_at, s.end_reason
