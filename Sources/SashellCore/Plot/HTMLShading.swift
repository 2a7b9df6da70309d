/// A token display as a small standalone HTML page: each measure a paragraph of the tokens on
/// their shades (the value in each token's tooltip), with the scale and each row's maximum.
extension TokenDisplay {
    public func html(title: String? = nil, digits: Int = 3) -> String {
        let title = title ?? caption ?? "tokens"
        var body = ["<h1>\(Self.escape(title))</h1>", "<p class=\"meta\">\(Self.escape(heading))</p>"]
        for measure in measures {
            let spans = tokens.indices.map { i in
                let value = Self.format(measure.values[i], digits: digits)
                let token = Self.escape(tokens[i])
                guard measure.values[i] != 0 else { return "<span title=\"\(value)\">\(token)</span>" }
                let shade = ShadeRamp.color(measure.shade(i))
                let ink = shade.luminance > 0.5 ? "#000000" : "#FFFFFF"
                return "<span style=\"background:\(shade.hex);color:\(ink)\" title=\"\(value)\">\(token)</span>"
            }
            let largest = "largest \(Self.format(measure.values[measure.largest], digits: digits)) (\(Self.escape(tokens[measure.largest])))"
            body.append("<div class=\"row\"><div class=\"name\">\(Self.escape(measure.name))<small>\(largest)</small></div>"
                + "<div class=\"tokens\">\(spans.joined(separator: " "))</div></div>")
        }
        body.append("<p class=\"scale\">\(scaleSwatches()) shade: each value over its row's largest magnitude; "
            + "hover a token for its value</p>")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title))</title>
            <style>
            body { font-family: Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif; color: #222; margin: 2em auto; max-width: 60em; padding: 0 1em; }
            h1 { font-size: 1.25em; margin-bottom: 0.2em; }
            .meta, .scale { color: #555; font-size: 0.9em; }
            .row { display: grid; grid-template-columns: 9em 1fr; gap: 1em; margin: 0.8em 0; }
            .name { font-weight: bold; text-align: right; }
            .name small { display: block; font-weight: normal; color: #666; }
            .tokens { line-height: 2; }
            .tokens span { padding: 0.15em 0.2em; border-radius: 3px; }
            .scale span { display: inline-block; width: 1.4em; height: 0.9em; vertical-align: middle; }
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// The scale's swatches: from the negative end when some value is negative, through 0, to
    /// the positive end.
    private func scaleSwatches() -> String {
        let steps = (1...8).map { Double($0) / 8 }
        let swatch = { (t: Double) in "<span style=\"background:\(ShadeRamp.color(t).hex)\"></span>" }
        let positive = "0 " + steps.map(swatch).joined() + " max"
        guard isSigned else { return positive }
        return "−max " + steps.reversed().map { swatch(-$0) }.joined() + " " + positive
    }

    /// `text` safe in HTML content and attribute values.
    static func escape(_ text: String) -> String {
        SVGWriter.escape(text)
    }
}
