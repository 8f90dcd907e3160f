import Foundation

/// Where the uploader puts stems (`--upload-to`): `file:///dir` or `http(s)://base/`.
public enum UploadDestination: Sendable, Equatable {
    /// Copy into `<directory>/<task_uuid>/<stem>.<ext>` (absolute path, no trailing slash).
    case directory(String)
    /// PUT to `<baseURL><task_uuid>/<stem>.<ext>` (baseURL ends with "/").
    case http(baseURL: String)

    /// Parses `--upload-to`; fails with a one-line reason naming the value.
    public init(parsing text: String) throws(DeliveryFailure) {
        let lower = text.lowercased()
        if lower.hasPrefix("file://") {
            guard let url = URL(string: text), url.isFileURL, (url.host ?? "").isEmpty || url.host == "localhost",
                  url.path.hasPrefix("/") else {
                throw DeliveryFailure(.permanent, "--upload-to \(text.debugDescription) is not a file:///absolute/dir URL")
            }
            let path = url.path.count > 1 && url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
            self = .directory(path)
            return
        }
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw DeliveryFailure(.permanent, "--upload-to \(text.debugDescription) must be file:///dir, http://… or https://…")
        }
        if case .failure(let failure) = URLPolicy.anyHTTPHost.check(text) {
            throw DeliveryFailure(.permanent, "--upload-to: \(failure.reason)")
        }
        self = .http(baseURL: text.hasSuffix("/") ? text : text + "/")
    }
}

/// The stems' final URLs, for the webhook.
public struct UploadedStems: Sendable, Equatable {
    public let vocalsURL: String
    public let instrumentalURL: String

    public init(vocalsURL: String, instrumentalURL: String) {
        self.vocalsURL = vocalsURL
        self.instrumentalURL = instrumentalURL
    }
}
