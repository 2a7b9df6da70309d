// swift-tools-version:6.0
// sashell: an interactive, scriptable analysis shell for attention-interpretability research.
import PackageDescription

// The engine is compiled for the CPU it is built on, as -march=native: its SIMD loops then use
// every vector unit there is (AVX2 and FMA on a current x86 laptop: 8 lanes in one register
// instead of two 4-lane halves). SASHELL_PORTABLE=1 builds for the architecture's baseline instead,
// for a binary that must run on other machines.
let engineCPU: [SwiftSetting] = Context.environment["SASHELL_PORTABLE"] == "1" ? [] : [.unsafeFlags(["-target-cpu", "native"])]

let package = Package(
    name: "sashell",
    products: [
        .executable(name: "sashell", targets: ["sashell"]),
        .executable(name: "sashell-bench", targets: ["SashellBench"]),
    ],
    dependencies: [
        // SQLite for the run store, from the local package mirror.
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // C bridges: thin [system] modules whose shim.h re-exports what Swift cannot see.
        .systemLibrary(name: "CLua", path: "Sources/CLua", pkgConfig: "lua5.4",
                       providers: [.apt(["liblua5.4-dev"])]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline",
                       providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),

        // JSON values: a strict parser (for data files) and a canonical writer (for run keys).
        .target(name: "JSON"),
        // The tensor engine: Float32 tensors, BLAS kernels, reverse-mode autodiff, optimisers, RNG.
        // Optimised in debug builds too: its loops are the models' hot path, and unoptimised they
        // make every test and quick script that trains a model about a hundred times slower.
        .target(name: "Autodiff", dependencies: ["CBLAS", "CMalloc", "JSON"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))] + engineCPU),
        // The science: projections, metrics, datasets (and later models, importance). Knows nothing of Lua.
        .target(name: "SashellCore", dependencies: ["Autodiff", "CZlib", "JSON"]),
        // Generic Lua bridge: state, stack, userdata classes, options, help. Knows nothing of the science.
        .target(name: "LuaBridge", dependencies: ["CLua"]),
        // The `sa` library: SashellCore and the engine's tensors, bound into Lua.
        .target(name: "SashellLua", dependencies: ["LuaBridge", "SashellCore", "Autodiff", "JSON", "RunStore"]),
        // Command-line flags, the REPL, readline, completion, progress.
        .target(name: "Shell", dependencies: ["SashellLua", "LuaBridge", "CReadline"]),
        // The run store: a SQLite record of training runs, so experiment scripts never retrain what exists.
        .target(name: "RunStore", dependencies: ["JSON", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(name: "sashell", dependencies: ["Shell", "Autodiff"]),
        .executableTarget(name: "SashellBench", dependencies: ["Autodiff", "SashellCore"]),

        // Shared by the test targets: seeded data, the gradient checks, scratch files, the shared data.
        .target(name: "TestSupport", dependencies: ["Autodiff"], path: "Tests/TestSupport"),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "TestSupport"]),
        .testTarget(name: "SashellCoreTests", dependencies: ["SashellCore", "Autodiff", "JSON", "TestSupport"]),
        .testTarget(name: "SashellLuaTests", dependencies: ["SashellLua", "LuaBridge", "Autodiff", "TestSupport"]),
        .testTarget(name: "RunStoreTests", dependencies: ["RunStore", "JSON", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "LuaBridge"]),
    ]
)
