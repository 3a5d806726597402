-- iface_call.lua — iface_call.gol in Lua 5.4: methods found through each object's metatable.
local Rect = {}
Rect.__index = Rect
function Rect:area() return self.w * self.h end
local Square = {}
Square.__index = Square
function Square:area() return self.s * self.s end

local n = 1000000
local shapes = {}
for i = 0, n - 1 do
  if i % 2 == 0 then
    shapes[i + 1] = setmetatable({w = (i % 10) + 0.0, h = 2.0}, Rect)
  else
    shapes[i + 1] = setmetatable({s = (i % 7) + 0.0}, Square)
  end
end
local total = 0.0
for pass = 1, 10 do
  for k = 1, n do
    total = total + shapes[k]:area()
  end
end
print(string.format("%.8g", total))
