-- Removes every member of a session (it ended), live or not; returns their token hashes.
DELETE FROM members m USING sessions s
WHERE s.id = m.session_id AND s.code = :code
RETURNING m.token_hash
