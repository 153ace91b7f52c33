import Testing

@testable import PlantarBluetooth

@Suite struct BlueZVersionTests {
    @Test func theVersionIsReadFromBluetoothdsDeviceID() {
        #expect(BlueZVersion(modalias: "usb:v1D6Bp0246d0542") == BlueZVersion(major: 5, minor: 66))
        #expect(BlueZVersion(modalias: "usb:v1D6Bp0246d054F") == BlueZVersion(major: 5, minor: 79))
        #expect(BlueZVersion(modalias: "usb:v1D6Bp0246d054D") == BlueZVersion(major: 5, minor: 77))
        #expect(BlueZVersion(modalias: "usb:v1D6Bp0246d0550") == BlueZVersion(major: 5, minor: 80))
        #expect(BlueZVersion(modalias: "usb:v1D6Bp0245d050A") == BlueZVersion(major: 5, minor: 10))
    }

    @Test func aDeviceIDThatIsNotBlueZsGivesNoVersion() {
        #expect(BlueZVersion(modalias: "usb:v046Dp0A1Fd0100") == nil)
        #expect(BlueZVersion(modalias: "") == nil)
    }

    @Test func only573To579BreakBalanceBoardPairing() {
        let broken = (60...90).filter { BlueZVersion(major: 5, minor: $0).breaksBalanceBoardPairing }
        #expect(broken == Array(73...79))
    }

    @Test func signaturesDescribeTheArgumentsSent() {
        #expect(DBusValue.variant(.bool(true)).signature == "v")
        #expect(
            DBusValue.dictionary([DBusEntry(.string("Transport"), .variant(.string("bredr")))]).signature == "a{sv}")
        #expect(DBusValue.array([.objectPath("/org/bluez/hci0")]).signature == "ao")
    }
}
