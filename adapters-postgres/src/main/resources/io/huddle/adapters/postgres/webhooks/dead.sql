-- Given up on: dead, kept for inspection (docs/operations.md "Webhooks"); its session's queue moves on.
UPDATE webhook_outbox
SET status = 'dead', attempts = :attempts, claimed_until = NULL, finished_at = :at, last_error = :lastError
WHERE id = :id AND status = 'pending'
