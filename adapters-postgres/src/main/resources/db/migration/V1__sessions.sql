-- Sessions: the system of record for every session, live or ended, until retention purges it.
--
-- code is unique over all rows, ended ones included, so a code is never handed out twice while its
-- row exists (history links and old invitations cannot reach a newer session).
--
-- Indexes, each for one query:
--   sessions_code_unique    (constraint) join / look-up by code: WHERE code = ?
--   sessions_owner_created  "my sessions", newest first, keyset-paged by the cursor (created_at, code):
--                           WHERE owner_id = ? AND (created_at, code) < (?, ?) ORDER BY created_at DESC, code DESC
--                           (the index order is the listing order, so no sort and no offset)
--   sessions_live_expiry    worker's TTL expiry: live sessions past their lifetime:
--                           WHERE ended_at IS NULL AND expires_at <= ? ... FOR UPDATE SKIP LOCKED
--   sessions_live_activity  worker's inactivity termination: live sessions idle too long:
--                           WHERE ended_at IS NULL AND last_activity_at <= ? ... FOR UPDATE SKIP LOCKED
--   sessions_ended_at       worker's retention purge: ended sessions older than the retention:
--                           WHERE ended_at IS NOT NULL AND ended_at < ?
-- The three worker indexes are partial, so they hold only the rows their query can return.
CREATE TABLE sessions (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code             text        NOT NULL,
  owner_id         text        NOT NULL,
  name             text        NOT NULL,
  max_members      integer     NOT NULL,
  created_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  ended_at         timestamptz,
  end_reason       text,
  last_seq         bigint      NOT NULL DEFAULT 0,
  CONSTRAINT sessions_code_unique UNIQUE (code),
  CONSTRAINT sessions_end_reason CHECK (end_reason IN ('owner','inactivity','expired'))
);
CREATE INDEX sessions_owner_created ON sessions (owner_id, created_at DESC, code DESC);
CREATE INDEX sessions_live_expiry ON sessions (expires_at) WHERE ended_at IS NULL;
CREATE INDEX sessions_live_activity ON sessions (last_activity_at) WHERE ended_at IS NULL;
CREATE INDEX sessions_ended_at ON sessions (ended_at) WHERE ended_at IS NOT NULL;
