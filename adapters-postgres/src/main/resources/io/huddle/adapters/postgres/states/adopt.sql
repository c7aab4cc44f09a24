-- The upgrade from versions that kept the state only in Redis: stores a state found there unless
-- PostgreSQL has one for the session already; nothing for a session PostgreSQL does not know or that ended.
INSERT INTO states (session_id, version, data, updated_at, updated_by)
SELECT s.id, :version, :data, :updatedAt, :updatedBy
FROM sessions s WHERE s.code = :code AND s.ended_at IS NULL
ON CONFLICT DO NOTHING
