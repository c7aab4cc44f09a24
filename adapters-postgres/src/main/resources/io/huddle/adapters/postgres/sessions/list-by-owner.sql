-- One page of an owner's sessions, newest first: created_at descending, ties by code descending.
-- Keyset paging: the page starts strictly after the cursor (afterCreatedAt, afterCode); without a
-- cursor it starts at 'infinity', so there is one statement and it always has the range condition.
-- The row comparison and the ORDER BY match the index sessions_owner_created
-- (owner_id, created_at DESC, code DESC): PostgreSQL walks the index from the cursor and stops after
-- :limit matching rows, with no sort and no offset, however deep the page.
-- Status as of :now (Session.isLiveAt): ACTIVE = not ended and expires_at > now; ENDED = the rest.
SELECT code, owner_id, name, max_members, created_at, expires_at, last_activity_at, ended_at, end_reason
FROM sessions
WHERE owner_id = :ownerId
  AND (created_at, code) < (COALESCE(CAST(:afterCreatedAt AS timestamptz), 'infinity'), COALESCE(CAST(:afterCode AS text), ''))
  AND (CAST(:status AS text) = 'ALL'
       OR (CAST(:status AS text) = 'ACTIVE' AND ended_at IS NULL AND expires_at > :now)
       OR (CAST(:status AS text) = 'ENDED' AND (ended_at IS NOT NULL OR expires_at <= :now)))
ORDER BY created_at DESC, code DESC
LIMIT :limit
