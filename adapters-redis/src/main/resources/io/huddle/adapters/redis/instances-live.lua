-- The instances alive now, by Redis's clock: those whose life (instances-beat.lua) ends after now.
-- KEYS[1]  <prefix>:instances   sorted set written by instances-beat.lua
-- Returns the instance ids, in no particular order.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
