-- Last step of a clear: the log now holds the seqs (cleared_through, last_seq]. Row-locks the session only
-- from here to the commit (an append in flight finishes first; its seq is above :through). Never lowers
-- cleared_through (a clear that read an older last_seq and committed later).
UPDATE sessions
SET cleared_through = greatest(cleared_through, :through)
WHERE id = :sessionId
