-- Counts a session's members and how many of them are online, from the member hot copy and presence,
-- without sending the roster back: what every joined, online and offline event and every join answer
-- carries (Headcount: only members count as online).
-- KEYS[1]  <prefix>:{CODE}:members  hash: memberId -> member record; 'expiresAt' -> session expiry
--                                   (written whole by roster-put.lua; without 'expiresAt' it is no roster)
-- KEYS[2]  <prefix>:{CODE}:online   hash: memberId -> open socket count; 'expiresAt' -> session expiry
-- ARGV[1]  now by the application's clock, epoch milliseconds
-- Returns {online, total}, or false when the roster is not cached whole or has expired by ARGV[1] (the
-- caller then counts from the roster it reads through to PostgreSQL). Read only.
local expires = redis.call('HGET', KEYS[1], 'expiresAt')
if not expires or tonumber(ARGV[1]) >= tonumber(expires) then
  return false
end
local total = redis.call('HLEN', KEYS[1]) - 1
local online = 0
local onlineExpires = redis.call('HGET', KEYS[2], 'expiresAt')
if onlineExpires and tonumber(ARGV[1]) < tonumber(onlineExpires) then
  local counts = redis.call('HGETALL', KEYS[2])
  for i = 1, #counts, 2 do
    local id = counts[i]
    if id ~= 'expiresAt' and tonumber(counts[i + 1]) > 0 and redis.call('HEXISTS', KEYS[1], id) == 1 then
      online = online + 1
    end
  end
end
return {online, total}
