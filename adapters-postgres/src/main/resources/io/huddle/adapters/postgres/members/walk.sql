-- One step of the idle-member walk: members of live sessions after :after in pk order (members_walk).
SELECT m.pk, s.code, m.id, m.role, m.display_name, m.token_hash, m.joined_at, m.last_seen_at
FROM members m JOIN sessions s ON s.id = m.session_id
WHERE m.pk > :after AND s.ended_at IS NULL AND s.expires_at > :now
ORDER BY m.pk
LIMIT :limit
