/// A decimal's significant digits: `0.d₁d₂… × 10^exponent` with `d₁ ≠ 0` (a zero keeps all its digits).
struct Significand: Equatable {
    let digits: [Character]
    let exponent: Int

    /// `text` must be in the suite's decimal grammar (checked by `DecimalNumber`).
    init(_ text: String) {
        var mantissa = Substring(text)
        var scale = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            scale = Int(text[text.index(after: e)...]) ?? 0
        }
        mantissa = mantissa.drop { $0 == "+" || $0 == "-" }
        var digits = mantissa.filter { $0 != "." }.map { $0 }
        var exponent = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
                        ?? mantissa.count) + scale
        if digits.contains(where: { $0 != "0" }) {
            while digits.first == "0" {
                digits.removeFirst()
                exponent -= 1
            }
        } else {
            exponent = 0
        }
        self.digits = digits
        self.exponent = exponent
    }

    /// The leading digits two decimals share (0 if their exponents differ).
    func agreement(with other: Significand) -> Int {
        guard exponent == other.exponent else { return 0 }
        return zip(digits, other.digits).prefix { $0 == $1 }.count
    }
}
