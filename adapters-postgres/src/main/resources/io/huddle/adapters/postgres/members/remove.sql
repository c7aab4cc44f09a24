-- Removes one member of a live session; its row, and so its token hash, is gone in one statement.
-- huddle.departure (left, kicked, idle) is set for this statement's transaction only, before the row
-- goes, so the webhook trigger (V7) reports member.left with why, in the same transaction.
WITH why AS (SELECT set_config('huddle.departure', :reason, true) AS reason)
DELETE FROM members m USING sessions s, why
WHERE s.id = m.session_id AND s.code = :code AND m.id = :id AND s.expires_at > :now AND why.reason IS NOT NULL
RETURNING m.token_hash
