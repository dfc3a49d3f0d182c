-- Moves ARGV[1] units from KEYS[1] to KEYS[2] and appends a journal entry to KEYS[3], atomically.
-- Returns the new balances {from, to}, or an error reply when funds are short.
local amount = tonumber(ARGV[1])
local from = tonumber(redis.call('GET', KEYS[1]) or '0')
if from < amount then
  return redis.error_reply('INSUFFICIENT funds: have ' .. from .. ', need ' .. amount)
end
local newFrom = redis.call('DECRBY', KEYS[1], amount)
local newTo = redis.call('INCRBY', KEYS[2], amount)
redis.call('RPUSH', KEYS[3], ARGV[1])
return {newFrom, newTo}
