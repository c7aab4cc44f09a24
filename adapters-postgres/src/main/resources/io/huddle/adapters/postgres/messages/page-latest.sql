-- The newest :limit messages of a session, newest first (the caller reverses them), through
-- messages_pkey walked backwards. The session id comes from a sub-select (an InitPlan), so the scan
-- is one index range in seq order that stops after :limit rows: no sort, however long the log.
SELECT seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at
FROM messages
WHERE session_id = (SELECT id FROM sessions WHERE code = :code)
ORDER BY seq DESC
LIMIT :limit
