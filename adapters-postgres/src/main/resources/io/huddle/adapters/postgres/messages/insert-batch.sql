-- Stores a group commit's messages under the seqs computed from the locked last_seq, and moves each
-- session's last_seq and activity time with them, in one statement; runs under the row locks of
-- lock-sessions.sql. Activity only rises, and only by 30 s or more at a time: the durable activity time is
-- coarse (the hot copy in Redis has it exact, and the inactivity job reads both), so nearly every group
-- commit leaves last_activity_at, which is indexed, as it was, and its update of the row is a HOT update
-- (no new index entries, no extra WAL for them).
-- Guarantees: the bumps and the inserts commit or roll back together, so a seq is used exactly when its
-- message is stored (no gap, no reuse); the data-modifying CTE always runs, whatever the INSERT reads.
WITH bumped AS (
  UPDATE sessions s
  SET last_seq = v.last_seq,
      last_activity_at = CASE WHEN v.active_at >= s.last_activity_at + interval '30 seconds'
                              THEN v.active_at ELSE s.last_activity_at END
  FROM unnest(:bumpIds::bigint[], :bumpSeqs::bigint[], :bumpAts::text[]::timestamptz[]) AS v (id, last_seq, active_at)
  WHERE s.id = v.id
)
INSERT INTO messages (session_id, seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at)
SELECT session_id, seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at::timestamptz
FROM unnest(:sessionIds::bigint[], :seqs::bigint[], :ids::text[], :senderIds::text[], :senderNames::text[],
            :kinds::text[], :contents::text[], :datas::text[], :clientMsgIds::text[], :sentAts::text[])
     AS m (session_id, seq, id, sender_id, sender_name, kind, content, data, client_msg_id, sent_at)
