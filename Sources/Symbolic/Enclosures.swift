import Multiprecision

extension Interval {
    /// An enclosure of the rational `q`: its numerator and denominator, integers held exactly
    /// when the precision allows, divided with outward rounding.
    public init(_ q: Rational, precision: Int) {
        let parts = q.description.split(separator: "/").map { Interval(try! DecimalNumber(String($0)), precision: precision) }
        self = parts.count == 2 ? parts[0] / parts[1] : parts[0]
    }
}

extension Polynomial {
    /// An enclosure of the polynomial over a box: every variable given an interval, each term
    /// evaluated in interval arithmetic and summed.
    public func enclosure(at box: [String: Interval], precision: Int) -> Interval {
        terms.reduce(Interval(0, precision: precision)) { sum, term in
            sum + term.key.powers.reduce(Interval(term.value, precision: precision)) { product, power in
                guard let x = box[power.variable] else { preconditionFailure("no interval for \(power.variable)") }
                return product * x.power(power.exponent)
            }
        }
    }
}
