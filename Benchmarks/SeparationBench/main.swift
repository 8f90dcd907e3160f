// uvr-separate-bench: runs the built-in separator for the benchmark (Benchmarks/separation/run.sh).
//
//   uvr-separate-bench INPUT OUTDIR              one song → OUTDIR/vocals.wav, OUTDIR/instrumental.wav
//   uvr-separate-bench --set DATA_DIR EST_DIR    every DATA_DIR/<song>/mixture.wav → EST_DIR/<song>/
//
// UVR_SPECTRAL="key=value,…" overrides SpectralSettings fields (for tuning on the dev set only).
import Foundation
import UVRAudio
import UVRSeparation

func settingsFromEnvironment() -> SpectralSettings {
    var settings = SpectralSettings()
    guard let text = ProcessInfo.processInfo.environment["UVR_SPECTRAL"], !text.isEmpty else { return settings }
    for pair in text.split(separator: ",") {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let value = Double(parts[1]) else { fatalError("bad UVR_SPECTRAL entry \(pair)") }
        guard settings.set(parts[0], to: value) else { fatalError("unknown setting \(parts[0])") }
    }
    return settings
}

func run(_ input: URL, _ output: URL, separator: SpectralSeparator) {
    do {
        let summary = try separateFile(input: input, outputDirectory: output, separator: separator)
        print(summary.summaryLine)
    } catch {
        FileHandle.standardError.write(Data("uvr-separate-bench: error: \(error)\n".utf8))
        exit(1)
    }
}

let arguments = CommandLine.arguments.dropFirst()
let separator = SpectralSeparator(settings: settingsFromEnvironment())
if arguments.first == "--set", arguments.count == 3 {
    let data = URL(fileURLWithPath: arguments[arguments.startIndex + 1])
    let estimates = URL(fileURLWithPath: arguments[arguments.startIndex + 2])
    let songs = (try? FileManager.default.contentsOfDirectory(atPath: data.path))?.sorted() ?? []
    for song in songs where FileManager.default.fileExists(atPath: data.appendingPathComponent("\(song)/mixture.wav").path) {
        run(data.appendingPathComponent("\(song)/mixture.wav"), estimates.appendingPathComponent(song), separator: separator)
    }
} else if arguments.count == 2 {
    run(URL(fileURLWithPath: arguments[arguments.startIndex]), URL(fileURLWithPath: arguments[arguments.startIndex + 1]),
        separator: separator)
} else {
    FileHandle.standardError.write(Data("usage: uvr-separate-bench INPUT OUTDIR | --set DATA_DIR EST_DIR\n".utf8))
    exit(64)
}
