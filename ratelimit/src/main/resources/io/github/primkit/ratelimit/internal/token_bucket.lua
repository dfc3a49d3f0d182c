-- Token bucket: bursts up to the capacity, refilled continuously (fractional tokens) at refill tokens per period.
-- The key is a hash: t = tokens after the last admission, ts = its server time (us). A missing key is a full bucket,
-- so the key expires when the bucket would be full again.
-- Parameters: a = capacity, b = refill tokens, c = refill period (us).
ALGORITHMS['bucket'] = {
  check = function(key, now, permits, capacity, refill, period)
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
    local r = { tokens = tokens, stamp = stamp, left = tokens, ok = tokens >= permits }
    if not r.ok then
      r.retry = (permits - tokens) * period / refill
      r.reset = (capacity - tokens) * period / refill
    end
    return r
  end,
  commit = function(key, now, permits, capacity, refill, period, r)
    local tokens = r.tokens - permits
    redis.call('HSET', key, 't', tokens, 'ts', r.stamp)
    local reset = (capacity - tokens) * period / refill
    redis.call('PEXPIRE', key, math.max(1, math.ceil(reset / 1000)))
    return reset
  end
}
