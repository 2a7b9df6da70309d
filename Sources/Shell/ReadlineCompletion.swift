import CReadline
import Foundation
import LuaBridge

/// Tab completion as readline asks for it, from a C callback: the candidates of `Completion`
/// turned into readline's array of matches.
enum ReadlineCompletion {
    /// The Lua stack completions read; a C callback cannot capture it. Only the REPL's thread
    /// touches it, between Lua calls.
    nonisolated(unsafe) static var stack: LuaStack?

    /// The matches for the word `text` that starts at byte `start` of the line, as a malloc'ed,
    /// NULL-terminated array whose first element replaces `text`; NULL if there are none.
    static func matches(for text: UnsafePointer<CChar>?, start: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        sa_rl_completion_settings()
        guard let text, let stack, let prefix = sa_rl_line_prefix(start) else { return nil }
        defer { free(prefix) }
        let candidates = Completion(stack: stack).candidates(for: String(cString: text), after: String(cString: prefix))
        guard let first = candidates.first else { return nil }
        let common = candidates.dropFirst().reduce(first) { String($0.commonPrefix(with: $1)) }
        let matches = [common] + (candidates.count > 1 ? candidates : [])
        let size = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (matches.count + 1)
        let array = malloc(size)!.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: matches.count + 1)  // readline frees it
        for (i, match) in matches.enumerated() {
            array[i] = strdup(match)
        }
        array[matches.count] = nil
        return array
    }
}
