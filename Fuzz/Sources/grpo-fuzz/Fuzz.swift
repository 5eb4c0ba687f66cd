import Foundation
import GRPOVerifyCLI
import Multiprecision

/// libFuzzer entry: the input as a decimal (parsed, printed, parsed again) and as a golden file.
/// Bad input must come back as an error, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let text = String(decoding: data, as: UTF8.self)
    if let x = try? BigFloat(decimal: text, precision: 64) {
        let printed = x.decimalString(significantDigits: 20)
        if !x.isNaN && !x.isInfinite && (try? BigFloat(decimal: printed, precision: 64)) == nil {
            fatalError("printed decimal '\(printed)' does not parse")
        }
    }
    _ = try? DecimalNumber(text)
    _ = try? GoldenFile(data: data, name: "fuzz")
    return 0
}
