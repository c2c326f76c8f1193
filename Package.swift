// swift-tools-version:6.1
//
// One package holds the whole course: the runtime students write their exercises with
// (`Multitasking`), the grader (`Grading` and the `grade` executable), the exercises and their
// reference solutions, and every test. See README.md for how the pieces fit together.
import PackageDescription

let package = Package(
    name: "ConcurrencyCourse",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Multitasking", targets: ["Multitasking"]),
        .executable(name: "grade", targets: ["grade"]),
        .executable(name: "multitasking-benchmark", targets: ["MultitaskingBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: The runtime
        // C helpers that Swift cannot express directly: futex calls, thread-local crash context,
        // signal handlers that must stay async-signal-safe, a load-time constructor.
        .target(name: "CMultitasking"),
        .target(
            name: "Multitasking",
            dependencies: [
                "CMultitasking",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // MARK: The grader
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "Grading", dependencies: ["CLibXML2"]),
        .executableTarget(
            name: "grade",
            dependencies: [
                "Grading",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Benchmarks (programs that print tables; run them with `-c release`)
        .executableTarget(name: "MultitaskingBenchmark", dependencies: ["Multitasking"]),

        // MARK: Self-tests of the runtime and the grader
        .testTarget(name: "MultitaskingTests", dependencies: ["Multitasking"]),
        .testTarget(name: "GradingTests", dependencies: ["Grading"]),
    ],
    swiftLanguageModes: [.v6]
)
