-- Relays one session's part of a group commit: adds its stored messages to the session's recent copy,
-- keeps the newest ones, makes the copy expire with the session, and publishes them to every gateway.
-- KEYS[1]  <prefix>:{CODE}:recent   sorted set: score = seq, member = the message (RecentRecords)
-- ARGV[1]  capacity: how many messages the copy keeps
-- ARGV[2]  the session's expiresAt, epoch milliseconds (PEXPIREAT)
-- ARGV[3]  the session's shard channel, <prefix>:{CODE}:events (hash-tagged like the key, so on a
--          Redis Cluster SPUBLISH reaches the subscribers of the master that runs this script only)
-- ARGV[4]  the payload to publish (EventCodec: every message of the batch)
-- ARGV[5], ARGV[6], …  seq and encoded message, per message, ascending by seq
-- Atomic: a seq already held is not added again (so one seq is one member), the trim by rank drops the
-- lowest seqs, the copy is never without its expiry, and the copy holds the messages before any gateway
-- hears of them, so a gap fill that follows the event finds them in the copy. One call per session:
-- one round trip for the copy and the publish together.
for i = 5, #ARGV, 2 do
  if redis.call('ZCOUNT', KEYS[1], ARGV[i], ARGV[i]) == 0 then
    redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[1]) + 1))
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('SPUBLISH', ARGV[3], ARGV[4])
return 1
