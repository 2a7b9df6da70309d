-- table2.lua: the paper's Table 2 — Kendall's tau-b between sparsegen's lambda (its sparsity) and
-- the normalised entropy of gradient input importance, H(g_ŷ(x)), over models of every lambda.
-- tau is taken over the models' mean entropies (one point per lambda and seed) and, as a check,
-- over every example's entropy.
-- Run:  sashell scripts/table2.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3] [--limit N]

local ex = sa.experiment(arg)
local paper = {lstm = {imdb = -0.935, ["20news"] = -0.675, sst = -0.866},
               transformer = {imdb = -0.830, ["20news"] = -0.409, sst = -0.810}}

local notes = ex:notes()
notes[#notes + 1] = "lambdas: " .. table.concat(ex:lambdas(), ", ")
local t = sa.table{name = "table2", title = "Table 2: Kendall's tau-b between sparsegen's lambda and H(g_ŷ(x))",
  columns = {"dataset", "model", "tau (model means)", "p", "models", "tau (examples)", "examples", "paper"}, notes = notes}
for _, dataset in ipairs(ex.datasets) do
  for _, encoder in ipairs{"lstm", "transformer"} do
    local model_lambdas, means, lambdas, entropies = {}, {}, {}, {}
    for _, lambda in ipairs(ex:lambdas()) do
      for _, seed in ipairs(ex.seeds) do
        local m = ex:model{dataset = dataset, encoder = encoder, projection = "sparsegen", lambda = lambda, seed = seed}
        local values = ex.defined(ex.entropies(ex:over(m, dataset, sa.fi.gradient)))
        for _, h in ipairs(values) do lambdas[#lambdas + 1], entropies[#entropies + 1] = lambda, h end
        model_lambdas[#model_lambdas + 1], means[#means + 1] = lambda, (sa.stats.mean_sd(values))
      end
    end
    local tau, p = sa.kendall(model_lambdas, means)
    t:add{dataset, encoder == "lstm" and "BiLSTM (tanh)" or "Transformer (dot)", tau, p, #means,
          (sa.kendall(lambdas, entropies)), #entropies, paper[encoder][dataset]}
  end
end
ex:save(t)
