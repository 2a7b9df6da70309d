import CReadline
import Foundation

/// The REPL's persistent history, in readline's history list and file. Each new entry is
/// appended to the file (never the whole file rewritten), so two shells running at once keep
/// each other's entries; the file is then cut to `capacity` entries. A multi-line chunk is one
/// entry (readline stores it with a timestamp line, which keeps its lines together).
struct History {
    /// How many entries the list and the file keep.
    static let defaultCapacity = 1000

    /// The history file, or nil for history in memory only.
    let path: String?
    let capacity: Int

    /// The history file named by the environment: $SASHELL_HISTORY, else
    /// $XDG_STATE_HOME/sashell/history, else ~/.local/state/sashell/history.
    static func defaultPath(environment: [String: String]) -> String? {
        if let path = environment["SASHELL_HISTORY"], !path.isEmpty {
            return path
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/sashell/history"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/sashell/history"
    }

    /// Starts the list from the file at `path` (creating its directory), keeping `capacity` entries.
    init(path: String?, capacity: Int = History.defaultCapacity) {
        self.path = path
        self.capacity = capacity
        sa_history_configure()
        clear_history()
        stifle_history(Int32(capacity))
        guard let path else { return }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = read_history(path)
    }

    /// The entries in the list, oldest first.
    var entries: [String] {
        guard let list = history_list() else { return [] }
        var entries: [String] = []
        var i = 0
        while let entry = list[i] {
            entries.append(String(cString: entry.pointee.line))
            i += 1
        }
        return entries
    }

    /// Adds `entry` to the list and the file, unless it is empty or repeats the previous entry.
    func add(_ entry: String) {
        guard !entry.isEmpty, entry != entries.last else { return }
        add_history(entry)
        guard let path else { return }
        if !FileManager.default.fileExists(atPath: path) {
            _ = write_history(path)  // append_history needs an existing file
        } else {
            _ = append_history(1, path)
        }
        _ = history_truncate_file(path, Int32(capacity))
    }
}
