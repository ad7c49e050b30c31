import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// scripts/bench-api-report.py, the analysis of scripts/bench-api.sh, on run folders written
/// here the way a run leaves them (api-calls.jsonl from `APICallRecord.jsonLine()`, the `--json`
/// summary, `/usr/bin/time -v` output). The runs themselves take minutes and stay out of the suite.
@Suite struct BenchAPIReportTests {
    static let script = GeneratorBenchScriptTests.repositoryRoot.appendingPathComponent("scripts/bench-api-report.py")
    static let canRun = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].contains {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    struct Call {
        var method: String
        var path: String
        /// The course is this prefix and the call number modulo 8: 8 courses in flight.
        var course: String? = "1000"
        var attempt = 1
        var status = 201
    }

    static func writeRun(_ dir: TemporaryDirectory, _ name: String, calls: [Call], zoomWrites: Int, wall: String) throws
    {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var lines = ""
        for (n, call) in calls.enumerated() {
            // One call every 50 ms, each answered after 100 ms.
            let record = APICallRecord(
                time: start.addingTimeInterval(Double(n) * 0.05 + 0.1), method: call.method, path: call.path,
                status: call.status, zoomCode: nil, durationMs: 100, attempt: call.attempt,
                course: call.course.map { "\($0)\(n % 8)" }, booking: nil)
            lines += record.jsonLine() + "\n"
        }
        try dir.write("\(name)/api-calls.jsonl", lines)
        try dir.write("\(name).out", #"{"counts":{"zoomWrites":\#(zoomWrites),"applied":\#(zoomWrites)},"exitCode":0}"#)
        try dir.write(
            "\(name).time",
            """
            \tUser time (seconds): 1.50
            \tSystem time (seconds): 0.50
            \tMaximum resident set size (kbytes): 51200
            \tElapsed (wall clock) time (h:mm:ss or m:ss): \(wall)
            """)
    }

    static func report(_ dir: TemporaryDirectory) throws -> (code: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script.path, "--run", dir.url.path, "--latency-ms", "100", "--plan", "pro", "--concurrency", "8",
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func firstSync() -> [Call] {
        [
            Call(method: "POST", path: "/oauth/token", course: nil, status: 200),
            Call(method: "POST", path: "/v2/users/{userId}/meetings"),
        ]
            + (0..<60).map { _ in Call(method: "POST", path: "/v2/meetings/80000000001/registrants") }
            + [
                Call(method: "POST", path: "/v2/meetings/80000000001/batch_registrants"),
                Call(method: "GET", path: "/v2/meetings/80000000001/registrants", status: 200),
            ]
    }

    static func night(writes: Bool) -> [Call] {
        var calls = [
            Call(method: "POST", path: "/oauth/token", course: nil, status: 200),
            Call(method: "GET", path: "/v2/meetings/80000000001", status: 200),
        ]
        calls += ["approved", "pending", "denied"].map { _ in
            Call(method: "GET", path: "/v2/meetings/80000000001/registrants", status: 200)
        }
        if writes { calls.append(Call(method: "PATCH", path: "/v2/meetings/80000000001", status: 204)) }
        return calls
    }

    @Test(.enabled(if: canRun, "needs python3"))
    func labelsBoundsAndTargets() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // 61 Light calls (create + 60 adds) ÷ 30/s = 2.03 s is the bound (the longest course
        // chain is 8 calls × 0.1 s); the API wall (first start to last answer) is 63 × 50 ms +
        // 100 ms = 3.25 s: 1.60 × the bound, a miss.
        try Self.writeRun(dir, "first-sync", calls: Self.firstSync(), zoomWrites: 62, wall: "0:04.00")
        try Self.writeRun(dir, "no-change-night", calls: Self.night(writes: false), zoomWrites: 0, wall: "0:01.00")
        let missed = try Self.report(dir)
        #expect(missed.code == 2, "\(missed.stdout)")
        #expect(
            missed.stdout.contains(
                "| first-sync | 0 | 63 | 61 | 1 | 1 | 62 | 62 | 0 | 0 | 4.0 | 3.2 | 2.0 | 50.0 | 2.0 | 1.60 |"),
            "\(missed.stdout)")
        #expect(missed.stdout.contains("first-sync: lower bound 2.0 s (Light 61 calls / 30/s)"))
        #expect(missed.stdout.contains("POST /meetings/{id}/batch_registrants 1"))
        #expect(missed.stdout.contains("target missed: first sync took 3.2 s"))
        #expect(!missed.stdout.contains("no-change night made"))

        // A night that writes is a miss of its own; write calls that differ from the plan's too.
        try Self.writeRun(dir, "first-sync", calls: Self.firstSync(), zoomWrites: 61, wall: "0:04.00")
        try Self.writeRun(dir, "no-change-night", calls: Self.night(writes: true), zoomWrites: 1, wall: "0:01.00")
        let worse = try Self.report(dir)
        #expect(worse.code == 2)
        #expect(worse.stdout.contains("target missed: the no-change night made 1 write calls"))
        #expect(worse.stdout.contains("target missed: first sync: 62 write calls for 61 Zoom-write actions"))
    }

    @Test(.enabled(if: canRun, "needs python3"))
    func aRunAtItsBoundMeetsTheTargets() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // 100 Light calls in 3.4 s: bound 100 ÷ 30 = 3.33 s, 1.02 ×.
        let calls = (0..<100).map { _ in Call(method: "POST", path: "/v2/meetings/80000000001/registrants") }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var lines = ""
        for (n, call) in calls.enumerated() {
            lines +=
                APICallRecord(
                    time: start.addingTimeInterval(Double(n) * 0.033 + 0.1), method: call.method, path: call.path,
                    status: 201, zoomCode: nil, durationMs: 100, attempt: 1, course: "1000\(n % 8)", booking: nil
                ).jsonLine() + "\n"
        }
        try dir.write("first-sync/api-calls.jsonl", lines)
        try dir.write("first-sync.out", #"{"counts":{"zoomWrites":100},"exitCode":0}"#)
        try dir.write("first-sync.time", "\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:04.00\n")
        try Self.writeRun(dir, "no-change-night", calls: Self.night(writes: false), zoomWrites: 0, wall: "0:01.00")
        let met = try Self.report(dir)
        #expect(met.code == 0, "\(met.stdout)")
        #expect(met.stdout.contains("targets met"))
    }
}
