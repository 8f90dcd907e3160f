/// Planar float samples addressed by absolute sample index: append at the end, discard from the
/// front. Storage is reused (compacted or grown geometrically), so steady streaming allocates nothing.
final class SampleBuffer {
    let channels: Int
    /// Absolute index of the first stored sample.
    private(set) var start: Int
    /// Absolute index one past the last stored sample.
    private(set) var end: Int
    private var capacity: Int
    private var offset = 0
    private var planes: [UnsafeMutablePointer<Float>]

    init(channels: Int, start: Int, capacity: Int = 1 << 16) {
        self.channels = channels
        self.start = start
        end = start
        self.capacity = capacity
        planes = (0..<channels).map { _ in .allocate(capacity: capacity) }
    }

    deinit {
        planes.forEach { $0.deallocate() }
    }

    /// Samples of `channel` from absolute index `index` on (valid until the next append or discard).
    @inline(__always)
    func pointer(channel: Int, at index: Int) -> UnsafeMutablePointer<Float> {
        planes[channel] + offset + (index - start)
    }

    /// Appends interleaved frames (one sample per channel each).
    func append(interleaved: UnsafeBufferPointer<Float>) {
        let frames = interleaved.count / channels
        reserve(frames)
        for c in 0..<channels {
            let destination = planes[c] + offset + (end - start)
            for i in 0..<frames { destination[i] = interleaved[i * channels + c] }
        }
        end += frames
    }

    /// Appends zeros until `end` reaches `index`.
    func extendWithZeros(to index: Int) {
        let count = index - end
        guard count > 0 else { return }
        reserve(count)
        for c in 0..<channels { (planes[c] + offset + (end - start)).initialize(repeating: 0, count: count) }
        end = index
    }

    /// Forgets everything before absolute index `index`.
    func discard(before index: Int) {
        let count = min(index, end) - start
        guard count > 0 else { return }
        offset += count
        start += count
    }

    private func reserve(_ extra: Int) {
        let live = end - start
        guard offset + live + extra > capacity else { return }
        if live + extra > capacity / 2 {
            capacity = max(2 * capacity, 2 * (live + extra))
            planes = planes.map { old in
                let new = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
                new.update(from: old + offset, count: live)
                old.deallocate()
                return new
            }
        } else {
            for plane in planes { plane.update(from: plane + offset, count: live) }
        }
        offset = 0
    }
}
