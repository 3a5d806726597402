-- sieve.lua — the same sieve as sieve.gol, over a table of 10,000,000 booleans.
local n = 10000000
local composite = {}
for i = 1, n do composite[i] = false end
local count = 0
for i = 2, n - 1 do
  if not composite[i] then
    count = count + 1
    for j = i * i, n - 1, i do composite[j] = true end
  end
end
print(count)
