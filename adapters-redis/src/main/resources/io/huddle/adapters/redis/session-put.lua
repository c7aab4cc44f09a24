-- Replaces the cached copy of one session and makes it expire with the session.
-- KEYS[1]  <prefix>:{CODE}:session   hash, one field per Session field
-- ARGV[1]  the session's expiresAt, epoch milliseconds (PEXPIREAT)
-- ARGV[2..] field, value, field, value, ...
-- Atomic: a reader sees the previous copy or this one, never a mix (the ending fields of an older
-- copy do not survive into a copy without an ending), and never a copy without its expiry.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
