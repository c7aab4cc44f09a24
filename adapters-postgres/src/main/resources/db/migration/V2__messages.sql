-- Messages: the system of record for every session's log, until retention purges the session (the
-- rows go with it: ON DELETE CASCADE).
--
-- seq is per session 1, 2, 3, … with no gap and never reused: an append takes it from
-- sessions.last_seq in the insert's own transaction, under the session row's lock. A clear deletes
-- every message of the session and sets sessions.cleared_through = last_seq, so the log of a session
-- holds exactly the seqs (cleared_through, last_seq] (the LogSpan the recent copy is checked against).
--
-- data is the opaque JSON text the web edge serialized, kept as text (not jsonb) so it reads back
-- byte for byte.
--
-- Indexes, each for one query:
--   messages_pkey             (session_id, seq): every history page, walked in seq order with LIMIT:
--                             latest:  WHERE session_id = ? ORDER BY seq DESC LIMIT n
--                             before:  WHERE session_id = ? AND seq < ? ORDER BY seq DESC LIMIT n
--                             after:   WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT n
--                             clear:   DELETE WHERE session_id = ?; stats: the session's rows
--   messages_client_msg_id    (session_id, sender_id, client_msg_id), unique, partial: the idempotent
--                             send's look-up of an earlier message with the same client id
--   messages_content_trgm     trigram GIN over content: search, a case-insensitive substring
--                             (content ILIKE '%text%', with \ % _ escaped) in one session
--
-- pg_trgm is created in the schema public when missing (a trusted extension since PostgreSQL 13: the
-- database owner or a role with CREATE on the database may create it), so every schema of the
-- database uses the one copy and dropping a schema never drops the extension. The operator class is
-- looked up wherever the extension lives. The advisory lock serialises CREATE EXTENSION between
-- schemas migrating at once (two creates of one extension race on pg_extension's unique name).
SELECT pg_advisory_xact_lock(hashtext('huddle-extension:pg_trgm'));
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

ALTER TABLE sessions ADD COLUMN cleared_through bigint NOT NULL DEFAULT 0;

CREATE TABLE messages (
  session_id    bigint      NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  seq           bigint      NOT NULL,
  id            text        NOT NULL,
  sender_id     text        NOT NULL,
  sender_name   text        NOT NULL,
  kind          text        NOT NULL,
  content       text        NOT NULL,
  data          text,
  client_msg_id text,
  sent_at       timestamptz NOT NULL,
  CONSTRAINT messages_pkey PRIMARY KEY (session_id, seq)
);
CREATE UNIQUE INDEX messages_client_msg_id ON messages (session_id, sender_id, client_msg_id)
  WHERE client_msg_id IS NOT NULL;

DO $$
DECLARE
  trgm_schema text;
BEGIN
  SELECT n.nspname INTO STRICT trgm_schema
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  WHERE e.extname = 'pg_trgm';
  EXECUTE format('CREATE INDEX messages_content_trgm ON messages USING gin (content %I.gin_trgm_ops)', trgm_schema);
END
$$;
