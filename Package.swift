// swift-tools-version:6.0
import PackageDescription

// Dependencies are kept few and light: every package here is rebuilt on every CI run.
// They are pinned `exact:` because semco-zoom is deployed, not linked: two builds a month apart
// must link the same code, and Package.resolved cannot be committed (the package copies on the
// project's machines carry other commit ids than GitHub's). README "Contributor notes" says how
// to move a pin.
let package = Package(
    name: "semco-zoom",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "semco-zoom", targets: ["semco-zoom"]),
        .library(name: "SemcoZoomCore", targets: ["SemcoZoomCore"]),
        .library(name: "SemcoZoomCurl", targets: ["SemcoZoomCurl"]),
        .library(name: "ZoomSimulator", targets: ["ZoomSimulator"]),
        .executable(name: "semco-zoom-bench", targets: ["semco-zoom-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // The functional core and the imperative shell's parts (Zoom client, files); structured
        // concurrency only: its HTTP comes in through the `HTTPTransport` protocol.
        .target(
            name: "SemcoZoomCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The shell's HTTP edge: `CurlTransport`, libcurl's easy interface. It blocks, so its
        // requests run on worker threads of their own, outside the core; the shell passes it in.
        .target(name: "SemcoZoomCurl", dependencies: ["SemcoZoomCore", "CCurl"]),
        // libcurl's C interface for SemcoZoomCurl.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        // A Zoom look-alike over real HTTP on loopback; independent of the core on purpose,
        // so that a misunderstanding of Zoom in the client is not mirrored by the simulator.
        .target(name: "ZoomSimulator"),
        // Thin shell: argument parsing and wiring.
        .executableTarget(
            name: "semco-zoom",
            dependencies: [
                "SemcoZoomCore",
                "SemcoZoomCurl",
                "ZoomSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark tools: seeded data generator and drivers; CI only builds it.
        .executableTarget(
            name: "semco-zoom-bench",
            dependencies: ["SemcoZoomCore", "ZoomSimulator"]
        ),
        // Fakes and helpers shared by the test targets.
        .target(
            name: "SemcoZoomTestSupport",
            dependencies: ["SemcoZoomCore", "ZoomSimulator"]
        ),
        .testTarget(
            name: "SemcoZoomCoreTests",
            dependencies: ["SemcoZoomCore", "SemcoZoomCurl", "SemcoZoomTestSupport", "ZoomSimulator"]
        ),
        .testTarget(
            name: "ZoomSimulatorTests",
            dependencies: ["ZoomSimulator", "SemcoZoomTestSupport"]
        ),
        // End to end: runs the built `semco-zoom` executable as a child process.
        .testTarget(
            name: "SemcoZoomCLITests",
            dependencies: ["semco-zoom", "SemcoZoomCore", "SemcoZoomCurl", "SemcoZoomTestSupport", "ZoomSimulator"]
        ),
        // Randomized multi-night soak: the real binary against the simulator with faults and kills
        // (SOAK_SEED, SOAK_NIGHTS; scripts/soak.sh for long runs).
        .testTarget(
            name: "SemcoZoomSoakTests",
            dependencies: ["semco-zoom", "SemcoZoomCore", "SemcoZoomTestSupport", "ZoomSimulator"]
        ),
    ]
)
