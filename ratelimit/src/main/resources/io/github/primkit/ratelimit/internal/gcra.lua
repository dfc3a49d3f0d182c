-- GCRA (generic cell rate algorithm): the token bucket's behaviour in one number, the theoretical arrival time (TAT)
-- of the next request at the sustained rate. A request of n permits fits when TAT + n * interval - burst * interval
-- is not in the future. A missing key (or a TAT in the past) means a full burst is available, so the key expires at
-- its TAT. The TAT is a double of epoch microseconds (resolution 0.25 us): a few microseconds of rounding under
-- sustained load, reset whenever the key goes idle.
-- Parameters: a = burst, b = permits per period, c = period (us).
-- The TAT is read once per call, kept here between its requests, and written once by flush.
local arrivals = {}
ALGORITHMS['gcra'] = {
  check = function(key, now, permits, burst, count, period)
    local interval = period / count
    local s = arrivals[key]
    if s == nil then
      s = { tat = tonumber(redis.call('GET', key)) or now, reset = 0, dirty = false }
      arrivals[key] = s
    end
    local tat = s.tat
    if tat < now then tat = now end
    local nextTat = tat + permits * interval
    s.nextTat = nextTat
    local slack = now - (nextTat - burst * interval)
    if slack >= 0 then
      return true, slack / interval + permits
    end
    return false, slack / interval + permits, -slack, tat - now
  end,
  commit = function(key, now, permits, burst, count, period)
    local s = arrivals[key]
    s.tat = s.nextTat
    s.reset = s.nextTat - now
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
