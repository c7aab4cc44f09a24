-- Raises a member's last_seen_at, never lowers it; nothing when the member is gone.
-- Guarantees: the comparison runs on the locked row, so concurrent calls leave the greatest time; a
-- time that would not raise it matches no row and writes nothing.
UPDATE members m SET last_seen_at = :at
FROM sessions s
WHERE s.id = m.session_id AND s.code = :code AND m.id = :id AND m.last_seen_at < :at
