import Foundation

/// Writes whole lines to the standard streams without buffering surprises.
enum FileHandleOutput {
    /// Writes `line` and a newline to standard error.
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
