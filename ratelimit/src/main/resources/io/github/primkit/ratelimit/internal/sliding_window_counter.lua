-- Sliding-window counter: constant memory, approximate. Fixed windows aligned on multiples of the window length;
-- the estimate of the sliding window is the previous fixed window's count, weighted by the share of it the sliding
-- window still covers, plus the current one's count. The key is a hash: w = current window index, c = its count,
-- p = the previous window's count.
-- Parameters: a = limit, b = window (us).
-- The state is read once per batch, kept here between its requests, and written once by flush.
local counters = {}
ALGORITHMS['counter'] = {
  check = function(key, now, permits, limit, window, _)
    local s = counters[key]
    if s == nil then
      local index = math.floor(now / window)
      local state = redis.call('HMGET', key, 'w', 'c', 'p')
      local stored = tonumber(state[1])
      local current, previous = 0, 0
      if stored ~= nil then
        if stored >= index then
          -- The same window (or the server clock went back): keep counting in the stored one.
          index = stored
          current, previous = tonumber(state[2]), tonumber(state[3])
        elseif stored == index - 1 then
          previous = tonumber(state[2])
        end
      end
      s = { index = index, current = current, previous = previous }
      counters[key] = s
    end
    local index, current, previous = s.index, s.current, s.previous
    local elapsed = now - index * window
    if elapsed < 0 then elapsed = 0 end
    local estimate = previous * (window - elapsed) / window + current
    local r = { index = index, current = current, previous = previous, elapsed = elapsed,
                left = limit - estimate, ok = estimate + permits <= limit }
    if not r.ok then
      if current + permits <= limit then
        -- Fits in this window once the previous one weighs little enough.
        r.retry = window - window * (limit - permits - current) / previous - elapsed
      else
        -- Fits only in the next window, once this one (then the previous) weighs little enough.
        r.retry = (window - elapsed) + window - window * (limit - permits) / current
      end
      if current > 0 then
        r.reset = 2 * window - elapsed
      elseif previous > 0 then
        r.reset = window - elapsed
      else
        r.reset = 0
      end
    end
    return r
  end,
  commit = function(key, now, permits, limit, window, _, r)
    local s = counters[key]
    s.current = r.current + permits
    -- The counts matter until the end of the next window.
    s.reset = 2 * window - r.elapsed
    s.dirty = true
    return s.reset
  end,
  flush = function(key)
    local s = counters[key]
    if s ~= nil and s.dirty then
      redis.call('HSET', key, 'w', s.index, 'c', s.current, 'p', s.previous)
      redis.call('PEXPIRE', key, math.ceil(s.reset / 1000))
      s.dirty = false
    end
  end
}
