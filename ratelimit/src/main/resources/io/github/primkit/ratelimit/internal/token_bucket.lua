-- Token bucket: bursts up to the capacity, refilled continuously (fractional tokens) at refill tokens per period.
-- The key is a hash: t = tokens after the last admission, ts = its server time (us). A missing key is a full bucket,
-- so the key expires when the bucket would be full again.
-- Parameters: a = capacity, b = refill tokens, c = refill period (us).
-- The requests of one call share one server time: the state is read once, kept here between them, and written once
-- by flush (the same values, in one HSET and one PEXPIRE, as writing after each admission).
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
      s = { tokens = tokens, stamp = stamp, checked = tokens, reset = 0, dirty = false }
      buckets[key] = s
    end
    local tokens = s.tokens
    s.checked = tokens
    if tokens >= permits then
      return true, tokens
    end
    return false, tokens, (permits - tokens) * period / refill, (capacity - tokens) * period / refill
  end,
  commit = function(key, now, permits, capacity, refill, period)
    local s = buckets[key]
    local tokens = s.checked - permits
    s.tokens = tokens
    s.reset = (capacity - tokens) * period / refill
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
