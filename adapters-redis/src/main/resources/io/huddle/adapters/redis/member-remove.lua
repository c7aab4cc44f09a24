-- Removes one member from a session's cached roster and withdraws any refill ticket (a roster read
-- before this removal still has the member).
-- KEYS[1]  <prefix>:{CODE}:members          hash written by roster-put.lua
-- KEYS[2]  <prefix>:{CODE}:members:refill   the refill ticket
-- KEYS[3]  <prefix>:{CODE}:online           hash: memberId -> open socket count; 'expiresAt' -> session expiry
-- KEYS[4]  <prefix>:{CODE}:online:strays    set: members online that the roster lacks (headcount.lua)
-- ARGV[1]  memberId
-- Returns 1 when the member was in the cached roster, 0 otherwise.
-- Atomic: a member removed while a socket of it is still open (it is being closed) becomes a stray in the
-- same step, so no headcount counts it online once it is out of the roster.
redis.call('DEL', KEYS[2])
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
  return 0
end
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then
  redis.call('SADD', KEYS[4], ARGV[1])
  local expires = redis.call('HGET', KEYS[3], 'expiresAt')
  if expires then
    redis.call('PEXPIREAT', KEYS[4], expires)
  end
end
return 1
