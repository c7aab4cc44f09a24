-- Merges the search index's pending list into the index (SearchIndexMerges), unless another process of
-- the same schema is merging it now: the lock is the transaction's, so it is released when this
-- statement ends. Answers the pages the list had (0 when it was empty), or -1 when it skipped.
SELECT CASE
         WHEN pg_try_advisory_xact_lock(hashtext(current_schema() || '.messages_content_trgm'))
           THEN gin_clean_pending_list('messages_content_trgm'::regclass)
         ELSE -1
       END
