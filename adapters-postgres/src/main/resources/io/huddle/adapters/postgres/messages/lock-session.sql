-- The session an append goes to, row-locked until the append's transaction ends.
-- Guarantees: appends to one session wait here for each other, so each one reads last_seq and the
-- earlier client ids only after every earlier append committed (gapless seq, one winner per client
-- id); appends to other sessions do not wait. FOR NO KEY UPDATE is the lock the seq bump takes anyway,
-- and it lets the messages' foreign-key checks (FOR KEY SHARE) through.
SELECT id
FROM sessions
WHERE code = :code
FOR NO KEY UPDATE
