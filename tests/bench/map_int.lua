-- map_int.lua — the same inserts, hits, misses, deletes and updates as map_int.gol, on a table.
local n = 1000000
local function nxt(x) return (x * 1103515245 + 12345) % 2147483648 end
local m, len = {}, 0
local x = 1
for i = 0, n - 1 do
  x = nxt(x)
  if m[x] == nil then len = len + 1 end
  m[x] = i
end
local sum, hits = 0, 0
x = 1
for i = 0, n - 1 do
  x = nxt(x)
  local v = m[x]
  if v ~= nil then hits = hits + 1; sum = sum + v end
  if m[x + 1] ~= nil then hits = hits + 1 end
end
x = 1
for i = 0, n - 1 do
  x = nxt(x)
  if i % 2 == 0 then
    if m[x] ~= nil then len = len - 1 end
    m[x] = nil
  else
    m[x] = (m[x] or 0) + 1
  end
end
local total = 0
for _, v in pairs(m) do total = total + v end
print(string.format("%d %d %d %d", len, hits, sum, total))
