-- The first step of a search: the session's id and the seqs its log holds, (cleared_through, last_seq], so
-- the steps after it know where the latest messages start. One row read by the unique code index.
SELECT id, cleared_through, last_seq
FROM sessions
WHERE code = :code
