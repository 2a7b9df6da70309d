-- figure1.lua: the paper's Figure 1 — Kendall's tau-b between attention and gradient feature
-- importance of the inputs, g_ŷ(x), and of the intermediate representations, g_ŷ(I), per model.
-- Run:  sashell scripts/figure1.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3] [--limit N]

local ex = sa.experiment(arg)
ex:correlation_figure(sa.fi.gradient, "g", "Figure 1: attention vs gradient feature importance", "figure1.svg")
