-- Writes a session's shared state as its next version, optionally only on top of a base version.
-- KEYS[1]  <prefix>:{CODE}:state   hash: version, data, updatedAt, updatedBy, expiresAt
-- ARGV[1]  the base version, or '' to write on top of whatever version is current
-- ARGV[2]  the data (JSON text)
-- ARGV[3]  updatedAt, epoch milliseconds
-- ARGV[4]  updatedBy, a member id
-- ARGV[5]  the session's expiresAt, epoch milliseconds (kept in the hash and set as its PEXPIREAT)
-- ARGV[6]  now by the application's clock, epoch milliseconds: a hash whose expiresAt is not after
--          it belongs to an expired session and counts as never written, as reads count it
-- Returns {1, new version} when written, {0, current version} when the base version is stale.
-- Atomic: the compare and the write are one step, so of concurrent writers on one base version
-- exactly one writes, and writers without one each get a version of their own.
local current = 0
local stored = redis.call('HMGET', KEYS[1], 'version', 'expiresAt')
if stored[1] and stored[2] and tonumber(stored[2]) > tonumber(ARGV[6]) then
  current = tonumber(stored[1])
end
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then
  return {0, current}
end
-- %d, not tostring: tostring prints 14 significant digits, and versions go up to 2^53 - 1.
local next = string.format('%d', current + 1)
redis.call('HSET', KEYS[1], 'version', next, 'data', ARGV[2], 'updatedAt', ARGV[3],
  'updatedBy', ARGV[4], 'expiresAt', ARGV[5])
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return {1, current + 1}
