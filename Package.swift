// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Plantar",
    products: [
        .executable(name: "plantar", targets: ["plantar"]),
        .library(name: "PlantarSupport", targets: ["PlantarSupport"]),
        .library(name: "PlantarSignal", targets: ["PlantarSignal"]),
        .library(name: "PlantarInput", targets: ["PlantarInput"]),
        .library(name: "PlantarSession", targets: ["PlantarSession"]),
        .library(name: "PlantarSimulator", targets: ["PlantarSimulator"]),
        .library(name: "PlantarPlot", targets: ["PlantarPlot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CEvdev",
            pkgConfig: "libevdev",
            providers: [.apt(["libevdev-dev"])]
        ),
        .systemLibrary(
            name: "CLibUSB",
            pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "PlantarSupport", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        // sd-bus: loaded with dlopen when D-Bus is first used (see its shim.h): not linked, so no pkg-config.
        .systemLibrary(name: "CSystemd", providers: [.apt(["libsystemd-dev"])]),
        // Loaded with dlopen when speech is first used (see its shim.h): not linked, so no pkg-config.
        .systemLibrary(name: "CEspeakNG"),
        .target(name: "PlantarSignal"),
        .target(
            name: "PlantarInput",
            dependencies: [
                "PlantarSupport", "PlantarSignal", "CEvdev", "CLibUSB", "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Profiles")]
        ),
        .target(
            name: "PlantarSession",
            dependencies: [
                "PlantarSupport", "PlantarSignal", "PlantarInput", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "PlantarBluetooth", dependencies: ["CSystemd", "PlantarInput"]),
        .target(name: "PlantarSimulator", dependencies: ["PlantarSignal", "PlantarInput"]),
        .target(name: "PlantarTerminal", dependencies: ["PlantarSupport", "PlantarSession", "PlantarSignal"]),
        .target(name: "PlantarPlot", dependencies: ["PlantarSupport", "PlantarSession", "PlantarSignal"]),
        .target(
            name: "PlantarSpeech", dependencies: ["PlantarSupport", "PlantarSession", "PlantarSignal", "CEspeakNG"]),
        .executableTarget(
            name: "plantar",
            dependencies: [
                "PlantarSupport", "PlantarSignal", "PlantarInput", "PlantarSession", "PlantarTerminal",
                "PlantarSimulator", "PlantarPlot", "PlantarSpeech", "PlantarBluetooth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "PlantarSupportTests", dependencies: ["PlantarSupport"]),
        .testTarget(name: "PlantarSignalTests", dependencies: ["PlantarSignal"]),
        .testTarget(name: "PlantarBluetoothTests", dependencies: ["PlantarBluetooth"]),
        .testTarget(name: "PlantarInputTests", dependencies: ["PlantarSupport", "PlantarInput", "PlantarSignal"]),
        .testTarget(
            name: "PlantarSessionTests",
            dependencies: [
                "PlantarSupport", "PlantarSession", "PlantarInput", "PlantarSignal",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "PlantarCLITests",
            dependencies: ["plantar", "PlantarSupport", "PlantarSession", "PlantarSpeech", "PlantarTerminal"]),
        .testTarget(
            name: "PlantarSpeechTests",
            dependencies: ["PlantarSupport", "PlantarSpeech", "PlantarSession", "PlantarInput", "PlantarSignal"]),
        .testTarget(name: "PlantarPlotTests", dependencies: ["PlantarPlot", "PlantarSession", "PlantarSignal"]),
        .testTarget(
            name: "PlantarTerminalTests", dependencies: ["PlantarTerminal", "PlantarSession", "PlantarSignal"]),
    ]
)
