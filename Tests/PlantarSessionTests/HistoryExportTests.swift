import Foundation
import PlantarSession
import PlantarSignal
import Testing

/// The history leaves Plantar from one place: the CSV and the `plantar.history/1` JSON are built from the store's rows.
@Suite struct HistoryExportTests {
    static let started = Date(timeIntervalSince1970: 1_700_000_000)

    static func store(_ history: TempHistory) throws -> (HistoryStore, Int64) {
        let store = try history.store()
        let id = try store.beginSession(
            person: "Dr. Quote, \"PT\"", source: "x.evemu", device: "board", routine: "Pickups, left", at: started)
        try store.appendRep(
            session: id, exerciseIndex: 0, kind: .pencilPickups,
            rep: Rep(startMicros: 1_000_000, endMicros: 3_250_000, counted: true, side: .left))
        try store.appendRep(
            session: id, exerciseIndex: 0, kind: .pencilPickups,
            rep: Rep(startMicros: 5_000_000, endMicros: 5_500_000, counted: false, side: .right))
        return (store, id)
    }

    @Test func theCSVHasOneQuotedLinePerRep() throws {
        let history = TempHistory()
        let (store, id) = try Self.store(history)
        let lines = try HistoryExport.csv(store, store.sessions(person: nil))
        #expect(lines.count == 3)
        #expect(lines[0] == HistoryExport.csvHeader)
        #expect(
            lines[1]
                == "\(id),2023-11-14T22:13:20Z,\"Pickups, left\",0,pencil-pickups,1.000,3.250,2.250,1,left,,,,,,,"
                + "\"Dr. Quote, \"\"PT\"\"\"")
        #expect(
            lines[2].hasPrefix(
                "\(id),2023-11-14T22:13:20Z,\"Pickups, left\",0,pencil-pickups,5.000,5.500,0.500,0,right,"))
    }

    @Test func theJSONNamesItsSchemaAndKeepsEveryRep() throws {
        let history = TempHistory()
        let (store, id) = try Self.store(history)
        let text = try HistoryExport.json(store, store.sessions(person: nil)).serialized()
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(doc["schema"] as? String == "plantar.history/1")
        let session = try #require((doc["sessions"] as? [[String: Any]])?.first)
        #expect(session["id"] as? Int == Int(id))
        #expect(session["person"] as? String == "Dr. Quote, \"PT\"")
        #expect(session["state"] as? String == "running")
        let reps = try #require(session["reps"] as? [[String: Any]])
        #expect(reps.map { $0["side"] as? String } == ["left", "right"])
        #expect(reps.map { $0["counted"] as? Bool } == [true, false])
        #expect(reps.map { $0["duration"] as? Double } == [2.25, 0.5])
    }
}
