-- How many members a session has (members_session_joined, index only).
SELECT count(*) FROM members WHERE session_id = :sessionId
