-- Relays one session's part of a group commit: adds its stored messages to the session's recent copy,
-- keeps the newest ones, makes the copy expire with the session, and publishes them to every gateway.
-- KEYS[1]  <prefix>:{CODE}:recent   sorted set: score = seq, member = the message (RecentRecords)
-- ARGV[1]  capacity: how many messages the copy keeps
-- ARGV[2]  the session's expiresAt, epoch milliseconds (PEXPIREAT)
-- ARGV[3]  the session's shard channel, <prefix>:{CODE}:events (hash-tagged like the key, so on a
--          Redis Cluster SPUBLISH reaches the subscribers of the master that runs this script only)
-- KEYS[2]  <prefix>:{CODE}:session  the session's hot copy (session-put.lua), same hash tag
-- ARGV[4]  the payload to publish (EventCodec: every message of the batch)
-- ARGV[5]  the newest message's time, epoch milliseconds: the session's activity
-- ARGV[6], ARGV[7], …  seq and encoded message, per message, ascending by seq
-- Atomic: a seq already held is not added again (so one seq is one member), the trim by rank drops the
-- lowest seqs, the copy is never without its expiry, and the copy holds the messages before any gateway
-- hears of them, so a gap fill that follows the event finds them in the copy. One call per session:
-- one round trip for the copy and the publish together. The hot copy's lastActivityAt is raised as
-- session-touch.lua raises it (never lowered, never created), so a session's lastActivityAt shows its
-- newest message at once; the durable time follows at most 30 s behind (huddle_append).
for i = 6, #ARGV, 2 do
  if redis.call('ZCOUNT', KEYS[1], ARGV[i], ARGV[i]) == 0 then
    redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[1]) + 1))
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
local active = redis.call('HGET', KEYS[2], 'lastActivityAt')
if active and tonumber(ARGV[5]) > tonumber(active) then
  redis.call('HSET', KEYS[2], 'lastActivityAt', ARGV[5])
end
redis.call('SPUBLISH', ARGV[3], ARGV[4])
return 1
