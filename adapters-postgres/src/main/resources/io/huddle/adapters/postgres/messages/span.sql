-- Which seqs a session's log holds: (cleared_through, last_seq]. One row read by the unique code index.
SELECT cleared_through, last_seq
FROM sessions
WHERE code = :code
