-- Raises lastSeenAt in the copy of a member kept in its token key; never lowers it, never
-- recreates a revoked token.
-- KEYS[1]  <prefix>:token:<sha256hex>   string: lastSeenAt|joinedAt|role|CODE|memberId|expiresAt|displayName
-- ARGV[1]  the time seen, epoch milliseconds
-- Returns 1 when raised, 0 otherwise.
-- Atomic: read, compare and write are one step; KEEPTTL keeps the session's expiry.
local record = redis.call('GET', KEYS[1])
if not record then
  return 0
end
local seen, rest = string.match(record, '^(%-?%d+)(|.*)$')
if tonumber(ARGV[1]) <= tonumber(seen) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1] .. rest, 'KEEPTTL')
return 1
