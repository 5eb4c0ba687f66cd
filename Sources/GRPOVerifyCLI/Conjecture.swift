import ArgumentParser
import Conjectures
import Expressions
import Foundation
import GRPOModel
import Inputs
import Multiprecision
import Verification

struct ConjectureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conjecture",
        abstract: "A formula of your own against a certified quantity: agreement, inequalities, counterexamples.",
        discussion: """
            The formula (or @file) uses + - * / ^, parentheses, decimals (read exactly), pi, e, the \
            functions sqrt exp log log1p expm1 asinh acosh atanh sin cos arcsin arccos arctan abs min \
            max binomial, and the variables beta, ref, margin and G (finite groups) of each grid point \
            (ref only for --quantity beta-c); for a question (a --ref list and a reward model), beta, G, \
            ref1…refK, s1…sK (--success) and r1…rK (--rewards). It is evaluated in interval arithmetic and compared with \
            the quantity's interval-Newton enclosure: agreement to --digits digits is certified when both \
            enclosures round to the same decimal and overlap, refuted when they are disjoint. \
            With --domain, a relation is certified on a whole box, the quantity enclosed between its \
            certified corner values (π(a) is unique, increasing in π_ref(a) and decreasing in β): an \
            inequality box by box; an equality exactly where π(a) is the larger root of a quadratic (a \
            rational constant gap, G = ∞) and the formula algebraic (+ - * /, integer powers, one sqrt \
            radicand; exp with the direct penalty), else to --digits digits by mean values. \
            Exit status 0 when certified everywhere asked, 1 on a certified counterexample or an \
            undecided point, 2 on bad input.
            """
    )

    @Option(help: "The formula, or @file to read it from a file (at most 100000 characters).")
    var formula: String
    @Option(help: """
        What the formula is compared with: policy (π(a), or π(o_k) of a question), gap (the preference gap \
        Δ = P_G(a|π) − P_G(b|π) at the stationary policy), success-rate (μ = Σ π(o) s_o: π(a) with γ = 1, or a \
        question with --success), objective (GRPO's alignment objective F_G(μ) there) or beta-c (β_c of the \
        direct KL penalty at G = ∞).
        """)
    var quantity: Checked<QuantityFlag> = "policy"
    @Option(help: "=, <, <=, > or >=: the claim formula REL quantity.")
    var relation: Checked<RelationFlag> = "="
    @Option(help: "Significant digits, 5…10000.")
    var digits: Checked<DigitsFlag> = "30"
    @OptionGroup var grid: GridOptions<ConjectureGrid>
    @OptionGroup var rewards: RewardOptions
    @Option(help: "With a reward model (a --ref list): the answer k whose π(o_k) the formula gives, 1…K (default 1).")
    var answer: String?
    @Option(help: "population (the paper), bessel, population-eps:<ε>, bessel-eps:<ε> or shift.")
    var normalisation: Checked<NormalisationFlag>?
    @Flag(help: "Also sample between grid points (adaptively in β and π_ref(a)) and certify any violation found.")
    var search = false
    @Option(help: "Certify the relation on a whole box beta=b0:b1,ref=r0:r1 of one group size, penalty, γ and normalisation (ref=r0:r1 for --quantity beta-c); = is decided exactly where the policy is a quadratic's root and the formula algebraic, else to --digits by mean values.")
    var domain: String?
    @Option(help: "With --domain: boxes examined before the verdict is given as undecided, 1…10000000 (default 20000).")
    var maxBoxes: Checked<MaximumBoxesFlag>?
    @Option(help: "text or json.")
    var format: Checked<FormatFlag<SolveFormat>> = "text"
    @OptionGroup var threads: ThreadsOption
    @OptionGroup var limits: RunOptions

    func run() throws {
        let text = try Self.formulaText(formula)
        let parsed: Formula
        do {
            parsed = try Formula(text)
        } catch {
            throw Self.formulaFailure(error, in: text)
        }
        let digits = digits.value
        let conjecture = Conjecture(formula: parsed, quantity: quantity.value, relation: relation.value, digits: digits)
        if maxBoxes != nil && domain == nil { throw InputError("--max-boxes", "applies to --domain only") }
        var box = try domain.map { try domainBox($0, for: conjecture) }
        if let budget = maxBoxes?.value { box?.maximumBoxes = budget }
        let points = box == nil ? try self.points(for: quantity.value) : []
        let corner = try box.map { try $0.point(beta: $0.beta?.lower, reference: $0.reference.lower) }
        do throws(FormulaError) {
            for point in points { try conjecture.requireVariables(at: point) }
            if let corner { try conjecture.requireVariables(at: corner) }
        } catch {
            throw Self.formulaFailure(error, in: text)
        }

        let progress = limits.start("conjecture", total: points.count)
        let run: ConjectureRun
        do {
            let verdicts = try conjecture.verdicts(at: points, threads: threads.count, progress: progress.advance)
            let searched = search ? ConjectureSearch().run(conjecture, around: points) : nil
            run = ConjectureRun(conjecture: conjecture, verdicts: verdicts, search: searched,
                                domain: try box.map { ($0, try conjecture.verdict(on: $0)) })
        } catch let error as ConjectureEvaluationError {
            progress.finish()
            throw Self.formulaFailure(error.error, in: text, at: error.point.description)
        }
        progress.finish()
        switch format.value {
        case .text: try StandardOutput.write(ConjectureReport.text(run))
        case .json: try StandardOutput.write(ConjectureReport.json(run, provenance: provenance(digits)).rendered())
        }
        if !run.holds { throw VerificationFailed("conjecture: the claim is not certified at every point (see the report)") }
    }

    func provenance(_ digits: Int) -> [(key: String, value: String)] {
        [("command", "conjecture"), ("version", GRPOVerify.version), ("digits", String(digits)), ("formula", formula),
         ("quantity", quantity.text), ("relation", relation.text)]
            + [("group_size", grid.groupSize?.text), ("penalty", grid.penalty?.text), ("beta", grid.beta?.text),
               ("ref", grid.reference), ("margin", grid.margin?.text)].compactMap { key, value in value.map { (key, $0) } }
            + rewards.flags.provenance
            + [("answer", answer), ("normalisation", normalisation?.text), ("domain", domain), ("max_boxes", maxBoxes?.text)]
                .compactMap { key, value in value.map { (key, $0) } }
            + [("search", String(search))]
    }

    /// The grid points: binary settings for `policy`, `gap` and `success-rate` (the grid of
    /// `table`), or the settings of a question; reference probabilities in (0, 1) for `beta-c`.
    func points(for quantity: ConjectureQuantity) throws -> [ConjecturePoint] {
        try requireApplicable(quantity)
        switch quantity {
        case .betaC:
            let references = try Parameters.openReferenceGrid(grid.references)
            return references.values.map { .threshold(reference: $0) }
        case .policy where !rewards.flags.given.isEmpty:
            return try questionPoints()
        case .gap where !rewards.flags.given.isEmpty:
            throw InputError(rewards.flags.given[0], "does not apply to --quantity gap, the preference gap of a binary question")
        case .successRate where !rewards.flags.given.isEmpty, .objective where !rewards.flags.given.isEmpty:
            guard rewards.flags.given == ["--success"] else {
                throw InputError(rewards.flags.given[0], "--quantity \(quantity.rawValue) needs 0/1 rewards: give --success")
            }
            if answer != nil {
                throw InputError("--answer", "does not apply to --quantity \(quantity.rawValue), one number per question")
            }
            return try questionPoints()
        case .policy, .gap, .successRate, .objective:
            if answer != nil {
                throw InputError("--answer", "applies to questions given with --success or another reward model")
            }
            let normalisation = (normalisation ?? "population").value
            let settings = try grid.settings()
            return try settings.map { .binary(try $0.with(normalisation: normalisation)) }
        }
    }

    /// A question with several answers (built as `solve` builds it): every group size, penalty
    /// and β of the grid.
    func questionPoints() throws -> [ConjecturePoint] {
        let flags = rewards.flags
        guard let reference = grid.reference else {
            throw InputError("--ref", "required with \(flags.given[0]): one π_ref(o) per answer")
        }
        if grid.margin != nil { throw InputError("--margin", "applies to binary questions; give a reward model instead") }
        let question = try Parameters.question(references: reference, rewards: flags)
        let answer = try Parameters.integer(answer ?? "1", flag: "--answer", in: 1...question.count) - 1
        return try QuestionGrid.settings(question, normalisation: (normalisation ?? "population").value,
                                         groupSizes: grid.groupSizes.value, penalties: grid.penalties.value,
                                         betas: grid.betas.value).map { .question($0, answer: answer) }
    }

    /// `--domain beta=b0:b1,ref=r0:r1` (`ref=r0:r1` for β_c), with the flags it allows: one
    /// value each of --group-size, --penalty and --margin, and --normalisation.
    func domainBox(_ domain: String, for conjecture: Conjecture) throws -> ConjectureDomain {
        let quantity = conjecture.quantity
        let given = [("--beta", grid.beta != nil), ("--ref", grid.reference != nil), ("--answer", answer != nil)]
            .filter(\.1).map(\.0) + rewards.flags.given
        if let flag = given.first {
            throw InputError(flag, "cannot be combined with --domain, a box of binary settings over the ranges of β and π_ref(a)")
        }
        if search { throw InputError("--search", "cannot be combined with --domain, which certifies the whole box") }
        let names = quantity == .betaC ? ["ref"] : ["beta", "ref"]
        let form = quantity == .betaC ? "ref=r0:r1 (β_c depends on π_ref(a) only)" : "beta=b0:b1,ref=r0:r1"
        var ranges: [String: DecimalRange] = [:]
        for item in domain.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let bounds = parts.count == 2 ? parts[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init) : []
            guard parts.count == 2, names.contains(parts[0]), ranges[parts[0]] == nil, bounds.count == 2 else {
                throw InputError("--domain", "'\(domain)' is not \(form)")
            }
            let range: Parameters.Range = parts[0] == "beta" ? .positive : .openProbability
            let flag = "--domain \(parts[0])"
            ranges[parts[0]] = (try Parameters.decimal(bounds[0], flag: flag, in: range),
                                try Parameters.decimal(bounds[1], flag: flag, in: range))
        }
        guard ranges.count == names.count else { throw InputError("--domain", "'\(domain)' is not \(form)") }
        do {
            if quantity == .betaC {
                try requireApplicable(quantity)
                return try ConjectureDomain(thresholdReference: ranges["ref"]!)
            }
            for (flag, single) in [("--group-size", grid.groupSizes.value.count == 1), ("--penalty", grid.penalties.value.count == 1),
                                   ("--margin", grid.margins.value.count == 1)] where !single {
                throw InputError(flag, "takes one value with --domain, a box of one question's settings")
            }
            try requireApplicable(quantity)
            return try ConjectureDomain(groupSize: grid.groupSizes.value[0], penalty: grid.penalties.value[0],
                                        beta: ranges["beta"]!, reference: ranges["ref"]!,
                                        margin: try Parameters.margin(grid.margins.text),
                                        normalisation: (normalisation ?? "population").value)
        } catch let refusal as ConjectureDomain.Refusal {
            throw InputError(refusal.field.map { "--\($0)" } ?? "--domain", refusal.description)
        }
    }

    /// The flags `quantity` refuses on binary settings and for β_c (one place for the grid and the box).
    func requireApplicable(_ quantity: ConjectureQuantity) throws {
        switch quantity {
        case .betaC:
            let given = [("--group-size", grid.groupSize != nil), ("--penalty", grid.penalty != nil),
                         ("--beta", grid.beta != nil), ("--margin", grid.margin != nil),
                         ("--normalisation", normalisation != nil)].filter(\.1).map(\.0)
                + rewards.flags.given + (answer == nil ? [] : ["--answer"])
            if let flag = given.first {
                throw InputError(flag, "does not apply to --quantity beta-c, which depends on --ref only")
            }
        case .objective where grid.penalties.value != [.reverse]:
            throw InputError("--penalty", "--quantity objective is F_G of the reverse penalty: give --penalty reverse")
        case .objective where (normalisation?.value ?? .population) != .population:
            throw InputError("--normalisation", "--quantity objective is F_G of the population normalisation")
        case .successRate where rewards.flags.given.isEmpty, .objective where rewards.flags.given.isEmpty:
            if grid.margins.value.values.contains(where: { !$0.isNumericallyEqual(to: .one) }) {
                throw InputError("--margin", "--quantity \(quantity.rawValue) needs deterministic rewards 1 and 0: give --margin 1")
            }
        default:
            break
        }
    }

    /// The formula as given, or the contents of `@file`.
    static func formulaText(_ argument: String) throws -> String {
        guard argument.hasPrefix("@") else { return argument }
        let path = String(argument.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("--formula", "cannot read the file '\(path)'")
        }
        guard data.count <= 4 * Formula.maximumLength, let text = String(data: data, encoding: .utf8) else {
            throw InputError("--formula", "the file '\(path)' is not UTF-8 text of at most \(Formula.maximumLength) characters")
        }
        return text
    }

    /// The one-line error of a formula: its place and message, then the formula's line with a
    /// caret `‸` before the offending column (exit status 2).
    static func formulaFailure(_ error: FormulaError, in text: String, at point: String? = nil) -> InputError {
        let (excerpt, caret) = error.caretLines(in: text)
        var marked = Array(excerpt)
        let column = min(marked.count, caret.prefix(while: { $0 == " " }).count)
        marked.insert("‸", at: column)
        return InputError("--formula", (point.map { "at \($0): " } ?? "") + error.description
                          + " (here: " + String(marked).trimmingCharacters(in: .whitespaces) + ")")
    }
}
