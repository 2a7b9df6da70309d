-- table1.lua: the paper's Table 1 — how spread the influence of the inputs on each intermediate
-- representation is: the normalised entropy of g_{h_p}(x) (eq. 5), averaged over the positions p
-- of an example, then mean ± sd over the test examples (and, with several seeds, the sd of the
-- seeds' means).
-- Run:  sashell scripts/table1.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3] [--limit N]

local ex = sa.experiment(arg)
local paper = {
  ["BiLSTM (softmax)"] = {imdb = "0.71 ± 0.09", ["20news"] = "0.75 ± 0.12", sst = "0.93 ± 0.05"},
  ["BiLSTM (sparsemax)"] = {imdb = "0.72 ± 0.10", ["20news"] = "0.68 ± 0.12", sst = "0.91 ± 0.07"},
  ["Transformer (softmax)"] = {imdb = "0.76 ± 0.08", ["20news"] = "0.48 ± 0.06", sst = "0.73 ± 0.09"},
  ["Transformer (sparsemax)"] = {imdb = "0.72 ± 0.09", ["20news"] = "0.46 ± 0.06", sst = "0.63 ± 0.08"},
}

local t = sa.table{name = "table1", title = "Table 1: mean normalised entropy of g_{h_p}(x) (eq. 5), mean ± sd over examples",
                   columns = {"dataset", "model", "entropy", "paper"}, notes = ex:notes()}
for _, dataset in ipairs(ex.datasets) do
  for _, spec in ipairs(ex.base_models) do
    local entropies = ex:per_seed(dataset, spec, function(m)
      local values = {}
      for _, rows in ipairs(ex:over(m, dataset, sa.fi.hidden)) do
        -- Entropy normalised by log n is undefined for one token.
        if #rows > 1 then
          local total = 0
          for p = 1, #rows do total = total + sa.entropy(rows[p]) end
          values[#values + 1] = total / #rows
        end
      end
      return values
    end)
    t:add{dataset, spec.label, entropies, paper[spec.label][dataset]}
  end
end
ex:save(t)
