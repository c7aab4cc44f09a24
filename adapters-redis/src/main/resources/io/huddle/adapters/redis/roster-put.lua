-- Caches a session's whole roster, replacing any copy, if the refill ticket it was read under still stands.
-- KEYS[1]  <prefix>:{CODE}:members          hash: memberId -> member record; 'expiresAt' -> session expiry
-- KEYS[2]  <prefix>:{CODE}:members:refill   the current refill ticket (see RedisMemberCache.beginRefill)
-- KEYS[3]  <prefix>:{CODE}:online           hash: memberId -> open socket count, only read
-- KEYS[4]  <prefix>:{CODE}:online:strays    set: members online that the roster lacks (headcount.lua)
-- ARGV[1]  the session's expiresAt, epoch milliseconds (kept in the hash and set as its PEXPIREAT)
-- ARGV[2]  the ticket the roster was read under
-- ARGV[3..] memberId, member record (lastSeenAt|joinedAt|role|tokenHash|displayName), pairwise
-- Returns 1 when cached, 0 when the ticket was withdrawn (a member joined, left or was evicted since
-- the roster was read, so it may lack that change): nothing is written then.
-- Atomic: readers see the old roster or the new one whole, never a part. The field 'expiresAt' is what
-- marks a roster as cached whole: a hash without it is never read as a roster. The strays are found
-- again against the new roster (once a refill, so that every presence event need not look).
if redis.call('GET', KEYS[2]) ~= ARGV[2] then
  return 0
end
redis.call('DEL', KEYS[2])
redis.call('UNLINK', KEYS[1], KEYS[4])
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[1])
-- One HSET a member, not unpack(ARGV): Lua's stack would cap a roster at a few thousand members.
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
for _, id in ipairs(redis.call('HKEYS', KEYS[3])) do
  if id ~= 'expiresAt' and redis.call('HEXISTS', KEYS[1], id) == 0 then
    redis.call('SADD', KEYS[4], id)
  end
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('PEXPIREAT', KEYS[4], ARGV[1])
end
return 1
