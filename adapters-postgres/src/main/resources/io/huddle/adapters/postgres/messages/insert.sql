-- Takes the session's next seq and stores the message under it, in one statement; runs under the
-- row lock of lock-session.sql. Raises last_activity_at to the send time, never lowers it.
-- Guarantees: the bump and the insert commit or roll back together, so a seq is used exactly when
-- its message is stored (no gap, no reuse).
WITH next AS (
  UPDATE sessions
  SET last_seq = last_seq + 1, last_activity_at = GREATEST(last_activity_at, :sentAt)
  WHERE id = :sessionId
  RETURNING last_seq
)
INSERT INTO messages (session_id, seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at)
SELECT :sessionId, last_seq, :id, :senderId, :senderName, :kind, :content, :data, :clientMsgId, :sentAt
FROM next
RETURNING seq
