import SashellCore
import TestSupport

/// Built-in dataset `name` from the shared data.
func builtin(_ name: String, version: String = "current", lengthFilter: Bool = true,
             devFraction: Double = 0.2, seed: UInt64 = 0) throws -> Dataset {
    var options = BuiltinDatasetOptions()
    options.version = version
    options.dataDirectory = sharedData
    options.lengthFilter = lengthFilter
    options.devFraction = devFraction
    options.seed = seed
    return try Dataset(builtin: name, options: options)
}
