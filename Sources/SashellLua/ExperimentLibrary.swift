import Autodiff
import LuaBridge

/// `sa.experiment`: what every reproduction script shares — its command-line arguments, the
/// paper's datasets and models through the run store, quick subsets — so that a script holds
/// only its question. It is written in Lua (below), so a researcher can read how a script's
/// models are made; `sa.threads` is the one piece it needs from Swift.
enum ExperimentLibrary {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("threads", doc: """
                sa.threads([n]) is the number of threads the engine uses (default: the cores), \
                after setting it to n if given. Results are reproducible for a fixed count.
                """) { stack in
                if stack.type(at: 1) != .none && stack.type(at: 1) != .nil {
                    let n = try stack.argument(1, as: Int.self)
                    guard (1...256).contains(n) else { throw LuaArgumentError(argument: 1, problem: .invalid("threads must be in 1...256, got \(n)")) }
                    BLAS.threads = n
                }
                stack.push(BLAS.threads)
                return 1
            },
        ])
    }

    /// Defines `sa.experiment` and documents it; run after the Swift modules are registered.
    static func register(on stack: LuaStack) {
        do {
            try stack.load(source, name: "=sa.experiment")
            try stack.call(arguments: 0, results: 1)
        } catch {
            preconditionFailure("sa.experiment's Lua source does not run: \(error)")  // caught by every test
        }
        stack.document(valueAt: -1, doc)
        _ = stack.getGlobal("sa")
        stack.pushCopy(of: -2)
        stack.rawSet(tableAt: -2, field: "experiment")
        stack.pop(2)
    }

    static let doc = """
        sa.experiment(arg [, {name=, datasets={"sst", "imdb", "20news"}, seeds={1}}]) reads a \
        reproduction script's arguments — --quick (small subsets and 2 epochs: minutes, not hours), \
        --datasets sst,imdb,20news, --seeds 1,2,3, --out DIR (default results), --limit N (test \
        examples per measurement; default all, 40 when quick), --threads N, --vectors \
        word2vec|glove|none (default word2vec, 300-d) — and returns an experiment ex with those \
        fields (ex.quick, ex.datasets, ex.seeds, ex.out, ex.limit, ex.threads, ex.vectors, ex.name) and: \
        ex:dataset(name) (loaded once; sampled when quick), ex:model{dataset=, encoder="lstm" or \
        "transformer", projection=, lambda=, alpha=, seed=, lr=} (the paper's model — BiLSTM with \
        additive or Transformer with dot attention and embedding_scale sqrt(128), at m:fit's default \
        learning rate or ex.rates[dataset][encoder] (20News's BiLSTMs: 3e-4), the scorer's 10x it — \
        trained through the run store under ex.out, so nothing is trained twice), \
        ex.base_models (Table 3's four), ex:per_seed(dataset, spec, fn) (fn(m, seed) on spec's \
        model of each seed; for each value fn returns, an array of it per seed — a sa.table cell \
        of such arrays shows the spread across seeds), ex:over(m, dataset, method [, options]) \
        (sa.fi.over on the test examples a measurement visits), ex:notes([sampled]) (the lines a \
        table ends with), ex:save(t) (print a sa.table and write it to ex.out/name/) and \
        ex:path(file) (a file there). An unknown argument is an error with the usage line.
        """

    static let source = #"""
        local experiment = {}
        experiment.__index = experiment

        local known_datasets = {sst = true, imdb = true, ["20news"] = true}

        -- "a,b,c" as an array of strings.
        local function list(text)
          local items = {}
          for item in text:gmatch("[^,]+") do items[#items + 1] = item end
          return items
        end

        local function fail(usage, problem)
          error(problem .. "\n" .. usage, 0)
        end

        -- The dataset `name`, loaded once; a seeded sample of it when quick.
        function experiment:dataset(name)
          if not self.cache[name] then
            local ds = sa.dataset(name)
            if self.quick then ds = ds:sample{train = 400, dev = 100, test = 100, seed = 0} end
            self.cache[name] = ds
          end
          return self.cache[name]
        end

        -- Learning rates other than m:fit's 1e-4, by dataset and encoder. 20News's 1145 training
        -- examples make 288 steps in 8 epochs, after which a BiLSTM at 1e-4 has only begun to
        -- learn (train loss 0.3-0.4; test 0.87 and 0.83 over 3 seeds against the paper's 0.91).
        experiment.rates = {["20news"] = {lstm = 3e-4}}

        -- The paper's model (App. B, Table 4) for spec, trained through the run store once, at
        -- spec.lr, else ex.rates', else m:fit's default rate (the scorer's is 10x it). The
        -- Transformer scales its embeddings by sqrt(d), without which it cannot read word2vec's
        -- unit-norm vectors beside the positions.
        function experiment:model(spec)
          local encoder = spec.encoder or "lstm"
          local lr = spec.lr or (self.rates[spec.dataset] or {})[encoder] or 1e-4
          return sa.train{
            dataset = self:dataset(spec.dataset),
            model = {encoder = encoder, attention = encoder == "lstm" and "additive" or "dot",
                     projection = spec.projection or "softmax", lambda = spec.lambda, alpha = spec.alpha,
                     embeddings = self.vectors ~= "none" and self.vectors or nil,
                     embedding_scale = encoder == "transformer" and math.sqrt(128) or nil},
            fit = {epochs = self.quick and 2 or 8, lr = lr, attention_lr = 10 * lr},
            seed = spec.seed or self.seeds[1], results = self.out,
          }
        end

        -- The paper's four base models (Table 3): BiLSTM and Transformer, softmax and sparsemax.
        experiment.base_models = {
          {encoder = "lstm", projection = "softmax", label = "BiLSTM (softmax)"},
          {encoder = "lstm", projection = "sparsemax", label = "BiLSTM (sparsemax)"},
          {encoder = "transformer", projection = "softmax", label = "Transformer (softmax)"},
          {encoder = "transformer", projection = "sparsemax", label = "Transformer (sparsemax)"},
        }

        -- fn(m, seed) for spec's model (ex:model's fields but dataset and seed) of each seed; for
        -- each value fn returns, an array of that value per seed. A table cell of per-seed arrays
        -- shows the spread across seeds, which pooling the seeds' values would hide.
        function experiment:per_seed(dataset, spec, fn)
          local results = {}
          for s, seed in ipairs(self.seeds) do
            local m = self:model{dataset = dataset, encoder = spec.encoder, projection = spec.projection,
                                 lambda = spec.lambda, alpha = spec.alpha, seed = seed}
            local values = table.pack(fn(m, seed))
            for k = 1, values.n do
              results[k] = results[k] or {}
              results[k][s] = values[k]
            end
          end
          return table.unpack(results)
        end

        -- sa.fi.over(m, test split of dataset, method, options) on the examples a measurement
        -- visits: all, or a seeded sample of ex.limit of them (40 when quick). Results of sa.fi's
        -- methods are kept in the run store, so scripts sharing a measurement compute it once.
        function experiment:over(m, dataset, method, options)
          local o = {limit = self.limit, seed = 0}
          for k, v in pairs(options or {}) do o[k] = v end
          return sa.fi.over(m, self:dataset(dataset).test, method, o)
        end

        -- Kendall's tau-b of the attention with method's importance on each example visited, NaN
        -- where it is undefined (attention or importance constant, as with one attended token).
        function experiment:taus(m, dataset, method, options)
          local attention = self:over(m, dataset, function(model, e) return model:forward(e).attention end)
          local taus = {}
          for i, importance in ipairs(self:over(m, dataset, method, options)) do
            local ok, tau = pcall(sa.kendall, attention[i], importance)
            taus[i] = ok and tau or 0 / 0
          end
          return taus
        end

        -- The normalised entropy of each result (NaN for a single token, where it is undefined).
        function experiment.entropies(results)
          local entropies = {}
          for i, p in ipairs(results) do entropies[i] = #p > 1 and sa.entropy(p) or 0 / 0 end
          return entropies
        end

        -- values without their NaNs.
        function experiment.defined(values)
          local kept = {}
          for _, v in ipairs(values) do if v == v then kept[#kept + 1] = v end end
          return kept
        end

        -- Sparsegen's lambdas for the figures and Table 2 (lambda = 0 is sparsemax; < 1 always).
        function experiment:lambdas()
          return self.quick and {-1, 0, 0.5} or {-8, -4, -2, -1, -0.5, 0, 0.25, 0.5, 0.75}
        end

        -- Figures 1 and 4: box plots of tau(attention, importance) of the inputs and of the
        -- intermediate representations, per dataset and base model; written to ex.out/name/file.
        function experiment:correlation_figure(method, measure, title, file)
          local fig = sa.plot.figure{title = title, ylabel = "Kendall's tau-b with attention", legend = "bottom"}
          for _, dataset in ipairs(self.datasets) do
            for _, spec in ipairs(self.base_models) do
              local inputs, hidden = {}, {}
              for _, seed in ipairs(self.seeds) do
                local m = self:model{dataset = dataset, encoder = spec.encoder, projection = spec.projection, seed = seed}
                for _, tau in ipairs(self.defined(self:taus(m, dataset, method))) do inputs[#inputs + 1] = tau end
                for _, tau in ipairs(self.defined(self:taus(m, dataset, method, {of = "hidden"}))) do hidden[#hidden + 1] = tau end
              end
              fig:box(inputs, {x = spec.label, series = "inputs " .. measure .. "(x)", panel = dataset})
              fig:box(hidden, {x = spec.label, series = "intermediate " .. measure .. "(I)", panel = dataset})
            end
          end
          fig:hline(0)
          print("wrote " .. fig:save(self:path(file)))
          return fig
        end

        -- The lines every table ends with: where its numbers come from (and, unless sampled is
        -- false, which test examples its measurements visited).
        function experiment:notes(sampled)
          local rates = {}
          for dataset, encoders in pairs(self.rates) do
            for encoder, lr in pairs(encoders) do rates[#rates + 1] = ("%s %s %g"):format(dataset, encoder, lr) end
          end
          table.sort(rates)
          local notes = {("models: the paper's (App. B; lr 1e-4%s, attention lr 10x, Transformer embeddings x sqrt(128)), %d epochs, %s vectors; seeds %s"):format(
            #rates > 0 and " (" .. table.concat(rates, ", ") .. ")" or "", self.quick and 2 or 8, self.vectors, table.concat(self.seeds, ","))}
          if sampled ~= false then
            notes[1] = notes[1] .. ("; examples: %s of each test split"):format(self.limit and ("a seeded " .. self.limit) or "all")
          end
          if self.quick then
            notes[#notes + 1] = "QUICK: sampled data and 2 epochs; the numbers are not comparable with the paper's"
          end
          return notes
        end

        -- A file in this experiment's output directory, ex.out/name/.
        function experiment:path(file)
          return self.out .. "/" .. self.name .. "/" .. file
        end

        -- Prints t and writes it to ex.out/name/ as Markdown, CSV and JSON.
        function experiment:save(t)
          print(t)
          for _, path in ipairs(t:save(self.out .. "/" .. self.name)) do print("wrote " .. path) end
          return t
        end

        return function(arg, options)
          options = options or {}
          assert(type(arg) == "table" or arg == nil, "sa.experiment: arg must be the script's arg table")
          arg = arg or {}
          local script = arg[0] or "script.lua"
          local name = options.name or script:match("([^/]+)%.lua$") or "experiment"
          local usage = ("usage: sashell %s [--quick] [--datasets %s] [--seeds 1,2,3] [--out DIR] "
            .. "[--limit N] [--threads N] [--vectors word2vec|glove|none]"):format(script,
            table.concat(options.datasets or {"sst", "imdb", "20news"}, ","))
          local ex = setmetatable({
            name = name, quick = false, datasets = options.datasets or {"sst", "imdb", "20news"},
            seeds = options.seeds or {1}, out = "results", threads = sa.threads(), vectors = "word2vec",
            limit = nil, cache = {},
          }, experiment)
          local i = 1
          while i <= #arg do
            local flag, value = arg[i], arg[i + 1]
            local function needs(what)
              if value == nil then fail(usage, ("%s: %s needs %s"):format(name, flag, what)) end
              i = i + 1
              return value
            end
            if flag == "--quick" then
              ex.quick = true
            elseif flag == "--datasets" then
              ex.datasets = list(needs("a list such as sst,imdb"))
              for _, d in ipairs(ex.datasets) do
                if not known_datasets[d] then fail(usage, ("%s: unknown dataset %q (sst, imdb, 20news)"):format(name, d)) end
              end
            elseif flag == "--seeds" then
              ex.seeds = {}
              for _, s in ipairs(list(needs("a list such as 1,2,3"))) do
                local seed = math.tointeger(tonumber(s))
                if not seed or seed < 0 then fail(usage, ("%s: seeds are non-negative integers, got %q"):format(name, s)) end
                ex.seeds[#ex.seeds + 1] = seed
              end
            elseif flag == "--limit" then
              local n = math.tointeger(tonumber(needs("a count")))
              if not n or n < 1 then fail(usage, ("%s: --limit needs a positive integer, got %q"):format(name, value)) end
              ex.limit = n
            elseif flag == "--out" then
              ex.out = needs("a directory")
            elseif flag == "--threads" then
              local n = math.tointeger(tonumber(needs("a count")))
              if not n or n < 1 then fail(usage, ("%s: --threads needs a positive integer, got %q"):format(name, value)) end
              ex.threads = sa.threads(n)
            elseif flag == "--vectors" then
              ex.vectors = needs("word2vec, glove or none")
              if ex.vectors ~= "glove" and ex.vectors ~= "word2vec" and ex.vectors ~= "none" then
                fail(usage, ("%s: --vectors is word2vec, glove or none, got %q"):format(name, ex.vectors))
              end
            elseif flag == "--help" or flag == "-h" then
              print(usage)
              os.exit(0)
            else
              fail(usage, ("%s: unknown argument %q"):format(name, flag))
            end
            i = i + 1
          end
          if #ex.datasets == 0 or #ex.seeds == 0 then fail(usage, name .. ": no datasets or no seeds") end
          if ex.quick and not ex.limit then ex.limit = 40 end
          return ex
        end
        """#
}
