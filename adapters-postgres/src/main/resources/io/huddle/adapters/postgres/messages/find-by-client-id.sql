-- The sender's earlier message with this client id, through messages_client_msg_id. Runs after
-- lock-session.sql in the same transaction, as a statement of its own, so (READ COMMITTED) its
-- snapshot includes every append that committed before this one got the lock.
SELECT seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at
FROM messages
WHERE session_id = :sessionId AND sender_id = :senderId AND client_msg_id = :clientMsgId
