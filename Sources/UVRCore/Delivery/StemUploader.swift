import Foundation

/// Delivers one task's two stems to an `UploadDestination` as `vocals.<ext>` and
/// `instrumental.<ext>` under `<task_uuid>/` (ext taken from the local file, `wav` without one).
/// Idempotent by task_uuid: a redelivery overwrites the same names. Blocking, like `HTTPClient`.
public struct StemUploader: Sendable {
    public let destination: UploadDestination
    public let client: HTTPClient
    /// Per-PUT time limit in seconds.
    public let timeout: TimeInterval

    public init(destination: UploadDestination, client: HTTPClient = HTTPClient(), timeout: TimeInterval) {
        self.destination = destination
        self.client = client
        self.timeout = timeout
    }

    /// Uploads both stems. A missing local stem or an unsafe task_uuid is a permanent failure;
    /// HTTP failures are classified as by `HTTPClient`; local copy failures are retryable
    /// (a full disk may drain).
    public func upload(taskUUID: String, vocalsPath: String, instrumentalPath: String,
                       interrupt: InterruptibleSleep? = nil) -> Result<UploadedStems, DeliveryFailure> {
        guard TaskUUID.isSafe(taskUUID) else {
            return .failure(DeliveryFailure(.permanent, "task_uuid \(taskUUID.debugDescription) is not safe as a file name"))
        }
        for path in [vocalsPath, instrumentalPath] {
            var status = stat()
            guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
                return .failure(DeliveryFailure(.permanent, "stem \(path) is missing on disk"))
            }
        }
        let vocalsURL: String
        switch upload(path: vocalsPath, as: "vocals", taskUUID: taskUUID, interrupt: interrupt) {
        case .success(let url): vocalsURL = url
        case .failure(let failure): return .failure(failure)
        }
        if interrupt?.isInterrupted == true { return .failure(DeliveryFailure(.cancelled, "upload of \(taskUUID) interrupted by shutdown")) }
        return upload(path: instrumentalPath, as: "instrumental", taskUUID: taskUUID, interrupt: interrupt)
            .map { UploadedStems(vocalsURL: vocalsURL, instrumentalURL: $0) }
    }

    /// The destination name of a stem: `<stem>.<ext of localPath>`.
    static func remoteName(stem: String, localPath: String) -> String {
        let ext = URL(fileURLWithPath: localPath).pathExtension
        return "\(stem).\(ext.isEmpty ? "wav" : ext)"
    }

    private func upload(path: String, as stem: String, taskUUID: String, interrupt: InterruptibleSleep?) -> Result<String, DeliveryFailure> {
        let name = Self.remoteName(stem: stem, localPath: path)
        switch destination {
        case .directory(let root):
            let directory = "\(root)/\(taskUUID)"
            let final = "\(directory)/\(name)"
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try AtomicFile.copy(from: path, to: final)
            } catch {
                return .failure(DeliveryFailure(.retryable(retryAfter: nil), "cannot copy \(path) to \(final): \(error)"))
            }
            return .success(URL(fileURLWithPath: final).absoluteString)
        case .http(let baseURL):
            let url = "\(baseURL)\(taskUUID)/\(name)"
            let request = HTTPRequest(url: url, body: .putFile(path: path),
                                      headers: [HTTPHeader("Content-Type", "application/octet-stream")], timeout: timeout)
            return client.perform(request, policy: .anyHTTPHost, interrupt: interrupt).map { _ in url }
        }
    }
}
