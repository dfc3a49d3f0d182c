-- Sliding-window counter: constant memory, approximate. Fixed windows aligned on multiples of the window length;
-- the estimate of the sliding window is the previous fixed window's count, weighted by the share of it the sliding
-- window still covers, plus the current one's count. The key is a hash: w = current window index, c = its count,
-- p = the previous window's count.
-- Parameters: a = limit, b = window (us).
-- The state is read once per call, kept here between its requests, and written once by flush.
local counters = {}
ALGORITHMS['counter'] = {
  check = function(key, now, permits, limit, window)
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
      local elapsed = now - index * window
      if elapsed < 0 then elapsed = 0 end
      s = { index = index, current = current, previous = previous, elapsed = elapsed, checked = current,
            reset = 0, dirty = false }
      counters[key] = s
    end
    local current, previous, elapsed = s.current, s.previous, s.elapsed
    s.checked = current
    local estimate = previous * (window - elapsed) / window + current
    if estimate + permits <= limit then
      return true, limit - estimate
    end
    local retry, reset
    if current + permits <= limit then
      -- Fits in this window once the previous one weighs little enough.
      retry = window - window * (limit - permits - current) / previous - elapsed
    else
      -- Fits only in the next window, once this one (then the previous) weighs little enough.
      retry = (window - elapsed) + window - window * (limit - permits) / current
    end
    if current > 0 then
      reset = 2 * window - elapsed
    elseif previous > 0 then
      reset = window - elapsed
    else
      reset = 0
    end
    return false, limit - estimate, retry, reset
  end,
  commit = function(key, now, permits, limit, window)
    local s = counters[key]
    s.current = s.checked + permits
    -- The counts matter until the end of the next window.
    s.reset = 2 * window - s.elapsed
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
