-- closure.lua — closure.gol in Lua 5.4: a counter closure (an upvalue) called 10 million times.
local function counter()
  local n = 0
  return function()
    n = n + 1
    return n
  end
end

local next = counter()
local s = 0
for i = 0, 9999999 do
  s = s + next()
end
print(s)
