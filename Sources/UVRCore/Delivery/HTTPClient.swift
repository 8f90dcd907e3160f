internal import CCurl
import Foundation

/// Synchronous HTTP over libcurl with the product's safety rules: only http/https (checked and
/// enforced with CURLOPT_PROTOCOLS_STR), hosts per a `URLPolicy`, redirects never followed (a 3xx
/// is a permanent failure), a per-request timeout, `User-Agent: uvrctl/<version>`, and an abort
/// within about a second of `InterruptibleSleep.interrupt()`.
///
/// `perform` blocks its thread for the whole transfer: call it from a worker thread or dispatch
/// queue, never from Swift's cooperative pool.
public struct HTTPClient: Sendable {
    public init() {}

    /// Sends `request` if `policy` allows its URL. Success is the 2xx status; failures are
    /// classified: retryable (connection error, timeout, 408, 429, 5xx, with Retry-After),
    /// permanent (other statuses, bad or refused URL, unreadable file), or cancelled.
    public func perform(_ request: HTTPRequest, policy: URLPolicy, interrupt: InterruptibleSleep? = nil) -> Result<Int, DeliveryFailure> {
        let url: CurlURL
        switch policy.check(request.url) {
        case .success(let parsed): url = parsed
        case .failure(let failure): return .failure(failure)
        }
        if let bad = request.headers.first(where: { Self.hasLineBreak($0.name) || Self.hasLineBreak($0.value) }) {
            return .failure(DeliveryFailure(.permanent, "header \(bad.name.debugDescription) contains a line break"))
        }
        if interrupt?.isInterrupted == true { return .failure(DeliveryFailure(.cancelled, "shutdown before sending to \(request.url)")) }
        guard let easy = CurlEasy() else { return .failure(DeliveryFailure(.retryable(retryAfter: nil), "libcurl could not create a handle")) }

        let context = TransferContext(interrupt: interrupt)
        var file: CFileStream?
        var headerLines = request.headers.map { "\($0.name): \($0.value)" }
        headerLines.append("Expect:") // no 100-continue round trip before a PUT body
        let headers = CurlHeaderList(headerLines)

        var configured = Self.configureCommon(easy, url: url, timeout: request.timeout, headers: headers, context: context)
        switch request.body {
        case .post(let data):
            // COPYPOSTFIELDS copies POSTFIELDSIZE bytes, so the body need not outlive this call.
            configured = configured && easy.set(CURLOPT_POST, 1) && easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(data.count))
                && (data.isEmpty ? easy.set(CURLOPT_COPYPOSTFIELDS, string: "")
                                 : data.withUnsafeBytes { easy.set(CURLOPT_COPYPOSTFIELDS, pointer: $0.baseAddress) })
        case .putFile(let path):
            var status = stat()
            guard let stream = CFileStream(readingFrom: path), fstat(fileno(stream.stream), &status) == 0,
                  (status.st_mode & S_IFMT) == S_IFREG else {
                return .failure(DeliveryFailure(.permanent, "cannot read \(path) for upload: \(String(cString: strerror(errno)))"))
            }
            file = stream
            configured = configured && easy.set(CURLOPT_UPLOAD, 1)
                && easy.set(CURLOPT_READDATA, pointer: UnsafeRawPointer(stream.stream))
                && easy.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(status.st_size))
        }
        guard configured else { return .failure(DeliveryFailure(.permanent, "libcurl rejected an option for \(request.url)")) }

        let code = withExtendedLifetime((context, headers, url, file)) { curl_easy_perform(easy.handle) }
        return Self.classify(code: code, status: easy.responseCode, context: context, url: request.url)
    }

    private static func configureCommon(_ easy: CurlEasy, url: CurlURL, timeout: TimeInterval, headers: CurlHeaderList, context: TransferContext) -> Bool {
        let opaque = UnsafeRawPointer(Unmanaged.passUnretained(context).toOpaque())
        let timeoutMs = max(1, Int((timeout * 1000).rounded()))
        return easy.set(CURLOPT_CURLU, pointer: UnsafeRawPointer(url.handle))
            && easy.set(CURLOPT_PROTOCOLS_STR, string: "http,https")
            && easy.set(CURLOPT_REDIR_PROTOCOLS_STR, string: "http,https")
            && easy.set(CURLOPT_FOLLOWLOCATION, 0)
            && easy.set(CURLOPT_NOSIGNAL, 1)
            && easy.set(CURLOPT_TIMEOUT_MS, timeoutMs)
            && easy.set(CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMs, 10_000))
            && easy.set(CURLOPT_USERAGENT, string: "uvrctl/\(UVRVersion.string)")
            && easy.set(CURLOPT_HTTPHEADER, pointer: UnsafeRawPointer(headers.list))
            && easy.set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(context.errorBuffer))
            && uvr_curl_setopt_write_function(easy.handle, { _, size, count, _ in size * count }) == CURLE_OK
            && uvr_curl_setopt_header_function(easy.handle, { data, size, count, userdata in
                let length = size * count
                if let data, let userdata {
                    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
                    Unmanaged<TransferContext>.fromOpaque(userdata).takeUnretainedValue().record(headerLine: line)
                }
                return length
            }) == CURLE_OK
            && easy.set(CURLOPT_HEADERDATA, pointer: opaque)
            && uvr_curl_setopt_xferinfo_function(easy.handle, { userdata, _, _, _, _ in
                guard let userdata else { return 0 }
                return Unmanaged<TransferContext>.fromOpaque(userdata).takeUnretainedValue().shouldAbort ? 1 : 0
            }) == CURLE_OK
            && easy.set(CURLOPT_XFERINFODATA, pointer: opaque)
            && easy.set(CURLOPT_NOPROGRESS, 0)
    }

    private static func classify(code: CURLcode, status: Int, context: TransferContext, url: String) -> Result<Int, DeliveryFailure> {
        if code == CURLE_ABORTED_BY_CALLBACK {
            return .failure(DeliveryFailure(.cancelled, "request to \(url) aborted by shutdown"))
        }
        guard code == CURLE_OK else {
            let detail = context.errorMessage ?? String(cString: curl_easy_strerror(code))
            let permanent: Set<CURLcode> = [CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_READ_ERROR,
                                            CURLE_FILE_COULDNT_READ_FILE, CURLE_PEER_FAILED_VERIFICATION]
            let kind: DeliveryFailure.Kind = permanent.contains(code) ? .permanent : .retryable(retryAfter: nil)
            return .failure(DeliveryFailure(kind, "request to \(url) failed: \(detail)"))
        }
        return classify(status: status, retryAfter: context.retryAfter, url: url)
    }

    /// Classifies a received HTTP status (`retryAfter` is the raw header value, if any).
    static func classify(status: Int, retryAfter: String?, url: String, now: Date = Date()) -> Result<Int, DeliveryFailure> {
        switch status {
        case 200...299:
            return .success(status)
        case 408, 429, 500...599:
            let delay = retryAfter.flatMap { RetryAfter.seconds(from: $0, now: now) }
            return .failure(DeliveryFailure(.retryable(retryAfter: delay), "\(url) answered HTTP \(status)"))
        case 300...399:
            return .failure(DeliveryFailure(.permanent, "\(url) answered HTTP \(status): redirects are not followed"))
        default:
            return .failure(DeliveryFailure(.permanent, "\(url) answered HTTP \(status)"))
        }
    }

    private static func hasLineBreak(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0 }
    }
}

/// What libcurl's callbacks see during one transfer (passed to them unretained; the transfer
/// keeps it alive).
private final class TransferContext {
    let interrupt: InterruptibleSleep?
    let errorBuffer: UnsafeMutablePointer<CChar>
    private(set) var retryAfter: String?

    init(interrupt: InterruptibleSleep?) {
        self.interrupt = interrupt
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit { errorBuffer.deallocate() }

    var shouldAbort: Bool { interrupt?.isInterrupted == true }

    var errorMessage: String? {
        let text = String(cString: errorBuffer)
        return text.isEmpty ? nil : text
    }

    /// Keeps Retry-After of the final response (a new status line starts a new header block).
    func record(headerLine line: String) {
        if line.hasPrefix("HTTP/") {
            retryAfter = nil
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        if name.caseInsensitiveCompare("Retry-After") == .orderedSame {
            retryAfter = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
