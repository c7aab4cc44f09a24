-- Notes a gateway instance alive until now + its time to live, by Redis's clock, in the set of instances.
-- KEYS[1]  <prefix>:instances   sorted set: member the instance id, score the end of its life (epoch ms)
-- ARGV[1]  the instance id
-- ARGV[2]  its time to live, milliseconds
-- Replaces the instance's previous beat, drops the instances whose life has ended, and keeps the set
-- itself at least as long as the entry just written, so that a fleet that stops leaves nothing behind.
-- Returns 1.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return 1
