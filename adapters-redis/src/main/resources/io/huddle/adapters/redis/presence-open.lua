-- Registers one socket of a member; says whether it is the member's first.
-- KEYS[1]  <prefix>:{CODE}:presence        hash: socketId -> memberId|instanceId
-- KEYS[2]  <prefix>:{CODE}:online          hash: memberId -> open socket count; 'expiresAt' -> session expiry
-- KEYS[3]  <prefix>:{CODE}:members         the cached roster (roster-put.lua), only read
-- KEYS[4]  <prefix>:{CODE}:online:strays   set: members online that the roster lacks (headcount.lua)
-- ARGV[1]  socketId   ARGV[2] memberId   ARGV[3] instanceId
-- ARGV[4]  the session's expiresAt, epoch milliseconds (kept in KEYS[2], PEXPIREAT of the keys)
-- ARGV[5]  now by the application's clock, epoch milliseconds
-- Returns {first, sockets}: first is 1 when this is the member's first socket, 0 otherwise (also for a
-- socket registered before); sockets is how many the member has registered now, on every instance.
-- Atomic: the registration and the count are one step, so of concurrent first sockets exactly one
-- is the first. What the application's clock says has expired is dropped before anything is added.
-- A first socket of a member the cached roster lacks (removed while its socket opened) is noted as a
-- stray, so the headcount leaves it out; without a cached roster, roster-put.lua notes the strays.
local expires = redis.call('HGET', KEYS[2], 'expiresAt')
if expires and tonumber(ARGV[5]) >= tonumber(expires) then
  redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[4])
end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3]) == 0 then
  return {0, tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')}
end
local count = redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('HSET', KEYS[2], 'expiresAt', ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
redis.call('PEXPIREAT', KEYS[2], ARGV[4])
if count == 1 then
  if redis.call('HEXISTS', KEYS[3], 'expiresAt') == 1 and redis.call('HEXISTS', KEYS[3], ARGV[2]) == 0 then
    redis.call('SADD', KEYS[4], ARGV[2])
    redis.call('PEXPIREAT', KEYS[4], ARGV[4])
  end
  return {1, count}
end
return {0, count}
