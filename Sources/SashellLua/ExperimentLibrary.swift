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
        --datasets sst,imdb,20news, --seeds 1,2,3, --out DIR (default results), --threads N, \
        --vectors glove|word2vec|none (default glove) — and returns an experiment ex with those \
        fields (ex.quick, ex.datasets, ex.seeds, ex.out, ex.threads, ex.vectors, ex.name) and: \
        ex:dataset(name) (loaded once; sampled when quick), ex:model{dataset=, encoder="lstm" or \
        "transformer", projection=, lambda=, alpha=, seed=} (the paper's model — BiLSTM with \
        additive or Transformer with dot attention, Table 4's settings with a 10x attention learning \
        rate — trained through the run store under ex.out, so nothing is trained twice), \
        ex:examples(split) (the test examples a measurement visits: all, or 40 when quick), \
        ex:save(t) (a sa.table to ex.out/name/) and ex:path(file) (a file there). An unknown \
        argument is an error with the usage line.
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

        -- The paper's model (App. B, Table 4) for spec, trained through the run store once.
        function experiment:model(spec)
          local encoder = spec.encoder or "lstm"
          local lr = encoder == "lstm" and 1e-4 or 1e-5
          return sa.train{
            dataset = self:dataset(spec.dataset),
            model = {encoder = encoder, attention = encoder == "lstm" and "additive" or "dot",
                     projection = spec.projection or "softmax", lambda = spec.lambda, alpha = spec.alpha,
                     embeddings = self.vectors ~= "none" and self.vectors or nil},
            fit = {epochs = self.quick and 2 or 8, lr = lr, attention_lr = 10 * lr},
            seed = spec.seed or self.seeds[1], results = self.out,
          }
        end

        -- The examples of split a measurement visits: all of them, or a seeded 40 when quick.
        function experiment:examples(split)
          if self.quick and #split > 40 then return split:sample(40, {seed = 0}) end
          return split
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
            .. "[--threads N] [--vectors glove|word2vec|none]"):format(script,
            table.concat(options.datasets or {"sst", "imdb", "20news"}, ","))
          local ex = setmetatable({
            name = name, quick = false, datasets = options.datasets or {"sst", "imdb", "20news"},
            seeds = options.seeds or {1}, out = "results", threads = sa.threads(), vectors = "glove",
            cache = {},
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
            elseif flag == "--out" then
              ex.out = needs("a directory")
            elseif flag == "--threads" then
              local n = math.tointeger(tonumber(needs("a count")))
              if not n or n < 1 then fail(usage, ("%s: --threads needs a positive integer, got %q"):format(name, value)) end
              ex.threads = sa.threads(n)
            elseif flag == "--vectors" then
              ex.vectors = needs("glove, word2vec or none")
              if ex.vectors ~= "glove" and ex.vectors ~= "word2vec" and ex.vectors ~= "none" then
                fail(usage, ("%s: --vectors is glove, word2vec or none, got %q"):format(name, ex.vectors))
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
          return ex
        end
        """#
}
