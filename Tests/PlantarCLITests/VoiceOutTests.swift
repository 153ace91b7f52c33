import Foundation
import PlantarSpeech
import Testing

/// `replay --voice-out`: the cue list of the demo recording against its report, and the speech espeak-ng rendered.
@Suite struct VoiceOutTests {
    struct Line {
        var time: String
        var kind: String
        var text: String
        var file: String
    }

    func run() throws -> (report: [String: Any], cues: [Line], dir: String) {
        let dir = NSTemporaryDirectory() + "plantar-voice-\(UUID().uuidString.prefix(8))"
        let r = try CLI.spawn(["replay", CLI.fixture("routine-full-70kg.evemu"), "--voice-out", dir, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let tsv = try String(contentsOfFile: dir + "/cues.tsv", encoding: .utf8)
        let rows = tsv.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows.first == ["time", "kind", "text", "file"])
        let cues = rows.dropFirst().map {
            Line(time: String($0[0]), kind: String($0[1]), text: String($0[2]), file: String($0[3]))
        }
        return (try CLI.json(r.stdout), cues, dir)
    }

    func t(_ v: Any?) -> String { String(format: "%.3f", (v as? Double) ?? -1) }

    @Test func everyRepOfTheDemoHasItsCuesAtItsTimes() throws {
        let (report, cues, dir) = try run()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let exercises = report["exercises"] as? [[String: Any]] ?? []
        #expect(exercises.count == 5)
        var countCues = 0
        var circleCues = 0
        for ex in exercises {
            let id = ex["id"] as? String ?? ""
            let start = t(ex["start"])
            #expect(cues.contains { $0.kind == "start" && $0.time == start }, "\(id) starts with its instruction")
            #expect(cues.contains { $0.kind == "stand-still" && $0.time == start })
            let reps = ex["reps"] as? [[String: Any]] ?? []
            if id == "ankle-circles" {
                let circles = ex["circles"] as? [String: Int] ?? [:]
                circleCues += (circles["clockwise"] ?? 0) + (circles["counterclockwise"] ?? 0)
                for rep in reps where rep["counted"] as? Bool == true {
                    #expect(cues.contains { $0.kind == "circle" && $0.time == t(rep["end"]) })
                }
                continue
            }
            let target = ex["target_reps"] as? Int ?? 0
            let hold = ex["hold_seconds"] as? Double ?? 0
            var counted = 0
            for rep in reps {
                let s = rep["start"] as? Double ?? -1
                #expect(cues.contains { $0.kind == "hold" && $0.time == t(s) }, "\(id): hold at \(t(s))")
                if rep["counted"] as? Bool == true {
                    counted += 1
                    #expect(
                        cues.contains {
                            $0.kind == "count" && $0.time == t(rep["end"]) && $0.text == "\(counted) of \(target)."
                        },
                        "\(id): rep \(counted) counted at \(t(rep["end"]))")
                    // "Release." when the hold's target is met: at the first frame after start + hold (frames come every 10-50 ms).
                    let release = cues.filter { $0.kind == "release" }.compactMap { Double($0.time) }
                    #expect(release.contains { $0 >= s + hold - 0.0005 && $0 <= s + hold + 0.05 }, "\(id) at \(s)")
                    // The last three seconds (two for a 3 s hold), one second apart, before the target.
                    for n in 1...min(3, Int(hold) - 1) {
                        #expect(
                            cues.contains {
                                $0.kind == "countdown" && $0.text == "\(n)" && $0.time == t(s + hold - Double(n))
                            })
                    }
                } else {
                    #expect(cues.contains { $0.kind == "too-short" && $0.time == t(rep["end"]) })
                }
            }
            countCues += counted
        }
        #expect(cues.filter { $0.kind == "count" }.count == countCues)
        #expect(cues.filter { $0.kind == "circle" }.count == circleCues)
        #expect(
            cues.filter { $0.kind == "rest" }.map(\.text) == [
                "Rest. Next: foot flexes.", "Rest. Next: pencil pickups.", "Rest. Next: toe presses.",
                "Rest. Next: toe walks.",
            ])
        #expect(cues.last?.text == "Session complete.")
        let times = cues.compactMap { Double($0.time) }
        #expect(times == times.sorted(), "cues are in time order")
    }

    @Test func theCueFilesAreSpeechNotSilence() throws {
        let (_, cues, dir) = try run()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = Set(cues.map(\.file))
        #expect(files.count == Set(cues.map(\.text)).count, "one WAV per distinct text")
        for file in files.sorted() {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/" + file)))
            let wav = try #require(WAV.decode(bytes), "\(file) is a 16-bit mono WAV")
            let seconds = Double(wav.samples.count) / Double(wav.sampleRate)
            let power = (wav.samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, wav.samples.count)))
                .squareRoot()
            #expect(seconds >= 0.2 && seconds <= 15, "\(file): \(seconds) s")
            #expect(power > 500, "\(file): RMS \(power)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/cues.json")))
        #expect((json as? [[String: Any]])?.count == cues.count)
    }

    @Test func anUnknownVoiceIsAUsageError() throws {
        let r = try CLI.spawn([
            "replay", CLI.fixture("toe-presses-55kg-100hz.evemu"), "--exercise", "toe-presses", "--voice-out",
            NSTemporaryDirectory() + "plantar-voice-never", "--voice-lang", "xx-nonexistent",
        ])
        #expect(r.status == 64)
        #expect(r.stderr.contains("no espeak-ng voice \"xx-nonexistent\""), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: NSTemporaryDirectory() + "plantar-voice-never"))
    }

    @Test func theConfigFilesVoiceLanguageIsUsedAndABadOneIsNamedWithItsLine() throws {
        let home = NSTemporaryDirectory() + "plantar-config-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/plantar", withIntermediateDirectories: true)
        let out = home + "/cues"
        let args = [
            "replay", CLI.fixture("toe-presses-55kg-100hz.evemu"), "--exercise", "toe-presses", "--voice-out", out,
        ]
        try "voice_lang = \"xx-nonexistent\"\n".write(
            toFile: home + "/plantar/config.toml", atomically: true, encoding: .utf8)
        let bad = try CLI.spawn(args, environment: ["XDG_CONFIG_HOME": home])
        #expect(bad.status == 64, "the config file's voice is the one asked for")
        #expect(bad.stderr.contains("xx-nonexistent"))
        try "voice_lang = \"de\"\nvoice = \"yes\"\n".write(
            toFile: home + "/plantar/config.toml", atomically: true, encoding: .utf8)
        let typo = try CLI.spawn(args, environment: ["XDG_CONFIG_HOME": home])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains(home + "/plantar/config.toml:2"), "\(typo.stderr)")
        try "voice_lang = \"de\"\n".write(toFile: home + "/plantar/config.toml", atomically: true, encoding: .utf8)
        let good = try CLI.spawn(args, environment: ["XDG_CONFIG_HOME": home])
        #expect(good.status == 0, "\(good.stderr)")
        let tsv = try String(contentsOfFile: out + "/cues.tsv", encoding: .utf8)
        #expect(tsv.contains("\tcount\t1 of 10.\t"))
    }
}
