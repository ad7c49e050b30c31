import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// Progress goes to stderr unbuffered: a long run redirected to a file shows where it is.
func say(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

@Suite("soak: randomized nights of SEMCO edits, Zoom edits, faults and kills against the real binary", .serialized)
struct SoakTests {
    /// The default run: bounded for CI (SOAK_SEED / SOAK_NIGHTS override; scripts/soak.sh for long runs).
    @Test("every night ends with Zoom, the state and the report in step (default ≥ 50 nights)")
    func soak() async throws {
        let soak = SoakCase.fromEnvironment(
            ProcessInfo.processInfo.environment, defaultSeed: 20_270_301, defaultNights: 60)
        try await Self.run(soak)
    }

    /// The same with `zoom.kind: webinar` (webinar add-on, approvals after the adds). A long run
    /// chooses webinars with SOAK_WEBINARS=1 (scripts/soak.sh); then this bounded one steps aside.
    @Test(
        "webinars: every night ends with Zoom, the state and the report in step (50 nights)",
        .enabled(if: ProcessInfo.processInfo.environment["SOAK_SEED"] == nil))
    func webinarSoak() async throws {
        var soak = SoakCase(seed: 20_270_316, nights: 50)
        soak.webinars = true
        let statistics = try await Self.run(soak)
        #expect(statistics.meetingsAtEnd > 0 && statistics.webinarsAtEnd == statistics.meetingsAtEnd)
        #expect(statistics.registrantsAtEnd > 0)
    }

    @discardableResult
    static func run(_ soak: SoakCase) async throws -> SoakStatistics {
        let result = try await SoakDriver.run(soak) { line in say(line) }
        say("soak \(soak): \(result.statistics.summary)")
        if result.failed {
            // Shown before shrinking, which can take as long as the run itself.
            say(
                "soak \(soak.seed): FAILED in night \(result.firstFailingNight ?? -1):\n"
                    + result.violations.prefix(20).map { "  - \($0)" }.joined(separator: "\n")
                    + "\nlast nights:\n" + result.log.suffix(12).map { "  " + $0 }.joined(separator: "\n"))
            let minimal = try await SoakDriver.shrink(result) { line in say(line) }
            Issue.record(Comment(rawValue: SoakDriver.report(original: result, minimal: minimal)))
        }
        #expect(result.statistics.nights == soak.nights)
        // The soak must have exercised what it claims to (a soak that never faults proves little).
        if soak.nights >= 50 && soak.faults && soak.kills {
            #expect(result.statistics.faultsInjected > 0)
            #expect(result.statistics.kills > 0)
            #expect(result.statistics.strictNights > 0)
        }
        return result.statistics
    }
}
