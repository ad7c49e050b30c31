import Foundation
import SemcoZoomTestSupport
import Testing

/// What cron mails and admins see on stdout/stderr (README.md: a short summary; quiet when all is well).
@Suite("summary on stdout: short, quiet for cron, limited by --course", .serialized)
struct SummaryOutputTests {
    /// A copy of samples/ in a temp dir, run with the embedded simulator.
    func withSamples(_ body: (URL) async throws -> Void) async throws {
        let samples = RepositoryFiles.samples
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

    @Test("--verbose: every stage of the run on stderr, with the time since the start and the peak memory so far")
    func verboseStages() async throws {
        try await withSamples { dir in
            let run = try await CLIProcess.run(["plan", "--zoom", "simulator", "--drop", "samples/drop", "--verbose"], in: dir)
            #expect(run.exitCode == 2, "\(run.stdout)\n\(run.stderr)")
            let stages = run.stderr.split(separator: "\n").filter { $0.hasPrefix("· ") }
            let names = stages.map { $0.dropFirst(2).prefix { $0 != ":" && $0 != "[" } }
            #expect(names.contains { $0.hasPrefix("read 20 courses") }, "\(run.stderr)")
            #expect(names.contains("state"))
            #expect(names.contains("desired state"))
            #expect(names.contains { $0.hasPrefix("observed ") })
            #expect(names.contains("plan"))
            // "[0.12 s, peak 45 MB]": seconds never fall, memory is a plausible peak.
            var last = 0.0
            for stage in stages {
                let stamp = try #require(stage.split(separator: "[").last, "\(stage)")
                let parts = stamp.split(separator: " ")
                let seconds = try #require(Double(parts[0]), "\(stage)")
                let megabytes = try #require(Double(parts[3]), "\(stage)")
                #expect(parts.count == 5 && parts[1] == "s," && parts[2] == "peak" && parts[4] == "MB]", "\(stage)")
                #expect(seconds >= last)
                #expect(megabytes > 1 && megabytes < 4096)
                last = seconds
            }
        }
    }
}
