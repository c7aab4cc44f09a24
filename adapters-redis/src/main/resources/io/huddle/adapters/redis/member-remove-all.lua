-- Removes every member of a session at once and returns the token hashes to revoke.
-- KEYS[1]  <prefix>:{CODE}:members          hash written by roster-put.lua
-- KEYS[2]  <prefix>:{CODE}:online:strays    set kept beside the roster (headcount.lua): goes with it
-- Returns the token hash of every member that was there.
-- Atomic: reading the members and deleting the hash are one step, so a member joined concurrently
-- is either in the returned list (and its token is revoked by the caller) or joins after this
-- (and keeps both its record and its token).
local fields = redis.call('HGETALL', KEYS[1])
redis.call('UNLINK', KEYS[1], KEYS[2])
local tokens = {}
for i = 1, #fields, 2 do
  if fields[i] ~= 'expiresAt' then
    tokens[#tokens + 1] = string.match(fields[i + 1], '^[^|]*|[^|]*|[^|]*|([^|]*)|')
  end
end
return tokens
