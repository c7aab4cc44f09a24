-- Adds a member to a session unless the session is full.
-- KEYS[1]  <prefix>:{CODE}:members   hash: memberId -> member record; 'expiresAt' -> session expiry
-- ARGV[1]  memberId
-- ARGV[2]  member record: lastSeenAt|joinedAt|role|tokenHash|displayName (see MemberRecords)
-- ARGV[3]  the session's maxMembers
-- ARGV[4]  the session's expiresAt, epoch milliseconds (kept in the hash and set as its PEXPIREAT)
-- Returns the member count after the join, or 0 when the session is full.
-- Atomic: the count and the write are one step, so concurrent joins never overshoot maxMembers.
-- The token key (another slot) is written by the caller in the same pipeline, before this script.
local count = redis.call('HLEN', KEYS[1]) - redis.call('HEXISTS', KEYS[1], 'expiresAt')
if count >= tonumber(ARGV[3]) then
  return 0
end
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[4], ARGV[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return redis.call('HLEN', KEYS[1]) - 1
