-- First step of a clear: marks everything up to the current last_seq as cleared and returns the
-- session's id. The UPDATE row-locks the session, so it waits for an append in flight and then sees
-- its seq; appends that come later wait for the clear's commit.
UPDATE sessions
SET cleared_through = last_seq
WHERE code = :code
RETURNING id
