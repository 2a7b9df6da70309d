/// A colour as red, green and blue in 0…255.
public struct RGB: Equatable, Sendable {
    public let red: Double
    public let green: Double
    public let blue: Double

    public init(_ red: Double, _ green: Double, _ blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// "#rrggbb".
    public var hex: String {
        "#" + [red, green, blue].map { component in
            let byte = Int(component.rounded())
            return String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }.joined()
    }

    /// Relative luminance in 0…1 (ITU-R BT.709 weights on the sRGB values), to choose dark or
    /// light text over a shade.
    public var luminance: Double {
        (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255
    }
}

/// The shades of token displays: 0 is white; positive values run through yellow and orange to
/// dark red, negative ones through light to dark blue. Lightness falls steadily with the
/// magnitude on both sides, so the order reads without colour vision (and on a grey printout),
/// and blue against red stays distinct under the common colour-vision deficiencies.
public enum ShadeRamp {
    static let positive = [RGB(255, 255, 255), RGB(254, 232, 160), RGB(253, 174, 97), RGB(230, 85, 50), RGB(165, 15, 21)]
    static let negative = [RGB(255, 255, 255), RGB(209, 229, 240), RGB(146, 197, 222), RGB(67, 147, 195), RGB(33, 102, 172)]

    /// The colour of `t` in −1…1 (clamped), interpolated between the ramps' evenly spaced anchors.
    public static func color(_ t: Double) -> RGB {
        let anchors = t < 0 ? negative : positive
        let position = min(abs(t), 1) * Double(anchors.count - 1)
        let below = min(Int(position), anchors.count - 2)
        let fraction = position - Double(below)
        let (a, b) = (anchors[below], anchors[below + 1])
        return RGB(a.red + (b.red - a.red) * fraction, a.green + (b.green - a.green) * fraction, a.blue + (b.blue - a.blue) * fraction)
    }

    /// The number of shades a terminal shows on each side of 0: few enough to tell apart in
    /// the 256-colour palette's coarse colour cube.
    public static let terminalLevels = 8

    /// The level of `t` in −1…1: 0 for exactly 0 only (a token a sparse attention ignores stays
    /// unshaded), else ±1…±terminalLevels, rounding magnitudes up.
    public static func terminalLevel(_ t: Double) -> Int {
        guard t != 0 else { return 0 }
        let level = max(1, Int((min(abs(t), 1) * Double(terminalLevels)).rounded(.up)))
        return t < 0 ? -level : level
    }

    /// The 256-colour palette index nearest (in RGB) the colour of terminal level `level`.
    public static func xterm256(level: Int) -> Int {
        nearestXterm256(color(Double(level) / Double(terminalLevels)))
    }

    /// The index of the 256-colour palette entry nearest `color`: one of the 6×6×6 cube
    /// (16…231, components 0, 95, 135, 175, 215, 255) or of the grey ramp (232…255, 8…238).
    public static func nearestXterm256(_ color: RGB) -> Int {
        let levels: [Double] = [0, 95, 135, 175, 215, 255]
        func distance(_ a: RGB, _ b: RGB) -> Double {
            let (r, g, b2) = (a.red - b.red, a.green - b.green, a.blue - b.blue)
            return r * r + g * g + b2 * b2
        }
        func nearestLevel(_ component: Double) -> Int {
            levels.indices.min { abs(levels[$0] - component) < abs(levels[$1] - component) }!
        }
        let (r, g, b) = (nearestLevel(color.red), nearestLevel(color.green), nearestLevel(color.blue))
        var best = (index: 16 + 36 * r + 6 * g + b, distance: distance(color, RGB(levels[r], levels[g], levels[b])))
        for step in 0..<24 {
            let grey = Double(8 + 10 * step)
            let d = distance(color, RGB(grey, grey, grey))
            if d < best.distance { best = (232 + step, d) }
        }
        return best.index
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
