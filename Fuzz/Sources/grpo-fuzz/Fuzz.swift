import Foundation
import FuzzMain
import Golden
import Multiprecision

/// libFuzzer entry: the input as a decimal (parsed, printed, parsed again) and as a golden file.
/// Bad input must come back as an error, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let text = String(decoding: data, as: UTF8.self)
    if let x = try? BigFloat(decimal: text, precision: 64) {
        // What the suite prints parses again (rounding may carry the exponent past the limit).
        let printed = x.decimalString(significantDigits: 20)
        do {
            _ = try BigFloat(decimal: printed, precision: 64)
        } catch .malformed, .empty {
            fatalError("printed decimal '\(printed)' does not parse")
        } catch {}
    }
    _ = try? DecimalNumber(text)
    _ = try? GoldenFile(data: data, name: "fuzz")
    return 0
}
