-- Deletes up to :limit delivered or dead events that finished before :before, those that finished first
-- first, through webhook_outbox_finished (a partial index on finished_at of exactly these rows). A pending
-- event is never touched: it has no finished_at and is not in that index. Bounded, so one statement never
-- holds many row locks or runs long; the worker runs it again while it deletes a whole batch.
DELETE FROM webhook_outbox
WHERE id IN (
  SELECT id FROM webhook_outbox
  WHERE status <> 'pending' AND finished_at < :before
  ORDER BY finished_at
  LIMIT :limit
)
