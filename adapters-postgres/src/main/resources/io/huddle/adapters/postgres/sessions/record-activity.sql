-- Raises last_activity_at to :at, never lowers it, and only by 30 s or more at a time (the durable
-- activity time is coarse; the hot copy in Redis has it exact, and the inactivity job reads both); an
-- unknown code matches no row and creates nothing.
-- Guarantees: the comparison runs on the locked row, so concurrent calls leave the greatest time; a
-- time that would not raise it enough matches no row and writes nothing: no dead tuple, no WAL, and the
-- commit does not wait for a flush (most calls, on the join and state paths).
-- Returns the session's last_activity_at after the call (raised or as it was), no row for an unknown
-- code: the caller skips the raises it then knows this statement would skip.
WITH raised AS (
  UPDATE sessions
  SET last_activity_at = :at
  WHERE code = :code AND last_activity_at <= CAST(:at AS timestamptz) - interval '30 seconds'
  RETURNING last_activity_at
)
SELECT last_activity_at FROM raised
UNION ALL
SELECT last_activity_at FROM sessions WHERE code = :code AND NOT EXISTS (SELECT 1 FROM raised)
