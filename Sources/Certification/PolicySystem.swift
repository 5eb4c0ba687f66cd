import GRPOModel
import Multiprecision

/// The stationary condition on the whole policy vector, `GeneralModel.policyResidual`, as a
/// system in `x = (π_1, …, π_{K−1})` with `π_K = 1 − Σ x`, certified on the simplex.
enum PolicySystem {
    static let isolation = "Krawczyk isolation of the stationary condition on the simplex"

    static func isolate(_ setting: GeneralSetting, digits: Int) -> ([StationaryPolicies.Point], String?) {
        ([], "pending")
    }
}
