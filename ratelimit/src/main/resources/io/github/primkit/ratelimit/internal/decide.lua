-- Decides a batch of requests for one key, in order, atomically: for each request every limit is checked, and only
-- if all admit it is it consumed on all of them; a request sees the effect of the requests before it in the batch.
-- Preceded by the files of the algorithms the limiter uses, which fill ALGORITHMS with three functions each:
--   check(key, now, permits, a, b, c) -> ok, left[, retry, reset]   (reads the key's state once per call, keeps it)
--   commit(key, now, permits, a, b, c) -> reset                       (admits the request just checked)
--   flush(key)                                                        (writes the state the admissions changed)
-- KEYS[i]: the state of limit i (all in one hash tag).
-- ARGV[1]: n, the number of requests; then four per limit: algorithm, a, b, c; then each request's permits.
-- Reply: {server time (us), then five per request: allowed (1/0), binding limit (0-based), remaining,
--         retry-after (us), reset-after (us)}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local n = tonumber(ARGV[1])
local limits = #KEYS
local first = 1 + 4 * limits

if limits == 1 then
  -- The common case, without the per-limit tables of the general one below (same decisions).
  local limit, key = ALGORITHMS[ARGV[2]], KEYS[1]
  local pa, pb, pc = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
  local reply, at = { now }, 1
  for q = 1, n do
    local permits = tonumber(ARGV[first + q])
    local ok, left, retry, reset = limit.check(key, now, permits, pa, pb, pc)
    if ok then
      reset = limit.commit(key, now, permits, pa, pb, pc)
      reply[at + 1], reply[at + 3], reply[at + 4] = 1, math.max(0, math.floor(left - permits)), 0
    else
      reply[at + 1], reply[at + 3], reply[at + 4] = 0, math.max(0, math.floor(left)), math.max(1, math.ceil(retry))
    end
    reply[at + 2], reply[at + 5] = 0, math.max(0, math.ceil(reset))
    at = at + 5
  end
  limit.flush(key)
  return reply
end

local algorithm, a, b, c = {}, {}, {}, {}
for i = 1, limits do
  local at = 2 + (i - 1) * 4
  algorithm[i] = ALGORITHMS[ARGV[at]]
  a[i], b[i], c[i] = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
end

local reply = { now }
local at = 1
local oks, lefts, retries, resets = {}, {}, {}, {}
for q = 1, n do
  local permits = tonumber(ARGV[first + q])
  local allowed = true
  for i = 1, limits do
    local ok, left, retry, reset = algorithm[i].check(KEYS[i], now, permits, a[i], b[i], c[i])
    oks[i], lefts[i], retries[i], resets[i] = ok, left, retry, reset
    allowed = allowed and ok
  end

  local binding, remaining, retry, reset = 0, -1, 0, 0
  if allowed then
    -- Binding: the limit with the fewest permits left.
    for i = 1, limits do
      local after = algorithm[i].commit(KEYS[i], now, permits, a[i], b[i], c[i])
      local left = math.max(0, math.floor(lefts[i] - permits))
      if remaining < 0 or left < remaining then
        binding, remaining, reset = i, left, after
      end
    end
  else
    -- Binding: the denying limit that frees up last.
    retry = -1
    for i = 1, limits do
      if not oks[i] and retries[i] > retry then
        binding, retry = i, retries[i]
      end
    end
    remaining = math.max(0, math.floor(lefts[binding]))
    reset = resets[binding]
    retry = math.max(1, math.ceil(retry))
  end
  reply[at + 1], reply[at + 2], reply[at + 3] = allowed and 1 or 0, binding - 1, remaining
  reply[at + 4], reply[at + 5] = retry, math.max(0, math.ceil(reset))
  at = at + 5
end
-- Each algorithm kept its keys' state between the requests: write what the admissions changed, once per key.
for i = 1, limits do
  algorithm[i].flush(KEYS[i])
end
return reply
