-- Adds one stored message to a session's recent copy, keeps the newest ones, and makes the copy
-- expire with the session.
-- KEYS[1]  <prefix>:{CODE}:recent   sorted set: score = seq, member = the message (RecentRecords)
-- ARGV[1]  seq
-- ARGV[2]  the encoded message
-- ARGV[3]  capacity: how many messages the copy keeps
-- ARGV[4]  the session's expiresAt, epoch milliseconds (PEXPIREAT)
-- Atomic: a seq already held is not added again (so one seq is one member, whatever its encoding),
-- the trim by rank drops the lowest seqs (a late, older message goes instead of a newer one), and the
-- copy is never without its expiry.
if redis.call('ZCOUNT', KEYS[1], ARGV[1], ARGV[1]) == 0 then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
end
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return 1
