-- Messages of a session with seq in (:after, :through] whose content contains the text, ignoring case,
-- newest first; :pattern as in search-walk.sql. For the older part of a log, after the latest messages
-- gave fewer than :limit matches (so the text is rare in this session), and only for a text with a trigram.
-- PostgreSQL chooses between the trigram index messages_content_trgm (few candidates) and walking
-- messages_pkey backwards from :through (the text is common after all), with the real session id and text
-- in hand: the statement is planned for its values every time (never a generic plan, see
-- PostgresMessageLog#search).
SELECT seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at
FROM messages
WHERE session_id = :sessionId AND seq > :after AND seq <= :through AND content ILIKE :pattern
ORDER BY seq DESC
LIMIT :limit
