// swift-tools-version:6.1
//
// The instructors' tools, kept out of the course package: swift-syntax takes minutes to build on
// two cores, and neither `swift run grade` nor the course's `swift test` may compile it. The
// grader runs these tools as a child process (`swift run --package-path InstructorTools ...`).
import PackageDescription

let package = Package(
    name: "InstructorTools",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "course-mutants", targets: ["course-mutants"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Mutation operators and the mutant schema: Swift in, Swift out.
        .target(
            name: "Mutation",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ]
        ),
        // Writes the schema of one exercise's reference solution and the list of its mutants.
        .executableTarget(
            name: "course-mutants",
            dependencies: [
                "Mutation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MutationTests", dependencies: ["Mutation"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
