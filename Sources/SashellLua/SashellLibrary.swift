import LuaBridge

/// The `sa` library: registers every module of sashell into a Lua state. Each part of the
/// library adds its functions to `sa` from its own file (`LuaModule`s with the same name merge).
public enum SashellLibrary {
    static let doc = """
        sashell: attention-interpretability analysis. Tensors, projections onto the simplex \
        (softmax, sparsemax, sparsegen, entmax, Gumbel-softmax), entropy, correlations and \
        divergences, the paper's datasets and your own, its classifiers and their feature importance \
        (sa.fi); help(sa.f) documents each function.
        """

    /// Registers `sa` and its submodules as globals of `stack`'s state.
    public static func register(on stack: LuaStack) {
        for part in [TensorFunctions.module, ProjectionFunctions.module, StatisticsFunctions.module,
                     SummaryFunctions.module, DatasetFunctions.module, ModelFunctions.module,
                     RunFunctions.module, LuaResultTable.module, ExperimentLibrary.module,
                     PlotFunctions.module, ShowFunctions.module, AdversarialFunctions.module, ImportanceFunctions.module] {
            stack.register(part)
        }
        ExperimentLibrary.register(on: stack)
    }
}
