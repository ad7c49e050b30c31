import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// A batch registration is one Zoom call but one registration per person: the report and the
/// Zoom import file show each person, whether the batch was applied, failed or deferred.
@Suite struct ReportBatchRegistrationTests {
    static let meeting: ZoomMeetingID = 89_000_000_003
    static func people(_ prefix: String, _ count: Int) -> [RegistrantAdd] {
        (0..<count).map {
            RegistrantAdd(
                booking: "BN27-\(prefix)\($0)",
                request: ZoomRegistrantRequest(
                    email: "\(prefix)\($0)@example.com", firstName: "Eva", lastName: "Lang \($0)"))
        }
    }

    static func outcome() -> RunOutcome {
        var outcome = RunOutcome(runID: "run-b", mode: .sync, startedAt: ReportFixture.started)
        outcome.finishedAt = ReportFixture.finished
        let r = ReportFixture.reason
        outcome.actions = [
            ActionOutcome(
                PlannedAction(
                    course: "10070", booking: "BN27-a0",
                    kind: .addRegistrants(.existing(meeting), registrants: people("a", 3)),
                    reason: r("3 neue Buchungen", "3 new bookings")), result: .applied, meetingID: meeting),
            ActionOutcome(
                PlannedAction(
                    course: "10071", booking: "BN27-f0",
                    kind: .addRegistrants(.existing(meeting + 1), registrants: people("f", 2)),
                    reason: r("2 neue Buchungen", "2 new bookings")),
                result: .failed, error: .api(status: 400, code: 3043, message: "capacity", fieldErrors: []),
                meetingID: meeting + 1),
        ]
        outcome.deferred = [
            DeferredOutcome(
                DeferredWork(
                    course: "10072", booking: "BN27-d0",
                    action: .addRegistrants(.existing(meeting + 2), registrants: people("d", 2)),
                    reason: r("Tagesbudget", "Daily budget"), notBefore: ReportFixture.tomorrowUTC))
        ]
        outcome.exitStatus = .partial
        outcome.recount()
        return outcome
    }

    @Test func everyPersonIsARowWithBookingAndName() {
        let report = OutputWriter.assembler(
            for: Self.outcome(), state: nil, language: .en, timeZone: "Europe/Berlin",
            courseTitles: [:]
        ).assemble()
        let adds = report.actions.filter { $0.kind == .addRegistrant }
        #expect(adds.count == 7)
        #expect(adds.filter { $0.status == .applied }.map(\.booking) == ["BN27-a0", "BN27-a1", "BN27-a2"])
        #expect(adds.first { $0.booking == "BN27-a1" }?.participant == "Eva Lang 1")
        #expect(adds.filter { $0.status == .failed }.allSatisfy { $0.zoomCode == 3043 })
        #expect(adds.filter { $0.status == .deferred }.map(\.booking) == ["BN27-d0", "BN27-d1"])
        #expect(report.counts.registrantsAdded == 3)
        #expect(!report.actions.contains { $0.kind == .other })
    }

    @Test func deferredBatchesGoToTheImportFileButAFullMeetingDoesNot() {
        // The capacity refusal (3043) is not one the portal's import gets round; the deferred batch is.
        let batches = OutputWriter.importBatches(for: Self.outcome(), state: nil)
        #expect(batches.map(\.course) == ["10072"])
        #expect(
            batches.first?.meetingID == Self.meeting + 2
                && batches.first?.rows.map(\.email) == ["d0@example.com", "d1@example.com"])
        // A batch refused for a reason the import helps with (3000) puts its people there.
        var outcome = Self.outcome()
        outcome.actions[1].error = ZoomErrorReport(.api(status: 400, code: 3000, message: "refused", fieldErrors: []))
        let refused = OutputWriter.importBatches(for: outcome, state: nil)
        #expect(refused.map(\.course) == ["10071", "10072"])
        #expect(refused.first?.rows.map(\.email) == ["f0@example.com", "f1@example.com"])
    }
}
