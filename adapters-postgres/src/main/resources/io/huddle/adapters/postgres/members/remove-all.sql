-- Removes every member of a session (it ended), live or not; returns their token hashes.
-- huddle.departure 'ended' tells the webhook trigger (V7) that session.ended reports these removals.
WITH why AS (SELECT set_config('huddle.departure', 'ended', true) AS reason)
DELETE FROM members m USING sessions s, why
WHERE s.id = m.session_id AND s.code = :code AND why.reason IS NOT NULL
RETURNING m.token_hash
