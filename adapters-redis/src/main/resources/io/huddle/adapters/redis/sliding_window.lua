-- Exact sliding-window rate limits for every tier of one request, in one atomic call (a script runs
-- alone, so nothing interleaves between checking and recording; one EVALSHA = one round trip).
--
-- KEYS[i]  one (tier, key): a sorted set of the times of its accepted requests, score = time in
--          microseconds, member = "<time>:<tie number>" (unique even within one microsecond). It holds
--          at most COUNT members and expires WINDOW after its newest member, so it cleans itself up.
-- ARGV[1]  '' in production: the time comes from Redis TIME, so instances with skewed clocks agree.
--          Tests alone pass a time in microseconds here, to drive exact schedules.
-- ARGV[3i-1], ARGV[3i], ARGV[3i+1]  COUNT, WINDOW (microseconds) and COUNTED ('1' or '0') of KEYS[i].
--
-- Rule (the same as io.huddle.domain.limit.SlidingWindowLog): a request at t is allowed by a key iff
-- fewer than COUNT of its accepted requests lie in (t - WINDOW, t]. It is recorded in every COUNTED key
-- when every key allows it, and in none otherwise (a key that is not COUNTED only decides). Time never runs backwards for one key: a time before
-- the key's newest request counts as that newest time.
-- Returns, per key in KEYS order: allowed (1 or 0), remaining, retryAfter and reset (microseconds).

local now
if ARGV[1] == '' then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000000 + tonumber(time[2])
else
  now = tonumber(ARGV[1])
end

local function stamp(micros)
  return string.format('%d', micros)
end

local result = {}
local times = {}
local ties = {}
local everyone = true

for i = 1, #KEYS do
  local key = KEYS[i]
  local count = tonumber(ARGV[3 * i - 1])
  local window = tonumber(ARGV[3 * i])
  local t = now
  ties[i] = 0
  local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if newest[2] then
    local newestTime = tonumber(newest[2])
    if newestTime >= t then
      t = newestTime
      ties[i] = tonumber(string.match(newest[1], ':(%d+)$')) + 1
    end
  end
  times[i] = t
  redis.call('ZREMRANGEBYSCORE', key, '-inf', stamp(t - window))
  local size = redis.call('ZCARD', key)
  if size > count then
    -- Only the newest COUNT requests can decide anything (the limit was lowered).
    redis.call('ZREMRANGEBYRANK', key, 0, size - count - 1)
    size = count
  end
  local oldest = t
  if size > 0 then oldest = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]) end
  local base = 4 * (i - 1)
  if size < count then
    result[base + 1] = 1
    result[base + 2] = count - size - 1
    result[base + 3] = 0
    result[base + 4] = oldest + window - t
  else
    everyone = false
    result[base + 1] = 0
    result[base + 2] = 0
    result[base + 3] = oldest + window - t
    result[base + 4] = oldest + window - t
  end
end

if everyone then
  for i = 1, #KEYS do
    if ARGV[3 * i + 1] == '1' then
      local t = times[i]
      local window = tonumber(ARGV[3 * i])
      redis.call('ZADD', KEYS[i], stamp(t), stamp(t) .. ':' .. string.format('%010d', ties[i]))
      redis.call('PEXPIRE', KEYS[i], math.ceil((t - now + window) / 1000))
    end
  end
end

return result
