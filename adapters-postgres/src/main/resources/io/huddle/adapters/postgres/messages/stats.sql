-- Figures of a session's log in one statement (one snapshot): last_seq from the session, the rest
-- from its messages through messages_pkey. No row for an unknown session.
SELECT s.last_seq,
       count(m.seq) AS message_count,
       count(DISTINCT m.sender_id) AS sender_count,
       min(m.sent_at) AS first_at,
       max(m.sent_at) AS last_at
FROM sessions s
LEFT JOIN messages m ON m.session_id = s.id
WHERE s.code = :code
GROUP BY s.id
