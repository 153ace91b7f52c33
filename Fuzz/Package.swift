// swift-tools-version:6.1
// libFuzzer targets for Plantar's parsers. Build and run with `make fuzz` (or `make fuzz-smoke` in CI):
//   swift build -c release --sanitize=fuzzer --sanitize=address
import Foundation
import PackageDescription

// A path dependency is named after its folder, which is whatever the clone was called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let fuzz: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "PlantarFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzEvemu",
            dependencies: [
                "FuzzSupport", .product(name: "PlantarInput", package: root),
                .product(name: "PlantarSupport", package: root),
            ], swiftSettings: fuzz),
        .executableTarget(
            name: "FuzzProfile",
            dependencies: [
                "FuzzSupport", .product(name: "PlantarInput", package: root),
                .product(name: "PlantarSupport", package: root),
            ], swiftSettings: fuzz),
        .executableTarget(
            name: "FuzzUSBReport", dependencies: [.product(name: "PlantarInput", package: root)], swiftSettings: fuzz),
        .executableTarget(
            name: "FuzzRoutine",
            dependencies: [
                "FuzzSupport", .product(name: "PlantarSession", package: root),
                .product(name: "PlantarSupport", package: root),
            ], swiftSettings: fuzz),
    ]
)
