/// The processor's output file names for one task: `<task_uuid>_vocals.<ext>` and
/// `<task_uuid>_instrumental.<ext>` in the output directory.
public struct StemFileNames: Sendable, Equatable {
    public let vocals: String
    public let instrumental: String

    /// `taskUUID` must already be validated (`TaskUUID.isSafe`); `fileExtension` has no dot.
    public init(taskUUID: String, fileExtension: String) {
        precondition(TaskUUID.isSafe(taskUUID), "task_uuid must be validated before naming files")
        vocals = "\(taskUUID)_vocals.\(fileExtension)"
        instrumental = "\(taskUUID)_instrumental.\(fileExtension)"
    }

    /// Both full paths inside `outputDirectory`.
    public func paths(in outputDirectory: String) -> (vocals: String, instrumental: String) {
        let base = outputDirectory.hasSuffix("/") ? outputDirectory : outputDirectory + "/"
        return (base + vocals, base + instrumental)
    }
}
