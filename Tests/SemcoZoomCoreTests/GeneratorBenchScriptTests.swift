import Foundation
import SemcoZoomTestSupport
import Testing

/// scripts/bench-cpu.sh, the part that works without `plan`: it generates (cached), runs the
/// Python baseline on the same files and prints the table. Uses the debug build's generator
/// (BENCH_BIN_DIR) so the test needs no release build.
@Suite struct GeneratorBenchScriptTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let canRun =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        && ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].contains {
            FileManager.default.isExecutableFile(atPath: $0)
        }

    static func bench(_ args: [String], data: URL) throws -> (code: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repositoryRoot.appendingPathComponent("scripts/bench-cpu.sh").path] + args
        var environment = ProcessInfo.processInfo.environment
        environment["BENCH_BIN_DIR"] = BenchRunner.executableURL.deletingLastPathComponent().path
        environment["BENCH_DATA_DIR"] = data.path
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // stderr is read concurrently: the script's progress must not fill the pipe.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    @Test(.enabled(if: canRun, "needs /usr/bin/time (Debian package 'time') and python3"))
    func baselineOnlyGeneratesOnceAndPrintsTheTable() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        for format in ["csv", "xml"] {
            let first = try Self.bench(["S", format, "--baseline-only", "--repeat", "1"], data: tmp.url)
            #expect(first.code == 0, "\(first.stderr)")
            // Seed 1, size S: 4 headers + 300 courses + 222 sessions + 490 trainers + 6,000 bookings
            // rows in CSV; 300 + 490 + 6,000 records in XML (sessions sit inside the courses).
            let expected =
                format == "csv" ? "| python csv module (7016 rows) |" : "| python xml.etree iterparse (6790 records) |"
            #expect(first.stdout.contains(expected), "\(first.stdout)")
            #expect(first.stdout.contains("| generate |"))
            #expect(first.stdout.contains("size S, format \(format), seed 1"))

            let second = try Self.bench(["S", format, "--baseline-only", "--repeat", "1"], data: tmp.url)
            #expect(second.code == 0)
            #expect(second.stderr.contains("using cached data"), "the second run re-uses the drop")
            #expect(!second.stdout.contains("| generate |"))
        }
    }

    @Test func badArgumentsAreRefused() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        for args in [["XL", "csv"], ["S", "json"], ["S"], ["S", "csv", "--repeat", "0"]] {
            let result = try Self.bench(args, data: tmp.url)
            #expect(result.code != 0, "\(args)")
            #expect(result.stderr.contains("bench-cpu") || result.stderr.contains("SIZE"), "\(args): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }
}
