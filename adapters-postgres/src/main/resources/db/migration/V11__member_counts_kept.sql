-- A session's member count is kept instead of counted at every join. huddle_join (V9) counted the
-- session's members with count(*) under the session's join lock to hold maxMembers exactly: linear in the
-- session's size, and every join of the session waits for the one before it, commit included, so a big
-- session filled no faster than PostgreSQL counted it, however many gateways served it (bench/join-pg.sh on
-- a 2-core machine: 1.6 ms a join at 7,500 to 10,000 members, about 600 joins a second at 8 at once; with
-- the kept count 0.5 ms and about 2,000).
--
-- The count lives in a table of its own rather than in sessions: a join or a removal row-locks it until its
-- commit, and the message appends of the same session lock the sessions row (V10); they do not wait for
-- each other. A trigger keeps it, so every way a member row comes or goes (a join, a session created with
-- its owner, a leave, a kick, the idle-member job, the removal of all when a session ends, the retention
-- purge's cascade) counts, whichever gateway version wrote it. The row goes with its session.
--
-- Members are locked against writes while the counts are first taken (this migration's transaction), so
-- no join or removal of a running fleet falls between the count and the trigger.

LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE session_member_counts (
  session_id bigint PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  members    integer NOT NULL CHECK (members >= 0)
);

INSERT INTO session_member_counts (session_id, members)
SELECT session_id, count(*) FROM members GROUP BY session_id;

CREATE FUNCTION huddle_member_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO session_member_counts AS c (session_id, members) VALUES (NEW.session_id, 1)
    ON CONFLICT (session_id) DO UPDATE SET members = c.members + 1;
  ELSE
    -- In a session's cascaded delete the row may be gone already: nothing to count then.
    UPDATE session_member_counts SET members = members - 1 WHERE session_id = OLD.session_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER members_counted AFTER INSERT OR DELETE ON members
  FOR EACH ROW EXECUTE FUNCTION huddle_member_counts();

-- As in V9, with the kept count in place of count(*): read after the join lock is granted, in a fresh
-- snapshot (PL/pgSQL, VOLATILE, READ COMMITTED), so it includes every join committed before this one and
-- never overshoots maxMembers; a removal racing with it is seen once committed, as before.
CREATE OR REPLACE FUNCTION huddle_join(
  p_code text, p_id text, p_role text, p_display_name text, p_token_hash text,
  p_joined_at timestamptz, p_last_seen_at timestamptz)
RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_session bigint;
  v_max integer;
  v_count bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('huddle-join:' || p_code, 0));
  SELECT id, max_members INTO v_session, v_max FROM sessions WHERE code = p_code;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT coalesce((SELECT c.members FROM session_member_counts c WHERE c.session_id = v_session), 0)
  INTO v_count;
  IF v_count >= v_max THEN
    RETURN -1;
  END IF;
  INSERT INTO members (session_id, id, role, display_name, token_hash, joined_at, last_seen_at)
  VALUES (v_session, p_id, p_role, p_display_name, p_token_hash, p_joined_at, p_last_seen_at);
  UPDATE sessions SET last_activity_at = p_joined_at
  WHERE id = v_session AND last_activity_at <= p_joined_at - interval '30 seconds';
  RETURN v_count + 1;
END $$;
