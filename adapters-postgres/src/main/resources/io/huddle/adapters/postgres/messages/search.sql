-- Messages of a session whose content contains the text, ignoring case, newest first. :pattern is
-- '%text%' with \ % and _ escaped by a backslash (LIKE's escape character). The trigram index
-- messages_content_trgm serves ILIKE for patterns of three characters or more (combined with
-- messages_pkey for the session); for shorter ones PostgreSQL walks the session's messages_pkey
-- backwards and filters, stopping at :limit.
SELECT seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at
FROM messages
WHERE session_id = (SELECT id FROM sessions WHERE code = :code) AND content ILIKE :pattern
ORDER BY seq DESC
LIMIT :limit
