import ArabicIndex
import Foundation

/// Paired significance tests over per-topic metric values of two systems.
///
/// Both take the values of system A and system B for the same topics, in the same order, and
/// return a two-sided p-value for the null hypothesis that the systems are equally effective.
///
/// ```swift
/// let a = [0.5, 0.25, 1.0, 0.0]
/// let b = [0.75, 0.5, 1.0, 0.25]
/// Significance.pairedTTest(a, b)                                   // 0.0577…
/// Significance.pairedRandomizationTest(a, b, permutations: 10_000, seed: 1)
/// ```
public enum Significance {
    /// The paired randomization (permutation) test: the share of random sign flips of the
    /// per-topic differences whose mean is at least as far from 0 as the observed mean.
    ///
    /// Each of `permutations` trials flips the sign of each difference with probability ½,
    /// drawn from a SplitMix64 generator started at `seed`, so a seed always gives the same
    /// p-value. The estimate is (1 + hits) / (1 + permutations), never 0. Identical systems give
    /// 1. Returns `nil` for no topics or mismatched lengths.
    public static func pairedRandomizationTest(_ a: [Double], _ b: [Double], permutations: Int = 10_000,
                                               seed: UInt64 = 1) -> Double?
    {
        guard a.count == b.count, !a.isEmpty, permutations > 0 else { return nil }
        let differences = zip(a, b).map { $1 - $0 }
        let observed = abs(differences.reduce(0, +))
        // Sums that differ from the observed one only by rounding count as equal.
        let tolerance = 1e-9 * max(1, observed)
        var generator = SeededGenerator(state: seed)
        var hits = 0
        for _ in 0..<permutations {
            var sum = 0.0
            var bits: UInt64 = 0
            for (index, difference) in differences.enumerated() {
                if index % 64 == 0 { bits = generator.next() }
                sum += bits & 1 == 1 ? -difference : difference
                bits >>= 1
            }
            if abs(sum) >= observed - tolerance { hits += 1 }
        }
        return Double(hits + 1) / Double(permutations + 1)
    }

    /// The two-sided paired t-test: t = mean(d) / (sd(d) / √n) over the differences d, with n − 1
    /// degrees of freedom.
    ///
    /// Returns 1 when every difference is 0, 0 when all differences are equal and not 0, and
    /// `nil` for fewer than two topics or mismatched lengths.
    public static func pairedTTest(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == b.count, a.count >= 2 else { return nil }
        let differences = zip(a, b).map { $1 - $0 }
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        if variance <= 1e-300 || variance < 1e-24 * mean * mean {
            return abs(mean) <= 1e-15 ? 1 : 0
        }
        let t = mean / (variance / n).squareRoot()
        return StudentTDistribution(degreesOfFreedom: n - 1).twoSidedPValue(t)
    }
}

/// SplitMix64 (Steele, Lea and Flood): a small, fast generator whose output depends only on its
/// seed, on every platform.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
