import CMPFR

/// The rounding direction of one MPFR operation.
///
/// Round-to-nearest is the default everywhere; the directed modes exist for enclosures
/// (lower endpoints rounded `.down`, upper endpoints rounded `.up`).
public enum Rounding: Sendable, CaseIterable {
    case nearest
    case down
    case up
    case towardZero

    @usableFromInline
    var mpfr: mpfr_rnd_t {
        switch self {
        case .nearest: MPFR_RNDN
        case .down: MPFR_RNDD
        case .up: MPFR_RNDU
        case .towardZero: MPFR_RNDZ
        }
    }
}

/// Precision in bits needed to carry `digits` significant decimal digits, plus `guardBits`.
///
/// `ceil(digits · log2 10) + guardBits`; `log2 10 < 3.3219281` so the integer bound
/// `digits · 33219281 / 10^7`, rounded up, is never too small.
public func bitsForDigits(_ digits: Int, guardBits: Int) -> Int {
    let scaled = digits * 33_219_281
    return (scaled + 9_999_999) / 10_000_000 + guardBits
}
