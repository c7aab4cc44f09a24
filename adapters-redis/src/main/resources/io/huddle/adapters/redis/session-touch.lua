-- Raises the cached session's lastActivityAt; never lowers it, never creates an entry.
-- KEYS[1]  <prefix>:{CODE}:session   hash written by session-put.lua
-- ARGV[1]  the activity time, epoch milliseconds
-- Returns 1 when raised, 0 otherwise.
-- Atomic: read, compare and write are one step, so concurrent touches leave the greatest time.
-- HGET of a missing key is false, so an evicted or expired session stays absent; HSET on an
-- existing hash keeps its expiry.
local current = redis.call('HGET', KEYS[1], 'lastActivityAt')
if current and tonumber(ARGV[1]) > tonumber(current) then
  redis.call('HSET', KEYS[1], 'lastActivityAt', ARGV[1])
  return 1
end
return 0
