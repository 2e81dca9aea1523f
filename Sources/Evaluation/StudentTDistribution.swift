import ArabicIndex
import Foundation

/// Student's t distribution: the distribution of a sample mean's t statistic under the null
/// hypothesis, used by the paired t-test.
///
/// ```swift
/// let t = StudentTDistribution(degreesOfFreedom: 10)
/// t.cdf(2.228)                    // ≈ 0.975
/// t.twoSidedPValue(2.228)         // ≈ 0.05
/// ```
struct StudentTDistribution: Sendable, Hashable {
    /// The degrees of freedom ν, above 0.
    let degreesOfFreedom: Double

    /// The distribution with `degreesOfFreedom` degrees of freedom (above 0).
    init(degreesOfFreedom: Double) {
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(T ≤ t).
    func cdf(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        let tail = 0.5 * twoSidedPValue(t)
        return t > 0 ? 1 - tail : tail
    }

    /// P(|T| ≥ |t|): the two-sided p-value of the statistic `t`.
    func twoSidedPValue(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return 0 }
        let nu = degreesOfFreedom
        return IncompleteBeta.regularized(a: nu / 2, b: 0.5, x: nu / (nu + t * t))
    }
}

/// The regularized incomplete beta function I_x(a, b).
enum IncompleteBeta {
    /// I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1 (NaN outside), by its continued fraction, to about
    /// 1e-14 relative accuracy.
    ///
    /// ```swift
    /// IncompleteBeta.regularized(a: 2, b: 3, x: 0.4)   // 0.5248
    /// ```
    static func regularized(a: Double, b: Double, x: Double) -> Double {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a) otherwise.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logFront) * continuedFraction(a: b, b: a, x: 1 - x) / b
    }

    /// The continued fraction of I_x(a, b), evaluated with the modified Lentz method.
    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...1000 {
            let m = Double(m)
            // Even step: m(b − m)x / ((a + 2m − 1)(a + 2m)).
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step: −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return result
    }
}
