-- Not every URL took it: pending again from :next, its claim released; delivered_to keeps who has it.
UPDATE webhook_outbox
SET attempts = :attempts, next_attempt_at = :next, claimed_until = NULL, delivered_to = :deliveredTo,
    last_error = :lastError
WHERE id = :id AND status = 'pending'
