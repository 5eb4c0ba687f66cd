/// The suite's text (titles, headings, legend and axis labels, text cells) as LaTeX, and the
/// preamble every `.tex` file the suite writes compiles with.
///
/// Everything written is ASCII: Greek letters and symbols become math (`π_ref(a)` →
/// `$\pi_{\mathrm{ref}}(a)$`), comments spell them out (`pi_ref(a)`).
public enum LaTeX {
    /// What `report` writes as `preamble.tex`: `\documentclass{article}`, `\input{preamble}`,
    /// then `\input` any table, figure or macros file in the document.
    public static let preamble = """
        % Preamble for the LaTeX files of grpo-verify (tables, pgfplots figures, macros):
        %   \\documentclass{article}
        %   \\input{preamble}
        %   \\begin{document} ... \\input{groups-of-two} ... \\input{fig1} ... \\end{document}
        \\usepackage[T1]{fontenc}
        \\usepackage{amsmath}
        \\usepackage{booktabs}
        \\usepackage{longtable}
        \\usepackage{siunitx}
        \\usepackage{pgfplots}
        \\pgfplotsset{compat=1.16}

        """

    /// `text` as LaTeX for a text paragraph, a caption or a table cell.
    public static func text(_ text: String) -> String {
        var out = LaTeXWriter()
        for segment in segments(tokens(Array(text))) {
            if segment.math {
                out.append("$")
                for token in segment.tokens { out.append(token.math) }
                out.append("$")
            } else {
                for token in segment.tokens { out.append(token.text) }
            }
        }
        return out.result
    }

    /// `text` as ASCII for a `%` comment: Greek letters by name, symbols spelled out.
    public static func comment(_ text: String) -> String {
        var out = ""
        var previousWasSuperscript = false
        for c in text {
            defer { previousWasSuperscript = superscripts[c] != nil }
            if c.isASCII {
                out.append(c == "\n" || c == "\r" ? " " : c)
            } else if let greek = greek[c] {
                out += greek.name
            } else if let symbol = symbols[c] {
                out += symbol.ascii
            } else if let digit = superscripts[c] {
                out += (previousWasSuperscript ? "" : "^") + digit
            } else {
                out += "?"
            }
        }
        return out
    }

    /// `% text` lines for `lines` (provenance, summaries), ASCII.
    static func comments(_ lines: [(key: String, value: String)]) -> [String] {
        lines.map { "% " + comment("\($0.key): \($0.value)") }
    }

    // MARK: - Tokens

    /// One piece of text with its LaTeX in text mode and in math mode.
    struct Token {
        enum Kind { case math, neutral, text, space }
        let kind: Kind
        let text: String
        let math: String
    }

    /// Greek letters: LaTeX command and ASCII name.
    static let greek: [Character: (latex: String, name: String)] = [
        "α": ("\\alpha", "alpha"), "β": ("\\beta", "beta"), "γ": ("\\gamma", "gamma"), "δ": ("\\delta", "delta"),
        "ε": ("\\varepsilon", "eps"), "θ": ("\\theta", "theta"), "λ": ("\\lambda", "lambda"), "μ": ("\\mu", "mu"),
        "π": ("\\pi", "pi"), "ρ": ("\\rho", "rho"), "σ": ("\\sigma", "sigma"), "τ": ("\\tau", "tau"),
        "φ": ("\\varphi", "phi"), "ω": ("\\omega", "omega"), "Δ": ("\\Delta", "Delta"), "Σ": ("\\Sigma", "Sigma"),
        "Π": ("\\Pi", "Pi"),
    ]

    /// Symbols: LaTeX in math mode and ASCII.
    static let symbols: [Character: (latex: String, ascii: String)] = [
        "∞": ("\\infty", "inf"), "→": ("\\rightarrow", "->"), "↓": ("\\downarrow", " down to "), "−": ("-", "-"),
        "∓": ("\\mp", "-/+"), "±": ("\\pm", "+/-"), "≥": ("\\geq", ">="), "≤": ("\\leq", "<="), "≠": ("\\neq", "!="),
        "∝": ("\\propto", " prop. to "), "∈": ("\\in", " in "), "×": ("\\times", "x"), "·": ("\\cdot", "*"),
        "≈": ("\\approx", "~"), "′": ("'", "'"), "√": ("\\sqrt", "sqrt"), "…": ("\\dots", "..."),
    ]

