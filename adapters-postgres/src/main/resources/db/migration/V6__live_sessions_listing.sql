-- The server API lists every owner's live sessions, newest first, keyset-paged by (created_at, code)
-- (sessions/list-live.sql). A partial index in exactly that order holds only the live rows, so the
-- listing reads no ended session, however many the retention keeps.
CREATE INDEX sessions_live_created ON sessions (created_at DESC, code DESC) WHERE ended_at IS NULL;
