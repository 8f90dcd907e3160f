internal import CSndFile

/// Owns one libsndfile handle and closes it exactly once.
final class SoundFileHandle {
    let pointer: OpaquePointer
    private var isClosed = false

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// The last error libsndfile recorded on this handle, as its own text; nil when none.
    var lastError: String? {
        sf_error(pointer) == 0 ? nil : String(cString: sf_strerror(pointer))
    }

    /// Closes the handle; returns libsndfile's error text if closing (flushing) failed.
    @discardableResult
    func close() -> String? {
        guard !isClosed else { return nil }
        isClosed = true
        let code = sf_close(pointer)
        return code == 0 ? nil : String(cString: sf_error_number(code))
    }

    deinit {
        if !isClosed { sf_close(pointer) }
    }
}
