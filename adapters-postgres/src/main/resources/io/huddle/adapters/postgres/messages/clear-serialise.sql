-- Clears of one session take turns (the lock is the transaction's): two clears deleting the same rows
-- concurrently could each wait for a row the other deleted first, a deadlock PostgreSQL would end by
-- failing one of them. Nothing else takes this lock; appends never wait for it.
SELECT pg_advisory_xact_lock(hashtextextended('huddle-clear:' || :code, 0))
