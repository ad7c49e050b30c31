import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// Crash consistency, one write kind at a time: the real binary is killed with SIGKILL right
/// after Zoom served a write of the kind and before the run could journal it (the simulator's
/// kill point), then run again. Afterwards there is one meeting for the course, Zoom holds what
/// SEMCO wants, the state equals Zoom, the rerun's report is true and nothing is left to do.
@Suite("kill at every kind of Zoom write, then run again", .serialized)
struct KillAtWriteTests {
    static let now = [ClockOverride.environmentKey: "2027-03-01T21:30:00Z"]
    static let number = 20021

    /// The course as SEMCO exports it on one night.
    struct Course {
        var title = "Hygiene Update 20021"
        var status = "bestätigt"
        /// `dd.MM.yyyy;HH:mm;HH:mm`, local time (Europe/Berlin; all before the DST change).
        var sessions = [
            "12.03.2027;14:30;17:30", "15.03.2027;14:30;17:30", "19.03.2027;14:30;17:30", "22.03.2027;14:30;17:30",
        ]
        /// `Buchungsnummer;E-Mail;Status`
        var bookings = [
            "BN27-00001;teil1@example.org;Bestätigte Buchung", "BN27-00002;teil2@example.org;Bestätigte Buchung",
            "BN27-00003;teil3@example.org;Bestätigte Buchung",
        ]

        func write(_ scene: SyncScene, stamp: String) throws {
            let first = sessions.first!.prefix(10)
            let last = sessions.last!.prefix(10)
            try scene.drop(
                "kurse_\(stamp).csv",
                [
                    "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars",
                    "\(KillAtWriteTests.number);\(title);\(status);Zoom Meeting Room;\(first);\(last);Trainer",
                ])
            try scene.drop(
                "kurstermine_\(stamp).csv",
                ["Kursnr;Datum;von;bis"] + sessions.map { "\(KillAtWriteTests.number);\($0)" })
            try scene.drop(
                "trainer_\(stamp).csv",
                [
                    "Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv",
                    "\(KillAtWriteTests.number);MBE;Maria;Berger;\(SyncScene.trainer);Ja;Ja",
                ])
            try scene.drop(
                "buchungen_\(stamp).csv",
                ["Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"]
                    + bookings.enumerated().map { index, line in
                        let parts = line.split(separator: ";").map(String.init)
                        return
                            "\(parts[0]);\(KillAtWriteTests.number);Frau;Teil\(index + 1);Nehmerin;\(parts[1]);;\(parts[2])"
                    })
        }

        /// The addresses SEMCO wants registered.
        var active: Set<String> {
            Set(
                bookings.map { $0.split(separator: ";").map(String.init) }
                    .filter { $0[2] == "Bestätigte Buchung" || $0[2] == "Laufender Kurs" }.map { $0[1].lowercased() })
        }

        /// The sessions' UTC starts and minutes (CET, UTC+1).
        var occurrences: [String] {
            sessions.map { session in
                let parts = session.split(separator: ";").map(String.init)
                let day = parts[0].split(separator: ".").map { Int($0)! }
                let from = parts[1].split(separator: ":").map { Int($0)! }
                let to = parts[2].split(separator: ":").map { Int($0)! }
                let minutes = (to[0] * 60 + to[1]) - (from[0] * 60 + from[1])
                let hour = from[0] - 1
                return String(format: "%04d-%02d-%02dT%02d:%02d:00Z %d", day[2], day[1], day[0], hour, from[1], minutes)
            }
        }
    }

    /// One kind of write: the nights before it (each synced in full), the night whose run is
    /// killed at that write, and what the rerun's report must not repeat.
    struct Case: Sendable, CustomTestStringConvertible {
        var kind: SimulatedWriteKind
        var testDescription: String { kind.rawValue }

        var repeated: ReportAction.Kind {
            switch kind {
            case .createMeeting: return .createMeeting
            case .patchMeeting: return .updateMeeting
            case .moveOccurrence: return .moveOccurrence
            case .deleteOccurrence: return .deleteOccurrence
            case .addRegistrant, .addRegistrants: return .addRegistrant
            case .cancelRegistrant: return .cancelRegistrant
            case .approveRegistrant: return .approveRegistrant
            case .deleteMeeting: return .deleteMeeting
            }
        }

        /// The nights: the last one is killed at `kind`.
        var nights: [Course] {
            let base = Course()
            var next = base
            switch kind {
            case .createMeeting:
                return [base]
            case .addRegistrants:
                // One session: a scheduled meeting, whose people are added in one batch.
                next.sessions = ["12.03.2027;14:30;17:30"]
                return [next]
            case .patchMeeting:
                next.title = "Hygiene Update 20021 (neuer Titel)"
            case .moveOccurrence:
                next.sessions[2] = "19.03.2027;15:00;16:00"
            case .deleteOccurrence:
                next.sessions.remove(at: 1)
            case .addRegistrant:
                next.bookings.append("BN27-00004;teil4@example.org;Bestätigte Buchung")
            case .cancelRegistrant:
                // The soak's case (seed 4242): a booking vanishes from the export.
                next.bookings.remove(at: 1)
            case .approveRegistrant:
                var cancelled = base
                cancelled.bookings[1] = "BN27-00002;teil2@example.org;Storniert"
                next.bookings.append("BN27-00009;teil2@example.org;Bestätigte Buchung")
                next.bookings[1] = "BN27-00002;teil2@example.org;Storniert"
                return [base, cancelled, next]
            case .deleteMeeting:
                next.status = "storniert"
            }
            return [base, next]
        }
    }

