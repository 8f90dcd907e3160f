import Foundation

/// One HTTP request for `HTTPClient`: a JSON-ish POST from memory or a PUT streamed from a file.
public struct HTTPRequest: Sendable, Equatable {
    /// What the request sends.
    public enum Body: Sendable, Equatable {
        /// POST these bytes.
        case post(Data)
        /// PUT the file at this path, streamed from disk (never loaded whole).
        case putFile(path: String)
    }

    public var url: String
    public var body: Body
    /// Extra header lines as (name, value); a value with CR or LF makes the request fail permanently.
    public var headers: [HTTPHeader]
    /// The whole request's time limit in seconds (connect included).
    public var timeout: TimeInterval

    public init(url: String, body: Body, headers: [HTTPHeader] = [], timeout: TimeInterval) {
        self.url = url
        self.body = body
        self.headers = headers
        self.timeout = timeout
    }
}

/// One request header.
public struct HTTPHeader: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// The value of the first header called `name` (case-insensitive).
    public static func value(of name: String, in headers: [HTTPHeader]) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
