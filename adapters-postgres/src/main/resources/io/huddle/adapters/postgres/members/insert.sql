-- Adds one member; the caller holds the session's join lock and counted first (lock-session.sql).
-- Also raises the session's durable activity time (a join is activity), in the same transaction, by 30 s
-- or more at a time (coarse, like record-activity.sql).
WITH added AS (
  INSERT INTO members (session_id, id, role, display_name, token_hash, joined_at, last_seen_at)
  VALUES (:sessionId, :id, :role, :displayName, :tokenHash, :joinedAt, :lastSeenAt)
  RETURNING session_id
)
UPDATE sessions SET last_activity_at = :joinedAt
WHERE id = (SELECT session_id FROM added)
  AND last_activity_at <= CAST(:joinedAt AS timestamptz) - interval '30 seconds'
