-- Counts a session's members and how many of them are online, from the member hot copy and presence,
-- without sending the roster back: what every joined, online and offline event and every join answer
-- carries (Headcount: only members count as online).
-- KEYS[1]  <prefix>:{CODE}:members         hash: memberId -> member record; 'expiresAt' -> session expiry
--                                          (written whole by roster-put.lua; without 'expiresAt' it is no roster)
-- KEYS[2]  <prefix>:{CODE}:online          hash: memberId -> open socket count (> 0); 'expiresAt' -> session expiry
-- KEYS[3]  <prefix>:{CODE}:online:strays   set: members online that the roster may lack (see presence-open.lua)
-- ARGV[1]  now by the application's clock, epoch milliseconds
-- Returns {online, total}, or false when the roster is not cached whole or has expired by ARGV[1] (the
-- caller then counts from the roster it reads through to PostgreSQL). Read only.
-- Constant in the session's size: every field of the online hash but 'expiresAt' is a member with a socket,
-- so the online hash's length is the count, less the strays really outside the roster (a member removed
-- while a socket of it still closes; a handful at most). It runs for every presence event, and walking the
-- online hash made a session of thousands filling or emptying quadratic for Redis (8 ms a call at 5,000).
local expires = redis.call('HGET', KEYS[1], 'expiresAt')
if not expires or tonumber(ARGV[1]) >= tonumber(expires) then
  return false
end
local total = redis.call('HLEN', KEYS[1]) - 1
local online = 0
local onlineExpires = redis.call('HGET', KEYS[2], 'expiresAt')
if onlineExpires and tonumber(ARGV[1]) < tonumber(onlineExpires) then
  online = redis.call('HLEN', KEYS[2]) - 1
  for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
    if redis.call('HEXISTS', KEYS[2], id) == 1 and redis.call('HEXISTS', KEYS[1], id) == 0 then
      online = online - 1
    end
  end
end
-- Bounds, should a stray ever go unnoted (a gateway of an older version, whose scripts knew no strays).
online = math.max(0, math.min(online, total))
return {online, total}
