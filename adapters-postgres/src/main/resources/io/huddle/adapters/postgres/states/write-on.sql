-- Compare-and-set: writes the next version only on top of :base; no row returned: a conflict.
-- Guarantees: the comparison runs on the locked row, so of concurrent writers on one base exactly one writes.
UPDATE states st
SET version = st.version + 1, data = :data, updated_at = :updatedAt, updated_by = :updatedBy
FROM sessions s
WHERE s.id = st.session_id AND s.code = :code AND st.version = :base
RETURNING st.version
