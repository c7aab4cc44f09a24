-- Free space in each page of the rows every group commit and join updates (sessions.last_seq, members'
-- last_seen_at): an update that changes no indexed column is a HOT update only when the new version fits
-- in the same page. With the default fillfactor (100) the pages fill up and updates move rows to other
-- pages, adding an entry to every index each time. Applies to pages written from now on.
ALTER TABLE sessions SET (fillfactor = 80);
ALTER TABLE members SET (fillfactor = 90);
