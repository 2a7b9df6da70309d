-- table6.lua: the paper's Table 6 — Kendall's tau-b between attention and feature importance of
-- the inputs x (gradient g_ŷ(x), eq. 4; leave-one-out D_ŷ(x), eq. 6) and of the intermediate
-- representations I (g_ŷ(I), D_ŷ(I)), mean ± sd over test examples (and, with several seeds, the sd
-- of the seeds' means). For the sparsemax models, p is a paired permutation test of their tau
-- against the softmax model's on the same examples and seeds.
-- Run:  sashell scripts/table6.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3] [--limit N]

local ex = sa.experiment(arg)
local paper = {  -- g(x), D(x), g(I), D(I)
  ["BiLSTM (softmax)"] = {imdb = {"0.36 ± 0.12", "0.31 ± 0.08", "0.77 ± 0.05", "0.79 ± 0.05"},
    ["20news"] = {"0.24 ± 0.24", "0.17 ± 0.17", "0.78 ± 0.15", "0.70 ± 0.19"}, sst = {"0.25 ± 0.28", "0.35 ± 0.18", "0.80 ± 0.13", "0.49 ± 0.17"}},
  ["BiLSTM (sparsemax)"] = {imdb = {"0.31 ± 0.08", "0.25 ± 0.06", "0.98 ± 0.02", "0.98 ± 0.02"},
    ["20news"] = {"0.25 ± 0.13", "0.23 ± 0.09", "0.98 ± 0.06", "0.99 ± 0.01"}, sst = {"0.45 ± 0.13", "0.34 ± 0.15", "0.97 ± 0.06", "0.98 ± 0.04"}},
  ["Transformer (softmax)"] = {imdb = {"0.67 ± 0.08", "0.20 ± 0.10", "0.76 ± 0.04", "0.10 ± 0.07"},
    ["20news"] = {"0.54 ± 0.11", "0.05 ± 0.10", "0.62 ± 0.13", "0.05 ± 0.11"}, sst = {"0.72 ± 0.11", "0.33 ± 0.20", "0.89 ± 0.07", "0.16 ± 0.18"}},
  ["Transformer (sparsemax)"] = {imdb = {"0.44 ± 0.08", "0.21 ± 0.09", "0.92 ± 0.05", "0.19 ± 0.09"},
    ["20news"] = {"0.47 ± 0.10", "0.14 ± 0.15", "0.76 ± 0.15", "0.15 ± 0.16"}, sst = {"0.67 ± 0.12", "0.30 ± 0.23", "0.88 ± 0.11", "0.25 ± 0.23"}},
}
local measures = {{"g(x)", sa.fi.gradient, {}}, {"D(x)", sa.fi.loo, {}},
                  {"g(I)", sa.fi.gradient, {of = "hidden"}}, {"D(I)", sa.fi.loo, {of = "hidden"}}}

local columns = {"dataset", "model"}
for _, measure in ipairs(measures) do
  for _, suffix in ipairs{"", " paper", " p"} do columns[#columns + 1] = "tau " .. measure[1] .. suffix end
end
local notes = ex:notes()
notes[#notes + 1] = "tau is undefined when attention or importance is constant (a single attended token); such examples are left out"
local t = sa.table{name = "table6", title = "Table 6: Kendall's tau-b of attention with feature importance, mean ± sd over examples",
                   columns = columns, notes = notes}

-- tau of attention with each measure: result[k][s] has one per example (NaN where undefined) of
-- measure k and seed s.
local function taus(dataset, spec)
  return {ex:per_seed(dataset, spec, function(m)
    local result = {}
    for k, measure in ipairs(measures) do result[k] = ex:taus(m, dataset, measure[2], measure[3]) end
    return table.unpack(result)
  end)}
end

-- The pairs, over every seed, defined on both sides, for the paired test: seed s of a and b are
-- the same test examples.
local function paired(a, b)
  local x, y = {}, {}
  for s = 1, #a do
    for i = 1, #a[s] do
      if a[s][i] == a[s][i] and b[s][i] == b[s][i] then x[#x + 1], y[#y + 1] = a[s][i], b[s][i] end
    end
  end
  return x, y
end

for _, dataset in ipairs(ex.datasets) do
  local softmax = {}
  for _, spec in ipairs(ex.base_models) do
    local values = taus(dataset, spec)
    if spec.projection == "softmax" then softmax[spec.encoder] = values end
    local row = {dataset, spec.label}
    for k = 1, #measures do
      local p
      if spec.projection ~= "softmax" and softmax[spec.encoder] then
        local a, b = paired(values[k], softmax[spec.encoder][k])
        if #a > 1 then p = sa.stats.permutation_test(a, b, {seed = 1}) end
      end
      local defined = {}
      for s, seed_taus in ipairs(values[k]) do defined[s] = ex.defined(seed_taus) end
      row[#row + 1] = defined
      row[#row + 1] = paper[spec.label][dataset][k]
      row[#row + 1] = p or "–"
    end
    t:add(row)
  end
end
ex:save(t)
