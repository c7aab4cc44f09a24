-- Per sender, the messages of a session with seq in (:after, :through]: how many, the earliest and the
-- latest sent. A stats call reads the whole log with it the first time, then only the messages stored since
-- the call before (PostgresMessageLog#stats); hash-aggregated over messages_pkey's range, with one row per
-- sender out, where count(DISTINCT sender_id) over a whole long log sorted it on disk.
SELECT sender_id, count(*) AS message_count, min(sent_at) AS first_at, max(sent_at) AS last_at
FROM messages
WHERE session_id = :sessionId AND seq > :after AND seq <= :through
GROUP BY sender_id
