-- One session by its code (live or ended), through the unique index on code.
SELECT code, owner_id, name, max_members, created_at, expires_at, last_activity_at, ended_at, end_reason
FROM sessions
WHERE code = :code
