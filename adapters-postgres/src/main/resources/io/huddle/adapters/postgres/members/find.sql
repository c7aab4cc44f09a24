-- One member of a live session (members_pkey).
SELECT m.id, m.role, m.display_name, m.token_hash, m.joined_at, m.last_seen_at
FROM members m JOIN sessions s ON s.id = m.session_id
WHERE s.code = :code AND m.id = :id AND s.ended_at IS NULL AND s.expires_at > :now
