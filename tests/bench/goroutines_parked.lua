-- goroutines_parked.lua — n coroutines (default 100,000) each suspended waiting for a value,
-- as goroutines_parked.gol parks goroutines on a channel; memory from collectgarbage("count").
local n = tonumber(arg[1]) or 100000
collectgarbage()
local before = collectgarbage("count") * 1024
local waiting = {}
local done = 0
for i = 1, n do
  local co = coroutine.create(function()
    coroutine.yield()
    done = done + 1
  end)
  coroutine.resume(co)
  waiting[i] = co
end
local parked = collectgarbage("count") * 1024
print("coroutines: " .. n)
print("bytes per coroutine (Lua heap): " .. math.floor((parked - before) / n))
for i = 1, n do coroutine.resume(waiting[i]) end
print("finished: " .. done)
