import Foundation

/// A tick of an axis: a major one has a label and a grid line, a minor one (the 2…9 multiples
/// between decades of a log axis) only a short mark.
public struct Tick: Equatable, Sendable {
    public let value: Double
    /// nil for a minor tick.
    public let label: TickLabel?

    public init(value: Double, label: TickLabel?) {
        self.value = value
        self.label = label
    }

    public var isMajor: Bool { label != nil }
}

/// The ticks of an axis of `kind` over `domain`, about `count` of them labelled. Linear axes
/// step by 1, 2 or 5 times a power of ten (the step nearest span/count); log axes tick every
/// decade (every few on a long axis), adding the 2 and 5 multiples when fewer than three
/// decades show; symlog axes tick 0, ±c/2 and ±c in the linear region and the decades beyond.
/// Ticks outside the domain are dropped; values are exact decimals where the steps are.
public func ticks(_ kind: ScaleKind, domain: ClosedRange<Double>, count: Int) -> [Tick] {
    let count = max(count, 2)
    switch kind {
    case .linear:
        return linearTicks(domain, count: count)
    case .log:
        return logTicks(domain, count: count)
    case .symlog(let threshold):
        return symlogTicks(domain, threshold: threshold, count: count)
    }
}

/// A step of 1, 2 or 5 × 10^exponent (10 is 1 × 10^(exponent+1)), kept in parts so that
/// multiples come out as the nearest doubles of exact decimals (3 × 0.1 is 0.3, not 0.30000000000000004).
struct NiceStep: Equatable {
    let multiple: Double
    let exponent: Int

    /// The nice step nearest `span`/`count`: the raw step's leading digit rounded to 1, 2, 5 or 10.
    init(span: Double, count: Int) {
        let raw = span / Double(count)
        var exponent = Int(floor(log10(raw)))
        let leading = raw / pow(10, Double(exponent))
        var multiple: Double = leading < 1.5 ? 1 : leading < 3 ? 2 : leading < 7 ? 5 : 10
        if multiple == 10 {
            multiple = 1
            exponent += 1
        }
        self.multiple = multiple
        self.exponent = exponent
    }

    /// i steps from 0.
    func value(_ i: Int) -> Double {
        exponent >= 0 ? Double(i) * multiple * pow(10, Double(exponent)) : Double(i) * multiple / pow(10, Double(-exponent))
    }

    var size: Double { value(1) }

    /// The digits after the point that its multiples need.
    var decimals: Int { max(0, -exponent) }
}

private func linearTicks(_ domain: ClosedRange<Double>, count: Int) -> [Tick] {
    let span = domain.upperBound - domain.lowerBound
    guard span > 0 else { return [Tick(value: domain.lowerBound, label: .shortest(domain.lowerBound))] }
    let step = NiceStep(span: span, count: count)
    // A tolerance of a millionth of a step keeps a tick that rounding put a hair outside.
    let first = Int((domain.lowerBound / step.size - 1e-6).rounded(.up))
    let last = Int((domain.upperBound / step.size + 1e-6).rounded(.down))
    guard first <= last else { return [] }
    // Labels of very large or very small numbers are a mantissa times a power of ten.
    let largest = max(abs(domain.lowerBound), abs(domain.upperBound))
    let scientific = largest >= 1e6 || step.exponent < -4
    return (first...last).map { i in
        let value = step.value(i)
        return Tick(value: value, label: scientific ? .shortest(value) : .fixed(value, decimals: step.decimals))
    }
}

/// The multiples of a decade that are labelled: 1 always, 2 and 5 on short axes.
private func decadeTicks(_ domain: ClosedRange<Double>, count: Int, unit: Double = 1) -> [Tick] {
    // Decades k with unit·10^k in the domain.
    let lowest = Int(floor(log10(domain.lowerBound / unit) + 1e-9))
    let highest = Int(floor(log10(domain.upperBound / unit) + 1e-9))
    let inDomain = { (value: Double) in value >= domain.lowerBound * (1 - 1e-9) && value <= domain.upperBound * (1 + 1e-9) }
    let decades = (lowest...highest).filter { inDomain(unit * pow(10, Double($0))) }
    // On a long axis, every stride-th decade, the stride dividing the decade numbers so that
    // 10^0 is kept when it shows.
    let stride = max(1, Int((Double(decades.count) / Double(count)).rounded(.up)))
    let multiples: [Double] = decades.count < 3 ? [1, 2, 5] : [1]
    var result: [Tick] = []
    for k in lowest...highest {
        let scale = unit * pow(10, Double(k))
        for m in 1...9 {
            let value = Double(m) * scale
            guard inDomain(value) else { continue }
            let labelled = multiples.contains(Double(m)) && (m != 1 || k % stride == 0)
            // Minor ticks only between decades that all show; on a strided axis they crowd.
            if labelled {
                result.append(Tick(value: value, label: .shortest(value)))
            } else if stride == 1 {
                result.append(Tick(value: value, label: nil))
            }
        }
    }
    return result
}

private func logTicks(_ domain: ClosedRange<Double>, count: Int) -> [Tick] {
    let result = decadeTicks(domain, count: count)
    // Within less than a decade, fewer than two labels would show: tick it as a linear axis.
    guard result.filter(\.isMajor).count >= 2 else { return linearTicks(domain, count: count) }
    return result
}

private func symlogTicks(_ domain: ClosedRange<Double>, threshold c: Double, count: Int) -> [Tick] {
    let inDomain = { (value: Double) in value >= domain.lowerBound - 1e-9 * c && value <= domain.upperBound + 1e-9 * c }
    // The linear region in steps of c/2: half a decade's width apart, as the decades beyond are a whole one.
    var result = [-c, -c / 2, 0, c / 2, c].filter(inDomain).map { Tick(value: $0, label: .shortest($0)) }
    // The logarithmic parts, beyond ±c, ticked as log axes over |x| from c itself (so that c,
    // labelled in the linear region, counts among the decades shown), without c.
    let beyond = { (tick: Tick) in tick.value > c * (1 + 1e-9) }
    if domain.upperBound > c * (1 + 1e-9) {
        result += decadeTicks(c...domain.upperBound, count: count, unit: c).filter(beyond)
    }
    if domain.lowerBound < -c * (1 + 1e-9) {
        result += decadeTicks(c...(-domain.lowerBound), count: count, unit: c).filter(beyond)
            .map { tick in Tick(value: -tick.value, label: tick.isMajor ? .shortest(-tick.value) : nil) }
    }
    guard result.filter(\.isMajor).count >= 2 else { return linearTicks(domain, count: count) }
    return result.sorted { $0.value < $1.value }
}
