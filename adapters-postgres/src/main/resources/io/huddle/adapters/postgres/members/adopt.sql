-- The upgrade from versions that kept members only in Redis: stores a member found there unless PostgreSQL
-- has it (by id or by token) already; nothing for a session PostgreSQL does not know or that ended.
INSERT INTO members (session_id, id, role, display_name, token_hash, joined_at, last_seen_at)
SELECT s.id, :id, :role, :displayName, :tokenHash, :joinedAt, :lastSeenAt
FROM sessions s WHERE s.code = :code AND s.ended_at IS NULL
ON CONFLICT DO NOTHING
