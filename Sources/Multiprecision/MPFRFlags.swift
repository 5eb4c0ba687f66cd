import CMPFR

/// A computation whose result MPFR flagged as not a number this suite may print.
public enum NumericalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An operation produced NaN (e.g. `sqrt` of a negative number, `0/0`).
    case notANumber
    /// A result was too large for MPFR's exponent range.
    case overflow
    /// A result was too small for MPFR's exponent range and was rounded to zero.
    case underflow
    /// A comparison or conversion met a NaN or an out-of-range value.
    case rangeError
    /// A division by zero produced an infinity.
    case divisionByZero

    public var description: String {
        switch self {
        case .notANumber: "MPFR produced NaN"
        case .overflow: "MPFR overflow"
        case .underflow: "MPFR underflow"
        case .rangeError: "MPFR range error"
        case .divisionByZero: "MPFR division by zero"
        }
    }
}

/// MPFR's sticky exception flags (per thread in a thread-safe MPFR build).
public enum MPFRFlags {
    /// Runs `body` with cleared flags and throws if it raised NaN, overflow, underflow,
    /// erange or divide-by-zero. `body` must not suspend (the flags belong to the thread).
    public static func checking<T>(_ body: () throws -> T) throws -> T {
        mpfr_clear_flags()
        let result = try body()
        if mpfr_nanflag_p() != 0 { throw NumericalError.notANumber }
        if mpfr_overflow_p() != 0 { throw NumericalError.overflow }
        if mpfr_underflow_p() != 0 { throw NumericalError.underflow }
        if mpfr_divby0_p() != 0 { throw NumericalError.divisionByZero }
        if mpfr_erangeflag_p() != 0 { throw NumericalError.rangeError }
        return result
    }

    /// Runs `body` as a trial: its result, or nil if it raised a flag `checking` throws for.
    /// The flags raised before the call are as they were, whatever the trial raised.
    public static func attempt<T>(_ body: () -> T) -> T? {
        let saved = mpfr_flags_save()
        defer { mpfr_flags_restore(saved, cmpfr_flags_all()) }
        mpfr_clear_flags()
        let result = body()
        let raised = mpfr_nanflag_p() | mpfr_overflow_p() | mpfr_underflow_p() | mpfr_divby0_p() | mpfr_erangeflag_p()
        return raised == 0 ? result : nil
    }
}
