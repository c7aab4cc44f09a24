-- Unregisters one socket of a member; says whether it was the member's last.
-- KEYS[1]  <prefix>:{CODE}:presence        hash: socketId -> memberId|instanceId
-- KEYS[2]  <prefix>:{CODE}:online          hash: memberId -> open socket count; 'expiresAt' -> session expiry
-- KEYS[3]  <prefix>:{CODE}:online:strays   set: members online that the roster lacks (headcount.lua)
-- ARGV[1]  socketId   ARGV[2] memberId
-- ARGV[3]  now by the application's clock, epoch milliseconds: a session past expiresAt has no sockets
-- Returns 1 when the member just went offline, 0 otherwise (also for an unknown socket, a socket
-- of another member, or one closed before).
-- Atomic: removal and count are one step, so of concurrent last closes exactly one is the last. A member
-- with no socket left is no field of the online hash (headcount.lua counts on it) and no stray.
local expires = redis.call('HGET', KEYS[2], 'expiresAt')
if not expires or tonumber(ARGV[3]) >= tonumber(expires) then
  return 0
end
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry or string.match(entry, '^([^|]*)|') ~= ARGV[2] then
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) > 0 then
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('SREM', KEYS[3], ARGV[2])
return 1
