-- figure3.lua: the paper's Figure 3 — Kendall's tau-b between attention and input feature
-- importance (gradient g_ŷ(x) and leave-one-out D_ŷ(x)) as sparsegen's lambda grows, mean ± sd over
-- test examples, on IMDb by default; the lambda axis is symmetric-log, as lambda runs from -inf to 1.
-- Run:  sashell scripts/figure3.lua [--quick] [--datasets imdb] [--seeds 1,2,3] [--limit N]

local ex = sa.experiment(arg, {datasets = {"imdb"}})
local fig = sa.plot.figure{title = "Figure 3: attention vs input importance as sparsity grows", xlabel = "sparsegen lambda",
                           ylabel = "Kendall's tau-b with attention", xscale = "symlog", legend = "bottom"}
for _, dataset in ipairs(ex.datasets) do
  for _, encoder in ipairs{"lstm", "transformer"} do
    for _, measure in ipairs{{"g(x)", sa.fi.gradient}, {"D(x)", sa.fi.loo}} do
      local lambdas, means, sds = {}, {}, {}
      for _, lambda in ipairs(ex:lambdas()) do
        local taus = {}
        for _, seed in ipairs(ex.seeds) do
          local m = ex:model{dataset = dataset, encoder = encoder, projection = "sparsegen", lambda = lambda, seed = seed}
          for _, tau in ipairs(ex.defined(ex:taus(m, dataset, measure[2]))) do taus[#taus + 1] = tau end
        end
        lambdas[#lambdas + 1] = lambda
        means[#means + 1], sds[#sds + 1] = sa.stats.mean_sd(taus)
      end
      fig:line(lambdas, means, {error = sds, panel = dataset,
                                series = (encoder == "lstm" and "BiLSTM " or "Transformer ") .. measure[1]})
    end
  end
end
fig:hline(0)
print("wrote " .. fig:save(ex:path("figure3.svg")))
