-- How many members a live session has: the count PostgreSQL keeps beside it (V11), not a count of its rows.
SELECT coalesce((
  SELECT c.members
  FROM sessions s JOIN session_member_counts c ON c.session_id = s.id
  WHERE s.code = :code AND s.ended_at IS NULL AND s.expires_at > :now), 0)
