/// The colours of a figure's series: Okabe & Ito's palette ("Color Universal Design", 2008),
/// whose colours stay distinct under every common colour-vision deficiency. Yellow, hard to see
/// on white, comes last; a ninth series starts over.
public enum Palette {
    public static let series = [
        "#0072B2",  // blue
        "#E69F00",  // orange
        "#009E73",  // bluish green
        "#D55E00",  // vermilion
        "#CC79A7",  // reddish purple
        "#56B4E9",  // sky blue
        "#000000",  // black
        "#F0E442",  // yellow
    ]

    /// The colour of the series numbered `index` from 0.
    public static func color(_ index: Int) -> String {
        series[index % series.count]
    }

    /// Text, axes and frames.
    static let ink = "#222222"
    /// Grid lines, under the marks.
    static let grid = "#E5E5E5"
    /// The axis lines and ticks.
    static let axis = "#555555"

    /// Whether `text` is a colour the figure accepts from a user: "#rgb" or "#rrggbb", which
    /// every SVG viewer reads the same.
    public static func isHexColor(_ text: String) -> Bool {
        let digits = text.dropFirst()
        return text.first == "#" && [3, 6].contains(digits.count) && digits.allSatisfy(\.isHexDigit)
    }
}
