/// Finds the valid name nearest to a mistyped one, for "did you mean" hints.
enum Suggestion {
    /// The candidate closest to `word` by edit distance (or one it is a prefix of), or nil when none is close.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let ranked = candidates
            .map { (candidate: $0, distance: editDistance(word.lowercased(), $0.lowercased())) }
            .sorted { $0.distance < $1.distance }
        guard let best = ranked.first else { return nil }
        let stem = word.trimmingLeadingDashes
        // Close enough, and not a guess: at most a third of a long word, under half of a short one.
        if best.distance <= max(2, word.count / 3) && best.distance * 2 < stem.count { return best.candidate }
        if stem.count >= 3, let prefixed = candidates.first(where: { $0.trimmingLeadingDashes.hasPrefix(stem) }) {
            return prefixed
        }
        return nil
    }

    /// `"; did you mean 'x'?"` when there is a near candidate, else an empty string.
    static func hint(for word: String, in candidates: [String]) -> String {
        nearest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance between two strings (insert, delete, substitute cost 1).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension String {
    /// The string without its leading `-` characters.
    var trimmingLeadingDashes: Substring { drop { $0 == "-" } }
}
