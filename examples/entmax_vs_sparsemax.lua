-- entmax_vs_sparsemax.lua: does entmax-1.5 attention behave like sparsemax's, or like softmax's?
-- Three BiLSTMs on SST that differ only in the projection; for each, how sparse and how spread its
-- attention is on test examples, and how alike its ranking of the tokens is to sparsemax's.
-- Run:  sashell examples/entmax_vs_sparsemax.lua [--quick]

local quick = arg and arg[1] == "--quick"
local ds = sa.dataset("sst"):sample(quick and {train = 300, dev = 100, test = 40} or {train = 3000, dev = 400, test = 400})

local function train(projection, alpha)
  return (sa.train{dataset = ds, seed = 1,
    model = {projection = projection, alpha = alpha, hidden = 64, embeddings = "glove"},
    fit = {epochs = quick and 1 or 4, lr = 1e-3}})
end
local models = {{"softmax", train("softmax")}, {"sparsemax", train("sparsemax")}, {"entmax 1.5", train("entmax", 1.5)}}
local sparsemax = models[2][2]

local t = sa.table{name = "entmax_vs_sparsemax", title = "Attention on SST test examples (mean ± sd over examples)",
  columns = {"projection", "accuracy", "entropy", "share of zero weights", "Kendall tau with sparsemax"}}
for _, entry in ipairs(models) do
  local name, m = entry[1], entry[2]
  local entropies, zeros, taus = {}, {}, {}
  for _, ex in ipairs(ds.test) do
    local a = m:forward(ex).attention
    local zero = 0
    for i = 1, #a do if a[i] == 0 then zero = zero + 1 end end
    entropies[#entropies + 1] = sa.entropy(a)
    zeros[#zeros + 1] = zero / #a
    -- tau-b is undefined when one side is constant (a single kept token); such examples are skipped.
    local ok, tau = pcall(sa.kendall, a, sparsemax:forward(ex).attention)
    if ok and tau == tau then taus[#taus + 1] = tau end
  end
  t:add{name, m:evaluate(ds.test).accuracy, entropies, zeros, taus}
end
print(t)
