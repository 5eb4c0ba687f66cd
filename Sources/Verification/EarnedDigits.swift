import Multiprecision

/// Which decimal digits of a computed value are earned, given a bound on its error.
public enum EarnedDigits {
    /// The largest `d ≤ cap` such that every number within `error` of `value` has the same
    /// correctly rounded `d`-significant-digit decimal (so that string is the true value's).
    /// Zero when not even one digit is earned.
    public static func count(value: BigFloat, error: BigFloat, cap: Int) -> Int {
        if !value.isFinite || !error.isFinite { return 0 }
        return Interval(center: value, radius: error, precision: value.precision).commonDigits(cap: cap).digits
    }

    /// The number of significant decimal digits to which `a` and `b` agree,
    /// `⌊−log10(|a − b| / |b|)⌋`, clamped to `0…cap` (`cap` when they are equal).
    public static func agreement(_ a: BigFloat, _ b: BigFloat, cap: Int) -> Int {
        if a == b { return cap }
        let difference = (a - b).magnitude
        if b.isZero || !difference.isFinite { return 0 }
        let ratio = b.magnitude / difference
        let digits = ratio.log().doubleApproximation / 2.302585092994046
        guard digits.isFinite else { return 0 }
        // Round the Double estimate down conservatively near integers.
        return min(cap, max(0, Int((digits - 1e-9).rounded(.down))))
    }
}
