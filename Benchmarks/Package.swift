// swift-tools-version:6.1
import PackageDescription

// Plantar's benchmarks: a package of their own so that ordinary builds of Plantar stay fast.
// `make bench` in the repository's root builds them in release mode, runs them and prints the summary.

// A path dependency is known by its directory's name, whatever the clone is called.
let plantar = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "main"

let package = Package(
    name: "PlantarBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // libevemu, the C reference the parser is measured against (Debian's libevemu-dev).
        .systemLibrary(name: "CEvemu", pkgConfig: "evemu", providers: [.apt(["libevemu-dev"])]),
        .target(name: "EvemuReference", dependencies: ["CEvemu"]),
        .executableTarget(name: "evemu-parse", dependencies: ["EvemuReference"]),
        // Measures a child's own peak memory (see its header for why a separate process).
        .executableTarget(name: "peak-rss"),
        .target(
            name: "BenchSupport",
            dependencies: [
                "EvemuReference",
                .product(name: "PlantarInput", package: plantar),
                .product(name: "PlantarSignal", package: plantar),
                .product(name: "PlantarSimulator", package: plantar),
            ]
        ),
        .executableTarget(name: "plantar-bench", dependencies: ["BenchSupport"]),
        .executableTarget(
            name: "PlantarBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PlantarInput", package: plantar),
                .product(name: "PlantarSignal", package: plantar),
            ],
            path: "Benchmarks/PlantarBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
