/// Fixed-capacity storage of per-frame rows (floats), addressed by absolute frame index modulo
/// the capacity, so memory stays constant however long the song is.
final class FrameRing {
    let capacity: Int
    let width: Int
    private let storage: UnsafeMutablePointer<Float>

    init(capacity: Int, width: Int) {
        self.capacity = capacity
        self.width = width
        // Not zero-filled: every row is written before it is read, and untouched pages cost nothing.
        storage = .allocate(capacity: capacity * width)
    }

    /// The row for absolute frame `frame` (valid until that slot is reused `capacity` frames later).
    @inline(__always)
    func row(_ frame: Int) -> UnsafeMutablePointer<Float> {
        storage + (frame % capacity) * width
    }

    deinit {
        storage.deallocate()
    }
}

/// Rounds `count` up to a multiple of 8 floats (one SIMD8 lane group).
func paddedToSIMD(_ count: Int) -> Int {
    (count + 7) & ~7
}
