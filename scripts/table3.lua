-- table3.lua: the paper's Table 3 — test accuracy of the base models, the Transformer with dot
-- attention (T) and the BiLSTM with additive attention (B), each with softmax and sparsemax.
-- Run:  sashell scripts/table3.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3]

local ex = sa.experiment(arg)
local paper = {sst = {transformer = 0.79, lstm = 0.82}, imdb = {transformer = 0.89, lstm = 0.90},
               ["20news"] = {transformer = 0.91, lstm = 0.91}}

local t = sa.table{name = "table3", title = "Table 3: test accuracy (mean ± sd over seeds)",
  columns = {"dataset", "train", "test", "encoder", "projection", "accuracy", "paper"},
  notes = {("vectors: %s; seeds: %s%s"):format(ex.vectors, table.concat(ex.seeds, ","),
    ex.quick and "; QUICK: sampled data and 2 epochs, not comparable with the paper" or "")}}

for _, name in ipairs(ex.datasets) do
  local ds = ex:dataset(name)
  for _, encoder in ipairs{"transformer", "lstm"} do
    for _, projection in ipairs{"softmax", "sparsemax"} do
      local accuracies = {}
      for _, seed in ipairs(ex.seeds) do
        local _, run = ex:model{dataset = name, encoder = encoder, projection = projection, seed = seed}
        accuracies[#accuracies + 1] = run.test.accuracy
      end
      t:add{name, #ds.train, #ds.test, encoder == "lstm" and "BiLSTM" or "Transformer", projection,
            accuracies, paper[name][encoder]}
    end
  end
end
ex:save(t)
