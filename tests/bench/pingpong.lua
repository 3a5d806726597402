-- pingpong.lua — n round trips (default 10,000,000) between the main thread and a coroutine:
-- resume passes the value in, yield passes it back plus one (pingpong.gol uses two channels).
local n = tonumber(arg[1]) or 10000000
local co = coroutine.wrap(function(v)
  while true do v = coroutine.yield(v + 1) end
end)
local v = 0
for i = 1, n do v = co(v) end
print(v)
