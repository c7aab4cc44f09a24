-- Raises a member's lastSeenAt in its session; never lowers it, never brings a member back.
-- KEYS[1]  <prefix>:{CODE}:members   hash written by roster-put.lua
-- ARGV[1]  memberId
-- ARGV[2]  the time seen, epoch milliseconds
-- ARGV[3]  now by the application's clock, epoch milliseconds: a session past expiresAt is gone
-- Returns the member's token hash when raised (the caller then raises the copy in the token key
-- with token-seen.lua), false otherwise.
-- Atomic: read, compare and write are one step, so concurrent calls leave the greatest time.
local expires = redis.call('HGET', KEYS[1], 'expiresAt')
if not expires or tonumber(ARGV[3]) >= tonumber(expires) then
  return false
end
local record = redis.call('HGET', KEYS[1], ARGV[1])
if not record then
  return false
end
local seen, rest = string.match(record, '^(%-?%d+)(|.*)$')
if tonumber(ARGV[2]) <= tonumber(seen) then
  return false
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. rest)
return string.match(rest, '^|[^|]*|[^|]*|([^|]*)|')