    static let cases = SimulatedWriteKind.allCases.map { Case(kind: $0) }

    @Test("killed right after Zoom served the write, the rerun leaves Zoom and the state in step", arguments: cases)
    func killAtWrite(_ testCase: Case) async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let nights = testCase.nights
        for (index, night) in nights.dropLast().enumerated() {
            try night.write(scene, stamp: "2027030\(index + 1)_2200")
            let run = try await scene.run("sync", [], environment: Self.now)
            #expect(run.exitCode == 0, "night \(index): \(run.stdout)\n\(run.stderr)")
        }
        let wanted = nights.last!
        try wanted.write(scene, stamp: "2027030\(nights.count)_2200")

        let match = ServedWriteMatch(testCase.kind, course: Self.number)
        let killed = try await KillPoint.run(
            scene.arguments("sync", ["--json"]), killAt: match, simulator: scene.simulator,
            in: scene.dir.url, environment: scene.environment.merging(Self.now) { _, new in new })
        #expect(
            killed.killed, "the run never made the write \(match): \(killed.result.stdout)\n\(killed.result.stderr)")
        let servedBefore = await scene.callCount()

        let rerun = try await scene.run("sync", ["--json"], environment: Self.now)
        #expect(rerun.exitCode == 0, "\(rerun.stdout)\n\(rerun.stderr)")
        let report = try scene.report(rerun)
        #expect(report.counts.actionsFailed == 0)
        #expect(
            !report.actions.contains { $0.kind == testCase.repeated && $0.status == .applied },
            "the rerun repeated the write Zoom had already served: \(report.actions.map { "\($0.kind) \($0.status)" })")
        let rerunWrites = await scene.writes(since: servedBefore)
        if testCase.kind == .createMeeting {
            #expect(!rerunWrites.contains { $0.method == "POST" && $0.path.hasSuffix("/meetings") }, "a second create")
            #expect(report.actions.contains { $0.kind == .adoptMeeting && $0.status == .applied })
        }

        try await Self.expectInStep(scene, wanted: wanted)
        if testCase.kind == .cancelRegistrant || testCase.kind == .approveRegistrant {
            // The state took the registrant's status from Zoom, and the report says so.
            #expect(
                report.diagnostics.contains {
                    $0.code == "zoom.registrant-state-corrected" && $0.message.contains("teil2@example.org")
                },
                "\(report.diagnostics.map(\.code))")
        }

        // The rerun's report is true: nothing is left to do.
        let plan = try await scene.run("plan", ["--json"], environment: Self.now)
        #expect(plan.exitCode == 0, "\(plan.stdout)\n\(plan.stderr)")
        let left = try scene.report(plan).actions
        #expect(left.isEmpty, "\(left.map { "\($0.kind) \($0.reason)" })")
    }

    /// One meeting (none when storniert); topic, occurrences and approved registrants as SEMCO
    /// wants them; the state's meeting id and registrants exactly Zoom's.
    static func expectInStep(_ scene: SyncScene, wanted: Course) async throws {
        let marker = "[SEMCO \(number)]"
        let ours = await scene.meetings().filter { $0.agenda?.hasPrefix(marker) == true }
        let managed = try #require(try scene.state()[course: CourseNumber(String(number))])
        if wanted.status == "storniert" {
            #expect(ours.isEmpty)
            #expect(managed.phase == .deleted && managed.meetingID == nil)
            return
        }
        #expect(ours.count == 1, "meetings for the course: \(ours.map(\.id))")
        let meeting = try #require(ours.first)
        #expect(meeting.topic == wanted.title)
        let formatter = ISO8601DateFormatter()
        let occurrences =
            meeting.type == 2
            ? ["\(formatter.string(from: meeting.startTime!)) \(meeting.duration!)"]
            : meeting.occurrences.filter { $0.status == "available" }.map {
                "\(formatter.string(from: $0.startTime)) \($0.duration)"
            }
        #expect(occurrences == wanted.occurrences)
        let approved = meeting.registrants.filter { $0.status == "approved" }
        #expect(Set(approved.map { $0.email.lowercased() }) == wanted.active)
        #expect(!meeting.registrants.contains { $0.status == "pending" })

        #expect(managed.phase == .active && managed.meetingID == meeting.id && managed.pendingCreate == nil)
        let registered = managed.registrants.filter { $0.value.status == .registered }
        #expect(Set(registered.keys) == Set(approved.map { $0.email.lowercased() }), "state: \(managed.registrants)")
        for registrant in approved {
            #expect(registered[registrant.email.lowercased()]?.registrantID == registrant.id)
        }
    }
}
