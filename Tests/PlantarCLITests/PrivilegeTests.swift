import Foundation
import Testing

@Suite struct PrivilegeTests {
    /// With the udev rule nothing needs root, so the device commands refuse it unless asked.
    @Test(.enabled(if: getuid() == 0, "only root can be refused; this run is not root"))
    func deviceCommandsRefuseRootWithoutAllowRoot() throws {
        for command in [["run"], ["record", "/tmp/plantar-never-written.evemu"]] {
            let r = try CLI.spawn(command, environment: ["PLANTAR_ALLOW_ROOT": "0"])
            #expect(r.status == 3, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("refusing to run as root"), "\(r.stderr)")
            #expect(r.stderr.contains("udev/70-plantar.rules"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/plantar-never-written.evemu"))
    }

    @Test func withAllowRootAMissingDeviceIsExitCodeThree() throws {
        let r = try CLI.spawn(["run", "--allow-root", "--device", "/dev/input/event-plantar-none"])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("/dev/input/event-plantar-none"), "\(r.stderr)")
    }

    @Test func theHistoryFileIsOnlyTheUsers() throws {
        let dir = NSTemporaryDirectory() + "plantar-priv-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.spawn(["history"], environment: ["PLANTAR_DATA_DIR": dir])
        #expect(r.status == 0, "\(r.stderr)")
        let file = try FileManager.default.attributesOfItem(atPath: dir + "/history.sqlite")
        let folder = try FileManager.default.attributesOfItem(atPath: dir)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
    }
}
