-- Sliding-window counter: constant memory, approximate. Fixed windows aligned on multiples of the window length;
-- the estimate of the sliding window is the previous fixed window's count, weighted by the share of it the sliding
-- window still covers, plus the current one's count. The key is a hash: w = current window index, c = its count,
-- p = the previous window's count.
-- Parameters: a = limit, b = window (us).
ALGORITHMS['counter'] = {
  check = function(key, now, permits, limit, window, _)
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
    redis.call('HSET', key, 'w', r.index, 'c', r.current + permits, 'p', r.previous)
    -- The counts matter until the end of the next window.
    local reset = 2 * window - r.elapsed
    redis.call('PEXPIRE', key, math.ceil(reset / 1000))
    return reset
  end
}
