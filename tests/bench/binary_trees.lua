-- binary_trees.lua — the Benchmarks Game binary-trees, line for line the
-- algorithm of binary_trees.gol (single-threaded): a node is a table
-- { left, right }, a leaf the empty table { }.
--
--   lua5.4 binary_trees.lua [depth]      (default 16)

local function bottomUp(depth)
  if depth <= 0 then
    return {}
  end
  return { bottomUp(depth - 1), bottomUp(depth - 1) }
end

local function check(n)
  if n[1] == nil then
    return 1
  end
  return 1 + check(n[1]) + check(n[2])
end

local n = tonumber(arg and arg[1]) or 16
local minDepth = 4
local maxDepth = n
if minDepth + 2 > n then
  maxDepth = minDepth + 2
end
local stretchDepth = maxDepth + 1

local c = check(bottomUp(stretchDepth))
io.write(string.format("stretch tree of depth %d\t check: %d\n", stretchDepth, c))

local longLived = bottomUp(maxDepth)
for depth = minDepth, maxDepth, 2 do
  local iterations = 1 << (maxDepth - depth + minDepth)
  c = 0
  for _ = 1, iterations do
    c = c + check(bottomUp(depth))
  end
  io.write(string.format("%d\t trees of depth %d\t check: %d\n", iterations, depth, c))
end
io.write(string.format("long lived tree of depth %d\t check: %d\n", maxDepth, check(longLived)))
