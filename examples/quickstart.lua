-- quickstart.lua: a first sashell script, a couple of minutes on a laptop.
-- Run:  sashell examples/quickstart.lua [--quick]
--
-- sashell is Lua 5.4 plus the `sa` library; help(sa) lists it, help(sa.f) documents f.
-- The paper's question in miniature: train a BiLSTM with sparse attention on SST, then ask of one
-- review whether the words the model attends to are the words its prediction depends on.

local quick = arg[1] == "--quick"
local ds = sa.dataset("sst")
if quick then ds = ds:sample{train = 500, dev = 100, test = 100, seed = 1} end
print(ds)

-- Trained once: a second run finds the model in the run store (results/) and loads it.
local m, run = sa.train{dataset = ds, seed = 1,
  model = {encoder = "lstm", projection = "sparsemax", hidden = 64, embeddings = "glove"},
  fit = {epochs = quick and 1 or 3, lr = 1e-3}}
print(m)
print(("test accuracy %.3f (ROC AUC %.3f)"):format(run.test.accuracy, run.test.auc))

-- One test review of a dozen or more words, and three views of it: the attention, the gradient
-- importance of each input word (eq. 4 of the paper) and leave-one-out importance (eq. 6).
local ex = ds.test:filter(function(e) return e.length >= 12 end)[1]
local attention = m:forward(ex).attention
local gradient, loo = sa.fi.gradient(m, ex), sa.fi.loo(m, ex)
print(("\n%s review, p(positive) = %.2f:"):format(ex.label == 1 and "a positive" or "a negative", m:predict(ex)))
sa.show(ex, {attention = attention, gradient = gradient, loo = loo})

-- Sparsemax gives some words exactly zero attention; are they the unimportant ones?
local zeros = 0
for i = 1, #attention do if attention[i] == 0 then zeros = zeros + 1 end end
print(("\nsparsemax attends to %d of %d words. Kendall's tau of attention with gradient importance %.2f, "
  .. "with leave-one-out %.2f; entropy of attention %.2f, of gradient importance %.2f."):format(
  #attention - zeros, #attention, sa.kendall(attention, gradient), sa.kendall(attention, loo),
  sa.entropy(attention), sa.entropy(gradient)))
