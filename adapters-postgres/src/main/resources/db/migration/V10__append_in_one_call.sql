-- A group commit as one function call: one round trip instead of three or four (lock the sessions, look
-- up the client ids, bump and insert, COMMIT; messages/lock-sessions.sql, find-duplicates.sql and
-- insert-batch.sql until V10), with the same guarantees:
--   * the group's live sessions are row-locked (FOR NO KEY UPDATE, in id order, so two groups sharing
--     sessions never deadlock) until the caller's transaction commits (the statement's own, in autocommit):
--     appends to one session, from this gateway or another, wait for each other, so each group reads
--     last_seq after every earlier append committed (gapless seq, no reuse); FOR NO KEY UPDATE is the lock
--     the seq bump takes anyway and lets the messages' foreign-key checks (FOR KEY SHARE) through; an ended
--     session is not locked and takes no message;
--   * in PL/pgSQL each statement of a VOLATILE function reads a fresh snapshot under READ COMMITTED, so the
--     client-id look-up, run after the locks are granted, sees every append that committed before: a racing
--     duplicate finds the winner's row and takes no seq (one winner per sender and client id);
--   * a client id twice in one group is stored once, the later ones answered with the first;
--   * a message sent at or after its session's expiry (both to the millisecond, as the caller keeps times)
--     is refused as ended;
--   * the bumps and the inserts commit or roll back together, so a seq is used exactly when its message is
--     stored; activity only rises, and only by 30 s or more at a time (the hot copy in Redis has it exact),
--     so nearly every group leaves last_activity_at, which is indexed, as it was (a HOT update).
-- Arguments: one element per append, in the order the caller submitted them (p_sent_ats already truncated
-- to the millisecond). Returns one row per append, in that order: outcome 's' (stored under seq), 'd' (a
-- duplicate: the first message's seq, id, sender_name, kind, content, data and sent_at) or 'e' (the session
-- had ended, or has no such code).
CREATE FUNCTION huddle_append(
  p_codes text[], p_ids text[], p_sender_ids text[], p_sender_names text[], p_kinds text[],
  p_contents text[], p_datas text[], p_client_msg_ids text[], p_sent_ats timestamptz[])
