import Foundation
import Testing

@testable import PlantarSupport

@Suite struct ConsoleVariableTests {
    @Test func aVariableIsWhatTheWholeEnvironmentHas() {
        let environment = ProcessInfo.processInfo.environment
        #expect(!environment.isEmpty)
        for (name, value) in environment where name.utf8.allSatisfy({ $0 < 0x80 }) && !name.isEmpty {
            #expect(Console.variable(name) == value, "\(name)")
        }
        #expect(Console.variable("PLANTAR_NO_SUCH_VARIABLE_\(getpid())") == nil)
        // A name that is the start of another's is not that one.
        if let path = environment["PATH"] {
            #expect(Console.variable("PAT") == environment["PAT"])
            #expect(Console.variable("PATH") == path)
        }
    }

    @Test func aCapturedCommandReadsItsOwnEnvironment() {
        let capture = Console.Capture(environment: ["PLANTAR_PERSON": "ana"])
        Console.$capture.withValue(capture) {
            #expect(Console.variable("PLANTAR_PERSON") == "ana")
            #expect(Console.variable("PATH") == nil)
        }
    }
}

@Suite struct DirectoryListingTests {
    @Test func theNamesAreTheOnesFileManagerLists() throws {
        let dir = NSTemporaryDirectory() + "plantar-listing-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["a.toml", "b", ".hidden", "é.toml", "._"] {
            FileManager.default.createFile(atPath: dir + "/" + name, contents: Data())
        }
        let listed = try #require(DirectoryListing.names(atPath: dir))
        #expect(listed.sorted() == (try FileManager.default.contentsOfDirectory(atPath: dir)).sorted())
        #expect(Set(listed) == ["a.toml", "b", ".hidden", "é.toml", "sub"])
        #expect(DirectoryListing.names(atPath: dir + "/b") == nil)
        #expect(DirectoryListing.names(atPath: dir + "/missing") == nil)
    }
}
