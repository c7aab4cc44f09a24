-- The oldest :limit messages above :seq, ascending, through messages_pkey walked forwards from :seq.
SELECT seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at
FROM messages
WHERE session_id = (SELECT id FROM sessions WHERE code = :code) AND seq > :seq
ORDER BY seq
LIMIT :limit
