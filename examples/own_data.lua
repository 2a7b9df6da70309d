-- own_data.lua: your own data — a TSV file of texts and labels — loaded, trained on, and looked at.
-- Run:  sashell examples/own_data.lua [train.tsv test.tsv] [--quick]
-- The files need a header with "text" and "label" columns; labels here are "neg" and "pos".
-- Without files, the script writes a pair from SST so that it runs anywhere.

local quick = arg[#arg] == "--quick"
local train, test = arg[1] ~= "--quick" and arg[1] or nil, arg[2] ~= "--quick" and arg[2] or nil
if not train then
  local sst = sa.dataset("sst")
  local function write(path, split)
    local file = assert(io.open(path, "w"))
    file:write("text\tlabel\n")
    for _, ex in ipairs(split) do file:write(ex.text, "\t", ex.label == 1 and "pos" or "neg", "\n") end
    file:close()
    return path
  end
  local directory = os.tmpname()
  os.remove(directory)
  train = write(directory .. "-train.tsv", sst.train:sample(quick and 300 or 3000, {seed = 1}))
  test = write(directory .. "-test.tsv", sst.test:sample(quick and 50 or 500, {seed = 1}))
end

-- The vocabulary is fitted on train (words seen in at least 2 texts); a fifth of train is held out as dev.
local ds = sa.dataset{name = "reviews", train = train, test = test, labels = {neg = 0, pos = 1}, tokenizer = "lower",
                      min_count = 2, dev_fraction = 0.2, seed = 1}
print(ds)

local m = sa.train{dataset = ds, seed = 1, model = {hidden = 64, embeddings = "glove"},
                   fit = {epochs = quick and 1 or 5, lr = 1e-3}}
local result = m:evaluate(ds.test)
print(("test accuracy %.3f, ROC AUC %.3f on %d examples"):format(result.accuracy, result.auc, result.n))

-- What the model attends to in a few test texts: the three most attended words of each.
for i = 1, 5 do
  local ex = ds.test[i]
  local out = m:forward(ex)
  local words = {}
  for _, k in ipairs(out.attention:topk(3)) do
    words[#words + 1] = ("%s (%.2f)"):format(ex.tokens[k], out.attention[k])
  end
  print(("%s p=%.2f  %s\n    %s"):format(ex.label == 1 and "pos" or "neg", out.p, table.concat(words, ", "), ex.text))
end
