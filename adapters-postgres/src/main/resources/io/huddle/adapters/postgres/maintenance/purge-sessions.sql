-- Deletes the sessions :ids (claimed for purging, their messages already deleted in steps) that are
-- still ended before :endedBefore. Index: the primary key. Whatever messages are left (none, as the
-- session ended long ago) go with the row by ON DELETE CASCADE.
DELETE FROM sessions
WHERE id = ANY(:ids)
  AND ended_at IS NOT NULL
  AND ended_at < :endedBefore
