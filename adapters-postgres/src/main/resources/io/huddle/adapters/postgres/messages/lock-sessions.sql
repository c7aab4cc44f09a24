-- The live sessions a group commit appends to, row-locked until its transaction ends, in id order.
-- Guarantees: appends to one session (from this gateway or another) wait here for each other, so each
-- group reads last_seq and the earlier client ids only after every earlier append committed (gapless
-- seq, one winner per client id); sessions of other groups do not wait. Locking in id order means two
-- groups sharing sessions lock them in the same order and never deadlock. FOR NO KEY UPDATE is the lock
-- the seq bump takes anyway, and it lets the messages' foreign-key checks (FOR KEY SHARE) through. An
-- ended session is not returned: it takes no message.
SELECT id, code, last_seq, expires_at
FROM sessions
WHERE code = ANY(:codes) AND ended_at IS NULL
ORDER BY id
FOR NO KEY UPDATE
