import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// Nothing silent: an output that cannot be written is an error diagnostic on stdout, in the
/// report when that can still be written, and exit 3 — cron must learn of it.
@Suite struct OutputFailureTests {
    @Test("a SEMCO write-back that cannot be written: error on stdout, in report.json, exit 3")
    func writeBackFails() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let out = scene.dir.url.appendingPathComponent("out")
        // A file where the write-back's folder goes.
        try scene.dir.write("out/\(SemcoWriteBack.folder)", "in the way")
        let result = try await scene.run("sync", ["--out", out.path, "--keep-drop"])
        #expect(result.exitCode == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("[output.write-failed]"), "\(result.stdout)")
        #expect(result.stdout.contains(SemcoWriteBack.folder))
        let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(report.contains("output.write-failed"))
        #expect(result.stdout.contains("Bericht: "))
        // Zoom itself was synced; the next run writes the outputs again.
        #expect(await scene.meetings().count == 1)
    }

    @Test(
        "a Zoom import file that cannot be written: error on stdout and in report.json, exit 3; the write-back is written all the same"
    )
    func importFileFails() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        // Zoom refuses every registration with a reason the CSV import gets round: the people go to the import file.
        await scene.simulator.inject(
            SimulatedFault(
                method: "POST", pathPrefix: "/v2/meetings/", count: 100,
                action: .respond(
                    status: 400, body: #"{"code":3000,"message":"Registrant cannot be added."}"#, headers: [:])))
        try scene.writeGuideCourse()
        let out = scene.dir.url.appendingPathComponent("out")
        try scene.dir.write("out/\(ZoomImportCSV.folder)", "in the way")
        let result = try await scene.run("sync", ["--out", out.path, "--keep-drop"])
        #expect(result.exitCode == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("[output.write-failed]"), "\(result.stdout)")
        #expect(result.stdout.contains(ZoomImportCSV.folder))
        let report = try ReportDocument.makeDecoder().decode(
            ReportDocument.self, from: Data(contentsOf: out.appendingPathComponent("report.json")))
        #expect(report.diagnostics.contains { $0.code == "output.write-failed" })
        #expect(report.zoomImportFiles.isEmpty)
        let courses = try String(
            contentsOf: out.appendingPathComponent("\(SemcoWriteBack.folder)/\(SemcoWriteBack.coursesFile)"),
            encoding: .utf8)
        #expect(courses.contains("10062;Ja;"), "\(courses)")
        #expect(report.files.contains("\(SemcoWriteBack.folder)/\(SemcoWriteBack.coursesFile)"))
    }

    @Test("plan: an output folder that cannot hold the report is exit 3, not a quiet 2")
    func planReportFails() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let out = scene.dir.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent(OutputWriter.reportHTML), withIntermediateDirectories: true)
        let result = try await scene.run("plan", ["--out", out.path, "--language", "en"])
        #expect(result.exitCode == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("[output.write-failed]"), "\(result.stdout)")
    }
}