RETURNS TABLE (outcome text, seq bigint, id text, sender_name text, kind text, content text, data text,
               sent_at timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  -- The locked sessions, side by side (array_position on v_codes finds one).
  v_codes text[]; v_ids bigint[]; v_last bigint[]; v_expires timestamptz[]; v_active timestamptz[];
  -- The earlier messages found for the group's client ids, and the group's own stored ones, by key.
  v_keys text[]; v_seq bigint[]; v_id text[]; v_name text[]; v_kind text[]; v_content text[];
  v_data text[]; v_at timestamptz[];
  -- The rows to insert.
  r_session bigint[] := '{}'; r_seq bigint[] := '{}'; r_index int[] := '{}';
  n int := coalesce(cardinality(p_codes), 0);
  k int;
  j int;
  v_key text;
BEGIN
  SELECT coalesce(array_agg(s.code ORDER BY s.id), '{}'), coalesce(array_agg(s.id ORDER BY s.id), '{}'),
         coalesce(array_agg(s.last_seq ORDER BY s.id), '{}'),
         coalesce(array_agg(date_trunc('milliseconds', s.expires_at) ORDER BY s.id), '{}')
  INTO v_codes, v_ids, v_last, v_expires
  FROM (SELECT l.id, l.code, l.last_seq, l.expires_at FROM sessions l
        WHERE l.code = ANY(p_codes) AND l.ended_at IS NULL
        ORDER BY l.id FOR NO KEY UPDATE) s;
  v_active := array_fill('-infinity'::timestamptz, ARRAY[cardinality(v_ids)]);

  -- Keys are the session id, the sender id's length and the two ids: no two different triples share one.
  SELECT coalesce(array_agg(m.session_id || ':' || length(m.sender_id) || ':' || m.sender_id || m.client_msg_id), '{}'),
         coalesce(array_agg(m.seq), '{}'), coalesce(array_agg(m.id), '{}'), coalesce(array_agg(m.sender_name), '{}'),
         coalesce(array_agg(m.kind), '{}'), coalesce(array_agg(m.content), '{}'), coalesce(array_agg(m.data), '{}'),
         coalesce(array_agg(m.sent_at), '{}')
  INTO v_keys, v_seq, v_id, v_name, v_kind, v_content, v_data, v_at
  FROM messages m
  JOIN (SELECT DISTINCT v_ids[array_position(v_codes, c.code)] AS session_id, c.sender_id, c.client_msg_id
        FROM unnest(p_codes, p_sender_ids, p_client_msg_ids) AS c (code, sender_id, client_msg_id)
        WHERE c.client_msg_id IS NOT NULL AND array_position(v_codes, c.code) IS NOT NULL) c
    ON m.session_id = c.session_id AND m.sender_id = c.sender_id AND m.client_msg_id = c.client_msg_id;

  FOR i IN 1 .. n LOOP
    k := array_position(v_codes, p_codes[i]);
    IF k IS NULL OR p_sent_ats[i] >= v_expires[k] THEN
      outcome := 'e'; seq := NULL; id := NULL; sender_name := NULL; kind := NULL; content := NULL;
      data := NULL; sent_at := NULL;
      RETURN NEXT;
      CONTINUE;
    END IF;
    IF p_client_msg_ids[i] IS NOT NULL THEN
      v_key := v_ids[k] || ':' || length(p_sender_ids[i]) || ':' || p_sender_ids[i] || p_client_msg_ids[i];
      j := array_position(v_keys, v_key);
      IF j IS NOT NULL THEN
        outcome := 'd'; seq := v_seq[j]; id := v_id[j]; sender_name := v_name[j]; kind := v_kind[j];
        content := v_content[j]; data := v_data[j]; sent_at := v_at[j];
        RETURN NEXT;
        CONTINUE;
      END IF;
    END IF;
    v_last[k] := v_last[k] + 1;
    v_active[k] := greatest(v_active[k], p_sent_ats[i]);
    r_session := r_session || v_ids[k];
    r_seq := r_seq || v_last[k];
    r_index := r_index || i;
    IF p_client_msg_ids[i] IS NOT NULL THEN
      v_keys := v_keys || v_key;
      v_seq := v_seq || v_last[k]; v_id := v_id || p_ids[i]; v_name := v_name || p_sender_names[i];
      v_kind := v_kind || p_kinds[i]; v_content := v_content || p_contents[i]; v_data := v_data || p_datas[i];
      v_at := v_at || p_sent_ats[i];
    END IF;
    outcome := 's'; seq := v_last[k]; id := NULL; sender_name := NULL; kind := NULL; content := NULL;
    data := NULL; sent_at := NULL;
    RETURN NEXT;
  END LOOP;

  IF cardinality(r_index) > 0 THEN
    UPDATE sessions s
    SET last_seq = v.last_seq,
        last_activity_at = CASE WHEN v.active_at >= s.last_activity_at + interval '30 seconds'
                                THEN v.active_at ELSE s.last_activity_at END
    FROM unnest(v_ids, v_last, v_active) AS v (id, last_seq, active_at)
    WHERE s.id = v.id AND v.active_at > '-infinity';
    INSERT INTO messages (session_id, seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at)
    SELECT r.session_id, r.seq, p_ids[r.i], p_sender_ids[r.i], p_sender_names[r.i], p_kinds[r.i],
           p_contents[r.i], p_datas[r.i], p_client_msg_ids[r.i], p_sent_ats[r.i]
    FROM unnest(r_session, r_seq, r_index) AS r (session_id, seq, i);
  END IF;
END $$;
