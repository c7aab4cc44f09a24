-- Every URL took the event: done; the next event of its session becomes claimable.
UPDATE webhook_outbox
SET status = 'delivered', attempts = attempts + 1, claimed_until = NULL, finished_at = :at, last_error = NULL
WHERE id = :id AND status = 'pending'
