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

    @Test(
        "without --quiet: changes by kind, each course that needs attention with its errors and hints, warnings grouped; --quiet: the headline and the report page only"
    )
    func briefWhenTroubled() async throws {
        try await withSamples { dir in
            let full = try await CLIProcess.run(base + ["--language", "en"], in: dir)
            #expect(full.exitCode == 3)
            let fullLines = full.stdout.split(separator: "\n").map(String.init)
            // The result line, the changes by kind, each course that needs attention with its errors
            // and what to do, the warnings, the report; no progress on a pipe.
            // (The seventh warning: 10074's Max. TN 150 above the Pro licence.)
            #expect(fullLines.first?.contains("15 errors, 7 warnings.") == true, "\(full.stdout)")
            #expect(fullLines.dropFirst().first?.hasPrefix("In Zoom: 6 meetings created") == true, "\(full.stdout)")
            #expect(fullLines.contains("Needs attention:"))
            #expect(fullLines.filter { $0.hasPrefix("    ERROR [") }.count == 15)
            #expect(fullLines.filter { $0.hasPrefix("      → ") }.count == 15, "each error with its own hint")
            #expect(fullLines.contains("  Course 10068 Notfallmanagement - Zoom-Webinar"))
            #expect(
                fullLines.contains { $0.hasPrefix("    ERROR [course.end-before-start] The end date") },
                "no doubled course: \(full.stdout)")
            let warnings = fullLines.drop { $0 != "Warnings:" }.dropFirst().filter { $0.hasPrefix("  [") }
            #expect(warnings.count == 7, "the cut title once: \(full.stdout)")
            #expect(!full.stdout.contains("plan.topic-cut"))
            #expect(fullLines.last?.hasPrefix("Report: ") == true)
            #expect(full.stderr.isEmpty)

            let quiet = try await CLIProcess.run(base + ["--quiet"], in: dir)
            #expect(quiet.exitCode == 3)
            let lines = quiet.stdout.split(separator: "\n")
            #expect(lines.count == 2, "\(quiet.stdout)")
            #expect(lines.first?.contains("15 Fehler") == true)
            #expect(lines.last?.hasPrefix("Bericht: ") == true && lines.last?.hasSuffix("/report.html") == true)
            #expect(quiet.stderr.isEmpty)
        }
    }

    @Test("--verbose: every stage of the run on stderr, with the time since the start and the peak memory so far")
    func verboseStages() async throws {
        try await withSamples { dir in
            let run = try await CLIProcess.run(
                ["plan", "--zoom", "simulator", "--drop", "samples/drop", "--verbose"], in: dir)
            #expect(run.exitCode == 2, "\(run.stdout)\n\(run.stderr)")
            let stages = run.stderr.split(separator: "\n").filter { $0.hasPrefix("· ") }
            let names = stages.map { $0.dropFirst(2).prefix { $0 != ":" && $0 != "[" } }
            // In the run's language (German by default), like every other text.
            #expect(names.contains("Exporte gelesen"), "\(run.stderr)")
            #expect(names.contains("Statusdatei"))
            #expect(names.contains("Sollzustand"))
            #expect(names.contains("Zoom gelesen"))
            #expect(names.contains("Plan"))
            #expect(!run.stderr.contains("courses") && !run.stderr.contains("meetings"), "\(run.stderr)")
            // "[0.12 s, max. 45 MB]": seconds never fall, memory is a plausible peak.
            var last = 0.0
            for stage in stages {
                let stamp = try #require(stage.split(separator: "[").last, "\(stage)")
                let parts = stamp.split(separator: " ")
                let seconds = try #require(Double(parts[0]), "\(stage)")
                let megabytes = try #require(Double(parts[3]), "\(stage)")
                #expect(parts.count == 5 && parts[1] == "s," && parts[2] == "max." && parts[4] == "MB]", "\(stage)")
                #expect(seconds >= last)
                #expect(megabytes > 1 && megabytes < 4096)
                last = seconds
            }
        }
    }
}
