-- Deletes up to :limit messages of the sessions :ids (claimed for purging); run until it deletes none.
-- Index: the messages primary key (session_id, seq). Each call is its own short transaction, so a
-- session with a long history is deleted in steps instead of one huge cascade that would hold its
-- locks and bloat one transaction.
DELETE FROM messages
WHERE (session_id, seq) IN (
  SELECT session_id, seq FROM messages
  WHERE session_id = ANY(:ids)
  LIMIT :limit
)
