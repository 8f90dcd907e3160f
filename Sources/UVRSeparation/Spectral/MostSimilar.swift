/// Reorders `candidates` so that its first `count` entries are the most similar ones (in no
/// particular order) and drops the rest: quickselect, linear on average (a full sort was 4 % of
/// the spectral separator's time).
func keepMostSimilar(_ candidates: inout [(similarity: Float, frame: Int)], count: Int) {
    guard candidates.count > count else { return }
    candidates.withUnsafeMutableBufferPointer { items in
        var low = 0, high = items.count - 1
        while low < high {
            let pivot = items[(low + high) / 2].similarity
            var i = low, j = high
            while i <= j {
                while items[i].similarity > pivot { i += 1 }
                while items[j].similarity < pivot { j -= 1 }
                if i <= j {
                    items.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now [low, j] ≥ pivot ≥ [i, high]: continue in the part that holds position count − 1.
            if count - 1 <= j { high = j } else if count - 1 >= i { low = i } else { break }
        }
    }
    candidates.removeLast(candidates.count - count)
}
