import ArgumentParser
import Figures
import Foundation
import Reports

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plot a figure of the paper's stationary policies, from the same code as the tables.",
        discussion: """
            Figures: \(PaperFigure.allCases.map(\.rawValue).joined(separator: ", ")). Writes \
            <figure>.svg, <figure>.tex (pgfplots, data inline) or <figure>.csv (curve,x,y) to --out.
            """
    )

    @Argument(help: "fig1, fig2, fig3, finite-g, pooling or threshold.")
    var figure: String
    @Option(help: "Output folder (created if missing).")
    var out = "figures"
    @Option(help: "svg, pgfplots or csv.")
    var format = "svg"
    @Option(help: "Significant digits of the plotted values, 3…30.")
    var digits = "6"

    @OptionGroup var curves: FigureFlags
    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = try limits.start("plot")
        defer { progress.finish() }
        let figure = try Parameters.choice(figure, flag: "<figure>", among: PaperFigure.allCases)
        let format = try Parameters.choice(format, flag: "--format", among: FigureFormat.allCases)
        let digits = try Parameters.figureDigits(digits)
        let parameters = try curves.parameters(for: figure)
        let folder = try Parameters.folder(out)
        let url = try Self.write(figure, parameters: parameters, formats: [format], digits: digits, command: "plot",
                                 flags: curves.provenance, to: folder).first!
        print("wrote \(url.path)")
    }

    /// Computes `figure` and writes it in each of `formats` to `folder`, each file through a
    /// temporary file and a rename; returns the files written.
    static func write(_ figure: PaperFigure, parameters: PaperFigure.Parameters? = nil, formats: [FigureFormat],
                      digits: Int, command: String, flags: [(key: String, value: String)] = [], to folder: URL) throws -> [URL] {
        let drawn = try figure.figure(digits: digits, parameters: parameters,
                                      provenance: [("command", command), ("version", GRPOVerify.version)] + flags)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try formats.map { format in
            let url = folder.appendingPathComponent("\(figure.rawValue).\(format.fileExtension)")
            try format.render(drawn).write(to: url, atomically: true, encoding: .utf8)
            return url
        }
    }
}
