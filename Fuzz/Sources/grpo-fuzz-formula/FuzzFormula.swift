import Expressions
import FormulaFuzzMain
import Multiprecision

/// libFuzzer entry: the input as a formula, parsed and, if it parses, evaluated at a point in
/// round-to-nearest and in interval arithmetic. Bad input must come back as a `FormulaError`
/// with a one-line message at a place inside the text, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        let formula = try Formula(text)
        let values = ["beta": "0.1", "ref": "0.3", "margin": "1", "G": "8"].mapValues { try! DecimalNumber($0) }
        _ = try? formula.evaluate(values.mapValues { $0.value(precision: 96) }, integers: ["G": 8], precision: 96)
        _ = try? formula.evaluate(values.mapValues { Interval($0, precision: 96) }, integers: ["G": 8], precision: 96)
    } catch {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard !error.description.contains("\n"), (1...max(1, lines.count)).contains(error.location.line),
              error.location.column >= 1,
              error.location.column <= (lines.isEmpty ? 0 : lines[error.location.line - 1].count) + 1 else {
            fatalError("bad error for \(text.debugDescription): \(error)")
        }
        _ = error.caretLines(in: text)
    }
    return 0
}
