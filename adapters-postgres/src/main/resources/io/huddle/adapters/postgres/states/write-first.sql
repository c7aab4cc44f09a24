-- Writes version 1 only when nobody wrote yet (base version 0); no row returned: a conflict.
INSERT INTO states (session_id, version, data, updated_at, updated_by)
SELECT s.id, 1, :data, :updatedAt, :updatedBy FROM sessions s WHERE s.code = :code
ON CONFLICT (session_id) DO NOTHING
RETURNING version
