-- The member a token hash belongs to, while its session is live (members_token_hash_unique).
SELECT s.code, s.expires_at, m.id, m.role, m.display_name, m.token_hash, m.joined_at, m.last_seen_at
FROM members m JOIN sessions s ON s.id = m.session_id
WHERE m.token_hash = :tokenHash AND s.ended_at IS NULL AND s.expires_at > :now
