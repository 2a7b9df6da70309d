-- quickstart.lua: a first sashell script.
-- Run it with:  swift run -c release sashell examples/quickstart.lua
--
-- sashell is Lua 5.4 plus the `sa` library; help(sa) lists it, help(sa.f) documents f.
-- Here: the paper's question in miniature. How concentrated are softmax, sparsemax, sparsegen
-- and entmax attention over the same scores, and do they rank the tokens alike?

local tokens = {"the", "film", "was", "utterly", "brilliant", "."}
local scores = {0.1, 1.2, 0.3, 2.0, 2.4, -0.5}    -- attention scores for one sentence

local projections = {
  {"softmax",        sa.softmax(scores)},
  {"sparsemax",      sa.sparsemax(scores)},
  {"sparsegen(0.5)", sa.sparsegen(scores, 0.5)},   -- lambda = 0.5: sparser than sparsemax
  {"entmax(1.5)",    sa.entmax(scores, 1.5)},      -- alpha = 1.5: between softmax and sparsemax
}

local header = {("%-15s"):format("")}
for _, token in ipairs(tokens) do header[#header + 1] = ("%-10s"):format(token) end
print(table.concat(header) .. "entropy  tau")

for _, row in ipairs(projections) do
  local name, p = row[1], row[2]
  local line = {("%-15s"):format(name)}
  for i = 1, #p do line[#line + 1] = ("%-10.2f"):format(p[i]) end
  -- Normalised entropy H(p)/log n (the paper's footnote 1): 1 is uniform, 0 is one-hot.
  -- Kendall's tau-b against softmax handles sparse attention's exact zeros as ties.
  local tau = sa.kendall(p, projections[1][2])
  print(table.concat(line) .. ("%.3f    %.2f"):format(sa.entropy(p), tau))
end

local sparse = projections[2][2]
local attended = 0
for i = 1, #sparse do if sparse[i] > 0 then attended = attended + 1 end end
local top = sparse:topk(2)
print(("\nsparsemax attends to %d of %d tokens, most to %q and %q."):format(
  attended, #sparse, tokens[top[1]], tokens[top[2]]))
