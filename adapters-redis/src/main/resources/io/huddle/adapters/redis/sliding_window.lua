-- Exact sliding-window rate limits for one or more requests, each over every tier it names, in one
-- atomic call (a script runs alone, so nothing interleaves between checking and recording, and one
-- EVALSHA is one round trip however many requests a group commit brings).
--
-- KEYS     the (tier, key)s of every request, request after request: each a sorted set of the times of
--          its accepted requests, score = time in microseconds, member = "<time>:<tie number>" (unique
--          even within one microsecond). It holds at most COUNT members and expires WINDOW after its
--          newest member, so it cleans itself up.
-- ARGV[1]  '' in production: the time comes from Redis TIME, so instances with skewed clocks agree.
--          Tests alone pass a time in microseconds here, to drive exact schedules.
-- ARGV[2]  the number of requests; then per request: its number of keys N, followed by N triples
--          COUNT, WINDOW (microseconds), COUNTED ('1' or '0'), for its next N KEYS.
--
-- Rule (the same as io.huddle.domain.limit.SlidingWindowLog): a request at t is allowed by a key iff
-- fewer than COUNT of its accepted requests lie in (t - WINDOW, t]. It is recorded in every COUNTED key
-- when every key allows it, and in none otherwise (a key that is not COUNTED only decides). Requests are
-- decided in order, each seeing what the ones before it recorded. Time never runs backwards for one
-- key: a time before the key's newest request counts as that newest time, unless it is more than a whole
-- window before it: then the clock stepped back, and the key's log is forgotten (pinned to that newest
-- time, a key at its limit was refused for the whole step, however long).
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
local k = 0      -- keys consumed so far
local a = 3      -- next ARGV to read

for _ = 1, tonumber(ARGV[2]) do
  local n = tonumber(ARGV[a])
  a = a + 1
  local times = {}
  local ties = {}
  local everyone = true
  for i = 1, n do
    local key = KEYS[k + i]
    local count = tonumber(ARGV[a + 3 * (i - 1)])
    local window = tonumber(ARGV[a + 3 * (i - 1) + 1])
    local t = now
    ties[i] = 0
    local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
    if newest[2] then
      local newestTime = tonumber(newest[2])
      if newestTime - t > window then
        redis.call('DEL', key)
      elseif newestTime >= t then
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
    local base = 4 * (k + i - 1)
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
    for i = 1, n do
      if ARGV[a + 3 * (i - 1) + 2] == '1' then
        local t = times[i]
        local window = tonumber(ARGV[a + 3 * (i - 1) + 1])
        redis.call('ZADD', KEYS[k + i], stamp(t), stamp(t) .. ':' .. string.format('%010d', ties[i]))
        redis.call('PEXPIRE', KEYS[k + i], math.ceil((t - now + window) / 1000))
      end
    end
  end
  k = k + n
  a = a + 3 * n
end

return result
