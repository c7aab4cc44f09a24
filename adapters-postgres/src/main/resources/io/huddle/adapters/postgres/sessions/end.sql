-- Ends a live session and returns it as ended; no row when it was already ended or does not exist.
-- Guarantees: "ended_at IS NULL" is re-checked on the locked row, so of any number of concurrent
-- endings exactly one updates it and the first ending is never overwritten.
UPDATE sessions
SET ended_at = :endedAt, end_reason = :endReason
WHERE code = :code AND ended_at IS NULL
RETURNING code, owner_id, name, max_members, created_at, expires_at, last_activity_at, ended_at, end_reason
