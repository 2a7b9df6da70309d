-- figure4.lua: the paper's Figure 4 — Kendall's tau-b between attention and leave-one-out feature
-- importance of the inputs, D_ŷ(x), and of the intermediate representations, D_ŷ(I), per model.
-- Run:  sashell scripts/figure4.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3] [--limit N]

local ex = sa.experiment(arg)
ex:correlation_figure(sa.fi.loo, "D", "Figure 4: attention vs leave-one-out feature importance", "figure4.svg")
