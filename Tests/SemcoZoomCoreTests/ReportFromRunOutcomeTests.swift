import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

@Suite struct ReportFromRunOutcomeTests {
    static func outcome() -> RunOutcome {
        var outcome = RunOutcome(runID: "run-1", mode: .sync, startedAt: ReportFixture.started)
        outcome.finishedAt = ReportFixture.finished
        outcome.inputFiles = ReportFixture.inputFiles
        outcome.diagnostics = ReportFixture.diagnostics
        let r = ReportFixture.reason
        let meeting: ZoomMeetingID = 87_000_000_001
        outcome.actions = [
            ActionOutcome(
                PlannedAction(
                    course: "10063", kind: .updateMeeting(.existing(meeting), request: MeetingChange(topic: "T")),
                    reason: r("Titel geändert", "Title changed")), result: .applied, meetingID: meeting),
            ActionOutcome(
                PlannedAction(
                    course: "10063", booking: "BN27-00161", email: "GONE@example.com",
                    kind: .cancelRegistrant(
                        .existing(meeting), registrant: ZoomRegistrantReference(id: "r1", email: "gone@example.com")),
                    reason: r("Buchung storniert", "Booking cancelled")), result: .applied, meetingID: meeting),
            // Refused add (Zoom code 3000): goes into the import file.
            ActionOutcome(
                PlannedAction(
                    course: "10062", booking: "BN27-00190", email: "refused@example.com",
                    kind: .addRegistrant(
                        .existing(86_012_345_678),
                        request: ZoomRegistrantRequest(
                            email: "refused@example.com", firstName: "Rolf", lastName: "Refus, \"R\"")),
                    reason: r("Neue Buchung", "New booking")),
                result: .failed, error: .api(status: 400, code: 3000, message: "cannot register again", fieldErrors: [])
            ),
            // Host booked as participant (3027): the import does not help.
            ActionOutcome(
                PlannedAction(
                    course: "10062", booking: "BN27-00191", email: "host@example.com",
                    kind: .addRegistrant(
                        .existing(86_012_345_678),
                        request: ZoomRegistrantRequest(email: "host@example.com", firstName: "Hanna", lastName: "Host")),
                    reason: r("Neue Buchung", "New booking")),
                result: .failed, error: .api(status: 400, code: 3027, message: "host cannot register", fieldErrors: [])),
            // Deferred by the daily limit while applying.
            ActionOutcome(
                PlannedAction(
                    course: "10064", booking: "BN27-00180", email: "late@example.com",
                    kind: .addRegistrant(
                        .existing(88_000_000_002),
                        request: ZoomRegistrantRequest(email: "late@example.com", firstName: "Lena", lastName: "Spät")),
                    reason: r("Neue Buchung", "New booking")),
                result: .deferred,
                error: .dailyLimit(until: ReportFixture.tomorrowUTC, category: "Light", limitType: "Daily"),
                notBefore: ReportFixture.tomorrowUTC),
        ]
        outcome.deferred = [
            DeferredOutcome(
                DeferredWork(
                    course: "10066",
                    reason: r("Tagesbudget des Moderators aufgebraucht", "Host's daily budget used up"),
                    notBefore: ReportFixture.tomorrowUTC))
        ]
        outcome.handedToImport = [
            ImportHandoff(
                course: "10063", meetingID: meeting, email: "back@example.com", firstName: "Pat \"Paddy\"",
                lastName: "O'Brien, Jr.", bookings: ["BN27-00175"],
                why: r(
                    "Nach Storno erneut gebucht; Zoom nimmt die Person nicht wieder an",
                    "Booked again after a cancellation; Zoom does not take the person back"),
                error: ZoomErrorReport(.api(status: 400, code: 3000, message: "cannot approve", fieldErrors: [])))
        ]
        outcome.exitStatus = .partial
        outcome.recount()
        return outcome
    }

    @Test func mapsEveryActionWithNamesFromTheState() throws {
        let report = OutputWriter.assembler(
            for: Self.outcome(), state: ReportFixture.state, language: .de,
            timeZone: "Europe/Berlin", courseTitles: ReportFixture.titles
        ).assemble()
        #expect(report.exitCode == 3)
        let cancel = try #require(report.actions.first { $0.kind == .cancelRegistrant })
        #expect(cancel.participant == "Anna Storno")  // looked up case-insensitively in the state
        #expect(cancel.meetingID == 87_000_000_001)
        let update = try #require(report.actions.first { $0.kind == .updateMeeting })
        #expect(update.changedFields == ["topic"])
        let handoff = try #require(report.actions.first { $0.kind == .handToImport })
        #expect(handoff.participant == "Pat \"Paddy\" O'Brien, Jr.")
        #expect(handoff.booking == "BN27-00175")
        #expect(handoff.zoomCode == 3000)
        let other = try #require(report.actions.first { $0.course == "10066" })
        #expect(other.kind == .other && other.status == .deferred && other.notBefore == ReportFixture.tomorrowUTC)
        #expect(report.inbox.map(\.course) == ["10061", "10062"])
        #expect(report.inbox[1].lastError.contains("3027"))
        #expect(report.courses.first { $0.number == "10064" }?.result == .deferred)
        // Actions name people by booking and name, never by address (a diagnostic about a bad
        // address quotes it, so the admin can find it).
        let json = String(decoding: try ReportDocument.makeEncoder().encode(report.actions), as: UTF8.self)
        #expect(!json.contains("@example.com"))
    }

    @Test func importBatchesHoldRefusedDeferredAndHandedOverPeople() {
        let batches = OutputWriter.importBatches(for: Self.outcome(), state: ReportFixture.state)
        #expect(batches.map(\.course) == ["10062", "10063", "10064"])
        #expect(batches[0].meetingID == 86_012_345_678)
        #expect(
            batches[0].rows == [
                ZoomImportRow(email: "refused@example.com", firstName: "Rolf", lastName: "Refus, \"R\"")
            ])
        #expect(batches[1].rows.map(\.email) == ["back@example.com"])
        #expect(batches[2].meetingID == 88_000_000_002 && batches[2].rows.map(\.email) == ["late@example.com"])
        var plan = Self.outcome()
        plan.mode = .plan
        #expect(OutputWriter.importBatches(for: plan, state: ReportFixture.state).isEmpty)
    }

    @Test func writesTheRunsFiles() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var configuration = Configuration()
        configuration.language = .en
        configuration.zoomImportHeader = false
        let report = try OutputWriter.write(
            Self.outcome(), state: ReportFixture.state, configuration: configuration,
            courseTitles: ReportFixture.titles, to: tmp.url)
        #expect(report.language == .en)
        #expect(
            report.zoomImportFiles.map(\.path) == [
                "zoom-import/10062_86012345678.csv", "zoom-import/10063_87000000001.csv",
                "zoom-import/10064_88000000002.csv",
            ])
        let csv = try String(
            contentsOf: tmp.url.appendingPathComponent("zoom-import/10062_86012345678.csv"), encoding: .utf8)
        #expect(csv == "refused@example.com,Rolf,\"Refus, \"\"R\"\"\"\r\n")
        #expect(FileManager.default.fileExists(atPath: tmp.url.appendingPathComponent("semco-import/kurse.csv").path))
        let html = try String(contentsOf: tmp.url.appendingPathComponent("report.html"), encoding: .utf8)
        // The meeting exists and only people Zoom refused are open: the course needs attention, it did not fail.
        #expect(html.contains("Course 10062 ") && html.contains(" needs attention: the meeting exists"), "\(html)")
        #expect(!html.contains("Synchronisation of course 10062"))
    }
}
