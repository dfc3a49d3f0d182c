-- Sliding-window log: exact. The key is a sorted set with one member per admitted permit, scored by the server time
-- (microseconds) it was admitted at. A permit admitted at t counts while t > now - window.
-- Parameters: a = limit, b = window (us).
-- The requests of one call share one server time, so the log is trimmed and counted once per call; admissions are
-- added as they are decided (a later denial in the call reads their scores) and the key's TTL is set once by flush.
-- Member suffixes go on counting across the requests of one call.
local logSuffix = 0
local logs = {}
ALGORITHMS['log'] = {
  check = function(key, now, permits, limit, window)
    local s = logs[key]
    if s == nil then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
      s = { count = redis.call('ZCARD', key), dirty = false }
      logs[key] = s
    end
    local count = s.count
    if count + permits <= limit then
      return true, limit - count
    end
    -- Room for the request opens when the entry at this rank (0 = oldest) leaves the window.
    local rank = count + permits - limit - 1
    local entry = redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')
    local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
    return false, limit - count, tonumber(entry[2]) + window - now, tonumber(newest[2]) + window - now
  end,
  commit = function(key, now, permits, limit, window)
    -- Members must be unique even for permits admitted in the same microsecond (several in one request or call,
    -- or a clock that stood still or went back): ZADD NX tells when a member exists, and the next suffix is tried.
    local added = 0
    while added < permits do
      added = added + redis.call('ZADD', key, 'NX', now, string.format('%d-%d', now, logSuffix))
      logSuffix = logSuffix + 1
    end
    local s = logs[key]
    s.count = s.count + permits
    s.window = window
    s.dirty = true
    return window
  end,
  flush = function(key)
    local s = logs[key]
    if s ~= nil and s.dirty then
      redis.call('PEXPIRE', key, math.ceil(s.window / 1000))
      s.dirty = false
    end
  end
}
