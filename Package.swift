// swift-tools-version:6.0
import PackageDescription

/// uvrctl: one binary that runs and operates a Kafka vocal/instrumental separation pipeline.
let package = Package(
    name: "uvrctl",
    products: [
        .executable(name: "uvrctl", targets: ["uvrctl"]),
    ],
    targets: [
        // C libraries from Debian packages, each wrapped by exactly one Swift module.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CSysShim"),

        .target(name: "UVRKafka", dependencies: ["CRdKafka"]),
        .target(name: "UVRAudio", dependencies: ["CSndFile"]),
        .target(name: "UVRSeparation", dependencies: ["UVRAudio", "CFFTW"],
                // DSP loops are ~30x slower unoptimised; tests and debug runs separate real audio.
                swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "UVRCore", dependencies: ["UVRKafka", "UVRAudio", "UVRSeparation", "CSysShim", "CCrypto", "CCurl"]),
        .target(name: "UVRCLI", dependencies: ["UVRCore", "UVRKafka", "UVRAudio", "UVRSeparation"]),
        .executableTarget(name: "uvrctl", dependencies: ["UVRCLI"]),
        // Benchmark driver for Benchmarks/separation/run.sh (never run by `swift test`).
        .executableTarget(name: "uvr-pipeline-bench", dependencies: ["UVRKafka", "CSysShim"], path: "Benchmarks/PipelineBench"),
        .executableTarget(name: "uvr-separate-bench", dependencies: ["UVRSeparation", "UVRAudio"],
                          path: "Benchmarks/SeparationBench"),

        // Child processes, fake uvrctl roles and temporary directories shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "UVRKafkaTests", dependencies: ["UVRKafka"]),
        .testTarget(name: "UVRAudioTests", dependencies: ["UVRAudio"]),
        .testTarget(name: "UVRSeparationTests", dependencies: ["UVRSeparation", "UVRAudio"]),
        .testTarget(name: "UVRCoreTests", dependencies: ["UVRCore", "TestSupport"]),
        .testTarget(name: "UVRCLITests", dependencies: ["UVRCLI", "TestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["UVRKafka", "UVRAudio", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
