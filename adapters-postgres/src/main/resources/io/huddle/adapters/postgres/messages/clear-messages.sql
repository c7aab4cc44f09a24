-- Second step of a clear, in the same transaction as clear-span.sql and after it: deletes every
-- message of the session (and with them their client ids). A statement of its own, so (READ
-- COMMITTED) it sees the append clear-span.sql waited for; one statement with a data-modifying CTE
-- would share one snapshot taken before that wait and could leave that message behind.
DELETE FROM messages
WHERE session_id = :sessionId
