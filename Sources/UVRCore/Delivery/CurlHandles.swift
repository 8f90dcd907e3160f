internal import CCurl
import Foundation

/// libcurl's process-wide initialisation, done once before the first handle.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Initialises libcurl if needed; false when that failed.
    static func ensureInitialized() -> Bool { initialized }
}

/// Owns one easy handle (`curl_easy_cleanup` in deinit).
final class CurlEasy {
    let handle: UnsafeMutableRawPointer

    init?() {
        guard CurlGlobal.ensureInitialized(), let handle = curl_easy_init() else { return nil }
        self.handle = handle
    }

    deinit { curl_easy_cleanup(handle) }

    func set(_ option: CURLoption, _ value: Int) -> Bool {
        uvr_curl_setopt_long(handle, option, value) == CURLE_OK
    }

    func set(_ option: CURLoption, string: String) -> Bool {
        // libcurl copies string options (since 7.17), so the temporary C string may die after.
        string.withCString { uvr_curl_setopt_ptr(handle, option, $0) } == CURLE_OK
    }

    func set(_ option: CURLoption, pointer: UnsafeRawPointer?) -> Bool {
        uvr_curl_setopt_ptr(handle, option, pointer) == CURLE_OK
    }

    func set(_ option: CURLoption, offset: Int64) -> Bool {
        uvr_curl_setopt_off(handle, option, curl_off_t(offset)) == CURLE_OK
    }

    /// The last response's status code (0 when none was received).
    var responseCode: Int {
        var code = 0
        _ = uvr_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }
}

/// Owns a header list (`curl_slist_free_all` in deinit).
final class CurlHeaderList {
    private(set) var list: UnsafeMutablePointer<curl_slist>?

    init(_ lines: [String]) {
        for line in lines {
            list = curl_slist_append(list, line)
        }
    }

    deinit { curl_slist_free_all(list) }
}

/// Owns a parsed URL (`curl_url_cleanup` in deinit): the same parser the transfer uses, so the
/// host checked by the policy is the host connected to.
final class CurlURL {
    let handle: OpaquePointer

    /// Parses `text`; nil when libcurl rejects it (malformed or unsupported scheme).
    init?(_ text: String) {
        guard CurlGlobal.ensureInitialized(), let handle = curl_url() else { return nil }
        self.handle = handle
        guard curl_url_set(handle, CURLUPART_URL, text, 0) == CURLUE_OK else { return nil }
    }

    deinit { curl_url_cleanup(handle) }

    /// One part (scheme, host…), or nil when absent.
    func part(_ which: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }

    var scheme: String? { part(CURLUPART_SCHEME)?.lowercased() }
    var host: String? { part(CURLUPART_HOST) }
}

/// Owns a stdio stream (`fclose` in deinit).
final class CFileStream {
    let stream: UnsafeMutablePointer<FILE>

    init?(readingFrom path: String) {
        guard let stream = fopen(path, "rbe") else { return nil }
        self.stream = stream
    }

    deinit { fclose(stream) }
}
