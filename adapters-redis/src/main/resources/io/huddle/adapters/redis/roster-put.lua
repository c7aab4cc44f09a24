-- Caches a session's whole roster, replacing any copy.
-- KEYS[1]  <prefix>:{CODE}:members   hash: memberId -> member record; 'expiresAt' -> session expiry
-- ARGV[1]  the session's expiresAt, epoch milliseconds (kept in the hash and set as its PEXPIREAT)
-- ARGV[2..] memberId, member record (lastSeenAt|joinedAt|role|tokenHash|displayName), pairwise
-- Returns 1.
-- Atomic: readers see the old roster or the new one whole, never a part. The field 'expiresAt' is what
-- marks a roster as cached whole: a hash without it is never read as a roster.
redis.call('UNLINK', KEYS[1])
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[1])
-- One HSET a member, not unpack(ARGV): Lua's stack would cap a roster at a few thousand members.
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
