/// A decimal as the suite prints it (`0.99624192`, `-3.94e-68`, `4096`), taken apart exactly
/// for display: fewer digits, `1 − x`, digit groups. Nothing here goes through binary.
///
/// A printed value with `n` earned digits is the correct rounding of the true value to `n`
/// digits. Rounding it to `d < n` digits is then the correct rounding to `d` digits, except
/// when the digits dropped are exactly `5 0 … 0`: the true value may lie on either side of that
/// tie, and `rounded(to:)` keeps `d − 1` digits instead.
struct PrintedDecimal: Equatable {
    enum Direction { case nearest, down, up }

    var negative: Bool
    /// The significant digits as printed, trailing zeros included; empty for zero.
    var digits: [Int]
    /// The value is `0.d₁d₂… × 10^exponent`.
    var exponent: Int
    /// Printed as `1.23e-7` rather than `0.000000123`.
    var scientific: Bool
    /// The text of a printed zero (`0.00000`), kept as it is.
    private var zeroText: String?

    init?(_ text: String) {
        var body = Substring(text)
        negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        var written = 0
        scientific = false
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let power = Int(body[body.index(after: e)...]) else { return nil }
            written = power
            scientific = true
            body = body[..<e]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              parts.count == 1 || !parts[1].isEmpty else { return nil }
        let all = (parts[0] + (parts.count == 2 ? parts[1] : "")).map { Int(String($0))! }
        let leading = all.prefix { $0 == 0 }.count
        digits = Array(all.dropFirst(leading))
        exponent = parts[0].count - leading + written
        if digits.isEmpty {
            zeroText = text
            exponent = 0
        }
    }

    var isZero: Bool { digits.isEmpty }
    var isInteger: Bool { !scientific && zeroText.map { !$0.contains(".") } ?? (exponent >= digits.count) }
    var significantDigits: Int { digits.count }

    var text: String {
        if let zeroText { return zeroText }
        let d = digits.map(String.init).joined()
        let sign = negative ? "-" : ""
        if scientific {
            return sign + String(d.prefix(1)) + (d.count > 1 ? "." + d.dropFirst() : "") + "e" + String(exponent - 1)
        }
        if exponent <= 0 { return sign + "0." + String(repeating: "0", count: -exponent) + d }
        if exponent >= d.count { return sign + d + String(repeating: "0", count: exponent - d.count) }
        return sign + String(d.prefix(exponent)) + "." + String(d.dropFirst(exponent))
    }

    /// At most `count` significant digits; `.down` and `.up` round towards −∞ and +∞ (outward
    /// for the ends of an enclosure).
    func rounded(to count: Int, _ direction: Direction = .nearest) -> PrintedDecimal {
        guard count >= 1, digits.count > count else { return self }
        let tail = digits[count...]
        var result = self
        result.digits = Array(digits.prefix(count))
        let increment: Bool
        switch direction {
        case .nearest:
            if tail.first == 5 && tail.dropFirst().allSatisfy({ $0 == 0 }) {
                return count > 1 ? rounded(to: count - 1) : self
            }
            increment = tail.first! >= 5
        case .down: increment = negative && tail.contains { $0 != 0 }
        case .up: increment = !negative && tail.contains { $0 != 0 }
        }
        if increment {
            var i = count - 1
            while i >= 0 && result.digits[i] == 9 {
                result.digits[i] = 0
                i -= 1
            }
            if i >= 0 {
                result.digits[i] += 1
            } else {
                result.digits = [1] + Array(repeating: 0, count: count - 1)
                result.exponent += 1
            }
        }
        return result
    }

    /// `1 − x` exactly, when `1 − 10⁻⁶ < x < 1` (decided on the digits); it keeps the absolute
    /// accuracy of `x`, so its last printed place is as earned as that of `x`.
    var complement: PrintedDecimal? {
        guard !negative, !isZero, exponent == 0, digits.count > 6, digits.prefix(6).allSatisfy({ $0 == 9 }),
              digits.dropFirst(6).contains(where: { $0 != 0 }) else { return nil }
        // 10^n − D for the n printed digits D, by borrowing from the last digit.
        var result = digits
        var borrow = 0
        for i in stride(from: digits.count - 1, through: 0, by: -1) {
            let d = -digits[i] - borrow
            result[i] = d < 0 ? d + 10 : d
            borrow = d < 0 ? 1 : 0
        }
        return PrintedDecimal(negative: false, digits: result, exponent: 0, scientific: scientific).normalised
    }

    /// Leading zeros moved into the exponent.
    var normalised: PrintedDecimal {
        let leading = digits.prefix { $0 == 0 }.count
        guard leading > 0, leading < digits.count else { return self }
        var result = self
        result.digits.removeFirst(leading)
        result.exponent -= leading
        return result
    }

    /// In scientific notation (`1.23e-7`), the same digits.
    var inScientific: PrintedDecimal {
        var result = self
        if !isZero { result.scientific = true }
        return result
    }

    private init(negative: Bool, digits: [Int], exponent: Int, scientific: Bool) {
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
        self.scientific = scientific
    }

    /// Digit groups of five on each side of the point, joined by `separator`:
    /// `0.99624\,19232\,02` (plain notation; the exponent, if any, is kept apart).
    func grouped(separator: String) -> (mantissa: String, exponent: Int?) {
        var plain = self
        plain.scientific = false
        if scientific { plain.exponent = 1 }
        let text = plain.text
        let sign = text.hasPrefix("-") ? "-" : ""
        let body = text.dropFirst(sign.count)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func groups(_ s: String, fromEnd: Bool) -> String {
            var chunks: [String] = []
            var rest = Substring(s)
            while !rest.isEmpty {
                let n = min(5, rest.count)
                if fromEnd {
                    chunks.insert(String(rest.suffix(n)), at: 0)
                    rest = rest.dropLast(n)
                } else {
                    chunks.append(String(rest.prefix(n)))
                    rest = rest.dropFirst(n)
                }
            }
            return chunks.joined(separator: separator)
        }
        var mantissa = sign + groups(parts[0], fromEnd: true)
        if parts.count == 2 { mantissa += "." + groups(parts[1], fromEnd: false) }
        return (mantissa, scientific ? exponent - 1 : nil)
    }
}
