-- GCRA (generic cell rate algorithm): the token bucket's behaviour in one number, the theoretical arrival time (TAT)
-- of the next request at the sustained rate. A request of n permits fits when TAT + n * interval - burst * interval
-- is not in the future. A missing key (or a TAT in the past) means a full burst is available, so the key expires at
-- its TAT. The TAT is a double of epoch microseconds (resolution 0.25 us): a few microseconds of rounding under
-- sustained load, reset whenever the key goes idle.
-- Parameters: a = burst, b = permits per period, c = period (us).
-- The TAT is read once per batch, kept here between its requests, and written once by flush.
local arrivals = {}
ALGORITHMS['gcra'] = {
  check = function(key, now, permits, burst, count, period)
    local interval = period / count
    local s = arrivals[key]
    if s == nil then
      s = { tat = tonumber(redis.call('GET', key)) or now }
      arrivals[key] = s
    end
    local tat = s.tat
    if tat < now then tat = now end
    local nextTat = tat + permits * interval
    local slack = now - (nextTat - burst * interval)
    local r = { nextTat = nextTat, left = slack / interval + permits, ok = slack >= 0 }
    if not r.ok then
      r.retry = -slack
      r.reset = tat - now
    end
    return r
  end,
  commit = function(key, now, permits, burst, count, period, r)
    local s = arrivals[key]
    s.tat = r.nextTat
    s.reset = r.nextTat - now
    s.dirty = true
    return s.reset
  end,
  flush = function(key)
    local s = arrivals[key]
    if s ~= nil and s.dirty then
      redis.call('SET', key, s.tat, 'PX', math.max(1, math.ceil(s.reset / 1000)))
      s.dirty = false
    end
  end
}
