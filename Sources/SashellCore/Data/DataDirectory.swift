import Foundation

/// Where the built-in datasets and word vectors live: the first of these directories that has
/// what is asked for. The order lets a script pin a directory, a user set one for all scripts,
/// and a checkout of this repository find the data beside it.
public enum DataDirectory {
    /// A directory to look in, and why it is on the list (for messages).
    public struct Candidate: Sendable {
        public let path: String
        public let origin: String
    }

    /// The directories searched, in order: $SASHELL_DATA, ./data, ../shared/data, then
    /// $XDG_DATA_HOME/sashell (~/.local/share/sashell); only `explicit` (the `data` option) when
    /// it is given, so that a script that names its data never silently reads other data. The two
    /// relative to `currentDirectory` are made absolute, so that messages say where they are.
    public static func candidates(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                                  currentDirectory: String = FileManager.default.currentDirectoryPath) -> [Candidate] {
        if let explicit { return [Candidate(path: explicit, origin: "the data option")] }
        var candidates: [Candidate] = []
        if let variable = environment["SASHELL_DATA"], !variable.isEmpty {
            candidates.append(Candidate(path: variable, origin: "$SASHELL_DATA"))
        }
        let here = URL(fileURLWithPath: currentDirectory)
        candidates.append(Candidate(path: here.appendingPathComponent("data").path, origin: "in the current directory"))
        candidates.append(Candidate(path: here.deletingLastPathComponent().appendingPathComponent("shared/data").path,
                                    origin: "beside the current directory"))
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        candidates.append(Candidate(path: dataHome + "/sashell", origin: "$XDG_DATA_HOME/sashell"))
        return candidates
    }

    /// The first candidate holding `entry` (a relative path such as "imdb" or
    /// "embeddings/glove.6B.50d.vec.gz"), or an error listing every path tried.
    public static func locate(_ entry: String, explicit: String?, layout: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              currentDirectory: String = FileManager.default.currentDirectoryPath) throws(DataError) -> String {
        let candidates = candidates(explicit: explicit, environment: environment, currentDirectory: currentDirectory)
        for candidate in candidates {
            let path = candidate.path + "/" + entry
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        let tried = candidates.map { "  \($0.path)/\(entry) (\($0.origin))" }.joined(separator: "\n")
        throw DataError("""
            cannot find \(entry); tried:
            \(tried)
            expected layout: \(layout)
            set SASHELL_DATA to the directory that holds it, or pass {data=DIR}
            """)
    }
}
