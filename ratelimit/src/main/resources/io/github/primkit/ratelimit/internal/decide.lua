-- One decision over every limit of a key, atomically: each limit is checked; only if all admit the request is it
-- consumed on all of them. Preceded by the algorithm files, which fill ALGORITHMS.
-- KEYS[i]: the state of limit i (all in one hash tag).
-- ARGV[1]: permits; then four per limit: algorithm, a, b, c.
-- Reply: {allowed (1/0), binding limit (0-based), remaining, retry-after (us), reset-after (us), server time (us)}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local permits = tonumber(ARGV[1])
local checks = {}
local allowed = true
for i = 1, #KEYS do
  local at = 2 + (i - 1) * 4
  local r = ALGORITHMS[ARGV[at]].check(KEYS[i], now, permits,
      tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3]))
  checks[i] = r
  allowed = allowed and r.ok
end

local binding, remaining, retry, reset = 0, -1, 0, 0
if allowed then
  -- Binding: the limit with the fewest permits left.
  for i = 1, #KEYS do
    local at = 2 + (i - 1) * 4
    local r = checks[i]
    local after = ALGORITHMS[ARGV[at]].commit(KEYS[i], now, permits,
        tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3]), r)
    local left = math.max(0, math.floor(r.left - permits))
    if remaining < 0 or left < remaining then
      binding, remaining, reset = i, left, after
    end
  end
else
  -- Binding: the denying limit that frees up last.
  retry = -1
  for i = 1, #KEYS do
    local r = checks[i]
    if not r.ok and r.retry > retry then
      binding, retry = i, r.retry
    end
  end
  remaining = math.max(0, math.floor(checks[binding].left))
  reset = checks[binding].reset
  retry = math.max(1, math.ceil(retry))
end
return { allowed and 1 or 0, binding - 1, remaining, retry, math.max(0, math.ceil(reset)), now }
