-- How many members a live session has.
SELECT count(m.id)
FROM sessions s JOIN members m ON m.session_id = s.id
WHERE s.code = :code AND s.ended_at IS NULL AND s.expires_at > :now
