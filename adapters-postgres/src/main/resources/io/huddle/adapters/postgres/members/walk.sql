-- One step of the idle-member walk: members of live sessions last seen at or before :upTo, after the cursor
-- (:afterSeen, :afterPk) in (last_seen_at, pk) order. A range of members_idle (V12): a step reads the
-- candidates only, however many members were seen since.
SELECT m.pk, s.code, m.id, m.role, m.display_name, m.token_hash, m.joined_at, m.last_seen_at
FROM members m JOIN sessions s ON s.id = m.session_id
WHERE m.last_seen_at <= :upTo AND (m.last_seen_at, m.pk) > (CAST(:afterSeen AS timestamptz), :afterPk)
  AND s.ended_at IS NULL AND s.expires_at > :now
ORDER BY m.last_seen_at, m.pk
LIMIT :limit
