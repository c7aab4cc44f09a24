-- Members (with the hash of their token and their role) and each session's shared state: PostgreSQL
-- is their system of record; Redis keeps hot copies that are refilled from here on a miss, so a Redis
-- that is flushed, restarted empty or lost loses nothing a user would miss.
--
-- members: one row per member of a session while it is a member (leave, kick, idle removal and the
-- session's end delete it; the session's purge cascades). token_hash is the SHA-256 of the member
-- token, hex (the token itself is never stored). pk orders the rows for the idle-member walk.
-- Indexes, each for one query:
--   members_pkey               (session_id, id): find, remove, seen of one member
--   members_token_hash_unique  authenticate: WHERE token_hash = ? (one index probe)
--   members_session_joined     a session's roster by join time, and its count under the join's lock
--   members_walk               the idle-member walk: WHERE pk > ? ORDER BY pk LIMIT n
CREATE TABLE members (
  pk            bigint GENERATED ALWAYS AS IDENTITY,
  session_id    bigint      NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  id            text        NOT NULL,
  role          text        NOT NULL,
  display_name  text        NOT NULL,
  token_hash    text        NOT NULL,
  joined_at     timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  CONSTRAINT members_pkey PRIMARY KEY (session_id, id),
  CONSTRAINT members_token_hash_unique UNIQUE (token_hash),
  CONSTRAINT members_role CHECK (role IN ('owner','controller','member','display'))
);
CREATE INDEX members_session_joined ON members (session_id, joined_at, id);
CREATE UNIQUE INDEX members_walk ON members (pk);

-- states: one versioned row per session that was written (none: version 0, never written). A write
-- is a compare-and-set on version in one statement and is acknowledged after its commit.
CREATE TABLE states (
  session_id  bigint      PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  version     bigint      NOT NULL CHECK (version > 0),
  data        text        NOT NULL,
  updated_at  timestamptz NOT NULL,
  updated_by  text        NOT NULL
);
