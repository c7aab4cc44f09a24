-- Raises a member's last_seen_at, never lowers it, and only by 30 s or more at a time (the durable time
-- is coarse: the hot copy in Redis has it exact, and the idle-member job's timeout is minutes); nothing
-- when the member is gone.
-- Guarantees: the comparison runs on the locked row, so concurrent calls leave the greatest time; a time
-- that would not raise it enough matches no row and writes nothing, so a socket that opens or closes
-- soon after the last write costs one read and no commit flush.
UPDATE members m SET last_seen_at = :at
FROM sessions s
WHERE s.id = m.session_id AND s.code = :code AND m.id = :id
  AND m.last_seen_at <= CAST(:at AS timestamptz) - interval '30 seconds'
