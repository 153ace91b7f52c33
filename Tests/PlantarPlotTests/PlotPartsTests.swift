import Foundation
import PlantarSession
import PlantarSignal
import Testing

@testable import PlantarPlot

@Suite struct PlotPartsTests {
    @Test func ticksAreRoundNumbersCoveringTheRange() {
        #expect(Ticks.step(0...285, count: 10) == 20)
        #expect(Ticks.step(0...285, count: 5) == 50)
        #expect(Ticks.step(-20...45, count: 6) == 10)
        #expect(Ticks.step(-5...5, count: 4) == 2)
        #expect(Ticks.step(0...0.7, count: 3) == 0.2)
        #expect(Ticks.extend(-13...41, step: 10) == -20...50)
        #expect(Ticks.extend(0...80, step: 50) == 0...100)
        #expect(Ticks.values(-5...5, step: 2.5) == [-5, -2.5, 0, 2.5, 5])
        #expect(
            Ticks.values(-5...5, step: 2.5).map { Ticks.label($0, step: 2.5) } == [
                "\u{2212}5.0", "\u{2212}2.5", "0.0", "2.5", "5.0",
            ])
        #expect(Ticks.label(150, step: 50) == "150")
        #expect(Ticks.label(0.2, step: 0.1) == "0.2")
    }

    @Test func coordinatesAreShortAndTextIsEscaped() {
        #expect(SVGWriter.number(12) == "12")
        #expect(SVGWriter.number(12.04) == "12")
        #expect(SVGWriter.number(-3.25) == "-3.3" || SVGWriter.number(-3.25) == "-3.2")
        #expect(SVGWriter.number(-0.01) == "0")
        #expect(SVGWriter.number(.nan) == "0")
        #expect(SVGWriter.escape("a < b & \"c\" 'd' > e") == "a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt; e")
        var w = SVGWriter()
        w.element("text", [("class", "x&y")], content: "1 < 2")
        w.element("rect", [("width", "3")])
        #expect(w.text == "<text class=\"x&amp;y\">1 &lt; 2</text><rect width=\"3\"/>")
    }

    @Test func signedNumbersUseATypographicMinus() {
        #expect(signed(-8.14, decimals: 1) == "\u{2212}8.1")
        #expect(signed(-0.01, decimals: 1) == "0.0")
        #expect(signed(15, plus: true) == "+15")
    }

    @Test func circleNumbersAreSpreadApartInOrder() {
        let angles = [0.10, 0.11, 0.12, 2.0, 2.02]
        let spread = CirclePathPlot.spread(angles, separation: 0.2)
        let sorted = spread.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(b - a >= 0.2 - 1e-6) }
        #expect(spread[0] < spread[1] && spread[1] < spread[2] && spread[3] < spread[4])
        #expect(abs(spread[1] - 0.11) < 1e-9, "the middle of a cluster stays put")
        #expect(CirclePathPlot.spread([1.0], separation: 0.3) == [1.0])
    }

    @Test func theStyleSheetFitsInsideXML() {
        #expect(!PlotStyle.css.contains("<"))
        #expect(!PlotStyle.css.contains("&"))
        #expect(!ReportPage.css.contains("<"))
        #expect(!ReportPage.css.contains("&"))
    }

    @Test func theResultsTableWordsRowsAsTheTerminalTableDoes() {
        let settings = ExerciseKind.pencilPickups.defaultSettings
        let reps = [
            Rep(startMicros: 1_000_000, endMicros: 8_400_000, counted: false, side: .left),
            Rep(startMicros: 10_000_000, endMicros: 20_600_000, counted: true, side: .right),
            Rep(startMicros: 22_000_000, endMicros: 33_400_000, counted: true, side: .left),
        ]
        let result = ExerciseResult(
            index: 0, exercise: RoutineExercise(settings: settings), status: .failed, reason: .button, reps: reps,
            baseline: nil, startMicros: 0, endMicros: 40_000_000, clockwise: 0, counterclockwise: 0)
        let row = ReportPage.row(result)
        #expect(row.target == "4 \u{00D7} 10.0 s")
        #expect(row.done == "2/4 (+1 short) (L1 R1)")
        #expect(row.best == "11.4 s")
        #expect(row.mean == "11.0 s")
    }
}
