-- direct_call.lua — direct_call.gol in Lua 5.4: one local function called directly.
local function area(r) return r.w * r.h end

local n = 1000000
local shapes = {}
for i = 0, n - 1 do
  if i % 2 == 0 then
    shapes[i + 1] = {w = (i % 10) + 0.0, h = 2.0}
  else
    shapes[i + 1] = {w = (i % 7) + 0.0, h = (i % 7) + 0.0}
  end
end
local total = 0.0
for pass = 1, 10 do
  for k = 1, n do
    total = total + area(shapes[k])
  end
end
print(string.format("%.8g", total))
