-- Caches a session's shared state unless a later version is cached already.
-- KEYS[1]  <prefix>:{CODE}:state   hash: version, data, updatedAt, updatedBy, expiresAt
-- ARGV[1]  version (0: nobody wrote yet; data, updatedAt and updatedBy are then '')
-- ARGV[2]  the data (JSON text)
-- ARGV[3]  updatedAt, epoch milliseconds
-- ARGV[4]  updatedBy, a member id
-- ARGV[5]  until when it may be kept, epoch milliseconds (kept in the hash and set as its PEXPIREAT)
-- Returns 1 when cached, 0 when a later version was there.
-- Atomic: compare and write are one step, so of a read refilling an old version and a write putting
-- a new one, the new one stays whichever comes last.
local cached = redis.call('HGET', KEYS[1], 'version')
if cached and tonumber(cached) > tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', ARGV[2], 'updatedAt', ARGV[3],
  'updatedBy', ARGV[4], 'expiresAt', ARGV[5])
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return 1
