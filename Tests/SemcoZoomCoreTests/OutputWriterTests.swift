import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

@Suite struct OutputWriterTests {
    func mode(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    @Test func writesEveryFileOwnerOnly() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let out = tmp.url.appendingPathComponent("runs/20270406-084640-ab12")
        try tmp.write("runs/20270406-084640-ab12/api-calls.jsonl", "{}\n")
        let previous = umask(0o022)
        defer { umask(previous) }
        let report = try OutputWriter.write(
            ReportFixture.assembler(), state: ReportFixture.state,
            importBatches: ReportFixture.importBatches, zoomImportHeader: true, to: out)

        #expect(
            report.zoomImportFiles.map(\.path) == [
                "zoom-import/10063_87000000001.csv", "zoom-import/10064_88000000002.csv",
            ])
        #expect(report.counts.registrantsHandedToImport == 2)
        #expect(
            report.files == [
                "api-calls.jsonl", "report.html", "report.json", "semco-import/buchungen.csv", "semco-import/kurse.csv",
            ])

        let expected = [
            "report.json", "report.html", "zoom-import/10063_87000000001.csv", "zoom-import/10064_88000000002.csv",
            "semco-import/kurse.csv", "semco-import/buchungen.csv",
        ]
        for name in expected {
            let url = out.appendingPathComponent(name)
            #expect(FileManager.default.fileExists(atPath: url.path), "\(name)")
            #expect(try mode(url) == 0o600, "\(name)")
        }
        for folder in ["", "zoom-import", "semco-import"] {
            #expect(try mode(out.appendingPathComponent(folder)) == 0o700, "\(folder)")
        }
        // No temporary files are left behind.
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)

        let onDisk = try ReportDocument.makeDecoder().decode(
            ReportDocument.self, from: Data(contentsOf: out.appendingPathComponent("report.json")))
        #expect(onDisk == report)
        let csv = try String(
            contentsOf: out.appendingPathComponent("zoom-import/10063_87000000001.csv"), encoding: .utf8)
        #expect(csv == "Email,First Name,Last Name\r\nback@example.com,\"Pat \"\"Paddy\"\"\",\"O'Brien, Jr.\"\r\n")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("zoom-import/10064_88000000002.csv"))
    }

    @Test func planModeWritesNoWriteBackAndRewritesReplaceFiles() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let out = tmp.url.appendingPathComponent("out")
        try OutputWriter.write(
            ReportFixture.assembler(mode: .plan), state: nil, importBatches: [], zoomImportHeader: false, to: out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("semco-import").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("zoom-import").path))
        let first = try Data(contentsOf: out.appendingPathComponent("report.json"))
        try OutputWriter.write(
            ReportFixture.assembler(mode: .plan), state: nil, importBatches: [], zoomImportHeader: false, to: out)
        #expect(try Data(contentsOf: out.appendingPathComponent("report.json")) == first)
    }

    @Test func unwritableFolderGivesAMessageThatNamesIt() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let blocker = try tmp.write("out", "a file where the folder should be")
        #expect {
            try OutputWriter.write(
                ReportFixture.assembler(), state: nil, importBatches: [], zoomImportHeader: true, to: blocker)
        } throws: { error in
            guard let error = error as? OutputError else { return false }
            return error.message.de.contains(blocker.path) && error.message.en.contains("--out")
        }
    }
}
