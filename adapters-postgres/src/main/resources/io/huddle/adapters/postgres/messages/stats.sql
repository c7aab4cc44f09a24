-- Figures of a session's log in one statement (one snapshot): last_seq from the session, found by
-- the unique code index; the rest aggregated over its messages through messages_pkey. The LATERAL
-- aggregate answers one row also for a session without messages. (A LEFT JOIN ... GROUP BY s.id
-- tempted the planner to walk sessions_pkey for the grouping order and filter every session by code.)
-- No row for an unknown session.
SELECT s.last_seq, m.message_count, m.sender_count, m.first_at, m.last_at
FROM sessions s
CROSS JOIN LATERAL (
  SELECT count(*) AS message_count,
         count(DISTINCT sender_id) AS sender_count,
         min(sent_at) AS first_at,
         max(sent_at) AS last_at
  FROM messages
  WHERE session_id = s.id
) m
WHERE s.code = :code
