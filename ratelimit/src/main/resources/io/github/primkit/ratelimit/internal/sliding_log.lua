-- Sliding-window log: exact. The key is a sorted set with one member per admitted permit, scored by the server time
-- (microseconds) it was admitted at. A permit admitted at t counts while t > now - window.
-- Parameters: a = limit, b = window (us).
-- The requests of one batch share one server time, so the log is trimmed and counted once per batch; admissions are
-- added as they are decided (a later denial in the batch reads their scores) and the key's TTL is set once by flush.
-- Member suffixes go on counting across the requests of one batch.
local logSuffix = 0
local logs = {}
ALGORITHMS['log'] = {
  check = function(key, now, permits, limit, window, _)
    local s = logs[key]
    if s == nil then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
      s = { count = redis.call('ZCARD', key) }
      logs[key] = s
    end
    local count = s.count
    local r = { left = limit - count, ok = count + permits <= limit }
    if not r.ok then
      -- Room for the request opens when the entry at this rank (0 = oldest) leaves the window.
      local rank = count + permits - limit - 1
      local entry = redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')
      r.retry = tonumber(entry[2]) + window - now
      local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
      r.reset = tonumber(newest[2]) + window - now
    end
    return r
  end,
  commit = function(key, now, permits, limit, window, _, r)
    -- Members must be unique even for permits admitted in the same microsecond (several in one request or batch,
    -- or a clock that stood still or went back): ZADD NX tells when a member exists, and the next suffix is tried.
    local added = 0
    while added < permits do
      added = added + redis.call('ZADD', key, 'NX', now, string.format('%d-%d', now, logSuffix))
      logSuffix = logSuffix + 1
    end
    local s = logs[key]
    s.count = s.count + permits
    s.window = window
    return window
  end,
  flush = function(key)
    local s = logs[key]
    if s ~= nil and s.window then
      redis.call('PEXPIRE', key, math.ceil(s.window / 1000))
      s.window = nil
    end
  end
}
