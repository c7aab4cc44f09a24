-- A live session's expiry and every member with its token hash, by join time then id; no row when the
-- session is unknown, ended or expired, one row with NULL member columns when it has no member.
SELECT s.expires_at, m.id, m.role, m.display_name, m.token_hash, m.joined_at, m.last_seen_at
FROM sessions s LEFT JOIN members m ON m.session_id = s.id
WHERE s.code = :code AND s.ended_at IS NULL AND s.expires_at > :now
ORDER BY m.joined_at, m.id
