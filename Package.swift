// swift-tools-version:6.0
// sashell: an interactive, scriptable analysis shell for attention-interpretability research.
import PackageDescription

let package = Package(
    name: "sashell",
    products: [
        .executable(name: "sashell", targets: ["sashell"]),
        .executable(name: "sashell-bench", targets: ["SashellBench"]),
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

        // The tensor engine: Float32 tensors, BLAS kernels, reverse-mode autodiff, optimisers, RNG.
        .target(name: "Autodiff", dependencies: ["CBLAS", "CMalloc"]),
        // Generic Lua bridge: state, stack, errors. Knows nothing of the science.
        .target(name: "LuaBridge", dependencies: ["CLua"]),
        // Command-line flags and (later) the REPL.
        .target(name: "Shell", dependencies: ["LuaBridge", "CReadline"]),
        .executableTarget(name: "sashell", dependencies: ["Shell", "Autodiff"]),
        .executableTarget(name: "SashellBench", dependencies: ["Autodiff"]),

        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "LuaBridge"]),
    ]
)
