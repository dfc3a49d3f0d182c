-- Decides a batch of requests for one key, in order, atomically: for each request every limit is checked, and only
-- if all admit it is it consumed on all of them; a request sees the effect of the requests before it in the batch.
-- Preceded by the algorithm files, which fill ALGORITHMS: check (reads a key's state once per call, then keeps it),
-- commit (an admission) and flush (writes the state the admissions changed).
-- KEYS[i]: the state of limit i (all in one hash tag).
-- ARGV[1]: n, the number of requests; then four per limit: algorithm, a, b, c; then each request's permits.
-- Reply: {server time (us), then five per request: allowed (1/0), binding limit (0-based), remaining,
--         retry-after (us), reset-after (us)}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local n = tonumber(ARGV[1])
local limits = #KEYS
local algorithm, a, b, c = {}, {}, {}, {}
for i = 1, limits do
  local at = 2 + (i - 1) * 4
  algorithm[i] = ALGORITHMS[ARGV[at]]
  a[i], b[i], c[i] = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
end

local reply = { now }
local checks = {}
for q = 1, n do
  local permits = tonumber(ARGV[1 + 4 * limits + q])
  local allowed = true
  for i = 1, limits do
    local r = algorithm[i].check(KEYS[i], now, permits, a[i], b[i], c[i])
    checks[i] = r
    allowed = allowed and r.ok
  end

  local binding, remaining, retry, reset = 0, -1, 0, 0
  if allowed then
    -- Binding: the limit with the fewest permits left.
    for i = 1, limits do
      local r = checks[i]
      local after = algorithm[i].commit(KEYS[i], now, permits, a[i], b[i], c[i], r)
      local left = math.max(0, math.floor(r.left - permits))
      if remaining < 0 or left < remaining then
        binding, remaining, reset = i, left, after
      end
    end
  else
    -- Binding: the denying limit that frees up last.
    retry = -1
    for i = 1, limits do
      local r = checks[i]
      if not r.ok and r.retry > retry then
        binding, retry = i, r.retry
      end
    end
    remaining = math.max(0, math.floor(checks[binding].left))
    reset = checks[binding].reset
    retry = math.max(1, math.ceil(retry))
  end
  local at = #reply
  reply[at + 1], reply[at + 2], reply[at + 3] = allowed and 1 or 0, binding - 1, remaining
  reply[at + 4], reply[at + 5] = retry, math.max(0, math.ceil(reset))
end
-- Each algorithm kept its keys' state between the requests: write what the admissions changed, once per key.
for i = 1, limits do
  algorithm[i].flush(KEYS[i])
end
return reply
