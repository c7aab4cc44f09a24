-- The newest :limit messages below :seq, newest first (the caller reverses them), through
-- messages_pkey walked backwards from :seq: no sort, no offset.
SELECT seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at
FROM messages
WHERE session_id = (SELECT id FROM sessions WHERE code = :code) AND seq < :seq
ORDER BY seq DESC
LIMIT :limit
