-- A group commit in one round trip: see V10__append_in_one_call.sql for the locks, the client-id look-up,
-- the seqs and the activity time. One row per append, in order: 's' stored under seq, 'd' a duplicate of
-- the message in the other columns, 'e' its session had ended. Run in autocommit: the statement's own
-- transaction is the group's, and it commits before the rows are read.
SELECT outcome, seq, id, sender_name, kind, content, data, sent_at
FROM huddle_append(:codes::text[], :ids::text[], :senderIds::text[], :senderNames::text[], :kinds::text[],
                   :contents::text[], :datas::text[], :clientMsgIds::text[], :sentAts::text[]::timestamptz[])
