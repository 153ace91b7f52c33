import Foundation
import PlantarSession
import Testing

/// `plantar plot` and `plantar report` on every fixture and on a saved demo session: the SVG and the page are
/// well-formed XML, with one shaded rectangle per rep that `plantar replay --json` reports, labels and axes.
@Suite struct PlotTests {
    static let fixtures = CLI.fixtures

    static func temporaryDirectory() -> String {
        let d = NSTemporaryDirectory() + "plantar-plot-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// `--exercise ID` for a fixture of one exercise, as FixtureReplayTests replays it.
    static func exerciseArguments(_ fixture: String) throws -> [String] {
        let path = CLI.fixture(fixture)
        let expected = try CLI.json(
            String(contentsOfFile: String(path.dropLast(".evemu".count)) + ".expected.json", encoding: .utf8))
        let exercises = expected["exercises"] as? [[String: Any]] ?? []
        if exercises.count == 1, let id = exercises[0]["id"] as? String { return ["--exercise", id] }
        return []
    }

    static func replayReport(_ args: [String]) throws -> [[String: Any]] {
        let r = try CLI.run(["replay"] + args + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try CLI.json(r.stdout)["exercises"] as? [[String: Any]])
    }

    @Test(arguments: fixtures)
    func everyFixturePlotsEachRepOnce(_ fixture: String) throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let extra = try Self.exerciseArguments(fixture)
        let out = dir + "/plot.svg"
        let r = try CLI.run(["plot", CLI.fixture(fixture), "--out", out] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try XMLTree.parse(file: out)
        #expect(svg.root?.name == "svg")
        #expect(svg.root?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        try Self.checkPlots(svg, against: try Self.replayReport([CLI.fixture(fixture)] + extra), fixture: fixture)
        // Decimated: a few hundred kilobytes at most, however long the recording.
        let size = try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int ?? 0
        #expect(size < 600_000, "\(fixture): \(size) bytes")
    }

    static let faultFixtures: [String] = {
        let dir = CLI.root.appendingPathComponent("Fixtures/faults").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".evemu") }
            .sorted()
    }()

    /// Gaps, clock jumps, dropped frames and broken corners: still one shaded rect per rep the replay reports.
    @Test(arguments: faultFixtures)
    func everyFaultFixturePlotsEachRepOnce(_ fixture: String) throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ids = ["ankle-circles", "foot-flexes", "pencil-pickups", "toe-presses", "toe-walks"]
        let exercise = try #require(ids.first { fixture.hasPrefix($0) })
        let args = [CLI.fixture("faults/" + fixture), "--exercise", exercise]
        let out = dir + "/plot.svg"
        let r = try CLI.run(["plot"] + args + ["--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try XMLTree.parse(file: out)
        try Self.checkPlots(svg, against: try Self.replayReport(args), fixture: fixture)
        // Samples the detector skips as a faulty cell's (from its events) are marked, not drawn as signal, in each
        // of the three panels.
        let skipped = svg.all("rect", classes: ["skipped"]).count
        if fixture.contains("saturated") || fixture.contains("dead-corner") {
            #expect(skipped >= 3 && skipped % 3 == 0, "\(skipped)")
        } else {
            #expect(skipped == 0)
        }
    }

    /// What every exercise's plot must show, checked against `plantar replay --json`.
    static func checkPlots(_ svg: XMLTree, against exercises: [[String: Any]], fixture: String) throws {
        let plots = svg.elementIndices("g", classes: ["exercise-plot"])
        #expect(plots.count == exercises.count, "\(fixture)")
        for (plot, exercise) in zip(plots, exercises) {
            let id = exercise["id"] as? String ?? "?"
            let what = "\(fixture) \(id)"
            #expect(svg.elements[plot].attributes["data-exercise"] == id, "\(what)")
            let title = svg.all("text", classes: ["title"], under: plot).first?.text ?? ""
            #expect(title.contains(exercise["status"] as? String ?? "?"), "\(what): \(title)")
            let reps = exercise["reps"] as? [[String: Any]] ?? []
            let rects = svg.all("rect", classes: ["rep"], under: plot)
            #expect(rects.count == reps.count, "\(what): \(rects.count) shaded reps, replay has \(reps.count)")
            let counted = reps.filter { $0["counted"] as? Bool == true }.count
            #expect(svg.all("rect", classes: ["rep", "counted"], under: plot).count == counted, "\(what)")
            #expect(svg.all("rect", classes: ["rep", "short"], under: plot).count == reps.count - counted, "\(what)")
            let labels = svg.all("text", classes: ["rep-label"], under: plot)
            #expect(labels.count == reps.count, "\(what)")
            for (rect, rep) in zip(rects, reps) {
                let start = Double(rect.attributes["data-start"] ?? "") ?? -1
                #expect(abs(start - (rep["start"] as? Double ?? -2)) < 0.002, "\(what)")
            }
            // Each label gives its rep's duration to a tenth of a second.
            for (label, rep) in zip(labels, reps) {
                let shown = label.text.split(separator: " ").dropLast().last.flatMap { Double($0) } ?? -1
                let duration = rep["duration"] as? Double ?? -2
                #expect(abs(shown - duration) <= 0.051, "\(what): label \(label.text), duration \(duration)")
            }
            guard exercise["status"] as? String != "skipped" else { continue }
            // Axes with their units; the baseline and the detector's thresholds.
            #expect(svg.all("line", classes: ["axis"], under: plot).count >= 4, "\(what)")
            #expect(svg.all("text", classes: ["tick-label"], under: plot).count >= 10, "\(what)")
            #expect(
                svg.all("text", classes: ["axis-title"], under: plot).contains { $0.text.contains("(s)") }, "\(what)")
            let panelTitles = svg.all("text", classes: ["panel-title"], under: plot).map(\.text)
            #expect(panelTitles.contains { $0.contains("(kg)") }, "\(what)")
            #expect(panelTitles.filter { $0.contains("(mm") }.count >= 2, "\(what)")
            #expect(!svg.all("line", classes: ["threshold", "enter"], under: plot).isEmpty, "\(what)")
            #expect(!svg.all("line", classes: ["threshold", "exit"], under: plot).isEmpty, "\(what)")
            // Without a baseline (a dead cell from the start) there is nothing to draw relative to.
            guard exercise["baseline"] is [String: Any] else { continue }
            #expect(!svg.all("rect", classes: ["baseline-window"], under: plot).isEmpty, "\(what)")
            if id == "ankle-circles" {
                try checkCircles(svg, plot: plot, exercise: exercise, what: what)
            } else {
                #expect(svg.all("line", classes: ["baseline"], under: plot).count >= 3, "\(what)")
                let hold = exercise["hold_seconds"] as? Double ?? 0
                #expect(title.contains("hold \u{2265} \(String(format: "%.1f", hold)) s"), "\(what): \(title)")
            }
        }
    }

    /// The path seen from above, with the circles numbered 1, 2, … in each direction.
    static func checkCircles(_ svg: XMLTree, plot: Int, exercise: [String: Any], what: String) throws {
        let circles = exercise["circles"] as? [String: Int] ?? [:]
        let labels = svg.all("text", classes: ["circle-label"], under: plot).map(\.text)
        let ccw = (0..<(circles["counterclockwise"] ?? 0)).map { "\u{21BA}\($0 + 1)" }
        let cw = (0..<(circles["clockwise"] ?? 0)).map { "\u{21BB}\($0 + 1)" }
        #expect(labels.sorted() == (ccw + cw).sorted(), "\(what): \(labels)")
        #expect(!svg.all("path", classes: ["path"], under: plot).isEmpty, "\(what)")
        #expect(svg.all("circle", classes: ["radius"], under: plot).count == 2, "\(what)")
    }

    @Test func theRoutinePlotLabelsTheExerciseBoundaries() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/routine.svg"
        let r = try CLI.run(["plot", CLI.fixture("routine-full-70kg.evemu"), "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try XMLTree.parse(file: out)
        let labels = svg.all("text", classes: ["exercise-label"]).map(\.text)
        #expect(
            labels == ["1. Ankle circles", "2. Foot flexes", "3. Pencil pickups", "4. Toe presses", "5. Toe walks"])
        #expect(svg.all("rect", classes: ["exercise-band"]).count == 5)
        #expect(svg.all("line", classes: ["boundary"]).count >= 8)
        // Every trace is decimated to about two points per pixel column.
        for path in svg.all("path", classes: ["trace"]) {
            let points = (path.attributes["d"] ?? "").filter { $0 == "M" || $0 == "L" }.count
            #expect(points <= 2 * 960)
        }
    }

    @Test func aSessionWhoseRecordingIsGoneIsReportedClearly() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["PLANTAR_DATA_DIR": dir]
        let copy = dir + "/toe-presses.evemu"
        try FileManager.default.copyItem(atPath: CLI.fixture("toe-presses-120kg-25hz.evemu"), toPath: copy)
        let saved = try CLI.run(["replay", copy, "--exercise", "toe-presses", "--save"], environment: env)
        #expect(saved.status == 0, "\(saved.stderr)")
        let ok = try CLI.run(["plot", "1", "--out", dir + "/one.svg"], environment: env)
        #expect(ok.status == 0, "\(ok.stderr)")
        let svg = try XMLTree.parse(file: dir + "/one.svg")
        #expect(svg.all("g", classes: ["exercise-plot"]).map { $0.attributes["data-exercise"] } == ["toe-presses"])
        try FileManager.default.removeItem(atPath: copy)
        for args in [["plot", "1", "--out", dir + "/gone.svg"], ["report", "1", "--html", dir + "/gone.html"]] {
            let gone = try CLI.run(args, environment: env)
            #expect(gone.status == 2)
            #expect(gone.stderr.contains("session #1's recording is not available"), "\(gone.stderr)")
            #expect(gone.stderr.contains(copy), "\(gone.stderr)")
            #expect(!FileManager.default.fileExists(atPath: args[3]))
        }
        let missing = try CLI.run(["plot", "7", "--out", dir + "/x.svg"], environment: env)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no session #7"), "\(missing.stderr)")
    }

    @Test func aLiveSessionHasNoRecordingToPlot() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try HistoryStore(directory: dir)
        let id = try store.beginSession(
            person: "alice", source: "/dev/input/event3", device: "Nintendo Wii Remote Balance Board",
            routine: Routine.builtIn.name)
        let r = try CLI.run(["report", "\(id)", "--html", dir + "/x.html"], environment: ["PLANTAR_DATA_DIR": dir])
        #expect(r.status == 2)
        #expect(r.stderr.contains("session #\(id)'s recording is not available"), "\(r.stderr)")
        #expect(r.stderr.contains("read live from /dev/input/event3"), "\(r.stderr)")
    }

    @Test func badArgumentsExitWithTwoOrUsage() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let nothing = try CLI.run(["plot", dir + "/nope.evemu", "--out", dir + "/x.svg"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("no such recording"), "\(nothing.stderr)")
        let noHistory = try CLI.run(["plot", "3", "--out", dir + "/x.svg"], environment: ["PLANTAR_DATA_DIR": dir])
        #expect(noHistory.status == 2)
        #expect(noHistory.stderr.contains("there is no history"), "\(noHistory.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/history.sqlite"), "a plot never creates a history")
        let garbage = dir + "/garbage.evemu"
        try "E: 0.000000 0003 0010 12\nthis is not evemu\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["plot", garbage, "--out", dir + "/x.svg"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(garbage + ":"), "\(bad.stderr)")
        let unwritable = try CLI.run([
            "plot", CLI.fixture("toe-walks-120kg-25hz.evemu"), "--out", dir + "/no/such/dir.svg",
        ])
        #expect(unwritable.status == 2)
        let usage = try CLI.run(["plot", CLI.fixture("toe-walks-120kg-25hz.evemu")])
        #expect(usage.status == 64)
    }

    // MARK: The report page

    /// Saves the demo (the built-in routine over the bundled recording) and two toe-press replays in a fresh
    /// history, and writes the demo session's page.
    static func demoReport(in dir: String) throws -> (path: String, exercises: [[String: Any]]) {
        let env = ["PLANTAR_DATA_DIR": dir]
        for f in ["toe-presses-55kg-100hz.evemu", "toe-presses-120kg-25hz.evemu"] {
            let r = try CLI.run(["replay", CLI.fixture(f), "--exercise", "toe-presses", "--save"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let demo = try CLI.run(["demo", "--fast", "--save", "--quiet"], environment: env)
        #expect(demo.status == 0, "\(demo.stderr)")
        let page = dir + "/report.html"
        let r = try CLI.run(["report", "3", "--html", page], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        return (page, try replayReport([CLI.fixture("routine-full-70kg.evemu")]))
    }

    @Test func theDemoSessionsPageIsSelfContainedXHTMLWithTablePlotsAndTrend() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (page, exercises) = try Self.demoReport(in: dir)
        let text = try String(contentsOfFile: page, encoding: .utf8)
        let html = try XMLTree.parse(Data(text.utf8))
        #expect(html.root?.name == "html")
        // Self-contained: no scripts, nothing fetched, every picture inline.
        #expect(html.all("script").isEmpty)
        #expect(html.all("link").isEmpty)
        #expect(html.all("img").isEmpty)
        #expect(!html.elements.contains { $0.attributes["src"] != nil })
        #expect(!html.elements.contains { ($0.attributes["href"] ?? "#").first != "#" })
        let withoutNamespaces = text.replacingOccurrences(of: "http://www.w3.org/", with: "")
        #expect(!withoutNamespaces.contains("http:") && !withoutNamespaces.contains("https:"))
        #expect(html.all("style").count == 1)
        // The results table: a row per exercise, as the terminal's table words it.
        let rows = html.all("tr", under: html.elementIndices("table", classes: ["results"]).first)
        #expect(rows.count == 1 + exercises.count)
        #expect(rows.dropFirst().map { $0.text.contains("passed") } == Array(repeating: true, count: 5))
        #expect(rows[4].text.contains("10/10 (+1 short)"), "\(rows[4].text)")
        // One plot per exercise, with every rep, and the whole session.
        #expect(html.all("figure", classes: ["exercise"]).count == exercises.count)
        try Self.checkPlots(html, against: exercises, fixture: "demo report")
        #expect(html.all("text", classes: ["exercise-label"]).count == 5)
        // The trend from the history: toe presses in three sessions, this one highlighted.
        let trends = html.all("figure", classes: ["trend"])
        #expect(trends.count == 4, "foot flexes, pencil pickups, toe presses, toe walks")
        let toePresses = try #require(
            html.elementIndices("figure", classes: ["trend"]).first {
                html.elements[$0].text.contains("Toe presses")
            })
        #expect(html.all("circle", classes: ["trend-point"], under: toePresses).count == 3)
        #expect(html.all("circle", classes: ["trend-point", "current"], under: toePresses).count == 1)
        let sessions = html.all("tr", under: html.elementIndices("table", classes: ["sessions"]).first)
        #expect(sessions.count == 1 + 3)
        #expect(html.all("tr", classes: ["current"]).first?.text.hasPrefix("#3") == true)
        // Clip paths are unique in the page.
        let ids = html.elements.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count)
    }

    @Test func aRecordingsPageWithoutHistorySaysSo() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = dir + "/walks.html"
        let r = try CLI.run(
            ["report", CLI.fixture("toe-walks-55kg-100hz.evemu"), "--exercise", "toe-walks", "--html", page],
            environment: ["PLANTAR_DATA_DIR": dir])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try XMLTree.parse(file: page)
        #expect(html.all("figure", classes: ["exercise"]).count == 1)
        #expect(html.all("section").first { $0.attributes["id"] == "session" } == nil, "no overview for one exercise")
        #expect(html.all("p").contains { $0.text.hasPrefix("No history yet") })
        #expect(!FileManager.default.fileExists(atPath: dir + "/history.sqlite"))
    }

    // MARK: In a browser

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (`make deps` installs Debian's chromium)"))
    func headlessChromiumRendersTheReportPage() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (page, _) = try Self.demoReport(in: dir)
        let png = dir + "/report.png"
        try Self.screenshot(page, to: png, width: 1200, height: 1600, profile: dir + "/chromium")
        let image = try PNGImage(data: Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(image.width == 1200)
        #expect(image.height == 1600)
        // Not blank: many colours, and a good part of the page is drawn on.
        let background = image.pixels[0]
        let drawn = image.pixels.filter { $0 != background }.count
        #expect(Double(drawn) / Double(image.pixels.count) > 0.1, "\(drawn) drawn pixels")
        #expect(Set(image.pixels).count > 50)
        // The plots are there: pixels of the counted reps' green shading.
        let greenish = image.pixels.filter { p in
            let (r, g, b) = (Int(p >> 16), Int(p >> 8 & 0xFF), Int(p & 0xFF))
            return g > r + 10 && g > b + 5 && g > 200
        }
        #expect(greenish.count > 1000)
    }

    static func screenshot(_ page: String, to png: String, width: Int, height: Int, profile: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(chromium))
        p.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--user-data-dir=\(profile)",
            "--screenshot=\(png)", "--window-size=\(width),\(height)", URL(fileURLWithPath: page).absoluteString,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while p.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if p.isRunning {
            p.terminate()
            Issue.record("chromium did not finish within 120 s")
        }
        p.waitUntilExit()
        #expect(
            FileManager.default.fileExists(atPath: png), "chromium exited \(p.terminationStatus) without a screenshot")
    }
}
