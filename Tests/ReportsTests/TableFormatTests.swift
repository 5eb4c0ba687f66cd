import Foundation
import Reports
import Testing

@Suite struct Formats {
    let table = Table(title: "t", columns: [.init("a", heading: "A", numeric: false), .init("b", heading: "β")],
                      rows: [["x,y", "say \"hi\""], ["plain", "1\n2"]],
                      summary: [("rows checked", "2")], provenance: [("command", "test")])

    @Test func csvQuotesOnlyWhatNeedsQuoting() {
        let csv = TableFormat.csv.render(table)
        #expect(csv == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\nplain,\"1\n2\"\r\n")
    }

    @Test func jsonIsValidAndKeepsColumnOrder() throws {
        let text = TableFormat.json.render(table)
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["columns"] as? [String] == ["a", "b"])
        let rows = try #require(object["rows"] as? [[String: String]])
        #expect(rows[0]["b"] == "say \"hi\"")
        #expect(rows[1]["b"] == "1\n2")
        #expect(text.range(of: "\"a\"")!.lowerBound < text.range(of: "\"b\"")!.lowerBound)
    }

    @Test func latexEscapesSpecialCharacters() {
        let text = TableFormat.latex.render(Table(title: "t", columns: [.init("k", heading: "π_ref & β")],
                                                  rows: [["50% #1"]]))
        #expect(text.contains("{$\\pi_{\\mathrm{ref}}$ \\& $\\beta$} \\\\"))
        #expect(text.contains("{50\\% \\#1} \\\\"))
    }
}
