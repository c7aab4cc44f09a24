-- First step of a clear, after clear-serialise.sql: the session's id and its last_seq as committed now,
-- read without a lock. The clear removes the messages up to that seq: an append in flight (it holds the
-- session row, its seq is not committed yet) stores a seq above it, and so comes after the clear, as do
-- the appends that commit while the clear deletes. No row for an unknown session.
SELECT id, last_seq
FROM sessions
WHERE code = :code
