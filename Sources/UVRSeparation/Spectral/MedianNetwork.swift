/// Computes element-wise medians of n rows of floats, 8 lanes at a time, with a comparator
/// network (Batcher's odd–even merge sort pruned to the comparators the median depends on).
struct MedianNetwork {
    let count: Int
    /// Comparators (low, high): afterwards position low holds the minimum, high the maximum.
    let comparators: [(Int, Int)]

    init(count: Int) {
        precondition((1...32).contains(count), "median of 1…32 rows")
        self.count = count
        var size = 1
        while size < count { size *= 2 }
        // Batcher's network for `size` inputs; inputs at positions >= count act as +infinity,
        // which every comparator leaves in place, so comparators touching them are dropped.
        var all: [(Int, Int)] = []
        var p = 1
        while p < size {
            var k = p
            while k >= 1 {
                var j = k % p
                while j + k < size {
                    for i in 0..<min(k, size - j - k) where (i + j) / (p * 2) == (i + j + k) / (p * 2) {
                        all.append((i + j, i + j + k))
                    }
                    j += 2 * k
                }
                k /= 2
            }
            p *= 2
        }
        all.removeAll { $0.1 >= count }
        // Keep only comparators that can influence the middle position(s).
        var needed = Set(count % 2 == 1 ? [count / 2] : [count / 2 - 1, count / 2])
        var kept: [(Int, Int)] = []
        for pair in all.reversed() where needed.contains(pair.0) || needed.contains(pair.1) {
            kept.append(pair)
            needed.insert(pair.0)
            needed.insert(pair.1)
        }
        comparators = kept.reversed()
    }

    /// Writes the median of `rows[0..<count]` over `width` floats (a multiple of 8) to `output`.
    /// `scratch` must hold `count` SIMD8 values.
    func median(rows: UnsafePointer<UnsafePointer<Float>>, width: Int, output: UnsafeMutablePointer<Float>,
                scratch: UnsafeMutablePointer<SIMD8<Float>>) {
        let lowMiddle = count % 2 == 1 ? count / 2 : count / 2 - 1
        let highMiddle = count / 2
        var offset = 0
        while offset < width {
            for r in 0..<count {
                scratch[r] = UnsafeRawPointer(rows[r] + offset).loadUnaligned(as: SIMD8<Float>.self)
            }
            for (low, high) in comparators {
                let a = scratch[low]
                let b = scratch[high]
                // select-based min/max: the stdlib's pointwiseMin/Max are not inlined (lane by lane).
                let aIsLower = a .< b
                scratch[low] = b.replacing(with: a, where: aIsLower)
                scratch[high] = a.replacing(with: b, where: aIsLower)
            }
            let middle = (scratch[lowMiddle] + scratch[highMiddle]) * 0.5
            UnsafeMutableRawPointer(output + offset).storeBytes(of: middle, as: SIMD8<Float>.self)
            offset += 8
        }
    }
}
