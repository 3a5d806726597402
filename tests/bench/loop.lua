-- loop.lua — loop.gol in Lua 5.4: a tight counting loop.
local s = 0
for i = 0, 299999999 do
  s = s + (i & 7)
end
print(s)
