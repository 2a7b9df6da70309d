-- table5.lua: the paper's Table 5 — adversarial attention (App. C.1, Wiegreffe & Pinter's training
-- with the JSD): how far an adversary's attention gets from the base model's (mean JSD on test)
-- while it predicts what the base model predicts, and its test accuracy beside the base model's.
-- frozen: the base model's weights, with its encoder fixed; unfrozen: a new model from scratch.
-- Run:  sashell scripts/table5.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3]

local ex = sa.experiment(arg)
local paper = {  -- JSD, accuracy, difference from the base model
  ["BiLSTM (adv. frozen)"] = {imdb = {0.67, 0.76, -0.14}, sst = {0.62, 0.76, -0.06}, ["20news"] = {0.67, 0.78, -0.13}},
  ["BiLSTM (adv. unfrozen)"] = {imdb = {0.67, 0.90, -0.00}, sst = {0.61, 0.82, -0.00}, ["20news"] = {0.67, 0.91, -0.00}},
  ["Transformer (adv. frozen)"] = {imdb = {0.62, 0.71, -0.18}, sst = {0.57, 0.76, -0.03}, ["20news"] = {0.62, 0.87, -0.03}},
  ["Transformer (adv. unfrozen)"] = {imdb = {0.64, 0.87, -0.02}, sst = {0.57, 0.78, -0.01}, ["20news"] = {0.62, 0.92, 0.01}},
}

local t = sa.table{name = "table5", title = "Table 5: adversarial attention, JSD from the base attention and test accuracy",
  columns = {"dataset", "model", "JSD", "paper JSD", "accuracy", "paper accuracy", "difference", "paper difference"},
  notes = ex:notes(false)}
for _, dataset in ipairs(ex.datasets) do
  for _, encoder in ipairs{"lstm", "transformer"} do
    for _, mode in ipairs{"frozen", "unfrozen"} do
      local jsd, accuracy, difference = {}, {}, {}
      for _, seed in ipairs(ex.seeds) do
        local base = ex:model{dataset = dataset, encoder = encoder, projection = "softmax", seed = seed}
        local _, report = sa.adversarial(base, ex:dataset(dataset),
          {mode = mode, epochs = ex.quick and 2 or 8, seed = seed + 1, results = ex.out})
        jsd[#jsd + 1], accuracy[#accuracy + 1], difference[#difference + 1] = report.jsd, report.accuracy, report.accuracy_difference
      end
      local label = (encoder == "lstm" and "BiLSTM" or "Transformer") .. " (adv. " .. mode .. ")"
      local published = paper[label][dataset]
      t:add{dataset, label, jsd, published[1], accuracy, published[2], difference, published[3]}
    end
  end
end
ex:save(t)
