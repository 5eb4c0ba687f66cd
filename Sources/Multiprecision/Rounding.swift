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
