import Foundation
import SemcoZoomTestSupport
import Testing

/// What cron mails and admins see on stdout/stderr (cli.md: a short summary; quiet when all is well).
@Suite("summary on stdout: short, quiet for cron, limited by --course", .serialized)
struct SummaryOutputTests {
    /// A copy of samples/ in a temp dir, run with the embedded simulator.
    func withSamples(_ body: (URL) async throws -> Void) async throws {
        let samples = SharedReference.repositoryRoot.appendingPathComponent("samples")
        let dir = try TemporaryDirectory(prefix: "semco-zoom-summary")
        defer { dir.remove() }
        try FileManager.default.copyItem(at: samples, to: dir.url.appendingPathComponent("samples"))
        try await body(dir.url)
    }

    let base = ["sync", "--zoom", "simulator", "--keep-drop", "--drop", "samples/drop"]

    @Test("--quiet prints nothing at all when the run is clean; --course keeps other courses' errors out")
    func quietWhenClean() async throws {
        try await withSamples { dir in
            // Course 10062 alone is clean; the samples' other courses hold deliberate errors.
            let run = try await CLIProcess.run(base + ["--course", "10062", "--quiet"], in: dir)
            #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.isEmpty)
        }
    }

    @Test("--quiet with problems: the headline and the report page only; without it at most 20 problem lines")
    func briefWhenTroubled() async throws {
        try await withSamples { dir in
            let quiet = try await CLIProcess.run(base + ["--quiet"], in: dir)
            #expect(quiet.exitCode == 3)
            let lines = quiet.stdout.split(separator: "\n")
            #expect(lines.count == 2, "\(quiet.stdout)")
            #expect(lines.first?.contains("15 Fehler") == true)
            #expect(lines.last?.hasPrefix("Bericht: ") == true && lines.last?.hasSuffix("/report.html") == true)
            #expect(quiet.stderr.isEmpty)

            let full = try await CLIProcess.run(base + ["--language", "en"], in: dir)
            #expect(full.exitCode == 3)
            let fullLines = full.stdout.split(separator: "\n")
            // Headline, 15 error lines (under the limit), report path; no progress on a pipe.
            #expect(fullLines.count == 17, "\(full.stdout)")
            #expect(fullLines.filter { $0.hasPrefix("  ERROR [") }.count == 15)
            #expect(fullLines.last?.hasPrefix("Report: ") == true)
            #expect(full.stderr.isEmpty)
        }
    }
}
