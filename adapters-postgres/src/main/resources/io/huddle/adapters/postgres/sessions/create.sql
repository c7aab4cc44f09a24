-- Stores a new session unless its code is taken; returns the code when stored, no row when taken.
-- Guarantees: ON CONFLICT on the unique code makes "check and insert" one atomic step, so of any
-- number of concurrent creates of one code exactly one stores a row; a taken code (live or ended)
-- is never overwritten.
INSERT INTO sessions (code, owner_id, name, max_members, created_at, expires_at, last_activity_at, ended_at, end_reason)
VALUES (:code, :ownerId, :name, :maxMembers, :createdAt, :expiresAt, :lastActivityAt, :endedAt, :endReason)
ON CONFLICT (code) DO NOTHING
RETURNING code
