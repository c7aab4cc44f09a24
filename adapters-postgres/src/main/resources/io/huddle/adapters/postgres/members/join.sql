-- Adds one member unless its session is full, in one round trip: see V9__join_in_one_call.sql for the
-- lock, the count and the activity time. NULL: no such session; -1: full; else the count after the join.
SELECT huddle_join(:code, :id, :role, :displayName, :tokenHash, :joinedAt, :lastSeenAt) AS joined
