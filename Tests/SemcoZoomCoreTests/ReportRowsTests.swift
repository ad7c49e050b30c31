import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The run's output stage reads the report's actions as rows made from the outcome when they
/// are written (`OutputWriter.rows(of:state:language:)`), not from a document holding every
/// one of them: the same files, byte for byte, as the assembled document's.
@Suite struct ReportRowsTests {
    /// The run fixture with what the rows make more than one of or reorder: a batch
    /// registration (one row per person), a deferred batch, and courses out of order.
    static func outcome(mode: RunMode = .sync) -> RunOutcome {
        var outcome = ReportFromRunOutcomeTests.outcome()
        outcome.mode = mode
        let r = ReportFixture.reason
        let people = [
            RegistrantAdd(
                booking: "BN27-00301",
                request: ZoomRegistrantRequest(email: "erika@example.com", firstName: "Erika", lastName: "Muster")),
            RegistrantAdd(
                booking: nil, request: ZoomRegistrantRequest(email: "max@example.com", firstName: "Max", lastName: nil)),
        ]
        outcome.actions.insert(
            ActionOutcome(
                PlannedAction(
                    course: "10061", kind: .addRegistrants(.existing(85_000_000_001), registrants: people),
                    reason: r("Neue Buchungen", "New bookings")), result: .applied, meetingID: 85_000_000_001),
            at: 2)
        outcome.actions.append(
            ActionOutcome(
                PlannedAction(
                    course: "10062", kind: .addRegistrants(.existing(86_012_345_678), registrants: people),
                    reason: r("Neue Buchungen", "New bookings")),
                result: .failed, error: .api(status: 400, code: 3001, message: "meeting gone", fieldErrors: [])))
        outcome.deferred.append(
            DeferredOutcome(
                DeferredWork(
                    course: "10060", action: .addRegistrants(.existing(84_000_000_001), registrants: people),
                    reason: r("Tageslimit", "Daily limit"), notBefore: ReportFixture.tomorrowUTC)))
        outcome.recount()
        return outcome
    }

    @Test func rowsAreTheAssembledActionsInReportOrder() throws {
        for language in Language.allCases {
            let outcome = Self.outcome()
            let assembled = OutputWriter.assembler(
                for: outcome, state: ReportFixture.state, language: language, timeZone: "Europe/Berlin",
                courseTitles: ReportFixture.titles
            ).assemble()
            let rows = OutputWriter.rows(of: outcome, state: ReportFixture.state, language: language)
            #expect(rows.all == assembled.actions)
            #expect(rows.indices.map { rows.course(at: $0) } == assembled.actions.map(\.course))
            // One row per person of a batch, by booking and name; courses in order.
            let batch = assembled.actions.filter { $0.course == "10061" && $0.kind == .addRegistrant }
            #expect(batch.map(\.booking) == ["BN27-00301", nil])
            #expect(batch.map(\.participant) == ["Erika Muster", "Max"])
            #expect(assembled.actions.filter { $0.course == "10060" }.map(\.status) == [.deferred, .deferred])
            #expect(assembled.actions.map(\.course) == assembled.actions.map(\.course).sorted())
        }
    }

    @Test func theRunsFilesAreByteForByteTheAssembledDocuments() throws {
        for mode in [RunMode.sync, .plan] {
            for language in Language.allCases {
                let outcome = Self.outcome(mode: mode)
                var configuration = Configuration()
                configuration.language = language
                let held = try TemporaryDirectory()
                let streamed = try TemporaryDirectory()
                defer {
                    held.remove()
                    streamed.remove()
                }
                let document = try OutputWriter.write(
                    outcome, state: ReportFixture.state, configuration: configuration,
                    courseTitles: ReportFixture.titles, to: held.url)
                let rows = OutputWriter.rows(of: outcome, state: ReportFixture.state, language: language)
                var light = try OutputWriter.write(
                    outcome, rows: rows, state: ReportFixture.state, configuration: configuration,
                    courseTitles: ReportFixture.titles, to: streamed.url)
                #expect(light.actions.isEmpty, "the rows are not kept in the document")
                for file in [OutputWriter.reportJSON, OutputWriter.reportHTML] {
                    let a = try Data(contentsOf: held.url.appendingPathComponent(file))
                    let b = try Data(contentsOf: streamed.url.appendingPathComponent(file))
                    #expect(a == b, "\(mode) \(language) \(file)")
                }
                #expect(!document.inbox.isEmpty && !document.actions.isEmpty)
                // The metrics count the same actions from the rows as from the whole document.
                #expect(
                    RunMetrics(outcome: outcome, document: light, rows: rows, state: nil, zoom: nil)
                        == RunMetrics(outcome: outcome, document: document, state: nil, zoom: nil))
                light.actions = rows.all
                #expect(light == document)
            }
        }
    }
}
