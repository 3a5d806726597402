-- map_string.lua — the same word count as map_string.gol, on a table with string keys.
local vocab, draws = 20000, 10000000
local words = {}
for i = 0, vocab - 1 do words[i] = string.format("w%dx%d", i * 7919 % vocab, i) end
local counts = {}
local x = 1
for i = 0, draws - 1 do
  x = (x * 1103515245 + 12345) % 2147483648
  local r = x % vocab
  if x % 3 == 0 then r = r % 100 end
  local w = words[r]
  counts[w] = (counts[w] or 0) + 1
end
local total = 0
for i = 0, vocab - 1 do total = total + (counts[words[i]] or 0) end
local left = 0
for i = 0, vocab - 1 do
  local w = words[i]
  if (counts[w] or 0) < 333 then counts[w] = nil end
end
for _ in pairs(counts) do left = left + 1 end
print(string.format("%d %d %d", vocab, total, left))
