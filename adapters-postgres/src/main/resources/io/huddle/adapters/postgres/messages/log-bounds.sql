-- A session's log: its row's id and the seqs it holds, (cleared_through, last_seq]. The first step of a
-- search (where its latest messages start) and of stats (what was stored since the last tally). One row read
-- by the unique code index; no row for an unknown session.
SELECT id, cleared_through, last_seq
FROM sessions
WHERE code = :code
