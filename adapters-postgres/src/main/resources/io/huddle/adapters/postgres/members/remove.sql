-- Removes one member of a live session; its row, and so its token hash, is gone in one statement.
DELETE FROM members m USING sessions s
WHERE s.id = m.session_id AND s.code = :code AND m.id = :id AND s.expires_at > :now
RETURNING m.token_hash
