import Foundation
import Synchronization

/// Progress of long work (training epochs, feature importance over a test set) on standard
/// error (named so as not to clash with Foundation.Progress): on a terminal, a bar with rate and time left, redrawn in place at most ten times a
/// second; otherwise a plain line every 10% or 5 seconds; nothing when the shell runs with `-q`.
public final class ProgressMeter {
    /// Set by `-q`: no progress output at all.
    public static let isSilenced = Atomic<Bool>(false)

    /// Where the output goes, and how.
    enum Mode {
        case silent, bar, lines
    }

    public let label: String
    /// Shown after the rate, such as "loss 0.412"; the caller updates it as it goes.
    public var detail = ""
    public let total: Int
    public private(set) var completed = 0
    let mode: Mode
    private let start: Date
    private var lastDrawn: Date
    /// The completed count of the last plain line.
    private var lastReported = 0
    private let write: (String) -> Void

    /// The minimum time between two redraws of the bar, and between two plain lines.
    static let barInterval: TimeInterval = 0.1
    static let lineInterval: TimeInterval = 5

    /// ProgressMeter of `total` steps of `label`, on standard error.
    public convenience init(total: Int, label: String) {
        let mode: Mode = ProgressMeter.isSilenced.load(ordering: .relaxed) ? .silent
            : isatty(STDERR_FILENO) != 0 ? .bar : .lines
        self.init(total: total, label: label, mode: mode, now: Date()) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// ProgressMeter written through `write` in `mode`, starting at `now` (for tests).
    init(total: Int, label: String, mode: Mode, now: Date, write: @escaping (String) -> Void) {
        self.total = max(total, 0)
        self.label = label
        self.mode = mode
        self.start = now
        self.lastDrawn = now
        self.write = write
    }

    /// Records `steps` more steps done.
    public func advance(by steps: Int = 1) {
        advance(by: steps, now: Date())
    }

    /// Records `steps` more steps done at time `now`.
    func advance(by steps: Int, now: Date) {
        completed = min(completed + steps, total)
        let elapsed = now.timeIntervalSince(start)
        switch mode {
        case .silent:
            return
        case .bar where now.timeIntervalSince(lastDrawn) >= Self.barInterval:
            lastDrawn = now
            write("\r" + Self.bar(label: label, completed: completed, total: total, elapsed: elapsed) + suffix + "\u{1B}[K")
        case .lines where isLineDue(now: now):
            lastDrawn = now
            lastReported = completed
            write(Self.line(label: label, completed: completed, total: total, elapsed: elapsed) + suffix + "\n")
        default:
            return
        }
    }

    /// Ends the output: the final bar and a newline, or a last plain line.
    public func finish() {
        finish(now: Date())
    }

    /// Ends the output at time `now`.
    func finish(now: Date) {
        let elapsed = now.timeIntervalSince(start)
        switch mode {
        case .silent:
            return
        case .bar:
            write("\r" + Self.bar(label: label, completed: completed, total: total, elapsed: elapsed) + suffix + "\u{1B}[K\n")
        case .lines where lastReported != completed || completed == 0:
            write(Self.line(label: label, completed: completed, total: total, elapsed: elapsed) + suffix + "\n")
        case .lines:
            return
        }
    }

    /// The detail, after a comma-free separator, or nothing.
    private var suffix: String { detail.isEmpty ? "" : "  " + detail }

    /// Whether a plain line is due: 10% more done, or 5 seconds since the last one.
    private func isLineDue(now: Date) -> Bool {
        let step = max(total / 10, 1)
        return completed - lastReported >= step || (completed > lastReported && now.timeIntervalSince(lastDrawn) >= Self.lineInterval)
    }

    /// A plain line, such as "train: 30/100 (30%), 12.0/s, 5.8s left".
    static func line(label: String, completed: Int, total: Int, elapsed: TimeInterval) -> String {
        "\(label): \(completed)/\(total) (\(percent(completed, total))%), "
            + "\(rate(completed: completed, elapsed: elapsed)), \(remaining(completed: completed, total: total, elapsed: elapsed))"
    }

    /// A bar, such as "train [#########-----------]  45% 45/100 12.0/s ETA 4.6s".
    static func bar(label: String, completed: Int, total: Int, elapsed: TimeInterval, width: Int = 24) -> String {
        let filled = total == 0 ? width : width * completed / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percentage = String(percent(completed, total))
        let padded = String(repeating: " ", count: 3 - percentage.count) + percentage
        return "\(label) [\(bar)] \(padded)% \(completed)/\(total) \(rate(completed: completed, elapsed: elapsed)) "
            + (completed == total ? "in \(duration(elapsed))" : "ETA \(remaining(completed: completed, total: total, elapsed: elapsed, suffix: false))")
    }

    /// The whole percentage done (100 for no work at all).
    static func percent(_ completed: Int, _ total: Int) -> Int {
        total == 0 ? 100 : 100 * completed / total
    }

    /// Steps per second, such as "12.0/s", or "-/s" before any time has passed.
    static func rate(completed: Int, elapsed: TimeInterval) -> String {
        guard elapsed > 0 else { return "-/s" }
        let perSecond = Double(completed) / elapsed
        return perSecond >= 100 ? "\(Int(perSecond.rounded()))/s" : String(format: "%.1f/s", perSecond)
    }

    /// The time left at the current rate, such as "4.6s left", or "?" before any step.
    static func remaining(completed: Int, total: Int, elapsed: TimeInterval, suffix: Bool = true) -> String {
        guard completed > 0 else { return suffix ? "? left" : "?" }
        let seconds = elapsed * Double(total - completed) / Double(completed)
        return duration(seconds) + (suffix ? " left" : "")
    }

    /// A duration: "4.6s" below a minute, "3m07s" below an hour, else "2h05m".
    static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }
}
