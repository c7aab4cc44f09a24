-- One page of every owner's live sessions, newest first (created_at descending, ties by code
-- descending), for backends holding a server key. Keyset paging as in list-by-owner.sql: the page
-- starts strictly after the cursor, or at 'infinity' without one. The partial index
-- sessions_live_created (V6) holds only rows with ended_at IS NULL in this order, so PostgreSQL walks it
-- from the cursor and stops after :limit rows that are not past their expiry, with no sort.
SELECT code, owner_id, name, max_members, created_at, expires_at, last_activity_at, ended_at, end_reason
FROM sessions
WHERE ended_at IS NULL
  AND expires_at > :now
  AND (created_at, code) < (COALESCE(CAST(:afterCreatedAt AS timestamptz), 'infinity'), COALESCE(CAST(:afterCode AS text), ''))
ORDER BY created_at DESC, code DESC
LIMIT :limit
