-- Adds a member who joined to a session's cached roster, only when the roster is cached whole, and
-- withdraws any refill ticket (a roster read before this join lacks the member).
-- KEYS[1]  <prefix>:{CODE}:members          hash written by roster-put.lua
-- KEYS[2]  <prefix>:{CODE}:members:refill   the refill ticket
-- KEYS[3]  <prefix>:{CODE}:online:strays    set: members online that the roster lacks (headcount.lua)
-- ARGV[1]  memberId
-- ARGV[2]  member record: lastSeenAt|joinedAt|role|tokenHash|displayName (see MemberRecords)
-- Returns 1 when added, 0 when no roster is cached (the next read refills it from PostgreSQL).
-- Atomic: a roster is never started from one member, so a partial roster is never taken for the whole.
redis.call('DEL', KEYS[2])
if redis.call('HEXISTS', KEYS[1], 'expiresAt') == 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SREM', KEYS[3], ARGV[1])
return 1