    /// Superscript characters and the ASCII they stand for.
    static let superscripts: [Character: String] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
        "⁻": "-", "⁺": "+",
    ]

    /// ASCII characters that are math between variables: `G = 2`, `1/G`, `|Δ|`.
    static let operators: Set<Character> = ["=", "<", ">", "+", "/", "|"]

    /// Text-mode LaTeX of an ASCII character.
    static func escaped(_ c: Character) -> String {
        switch c {
        case "\\": "\\textbackslash{}"
        case "&", "%", "$", "#", "_", "{", "}": "\\" + String(c)
        case "~": "\\textasciitilde{}"
        case "^": "\\textasciicircum{}"
        case "<": "\\textless{}"
        case ">": "\\textgreater{}"
        case "|": "\\textbar{}"
        default: c.isASCII ? String(c) : "?"
        }
    }

    static func tokens(_ chars: [Character]) -> [Token] {
        var out: [Token] = []
        var i = 0
        func math(_ latex: String) { out.append(Token(kind: .math, text: "$" + latex + "$", math: latex)) }
        while i < chars.count {
            let c = chars[i]
            if c == " " {
                out.append(Token(kind: .space, text: " ", math: " "))
                i += 1
            } else if c.isASCII && c.isLetter {
                var j = i
                while j < chars.count && chars[j].isASCII && chars[j].isLetter { j += 1 }
                let word = String(chars[i..<j])
                if j - i == 1 { math(word) } else { out.append(Token(kind: .text, text: word, math: "\\text{\(word)}")) }
                i = j
            } else if isDigit(c) {
                var j = i
                while j < chars.count && (isDigit(chars[j]) || (chars[j] == "." && j + 1 < chars.count && isDigit(chars[j + 1]))) { j += 1 }
                // An exponent, `1e-5`, stays as written.
                var k = j + 1
                if j < chars.count && chars[j] == "e" && k < chars.count && (chars[k] == "-" || chars[k] == "+") { k += 1 }
                let exponent = j < chars.count && chars[j] == "e" && k < chars.count && isDigit(chars[k])
                if exponent {
                    while k < chars.count && isDigit(chars[k]) { k += 1 }
                    j = k
                }
                let number = String(chars[i..<j])
                out.append(Token(kind: .neutral, text: number, math: exponent ? "\\text{\(number)}" : number))
                i = j
            } else if c == "(" || c == ")" {
                // An equation number `(15)` after a space or at the start is text.
                if c == "(", i == 0 || chars[i - 1] == " ", let close = chars[(i + 1)...].firstIndex(of: ")"),
                   close > i + 1, chars[(i + 1)..<close].allSatisfy(isDigit) {
                    let number = String(chars[i...close])
                    out.append(Token(kind: .text, text: number, math: number))
                    i = close + 1
                } else {
                    out.append(Token(kind: .neutral, text: String(c), math: String(c)))
                    i += 1
                }
            } else if c == "{" || c == "}" {
                out.append(Token(kind: .neutral, text: "\\" + String(c), math: "\\" + String(c)))
                i += 1
            } else if c == "_" && !out.isEmpty, let (sub, end) = subscriptText(chars, after: i) {
                let base = out.removeLast()
                math(base.math + "_{" + sub + "}")
                i = end
            } else if c == "√" {
                let (argument, end) = chars.indices.contains(i + 1) && chars[i + 1] == "("
                    ? group(chars, from: i + 1) : (tokens(chars.indices.contains(i + 1) ? [chars[i + 1]] : []), i + 2)
                math("\\sqrt{" + mathText(argument) + "}")
                i = end
            } else if let g = greek[c] {
                math(g.latex)
                i += 1
            } else if let s = symbols[c] {
                math(s.latex)
                i += 1
            } else if superscripts[c] != nil {
                var j = i
                while j < chars.count, superscripts[chars[j]] != nil { j += 1 }
                let power = chars[i..<j].map { superscripts[$0]! }.joined()
                if let base = out.popLast() { math(base.math + "^{" + power + "}") } else { math("^{" + power + "}") }
                i = j
            } else if operators.contains(c) {
                math(c == "|" ? "|" : String(c))
                i += 1
            } else {
                out.append(Token(kind: .text, text: escaped(c), math: "\\text{\(escaped(c))}"))
                i += 1
            }
        }
        return out
    }

    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    /// The subscript after `_` at `index`: `{…}`, a run of letters and digits, or one Greek
    /// letter or symbol; its math and the index after it.
    static func subscriptText(_ chars: [Character], after index: Int) -> (String, Int)? {
        let start = index + 1
        guard start < chars.count else { return nil }
        if chars[start] == "{", let close = chars[start...].firstIndex(of: "}") {
            return (mathText(tokens(Array(chars[(start + 1)..<close]))), close + 1)
        }
        var end = start
        while end < chars.count && chars[end].isASCII && (chars[end].isLetter || chars[end].isNumber) { end += 1 }
        if end > start {
            let run = String(chars[start..<end])
            let word = run.count > 1 && run.allSatisfy(\.isLetter)
            return (word ? "\\mathrm{\(run)}" : run, end)
        }
        if let g = greek[chars[start]] { return (g.latex, start + 1) }
        if let s = symbols[chars[start]] { return (s.latex, start + 1) }
        return nil
    }

    /// The parenthesised group starting at `open` (nested parentheses matched) as tokens, and
    /// the index after its closing parenthesis.
    static func group(_ chars: [Character], from open: Int) -> ([Token], Int) {
        var depth = 0
        for j in open..<chars.count {
            if chars[j] == "(" { depth += 1 }
            if chars[j] == ")" { depth -= 1 }
            if depth == 0 { return (tokens(Array(chars[(open + 1)..<j])), j + 1) }
        }
        return (tokens(Array(chars[(open + 1)...])), chars.count)
    }

    static func mathText(_ tokens: [Token]) -> String {
        var out = LaTeXWriter()
        for t in tokens { out.append(t.math) }
        return out.result
    }

    /// Runs of tokens between text tokens that hold a math token are typeset as math, without
    /// the spaces at their ends and without an opening parenthesis at the end or a closing
    /// one at the start.
    static func segments(_ tokens: [Token]) -> [(math: Bool, tokens: [Token])] {
        var out: [(math: Bool, tokens: [Token])] = []
        var run: [Token] = []
        func flush() {
            guard run.contains(where: { $0.kind == .math }) else {
                if !run.isEmpty { out.append((false, run)) }
                run = []
                return
            }
            var lower = 0, upper = run.count
            while lower < upper && (run[lower].kind == .space || run[lower].math == ")") { lower += 1 }
            while upper > lower && (run[upper - 1].kind == .space || run[upper - 1].math == "(") { upper -= 1 }
            if lower > 0 { out.append((false, Array(run[..<lower]))) }
            out.append((true, Array(run[lower..<upper])))
            if upper < run.count { out.append((false, Array(run[upper...]))) }
            run = []
        }
        for token in tokens {
            if token.kind == .text {
                flush()
                out.append((false, [token]))
            } else {
                run.append(token)
            }
        }
        flush()
        return out
    }
}

/// Appends LaTeX, with a space where a control word would otherwise run into a letter.
struct LaTeXWriter {
    private(set) var result = ""

    mutating func append(_ piece: String) {
        if let first = piece.first, first.isLetter, endsWithControlWord { result += " " }
        result += piece
    }

    private var endsWithControlWord: Bool {
        let letters = result.reversed().prefix { $0.isLetter }
        return !letters.isEmpty && result.dropLast(letters.count).last == "\\"
    }
}
