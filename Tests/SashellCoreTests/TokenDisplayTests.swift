import Foundation
@testable import SashellCore
import Testing
import TestSupport

@Suite struct TokenDisplayTests {
    private func display() throws -> TokenDisplay {
        try TokenDisplay(tokens: ["the", "film", "rocks"],
                         measures: [.init(name: "attention", values: [0, 0.25, 0.75]), .init(name: "gradient", values: [0.2, 0.3, 0.5])],
                         caption: "example test:1 · label 1")
    }

    @Test func plainText() throws {
        #expect(try display().terminalText(color: false, width: 80, digits: 2) == """
            example test:1 · label 1 · 3 tokens
                       the   film  rocks
            attention  0     0.25  0.75
            gradient   0.20  0.30  0.50

            """)
    }

    @Test func colour() throws {
        let lines = try display().terminalText(color: true, width: 80, digits: 2).split(separator: "\n", omittingEmptySubsequences: false)
        // Attention: 0 unshaded; 0.25 of the row's 0.75 is level ⌈8/3⌉ = 3, colour (253.5, 203, 128.5)
        // → cube entry 222 (255, 215, 135) in black; 0.75 is level 8, (165, 15, 21) → 124 (175, 0, 0) in white.
        #expect(lines[1] == "attention  the \u{1B}[48;5;222;38;5;16mfilm\u{1B}[0m \u{1B}[48;5;124;38;5;231mrocks\u{1B}[0m")
        #expect(lines[2].hasPrefix("gradient   \u{1B}[48;5;"))
        #expect(lines[4].hasPrefix("shade      0 \u{1B}[48;5;") && lines[4].hasSuffix(" max of each row"))
        #expect(lines[5] == "largest    attention 0.75 \"rocks\" · gradient 0.50 \"rocks\"")
        // No escape sequence without colour.
        #expect(!(try display().terminalText(color: false, width: 80)).contains("\u{1B}"))
    }

    @Test func wrapsAtTheWidth() throws {
        let tokens = (1...12).map { "token\($0)" }
        let display = try TokenDisplay(tokens: tokens, measures: [.init(name: "a", values: tokens.indices.map(Double.init))])
        let text = display.terminalText(color: false, width: 40, digits: 1)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 40 }, "\(text)")
        // Each chunk: the tokens, the row, a blank line between chunks; every token shows once.
        #expect(lines.filter { $0.hasPrefix("   token") }.joined(separator: " ").split(separator: " ").count == 12)
        #expect(TokenDisplay.wrap([3, 3, 3], width: 7, separator: 1) == [[0, 1], [2]])
        // A token wider than the line gets a line of its own.
        #expect(TokenDisplay.wrap([2, 20, 2], width: 10, separator: 1) == [[0], [1], [2]])
    }

    @Test func signedMeasuresUseTheBlueSide() throws {
        let display = try TokenDisplay(tokens: ["up", "down"], measures: [.init(name: "loo", values: [0.1, -0.2])])
        let text = display.terminalText(color: true, width: 80)
        // -0.2 is the row's largest magnitude: the darkest blue, level -8.
        #expect(text.contains("\u{1B}[48;5;\(ShadeRamp.xterm256(level: -8));38;5;231mdown"))
        #expect(text.contains("−max ") && text.contains("largest  loo -0.200 \"down\""))
    }

    @Test func controlCharactersNeverReachTheTerminal() throws {
        let display = try TokenDisplay(tokens: ["\u{1B}[2J", "ok\u{9B}"], measures: [.init(name: "a\u{7}", values: [1, 0])])
        for color in [false, true] {
            let text = display.terminalText(color: color, width: 80)
            #expect(!text.contains("\u{7}") && !text.contains("\u{9B}") && !text.contains("\u{1B}[2J"))
            #expect(text.contains("\u{FFFD}[2J"))
        }
    }

    @Test func shadesAndPalette() {
        #expect(ShadeRamp.color(0) == RGB(255, 255, 255))
        #expect(ShadeRamp.color(1).hex == "#A50F15")
        #expect(ShadeRamp.color(-1).hex == "#2166AC")
        #expect(ShadeRamp.color(0.125) == RGB(254.5, 243.5, 207.5))
        #expect(ShadeRamp.terminalLevel(0) == 0)
        #expect(ShadeRamp.terminalLevel(1e-9) == 1)
        #expect(ShadeRamp.terminalLevel(0.5) == 4)
        #expect(ShadeRamp.terminalLevel(1) == 8)
        #expect(ShadeRamp.terminalLevel(-0.3) == -3)
        #expect(ShadeRamp.nearestXterm256(RGB(255, 255, 255)) == 231)
        #expect(ShadeRamp.nearestXterm256(RGB(0, 0, 0)) == 16)
        #expect(ShadeRamp.nearestXterm256(RGB(128, 128, 128)) == 244)
        #expect(ShadeRamp.nearestXterm256(RGB(255, 0, 0)) == 196)
        // Lightness falls with the magnitude on both sides.
        for side in [1.0, -1.0] {
            let lightness = (0...8).map { ShadeRamp.color(side * Double($0) / 8).luminance }
            #expect(zip(lightness, lightness.dropFirst()).allSatisfy { $0 > $1 }, "\(lightness)")
        }
        #expect(Palette.series.count == 8 && Set(Palette.series).count == 8)
        #expect(Palette.isHexColor("#abc") && Palette.isHexColor("#A0B1C2") && !Palette.isHexColor("#abcd") && !Palette.isHexColor("red"))
    }

    @Test func html() throws {
        let display = try TokenDisplay(tokens: ["<b>", "fine"], measures: [.init(name: "attention", values: [0, 1])], caption: "example 7 · label 0")
        let html = display.html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<title>example 7 · label 0</title>"))
        #expect(html.contains("<span title=\"0\">&lt;b&gt;</span>"))
        #expect(html.contains("<span style=\"background:#A50F15;color:#FFFFFF\" title=\"1.000\">fine</span>"))
        #expect(!html.contains("<b>"))
        let scratch = try ScratchDirectory()
        let path = scratch.path + "/show.html"
        try display.writeHTML(to: path, title: "mine")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == display.html(title: "mine"))
    }

    @Test func errors() {
        #expect(throws: PlotError("measure 'gradient' has 2 values but the example has 3 tokens (measures are over the tokens, without <SOS> and <EOS>)")) {
            try TokenDisplay(tokens: ["a", "b", "c"], measures: [.init(name: "gradient", values: [1, 2])])
        }
        #expect(throws: PlotError("measure 'a': value 1 is not finite (nan)")) {
            try TokenDisplay(tokens: ["x"], measures: [.init(name: "a", values: [.nan])])
        }
        #expect(throws: PlotError("there are no measures to show (give e.g. {attention=...})")) {
            try TokenDisplay(tokens: ["x"], measures: [])
        }
        #expect(throws: PlotError("there are no tokens to show")) { try TokenDisplay(tokens: [], measures: []) }
    }
}
