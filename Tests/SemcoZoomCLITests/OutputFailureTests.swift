import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

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
