-- Token bucket: bursts up to the capacity, refilled continuously (fractional tokens) at refill tokens per period.
-- The key is a hash: t = tokens after the last admission, ts = its server time (us). A missing key is a full bucket,
-- so the key expires when the bucket would be full again.
-- Parameters: a = capacity, b = refill tokens, c = refill period (us).
-- The requests of one batch share one server time: the state is read once, kept here between them, and written
-- once by flush (the same values, in one HSET and one PEXPIRE, as writing after each admission).
local buckets = {}
ALGORITHMS['bucket'] = {
  check = function(key, now, permits, capacity, refill, period)
    local s = buckets[key]
    if s == nil then
      local state = redis.call('HMGET', key, 't', 'ts')
      local tokens, stamp = capacity, now
      local stored = tonumber(state[1])
      if stored ~= nil then
        stamp = tonumber(state[2])
        if stamp < now then
          tokens = math.min(capacity, stored + (now - stamp) * refill / period)
          stamp = now
        else
          -- The server clock stood still or went back: no refill.
          tokens = stored
        end
      end
      s = { tokens = tokens, stamp = stamp }
      buckets[key] = s
    end
    local tokens = s.tokens
    local r = { left = tokens, ok = tokens >= permits }
    if not r.ok then
      r.retry = (permits - tokens) * period / refill
      r.reset = (capacity - tokens) * period / refill
    end
    return r
  end,
  commit = function(key, now, permits, capacity, refill, period, r)
    local s = buckets[key]
    s.tokens = r.left - permits
    s.reset = (capacity - s.tokens) * period / refill
    s.dirty = true
    return s.reset
  end,
  flush = function(key)
    local s = buckets[key]
    if s ~= nil and s.dirty then
      redis.call('HSET', key, 't', s.tokens, 'ts', s.stamp)
      redis.call('PEXPIRE', key, math.max(1, math.ceil(s.reset / 1000)))
      s.dirty = false
    end
  end
}
