-- A join as one function call: one round trip instead of five (BEGIN, lock and read the session, count,
-- insert, COMMIT), with the same guarantees as the statements it replaces (members/lock-session.sql,
-- count.sql and insert.sql until V9):
--   * joins of one session run one at a time under a transaction-scoped advisory lock on its code, held
--     until the caller's transaction commits (the statement's own, in autocommit);
--   * in PL/pgSQL each statement of a VOLATILE function reads a fresh snapshot under READ COMMITTED, so
--     the count taken after the lock sees every join committed before it: the cap is never overshot
--     (a single SQL statement would not do: its one snapshot is taken before the lock is granted);
--   * the session's durable activity time rises by 30 s or more at a time, in the same transaction.
-- Returns the session's member count after the join, -1 when the session is full (nothing written),
-- NULL when no session has that code.
CREATE FUNCTION huddle_join(
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
  SELECT count(*) INTO v_count FROM members WHERE session_id = v_session;
  IF v_count >= v_max THEN
    RETURN -1;
  END IF;
  INSERT INTO members (session_id, id, role, display_name, token_hash, joined_at, last_seen_at)
  VALUES (v_session, p_id, p_role, p_display_name, p_token_hash, p_joined_at, p_last_seen_at);
  UPDATE sessions SET last_activity_at = p_joined_at
  WHERE id = v_session AND last_activity_at <= p_joined_at - interval '30 seconds';
  RETURN v_count + 1;
END $$;
