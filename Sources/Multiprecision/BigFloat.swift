import CMPFR

/// One `mpfr_t` and its significand in a single heap object: the struct is the header and
/// the limbs are tail-allocated after it (MPFR's custom interface, `mpfr_custom_init_set`).
///
/// One allocation per number, none inside MPFR, nothing to clear; the precision never changes
/// after creation. The object does not move, so MPFR calls that read and write the same
/// number (`mpfr_sqrt(p, p, rnd)`) pass one pointer twice, as in C, without a Swift `inout`.
@usableFromInline
final class MPFRStorage: ManagedBuffer<__mpfr_struct, mp_limb_t> {
    @usableFromInline
    static func make(precision: Int) -> MPFRStorage {
        precondition(precision >= Int(MPFR_PREC_MIN) && precision <= BigFloat.maximumPrecision,
                     "precision \(precision) outside MPFR's range")
        let limbs = mpfr_custom_get_size(mpfr_prec_t(precision)) / MemoryLayout<mp_limb_t>.stride
        let buffer = create(minimumCapacity: limbs) { _ in __mpfr_struct() }
        buffer.withUnsafeMutablePointers { header, significand in
            mpfr_custom_init(significand, mpfr_prec_t(precision))
            mpfr_custom_init_set(header, Int32(MPFR_NAN_KIND.rawValue), 0, mpfr_prec_t(precision), significand)
        }
        return unsafeDowncast(buffer, to: MPFRStorage.self)
    }

    @inlinable
    var pointer: UnsafeMutablePointer<__mpfr_struct> { withUnsafeMutablePointerToHeader { $0 } }
}

/// An arbitrary-precision binary floating-point number over MPFR, with value semantics.
///
/// * Each value carries its own precision in bits, fixed when it is created.
/// * Operators round to nearest and give a result at the larger precision of their operands;
///   the static functions take an explicit precision and `Rounding`.
/// * Copies share storage until one of them is mutated (copy-on-write), so the in-place
///   methods (`add`, `multiply`, …) reuse the buffer of a uniquely held value: hot loops
///   allocate nothing per iteration.
public struct BigFloat: @unchecked Sendable {
    // Sendable: the storage is only mutated when uniquely referenced (copy-on-write).
    @usableFromInline var storage: MPFRStorage

    /// The largest precision this type accepts (bits); far beyond what any command needs.
    public static let maximumPrecision = 1 << 26

    @usableFromInline
    init(storage: MPFRStorage) { self.storage = storage }

    /// A NaN of the given precision, to be overwritten by the caller.
    @inlinable
    init(uninitializedPrecision precision: Int) {
        storage = MPFRStorage.make(precision: precision)
    }

    /// The exact integer `value`, rounded to `precision` bits if it needs more.
    public init(_ value: Int, precision: Int) {
        self.init(uninitializedPrecision: precision)
        mpfr_set_si(storage.pointer, value, MPFR_RNDN)
    }

    /// `value` rounded once to `precision` bits.
    public init(_ value: BigFloat, precision: Int, rounding: Rounding = .nearest) {
        self.init(uninitializedPrecision: precision)
        mpfr_set(storage.pointer, value.storage.pointer, rounding.mpfr)
    }

    /// The precision of this value in bits.
    public var precision: Int { Int(cmpfr_get_prec(storage.pointer)) }

    /// Read access to the underlying `mpfr_t`, for MPFR calls this type does not wrap.
    @inlinable
    public var pointer: UnsafePointer<__mpfr_struct> { UnsafePointer(storage.pointer) }

    /// Runs `body` on this value's own `mpfr_t` after making the storage unique.
    /// `body` may pass the pointer as both input and output of an MPFR call.
    @inlinable
    public mutating func withMutablePointer<R>(
        _ body: (UnsafeMutablePointer<__mpfr_struct>) throws -> R
    ) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = MPFRStorage.make(precision: precision)
            mpfr_set(copy.pointer, storage.pointer, MPFR_RNDN)
            storage = copy
        }
        return try body(storage.pointer)
    }

    /// A new value of `precision` bits written by `body`.
    @inlinable
    public static func computing(
        precision: Int, _ body: (UnsafeMutablePointer<__mpfr_struct>) -> Void
    ) -> BigFloat {
        let result = BigFloat(uninitializedPrecision: precision)
        body(result.storage.pointer)
        return result
    }
}

// MARK: - Classification and comparison

extension BigFloat {
    public var isNaN: Bool { mpfr_nan_p(pointer) != 0 }
    public var isInfinite: Bool { mpfr_inf_p(pointer) != 0 }
    public var isFinite: Bool { mpfr_number_p(pointer) != 0 }
    public var isZero: Bool { mpfr_zero_p(pointer) != 0 }
    /// −1, 0 or +1 (0 also for NaN).
    public var sign: Int { Int(cmpfr_sgn(pointer)) }
    /// `x = m · 2^exponent` with `1/2 ≤ |m| < 1`; meaningful for finite non-zero values.
    public var exponent: Int { Int(cmpfr_get_exp(pointer)) }

    /// The nearest `Double`; for display of small diagnostics only, never for computation.
    public var doubleApproximation: Double { mpfr_get_d(pointer, MPFR_RNDN) }
}

extension BigFloat: Equatable, Comparable {
    /// Numeric equality; NaN equals nothing, as for `Double`.
    public static func == (lhs: BigFloat, rhs: BigFloat) -> Bool {
        mpfr_equal_p(lhs.pointer, rhs.pointer) != 0
    }

    public static func < (lhs: BigFloat, rhs: BigFloat) -> Bool {
        mpfr_less_p(lhs.pointer, rhs.pointer) != 0
    }

    public static func <= (lhs: BigFloat, rhs: BigFloat) -> Bool {
        mpfr_lessequal_p(lhs.pointer, rhs.pointer) != 0
    }

    public static func > (lhs: BigFloat, rhs: BigFloat) -> Bool {
        mpfr_greater_p(lhs.pointer, rhs.pointer) != 0
    }

    public static func >= (lhs: BigFloat, rhs: BigFloat) -> Bool {
        mpfr_greaterequal_p(lhs.pointer, rhs.pointer) != 0
    }

    public static func == (lhs: BigFloat, rhs: Int) -> Bool {
        mpfr_cmp_si(lhs.pointer, rhs) == 0 && !lhs.isNaN
    }

    public static func < (lhs: BigFloat, rhs: Int) -> Bool {
        !lhs.isNaN && mpfr_cmp_si(lhs.pointer, rhs) < 0
    }

    public static func > (lhs: BigFloat, rhs: Int) -> Bool {
        !lhs.isNaN && mpfr_cmp_si(lhs.pointer, rhs) > 0
    }

    public static func <= (lhs: BigFloat, rhs: Int) -> Bool {
        !lhs.isNaN && mpfr_cmp_si(lhs.pointer, rhs) <= 0
    }

    public static func >= (lhs: BigFloat, rhs: Int) -> Bool {
        !lhs.isNaN && mpfr_cmp_si(lhs.pointer, rhs) >= 0
    }
}
