import PlantarSupport
import Testing

@Suite struct PlantarErrorTests {
    @Test func eachErrorEndsTheProgramWithItsExitCode() {
        #expect(PlantarError.badInput(path: "a.evemu", line: 3, message: "bad").exitCode == 2)
        #expect(PlantarError.storage(path: "history.sqlite", message: "disk full").exitCode == 2)
        #expect(PlantarError.device(path: "/dev/input/event3", message: "gone").exitCode == 3)
        #expect(PlantarError.deviceGone(path: "/dev/input/event3").exitCode == 3)
        #expect(PlantarError.noDevice("no board").exitCode == 3)
        #expect(PlantarError.usage("--out is a directory").exitCode == 64)
        #expect(PlantarError.interrupted.exitCode == 130)
    }

    @Test func theExitCodesAreTheFiveTheProgramUses() {
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 2, 3, 64, 130])
    }

    @Test func aBadInputNamesTheFileAndLine() {
        #expect(PlantarError.badInput(path: "a.evemu", line: 3, message: "bad").description == "a.evemu:3: bad")
        #expect(PlantarError.badInput(path: "a.evemu", line: 0, message: "empty").description == "a.evemu: empty")
    }
}
