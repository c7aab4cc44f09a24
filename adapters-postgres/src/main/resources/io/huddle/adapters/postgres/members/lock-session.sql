-- The session a join adds to, with its cap, under a transaction-scoped advisory lock on its code.
-- Guarantees: joins of one session run one at a time from here to their commit, so the count that
-- follows and the insert are one step and concurrent joins never overshoot max_members. An advisory
-- lock rather than a row lock: the session row is what every group commit of messages locks, and a
-- join must not queue behind them (nor they behind a join).
SELECT s.id, s.max_members
FROM sessions s, pg_advisory_xact_lock(hashtextextended('huddle-join:' || :code, 0))
WHERE s.code = :code
