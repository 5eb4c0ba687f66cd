import GRPOModel
import Multiprecision
import Verification

/// A stationary policy `π(a)` as a function of `π_ref(a) ∈ [0, 1]`, computed by the code
/// behind `solve` and `table`: `Method.closedForm`, `Method.newton`, or RLHF's pooling (4).
public struct PolicyCurve: Sendable {
    public let id: String
    public let label: String
    /// `π(a)` at `π_ref(a)`, at a precision in bits; at `π_ref(a) = 0` the support convention's 0.
    let value: @Sendable (DecimalNumber, Int) throws -> BigFloat
    /// Where the drawn curve starts: the limit `π_ref(a) ↓ 0` at `x = 0` where a formula gives
    /// it, otherwise the value at `tinyReference`.
    let start: @Sendable (Int) throws -> (x: DecimalNumber, y: BigFloat)

    /// The smallest `π_ref(a)` a solver curve starts from, standing for the limit `π_ref(a) ↓ 0`.
    public static let tinyReference = decimal("1e-12")

    static func decimal(_ text: String) -> DecimalNumber {
        // Only literals of this module pass through here.
        try! DecimalNumber(text)
    }

    static func setting(_ template: BinarySetting, reference: DecimalNumber) throws -> BinarySetting {
        try template.with(reference: reference)
    }

    /// The paper's closed form for `template` (any `π_ref(a)`), as `Method.closedForm` runs it;
    /// the curve starts at `ClosedForm.formula` at `π_ref(a) = 0`, the limit `π_ref(a) ↓ 0`.
    public static func closedForm(_ template: BinarySetting, id: String, label: String) -> PolicyCurve {
        PolicyCurve(id: id, label: label, value: { reference, precision in
            try Method.closedForm.run(try setting(template, reference: reference), precision: precision).value
        }, start: { precision in
            let zero = decimal("0")
            let limit: BigFloat? = try MPFRFlags.checking {
                ClosedForm.formula(try setting(template, reference: zero), precision: precision)
            }
            guard let limit else { preconditionFailure("no closed form for \(template)") }
            return (zero, limit)
        })
    }

    /// Safeguarded Newton on the stationarity residual, as `Method.newton` runs it in `solve`;
    /// the curve starts at `tinyReference`.
    public static func newton(_ template: BinarySetting, id: String, label: String) -> PolicyCurve {
        let value: @Sendable (DecimalNumber, Int) throws -> BigFloat = { reference, precision in
            let s = try setting(template, reference: reference)
            let run = try Method.newton.run(s, precision: precision)
            guard run.converged else { throw PlotFailure(setting: s, method: .newton) }
            return run.value
        }
        return PolicyCurve(id: id, label: label, value: value, start: { precision in
            (tinyReference, try value(tinyReference, precision))
        })
    }

    /// RLHF's optimal policy (4) with `r(a) = 1`, `r(b) = 0`: `ClosedForm.logarithmicPooling`.
    /// Continuous at 0, so the curve starts at `(0, 0)`.
    public static func logarithmicPooling(beta: DecimalNumber, id: String, label: String) -> PolicyCurve {
        let value: @Sendable (DecimalNumber, Int) throws -> BigFloat = { reference, precision in
            try MPFRFlags.checking {
                ClosedForm.logarithmicPooling(beta: beta.value(precision: precision),
                                              reference: reference.value(precision: precision),
                                              rewardGap: BigFloat(1, precision: precision))
            }
        }
        return PolicyCurve(id: id, label: label, value: value, start: { precision in
            let zero = decimal("0")
            return (zero, try value(zero, precision))
        })
    }
}

/// A plotted value could not be computed or certified: exit status 1, never a plotted number.
public struct PlotFailure: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }

    init(setting: BinarySetting, method: Method) {
        self.init("\(method.rawValue) did not converge at G = \(setting.groupSize), β = \(setting.beta), "
                  + "π_ref(a) = \(setting.reference), γ = \(setting.confidenceMargin)")
    }
}
