-- figure2.lua: the paper's Figure 2 — how concentrated input feature importance is across the
-- range of projections: the normalised entropy of gradient importance g_ŷ(x) and of leave-one-out
-- importance D_ŷ(x) per test example, for softmax, entmax-1.5, sparsemax and sparsegen's lambdas.
-- Run:  sashell scripts/figure2.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3] [--limit N]

local ex = sa.experiment(arg)
local projections = {{projection = "softmax", label = "softmax"}, {projection = "entmax", alpha = 1.5, label = "entmax 1.5"},
                     {projection = "sparsemax", label = "sparsemax"}}
for _, lambda in ipairs(ex:lambdas()) do
  if lambda ~= 0 then  -- sparsegen at lambda 0 is sparsemax
    projections[#projections + 1] = {projection = "sparsegen", lambda = lambda, label = ("sparsegen %g"):format(lambda)}
  end
end

local fig = sa.plot.figure{title = "Figure 2: entropy of input feature importance across projections",
                           ylabel = "normalised entropy", legend = "bottom", columns = 2}
for _, dataset in ipairs(ex.datasets) do
  for _, encoder in ipairs{"lstm", "transformer"} do
    local panel = dataset .. (encoder == "lstm" and ", BiLSTM" or ", Transformer")
    for _, spec in ipairs(projections) do
      local gradient, loo = {}, {}
      for _, seed in ipairs(ex.seeds) do
        local m = ex:model{dataset = dataset, encoder = encoder, projection = spec.projection,
                           lambda = spec.lambda, alpha = spec.alpha, seed = seed}
        for _, h in ipairs(ex.defined(ex.entropies(ex:over(m, dataset, sa.fi.gradient)))) do gradient[#gradient + 1] = h end
        for _, h in ipairs(ex.defined(ex.entropies(ex:over(m, dataset, sa.fi.loo)))) do loo[#loo + 1] = h end
      end
      fig:box(gradient, {x = spec.label, series = "gradient g(x)", panel = panel})
      fig:box(loo, {x = spec.label, series = "leave-one-out D(x)", panel = panel})
    end
  end
end
print("wrote " .. fig:save(ex:path("figure2.svg")))
