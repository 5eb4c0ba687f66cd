/// The precisions of a run that asks for `D` significant digits: the one rule from digits to
/// bits, `b(D) = ⌈D log2 10⌉` (with `log2 10 < 3.3219281`, the integer bound
/// `⌈D · 33219281 / 10^7⌉` is never too small), plus guard bits for each use.
public struct DigitsPolicy: Hashable, Sendable {
    public let digits: Int

    public init(digits: Int) { self.digits = digits }

    /// `b(D) + guardBits`.
    public static func bits(_ digits: Int, guardBits: Int) -> Int {
        (digits * 33_219_281 + 9_999_999) / 10_000_000 + guardBits
    }

    /// The working precision of every solve and enclosure, `b(D) + 64`.
    public var working: Int { Self.bits(digits, guardBits: 64) }
    /// The second, finer precision that confirms a solve's digits, `working + 32`.
    public var confirming: Int { working + 32 }
    /// The relative width an enclosure is refined to, `2^{−(b(D) + 16)}` (as its exponent).
    public var targetBits: Int { Self.bits(digits, guardBits: 16) }
}
