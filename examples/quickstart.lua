-- quickstart.lua: a first sashell script.
-- Run it with:  swift run -c release sashell examples/quickstart.lua [name]
--
-- sashell runs Lua 5.4: everything you know from `lua` works, and the script's
-- command-line arguments arrive in `arg` (arg[0] is the script) and as `...`.

local name = ... or "world"
print(("hello, %s, from %s"):format(name, _VERSION))

-- Plain Lua is the glue of every analysis: here, the normalised Shannon entropy
-- H(p) / log n of a few attention distributions, the measure of the paper's Table 1.
local function entropy(p)
  local h = 0
  for _, pi in ipairs(p) do
    if pi > 0 then h = h - pi * math.log(pi) end
  end
  return h / math.log(#p)
end

local attentions = {
  uniform = {0.25, 0.25, 0.25, 0.25},
  peaked  = {0.85, 0.05, 0.05, 0.05},
  sparse  = {0.6, 0.4, 0, 0},
}
for _, label in ipairs({"uniform", "peaked", "sparse"}) do
  print(("%-8s normalised entropy %.3f"):format(label, entropy(attentions[label])))
end
