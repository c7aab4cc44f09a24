-- Writes the next version whatever the current one is (no base version).
-- Guarantees: one statement; concurrent writers serialise on the row, each gets a version of its own.
INSERT INTO states (session_id, version, data, updated_at, updated_by)
SELECT s.id, 1, :data, :updatedAt, :updatedBy FROM sessions s WHERE s.code = :code
ON CONFLICT (session_id) DO UPDATE
SET version = states.version + 1, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at,
    updated_by = EXCLUDED.updated_by
RETURNING version
