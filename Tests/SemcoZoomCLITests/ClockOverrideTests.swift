import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// `SEMCO_ZOOM_TEST_NOW`: the test hook the soak uses so that a run's "today", its daily write
/// ledger and token lifetimes follow the simulated nights (RELIABILITY.md).
@Suite("SEMCO_ZOOM_TEST_NOW: a run at another date", .serialized)
struct ClockOverrideTests {
    @Test(
        "after the course's end the run leaves it alone; before it, the meeting is created and the API log carries that date"
    )
    func runAtAnotherDate() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()

        let after = try await scene.run(
            "sync", ["--keep-drop", "--json"], environment: [ClockOverride.environmentKey: "2027-04-20T20:00:00Z"])
        #expect(after.exitCode == 0, "\(after.stdout)\n\(after.stderr)")
        #expect(await scene.meetings().isEmpty)
        let outcome = try scene.report(after)
        #expect(outcome.startedAt >= SyncScene.utc("2027-04-20T20:00:00Z"))
        #expect(outcome.startedAt < SyncScene.utc("2027-04-20T21:00:00Z"))

        let before = try await scene.run(
            "sync", ["--keep-drop", "--json"], environment: [ClockOverride.environmentKey: "2027-04-01T20:00:00Z"])
        #expect(before.exitCode == 0, "\(before.stdout)\n\(before.stderr)")
        #expect(await scene.meetings().count == 1)
        let runFolder = try scene.reportFile(before).deletingLastPathComponent()
        let log = try String(contentsOf: runFolder.appendingPathComponent("api-calls.jsonl"), encoding: .utf8)
        #expect(log.contains("\"2027-04-01T20:"))
        #expect(try scene.state().dailyWrites?.day == CalendarDay(iso: "2027-04-01"))
    }

    @Test("unset, empty or unreadable: the machine's clock")
    func fallsBackToTheSystemClock() {
        for environment in [[:], [ClockOverride.environmentKey: ""], [ClockOverride.environmentKey: "gestern"]] {
            let now = ClockOverride.clock(environment: environment).now()
            #expect(abs(now.timeIntervalSinceNow) < 60)
        }
        let shifted = ClockOverride.clock(environment: [ClockOverride.environmentKey: "2030-01-01T00:00:00Z"]).now()
        #expect(abs(shifted.timeIntervalSince(SyncScene.utc("2030-01-01T00:00:00Z"))) < 60)
    }
}
