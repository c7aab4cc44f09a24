-- Messages of a session with seq in (:after, :through] whose content contains the text, ignoring case,
-- newest first, read by walking messages_pkey backwards from :through and stopping at :limit matches (the
-- caller turns bitmap and sequential scans off for its transaction, so the planner has no other plan).
-- :pattern is '%text%' with \ % and _ escaped by a backslash (LIKE's escape character).
--
-- The condition is written on (content || '') on purpose: an expression the trigram index does not cover,
-- so this statement can never be planned on messages_content_trgm. The search runs it on the latest
-- messages (where a word people search for is usually found at once) and on a whole log for a text too
-- short to have a trigram, where the trigram index would be read from end to end: every message of every
-- session (PostgreSQL's generic plan for the old single statement did exactly that: 7.5 s for "ss" with
-- 3 million messages, docs/performance.md "Search over a long history").
SELECT seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at
FROM messages
WHERE session_id = :sessionId AND seq > :after AND seq <= :through AND (content || '') ILIKE :pattern
ORDER BY seq DESC
LIMIT :limit
