-- The senders' earlier messages with the client ids of a group commit, through messages_client_msg_id.
-- Runs after lock-sessions.sql in the same transaction, as a statement of its own, so (READ COMMITTED)
-- its snapshot includes every append that committed before this group got the locks.
SELECT m.session_id, m.seq, m.id, m.sender_id, m.sender_name, m.kind, m.content, m.data, m.client_msg_id, m.sent_at
FROM messages m
JOIN unnest(:sessionIds::bigint[], :senderIds::text[], :clientMsgIds::text[]) AS c (session_id, sender_id, client_msg_id)
  ON m.session_id = c.session_id AND m.sender_id = c.sender_id AND m.client_msg_id = c.client_msg_id
