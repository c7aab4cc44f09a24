-- Claims up to :limit due webhook events, each the oldest pending event of its session, until :until.
-- In order per session: "heads" is the first pending row of each session (index webhook_outbox_pending,
-- (session_code, id)); a later event of a session is never claimed while an earlier one is pending,
-- delivered or not, claimed or not. A head is due when its next attempt has come and no unexpired claim
-- holds it. Guarantees: FOR UPDATE SKIP LOCKED passes over heads another claim is locking right now, and
-- the conditions are re-checked on the locked row, so two concurrent claims never return one event.
UPDATE webhook_outbox o
SET claimed_until = :until
FROM (
  SELECT w.id FROM webhook_outbox w
  JOIN (SELECT DISTINCT ON (session_code) id FROM webhook_outbox WHERE status = 'pending'
        ORDER BY session_code, id) heads ON heads.id = w.id
  WHERE w.status = 'pending'
    AND w.next_attempt_at <= :now
    AND (w.claimed_until IS NULL OR w.claimed_until <= :now)
  ORDER BY w.id
  LIMIT :limit
  FOR UPDATE OF w SKIP LOCKED
) due
WHERE o.id = due.id
RETURNING o.id, o.event_id, o.event_type, o.session_code, o.payload, o.created_at, o.attempts, o.delivered_to
