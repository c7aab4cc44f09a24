-- The trigram search index is updated by each insert itself rather than through GIN's pending list.
--
-- With the pending list (fastupdate, the default), inserts are cheap until the list reaches
-- gin_pending_list_limit (4 MB, about 2,000 messages of 100 characters), and then the insert that
-- crossed it merges the whole list into the index inside its own transaction. For Huddle that insert
-- is a group commit every sender of the gateway waits on: at 2,000 messages/s it stalled the writer
-- for about a second every second or two (delivery p95 981 ms; with the index updated in place,
-- 114 ms; docs/performance.md). An even cost per message is what a writer that acknowledges after
-- commit needs.
ALTER INDEX messages_content_trgm SET (fastupdate = off);
-- Whatever an upgraded database still holds in the list goes into the index now, once.
SELECT gin_clean_pending_list('messages_content_trgm'::regclass);
