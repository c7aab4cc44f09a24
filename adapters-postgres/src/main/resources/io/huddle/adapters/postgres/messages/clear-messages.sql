-- Second step of a clear: deletes the session's messages up to the seq clear-span.sql read (and with them
-- their client ids). It holds no lock on the session row, only on the rows it deletes, so appends to the
-- session, and the group commits that carry them for every other session of the gateway, go on while it
-- runs (with the session row locked for the whole delete, 400,000 messages held every sender of the
-- gateway for about a second; docs/performance.md "Clearing a long history"). Readers see the whole
-- history until the transaction commits, then none of it: one transaction, however long the log.
DELETE FROM messages
WHERE session_id = :sessionId AND seq <= :through
