import ArgumentParser
import Figures
import Foundation
import Inputs
import Reports

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plot a figure of the paper's stationary policies, from the same code as the tables.",
        discussion: """
            Figures: \(PaperFigure.allCases.map(\.rawValue).joined(separator: ", ")). Writes \
            <figure>.svg, <figure>.tex (pgfplots, data inline) or <figure>.csv (curve,x,y) to --out, \
            through .<file>.partial-PID renamed into place (removed on a failure, SIGINT or \
            SIGTERM). Exit status 1 if --out cannot be written, 2 on bad input.
            """
    )

    @Argument(help: "fig1, fig2, fig3, finite-g, pooling, threshold or objective.")
    var figure: Checked<FigureFlag>
    @Option(help: "Output folder (created if missing).")
    var out: Checked<FolderFlag> = "figures"
    @Option(help: "svg, pgfplots or csv.")
    var format: Checked<FormatFlag<FigureFormat>> = "svg"
    @Option(help: "Significant digits of the plotted values, 3…30.")
    var digits: Checked<FigureDigitsFlag> = "6"

    @OptionGroup var curves: FigureFlags
    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = limits.start("plot")
        defer { progress.finish() }
        let (figure, format) = (figure.value, format.value)
        let parameters = try curves.parameters(for: figure)
        let output = try StagedOutput(file: out.value.appendingPathComponent("\(figure.rawValue).\(format.fileExtension)"),
                                      flag: "--out")
        defer { output.discard() }
        try output.write(try Self.render(figure, parameters: parameters, formats: [format], digits: digits.value,
                                         command: "plot", flags: curves.provenance)[0].text)
        try output.commit()
        try StandardOutput.line("wrote \(singleLine(output.target.path))")
    }

    /// Computes `figure` and renders it in each of `formats`: file names and contents.
    static func render(_ figure: PaperFigure, parameters: PaperFigure.Parameters? = nil, formats: [FigureFormat],
                       digits: Int, command: String,
                       flags: [(key: String, value: String)] = []) throws -> [(name: String, text: String)] {
        let drawn = try figure.figure(digits: digits, parameters: parameters,
                                      provenance: [("command", command), ("version", GRPOVerify.version)] + flags)
        return formats.map { ("\(figure.rawValue).\($0.fileExtension)", $0.render(drawn)) }
    }
}
