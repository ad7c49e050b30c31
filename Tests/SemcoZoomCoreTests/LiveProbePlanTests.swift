import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The pure parts of `doctor --live`: the dates across a clock change, the probe addresses,
/// the marker, the redaction and the step line.
struct LiveProbePlanTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func theSeriesCrossesTheNextClockChangeHalfAYearAheadAtTheSameLocalTime() {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let plan = LiveProbePlan(
            probeID: "p1", host: "Trainer@Example.com", probeEmail: nil, zone: berlin, language: .de,
            now: Self.utc("2026-12-06T11:00:00Z"))
        // Half a year ahead of 6 Dec 2026 is June 2027: the next change is 31 Oct 2027 (CEST → CET).
        #expect(plan.transition == Self.utc("2027-10-31T01:00:00Z"))
        #expect(plan.localStarts == ["2027-10-27T10:00:00", "2027-11-03T10:00:00", "2027-11-10T10:00:00"])
        #expect(
            plan.expectedStarts == [
                Self.utc("2027-10-27T08:00:00Z"), Self.utc("2027-11-03T09:00:00Z"), Self.utc("2027-11-10T09:00:00Z"),
            ])
        #expect(plan.weekday == .wednesday)
        #expect(plan.movedLocal == "2027-11-03T11:00:00" && plan.movedStart == Self.utc("2027-11-03T10:00:00Z"))
        #expect(
            plan.seriesRequest.recurrence
                == MeetingRecurrence(frequency: .weekly, repeatInterval: 1, weekdays: [.wednesday], endTimes: 3))
        #expect(
            plan.seriesRequest.settings
                == MeetingSettings(
                    approval: .manual, registration: .onceForAllSessions,
                    registrantsEmailNotification: false, registrantsConfirmationEmail: false))
    }

    @Test func aZoneWithoutClockChangesStillGetsAFarAheadSeries() {
        let plan = LiveProbePlan(
            probeID: "p1", host: "a@b.de", probeEmail: nil, zone: TimeZone(identifier: "UTC")!, language: .en,
            now: Self.utc("2026-12-06T11:00:00Z"))
        #expect(plan.transition == nil)
        #expect(plan.expectedStarts.first! > Self.utc("2027-06-01T00:00:00Z"))
        #expect(plan.expectedStarts[1].timeIntervalSince(plan.expectedStarts[0]) == 7 * 86_400)
        #expect(!plan.announcement().en.contains("clock change"))
    }

    @Test func probeAddressesArePlusAddressesOfOneMailbox() {
        #expect(
            LiveProbePlan.addresses(host: "Trainer@Example.com", probeEmail: nil)
                == (
                    "trainer+semco-zoom-doctor@example.com",
                    [
                        "trainer+semco-zoom-doctor-batch1@example.com",
                        "trainer+semco-zoom-doctor-batch2@example.com",
                    ]
                ))
        #expect(
            LiveProbePlan.addresses(host: "t@x.de", probeEmail: "test@y.de") == (
                "test@y.de", ["test+batch1@y.de", "test+batch2@y.de"]
            ))
    }

    @Test func theMarkerIsTheProbesOwnNeverTheSyncs() {
        let plan = LiveProbePlan(
            probeID: "20261206T110000Z-abcd", host: "a@b.de", probeEmail: nil, zone: TimeZone(identifier: "UTC")!,
            language: .de, now: Date())
        #expect(plan.marker == "[semco-zoom doctor --live 20261206T110000Z-abcd]")
        #expect(plan.seriesRequest.agenda?.hasPrefix(plan.marker) == true)
        #expect(LiveProbePlan.isProbeAgenda(plan.seriesRequest.agenda))
        #expect(!LiveProbePlan.isProbeAgenda(DesiredStateBuilder.agendaMarker(CourseNumber("10062")) + " Narkose"))
        #expect(!LiveProbePlan.isProbeAgenda("semco-zoom doctor --live, no bracket"))
        #expect(!LiveProbePlan.isProbeAgenda(nil))
    }

    @Test func redactionRemovesEveryAddress() {
        #expect(
            LiveProbeRedaction.text(#"{"email":"a.b+x@c.de","first_name":"A"}"#)
                == #"{"email":"{email}","first_name":"A"}"#)
        #expect(LiveProbeRedaction.text("User does not exist: host@example.com.") == "User does not exist: {email}.")
        #expect(LiveProbeRedaction.text("no address here") == "no address here")
    }

    @Test func aDisagreeingLineNamesFieldsAndTheAssumption() {
        let step = ProbeStepResult(
            id: "readd-denied",
            summary: LocalizedText(de: "Stornierte Adresse erneut hinzugefügt", en: "cancelled address added again"),
            expects: LocalizedText(de: "", en: ""), assumptions: [.readdDenied], outcome: .mismatch,
            comparisons: [ProbeComparison("answer", expected: "400/3000", actual: "400/3012")], calls: [],
            detail: LocalizedText(
                de: "Zoom wörtlich: Registrant x@y.de was cancelled.",
                en: "Zoom verbatim: Registrant x@y.de was cancelled."))
        #expect(
            step.line(.de)
                == "ABWEICHUNG  readd-denied: Stornierte Adresse erneut hinzugefügt – answer: erwartet 400/3000, Zoom 400/3012 (Zoom wörtlich: Registrant {email} was cancelled.) [Annahme readd-denied, docs/SIMULATOR.md]"
        )
        #expect(
            step.line(.en).hasPrefix(
                "MISMATCH    readd-denied: cancelled address added again — answer: expected 400/3000, Zoom 400/3012"))
    }

    @Test func simulatorDocNamesEveryAssumptionWithTheStepThatChecksIt() throws {
        let doc = try String(
            contentsOf: RepositoryFiles.root.appendingPathComponent("docs/SIMULATOR.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "## Checked against the real Zoom: `doctor --live`"))
        let table = doc[section.upperBound...]
        #expect(Set(ProbeAssumption.all.map(\.id)).count == ProbeAssumption.all.count)
        for assumption in ProbeAssumption.all {
            let row = table.split(separator: "\n").first { $0.hasPrefix("| `\(assumption.id)`") }
            #expect(row != nil, "docs/SIMULATOR.md has no row for \(assumption.id)")
            if let row { #expect(row.split(separator: "|").last?.contains("`") == true, "\(row) names no step") }
        }
    }
}
