import Foundation
import Testing
@testable import ArabicEvaluation
import ArabicIndex

@Suite("Evaluation significance tests")
struct EvaluationSignificanceTests {
    @Test func studentTMatchesSciPy() {
        // (t, degrees of freedom, scipy.stats.t.cdf, two-sided p = 2 · t.sf(|t|))
        let cases: [(Double, Double, Double, Double)] = [
            (2.0, 10, 0.9633059826146299, 0.07338803477074037),
            (-1.5, 3, 0.11529193262241147, 0.23058386524482294),
            (0.5, 1, 0.6475836176504333, 0.7048327646991335),
            (3.7, 250, 0.9998674244019299, 0.0002651511961403182),
            (1.96, 1e6, 0.9750019662073651, 0.04999606758526985),
            (12.0, 4, 0.9998617857257485, 0.000276428548502973),
        ]
        for (t, df, cdf, p) in cases {
            let distribution = StudentTDistribution(degreesOfFreedom: df)
            #expect(abs(distribution.cdf(t) - cdf) < 1e-10, "cdf(\(t), \(df))")
            #expect(abs(distribution.twoSidedPValue(t) - p) < 1e-10 * max(1, p * 1e3), "p(\(t), \(df))")
        }
        #expect(StudentTDistribution(degreesOfFreedom: 5).cdf(0) == 0.5)
        #expect(StudentTDistribution(degreesOfFreedom: 5).twoSidedPValue(.infinity) == 0)
    }

    @Test func incompleteBetaMatchesSciPy() {
        let cases: [(Double, Double, Double, Double)] = [
            (2, 3, 0.4, 0.5247999999999999), (0.5, 0.5, 0.1, 0.20483276469913345),
            (10, 0.5, 0.99, 0.6579281751567845), (100, 200, 0.3, 0.10884306564490986),
        ]
        for (a, b, x, expected) in cases {
            #expect(abs(IncompleteBeta.regularized(a: a, b: b, x: x) - expected) < 1e-12, "I(\(a), \(b), \(x))")
        }
        #expect(IncompleteBeta.regularized(a: 2, b: 3, x: 0) == 0)
        #expect(IncompleteBeta.regularized(a: 2, b: 3, x: 1) == 1)
        #expect(IncompleteBeta.regularized(a: -1, b: 3, x: 0.5).isNaN)
    }

    @Test func pairedTTestMatchesSciPy() throws {
        // scipy.stats.ttest_rel(b, a)
        let p1 = try #require(Significance.pairedTTest([0.5, 0.25, 1.0, 0.0], [0.75, 0.5, 1.0, 0.25]))
        #expect(abs(p1 - 0.0576688856224373) < 1e-12)
        let a = [0.1, 0.4, 0.35, 0.8, 0.0, 0.6, 0.2, 0.9, 0.5, 0.3]
        let b = [0.2, 0.5, 0.3, 0.9, 0.1, 0.8, 0.1, 0.95, 0.7, 0.3]
        let p2 = try #require(Significance.pairedTTest(a, b))
        #expect(abs(p2 - 0.049809851951817176) < 1e-12)
        #expect(Significance.pairedTTest(a, a) == 1)
        #expect(Significance.pairedTTest([0, 0], [1, 1]) == 0)
        #expect(Significance.pairedTTest([1], [2]) == nil)
        #expect(Significance.pairedTTest([1, 2], [2]) == nil)
    }

    @Test func randomizationTestApproachesTheExactPermutationTest() throws {
        let a = [0.1, 0.4, 0.35, 0.8, 0.0, 0.6, 0.2, 0.9, 0.5, 0.3]
        let b = [0.2, 0.5, 0.3, 0.9, 0.1, 0.8, 0.1, 0.95, 0.7, 0.3]
        // All 2^10 sign flips: 76 are at least as extreme, p = 0.07421875.
        let p = try #require(Significance.pairedRandomizationTest(a, b, permutations: 10_000, seed: 7))
        #expect(abs(p - 0.07421875) < 0.01)
        // Seeded: the same seed gives the same p-value, another seed (almost surely) another.
        #expect(Significance.pairedRandomizationTest(a, b, permutations: 10_000, seed: 7) == p)
        #expect(Significance.pairedRandomizationTest(a, b, permutations: 10_000, seed: 8) != p)
        // Identical systems: every permutation is as extreme.
        #expect(Significance.pairedRandomizationTest(a, a, permutations: 100, seed: 1) == 1)
        #expect(Significance.pairedRandomizationTest([], [], permutations: 100, seed: 1) == nil)
        // Symmetric: swapping the systems does not change the p-value.
        #expect(Significance.pairedRandomizationTest(b, a, permutations: 10_000, seed: 7) == p)
    }

    @Test func comparisonListsGainsAndLosses() throws {
        let qrels = Qrels(["q1": ["d1": 1], "q2": ["d2": 1], "q3": ["d3": 1], "q4": ["d4": 1]])
        let a = try Run(parsing: "q1 Q0 d1 1 2 a\nq1 Q0 x 2 1 a\nq2 Q0 x 1 2 a\nq2 Q0 d2 2 1 a\nq3 Q0 d3 1 1 a\n", source: "a")
        let b = try Run(parsing: "q1 Q0 x 1 2 b\nq1 Q0 d1 2 1 b\nq2 Q0 d2 1 2 b\nq3 Q0 d3 1 1 b\nq4 Q0 d4 1 1 b\n", source: "b")
        let comparison = RunComparison(a: a, b: b, qrels: qrels, metrics: [.reciprocalRank(cutoff: 10)], permutations: 1000, seed: 3)
        let row = try #require(comparison.rows.first)
        #expect(row.meanA == 0.625)  // (1 + 0.5 + 1 + 0) / 4
        #expect(row.meanB == 0.875)  // (0.5 + 1 + 1 + 1) / 4
        #expect(row.difference == 0.25)
        let changes = comparison.largestChanges(of: .reciprocalRank(cutoff: 10), count: 10)
        #expect(changes.gains.map(\.topic) == ["q4", "q2"])
        #expect(changes.losses.map(\.topic) == ["q1"])
        #expect(changes.losses.first?.difference == -0.5)
        #expect(comparison.largestChanges(of: .reciprocalRank(cutoff: 10), count: 1).gains.map(\.topic) == ["q4"])
        #expect(comparison.largestChanges(of: .map, count: 1).gains.isEmpty)
    }
}

extension Metric {
    /// Mean average precision, for brevity in tests.
    static let map = Metric.averagePrecision(cutoff: nil)
}
