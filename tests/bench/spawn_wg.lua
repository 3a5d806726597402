-- spawn_wg.lua — n short coroutines (default 1,000,000), each adding its number to a total,
-- as spawn_wg.gol starts n goroutines under a WaitGroup.
local n = tonumber(arg[1]) or 1000000
local total = 0
for i = 0, n - 1 do
  local co = coroutine.create(function(i) total = total + i end)
  coroutine.resume(co, i)
end
print(total)
