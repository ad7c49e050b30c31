import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// Issue 16, points 2–5: the settings a customer chooses (trigger column, `auto_sync: false`,
/// a changed moderator, capacity, the room name) through the real binary against the simulator.
@Suite("customer settings end to end (CLI against the simulator)", .serialized)
struct CustomerSettingsEndToEndTests {
    static let header =
        "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars;Montag von;Montag bis;Mittwoch von;Mittwoch bis;Freitag von;Freitag bis;Max. TN;Zoom synchronisieren"
    static let trainerHeader = "Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv"
    static let bookingHeader = "Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"
    static let second = "k.wolf@semcosoft.com"
    /// The actions a time change gives.
    static let scheduleKinds: Set<ReportAction.Kind> = [.updateMeeting, .moveOccurrence]

    /// 10062 (the guide's course) and 10063, whose moderator has no Zoom user (an error).
    func writeTwoCourses(
        _ scene: SyncScene, trigger62: String, trigger63: String, monday: String = "16:00;21:00",
        room63: String = "Zoom Meeting Room", maxTN62: String = "", trainers62: [String]? = nil,
        bookings62: [String] = SyncScene.guideBookings
    ) throws {
        try scene.drop(
            "kurse_20270301_2200.csv",
            [
                Self.header,
                "10062;Narkose Grundschulung - Zoom-Webinar am Abend;bestätigt;Zoom Meeting Room;12.04.2027;16.04.2027;Trainer;\(monday);16:00;21:00;16:00;21:00;\(maxTN62);\(trigger62)",
                "10063;Atemschutz Refresher;bestätigt;\(room63);19.04.2027;19.04.2027;Trainer;09:00;12:00;;;;;;\(trigger63)",
            ])
        try scene.drop(
            "trainer_20270301_2200.csv",
            [Self.trainerHeader] + (trainers62 ?? ["10062;MBE;Maria;Berger;\(SyncScene.trainer);Ja;Ja"])
                + ["10063;PKL;Paul;Klein;;Ja;Ja"])
        try scene.drop(
            "buchungen_20270301_2200.csv",
            [Self.bookingHeader] + bookings62
                + ["BN27-00300;10063;Frau;Eva;Lang;eva.lang@example.org;;Bestätigte Buchung"])
    }

    func errors(_ report: ReportDocument, course: String) -> [String] {
        report.diagnostics.filter { $0.course == course && $0.severity == .error }.map(\.code)
    }

    @Test(
        "Zoom synchronisieren: Ja syncs, Nein is silent in plan and sync (no error, inbox line or exit 3); validate marks its errors as blocking the first sync; Ja→Nein after the sync keeps the course managed"
    )
    func triggerColumn() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try writeTwoCourses(scene, trigger62: "Ja", trigger63: "Nein")

        let plan = try await scene.run("plan", ["--json"])
        #expect(plan.exitCode == 2, "\(plan.stdout)\n\(plan.stderr)")
        let planned = try scene.report(plan)
        #expect(errors(planned, course: "10063").isEmpty)
        #expect(!planned.diagnostics.contains { $0.course == "10063" })
        #expect(planned.inbox.isEmpty)

        let sync = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(sync.exitCode == 0, "\(sync.stdout)\n\(sync.stderr)")
        let synced = try scene.report(sync)
        #expect(synced.inbox.isEmpty)
        #expect(!synced.diagnostics.contains { $0.course == "10063" })
        #expect(await scene.meetings().count == 1)
        #expect(try scene.state()[course: "10063"] == nil)

        // validate shows 10063's problem, as a warning that names the first sync; exit 0.
        let validate = try await scene.run("validate")
        #expect(validate.exitCode == 0, "\(validate.stdout)\n\(validate.stderr)")
        #expect(validate.stdout.contains("[course.moderator-no-zoom-user]"))
        #expect(validate.stdout.contains("blockiert die erste Synchronisation"))
        let english = try await scene.run("validate", ["--language", "en"])
        #expect(english.stdout.contains("will block the first sync"))

        // Ja → Nein after the sync, and a new booking: the course stays managed, the booking flows.
        try writeTwoCourses(
            scene, trigger62: "Nein", trigger63: "Nein",
            bookings62: SyncScene.guideBookings + [
                "BN27-00161;10062;Herr;Olaf;Neu;olaf.neu@example.org;;Bestätigte Buchung"
            ])
        let again = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(again.exitCode == 0, "\(again.stdout)\n\(again.stderr)")
        let meeting = try #require(await scene.meetings().first)
        #expect(meeting.registrants.contains { $0.email == "olaf.neu@example.org" && $0.status == "approved" })
        #expect(try scene.state()[course: "10062"]?.registrants["olaf.neu@example.org"] != nil)
    }

    @Test(
        "auto_sync: false without the column: nothing synced, nothing reported, exit 0; --course syncs that course alone"
    )
    func autoSyncOff() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try writeTwoCourses(scene, trigger62: "", trigger63: "")
        try scene.dir.write("semco-zoom.yaml", "auto_sync: false\n")
        let config = ["--config", "semco-zoom.yaml", "--json", "--keep-drop"]

        let nightly = try await scene.run("sync", config)
        #expect(nightly.exitCode == 0, "\(nightly.stdout)\n\(nightly.stderr)")
        let report = try scene.report(nightly)
        #expect(report.inbox.isEmpty)
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(report.actions.isEmpty)
        #expect(await scene.writes().isEmpty)

        let one = try await scene.run("sync", config + ["--course", "10062"])
        #expect(one.exitCode == 0, "\(one.stdout)\n\(one.stderr)")
        #expect(await scene.meetings().count == 1)
        #expect(try scene.state()[course: "10062"]?.meetingID != nil)

        // The next night without --course: 10062 is managed now and stays in step; 10063 stays silent.
        try writeTwoCourses(scene, trigger62: "", trigger63: "", monday: "17:00;21:00")
        let next = try await scene.run("sync", config)
        #expect(next.exitCode == 0, "\(next.stdout)\n\(next.stderr)")
        let nextReport = try scene.report(next)
        #expect(nextReport.actions.contains { $0.course == "10062" && Self.scheduleKinds.contains($0.kind) })
        #expect(!nextReport.diagnostics.contains { $0.course == "10063" })
    }

    @Test(
        "moderator moved after the first sync to a trainer without Zoom user, an inactive login, none or two: one warning naming both, the host stays, a new booking and a time change still flow"
    )
    func moderatorChange() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try writeTwoCourses(scene, trigger62: "Ja", trigger63: "Nein")
        let first = try await scene.run("sync", ["--keep-drop"])
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")

        let variants: [(name: String, trainers: [String], expect: String)] = [
            (
                "no Zoom user",
                ["10062;MBE;Maria;Berger;\(SyncScene.trainer);Nein;Ja", "10062;PKL;Paul;Klein;;Ja;Ja"],
                "Paul Klein"
            ),
            (
                "inactive login",
                ["10062;MBE;Maria;Berger;\(SyncScene.trainer);Nein;Ja", "10062;KWO;Karl;Wolf;\(Self.second);Ja;Nein"],
                "Karl Wolf"
            ),
            ("none", ["10062;MBE;Maria;Berger;\(SyncScene.trainer);Nein;Ja"], "kein Moderator"),
            (
                "two ticked",
                ["10062;MBE;Maria;Berger;\(SyncScene.trainer);Ja;Ja", "10062;KWO;Karl;Wolf;\(Self.second);Ja;Ja"],
                "mehrere Moderatoren"
            ),
        ]
        var bookings = SyncScene.guideBookings
        for (index, variant) in variants.enumerated() {
            bookings.append(
                "BN27-0090\(index);10062;Frau;Neu;Nummer\(index);neu\(index)@example.org;;Bestätigte Buchung")
            let monday = index % 2 == 0 ? "17:00;21:00" : "16:00;21:00"
            try writeTwoCourses(
                scene, trigger62: "Ja", trigger63: "Nein", monday: monday, trainers62: variant.trainers,
                bookings62: bookings)
            let run = try await scene.run("sync", ["--json", "--keep-drop"])
            #expect(run.exitCode == 0, "\(variant.name): \(run.stdout)\n\(run.stderr)")
            let report = try scene.report(run)
            #expect(errors(report, course: "10062").isEmpty, "\(variant.name)")
            let warnings = report.diagnostics.filter { $0.course == "10062" && $0.code == "plan.host-changed" }
            #expect(warnings.count == 1, "\(variant.name)")
            #expect(warnings.first?.message.contains(SyncScene.trainer) == true, "\(variant.name)")
            #expect(warnings.first?.message.contains(variant.expect) == true, "\(variant.name): \(warnings)")
            #expect(!report.diagnostics.contains { $0.course == "10062" && $0.code.hasPrefix("course.moderator") })
            #expect(
                report.actions.contains { $0.course == "10062" && Self.scheduleKinds.contains($0.kind) },
                "\(variant.name)")
            let meeting = try #require(await scene.meetings().first)
            #expect(meeting.hostEmail == SyncScene.trainer)
            #expect(
                meeting.registrants.contains { $0.email == "neu\(index)@example.org" && $0.status == "approved" },
                "\(variant.name)")
        }
    }

    @Test(
        "a host changed in Zoom is taken into the state, reported once, and counts for the overlap check from then on"
    )
    func hostChangedInZoom() async throws {
        let scene = try await SyncScene.start(users: [
            SimulatedUser(email: SyncScene.trainer, type: 2, firstName: "Maria", lastName: "Berger"),
            SimulatedUser(email: Self.second, type: 2, firstName: "Karl", lastName: "Wolf"),
        ])
        defer { Task { await scene.stop() } }
        let meeting = try await scene.syncGuideCourse()
        #expect(await scene.simulator.changeHostDirectly(id: meeting.id, hostEmail: Self.second))

        let run = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        let report = try scene.report(run)
        let notes = report.diagnostics.filter { $0.code == "plan.host-changed-in-zoom" }
        #expect(notes.count == 1)
        #expect(notes.first?.message.contains(Self.second) == true)
        let course = try #require(try scene.state()[course: "10062"])
        #expect(course.host == Self.second)
        #expect(course.hostChangedInZoom != nil)
        #expect(await scene.writes().filter { $0.method == "PATCH" }.isEmpty)

        // Reported once: the next night agrees with Zoom and says nothing about the host (nor
        // about SEMCO still naming Maria Berger: Zoom keeps the host now).
        let next = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(next.exitCode == 0, "\(next.stdout)\n\(next.stderr)")
        #expect(
            !(try scene.report(next)).diagnostics.contains {
                $0.code == "plan.host-changed-in-zoom" || $0.code == "plan.host-changed"
            })

        // A new course moderated by Karl Wolf at the same time overlaps his meeting now: blocked.
        try scene.drop(
            "kurse_20270302_2200.csv",
            [
                "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars;Montag von;Montag bis;Mittwoch von;Mittwoch bis;Freitag von;Freitag bis;Zoom synchronisieren",
                "10062;Narkose Grundschulung - Zoom-Webinar am Abend;bestätigt;Zoom Meeting Room;12.04.2027;16.04.2027;Trainer;16:00;21:00;16:00;21:00;16:00;21:00;Ja",
                "10080;Überschneidung;bestätigt;Zoom Meeting Room;12.04.2027;12.04.2027;Trainer;18:00;19:00;;;;;Ja",
            ])
        try scene.drop(
            "trainer_20270302_2200.csv",
            [
                Self.trainerHeader, "10062;MBE;Maria;Berger;\(SyncScene.trainer);Ja;Ja",
                "10080;KWO;Karl;Wolf;\(Self.second);Ja;Ja",
            ])
        try scene.drop("buchungen_20270302_2200.csv", [Self.bookingHeader] + SyncScene.guideBookings)
        let overlap = try await scene.run("sync", ["--json", "--keep-drop"])
        let overlapReport = try scene.report(overlap)
        #expect(overlapReport.diagnostics.contains { $0.course == "10080" && $0.code == "plan.host-overlap" })
        #expect(await scene.meetings().count == 1)
    }

    @Test("Max. TN above the licence and bookings above either are warned about in validate and sync; still synced")
    func capacity() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try writeTwoCourses(scene, trigger62: "Ja", trigger63: "Nein", maxTN62: "150")
        try scene.dir.write("semco-zoom.yaml", "licence: pro\n")
        let validate = try await scene.run("validate", ["--config", "semco-zoom.yaml"])
        #expect(validate.exitCode == 0, "\(validate.stdout)\n\(validate.stderr)")
        #expect(validate.stdout.contains("[course.max-participants-over-licence]"))
        #expect(validate.stdout.contains("Teilnehmergrenze von 100"))

        // Two places (Max. TN 2) and three bookings: warned, and all three registered.
        try writeTwoCourses(scene, trigger62: "Ja", trigger63: "Nein", maxTN62: "2")
        let sync = try await scene.run("sync", ["--json", "--keep-drop", "--config", "semco-zoom.yaml"])
        #expect(sync.exitCode == 0, "\(sync.stdout)\n\(sync.stderr)")
        let report = try scene.report(sync)
        #expect(report.diagnostics.contains { $0.course == "10062" && $0.code == "course.over-capacity" })
        #expect(try #require(await scene.meetings().first).registrants.count == 3)
    }

    @Test(
        "a drop whose Zoom courses are in another room: validate, doctor and sync name the value to configure; zoom_room as a list syncs them"
    )
    func roomName() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.drop(
            "kurse_20270301_2200.csv",
            [
                Self.header,
                "10062;Narkose Grundschulung - Zoom-Webinar am Abend;bestätigt;Webinar;12.04.2027;16.04.2027;Trainer;16:00;21:00;16:00;21:00;16:00;21:00;;Ja",
            ])
        try scene.drop(
            "trainer_20270301_2200.csv", [Self.trainerHeader, "10062;MBE;Maria;Berger;\(SyncScene.trainer);Ja;Ja"])
        try scene.drop("buchungen_20270301_2200.csv", [Self.bookingHeader] + SyncScene.guideBookings)

        let validate = try await scene.run("validate")
        #expect(validate.exitCode == 0, "\(validate.stdout)\n\(validate.stderr)")
        #expect(validate.stdout.contains("[config.zoom-room-unmatched]"))
        #expect(validate.stdout.contains("zoom_room: \"Webinar\""))
        let doctor = try await scene.run("doctor")
        #expect(doctor.stdout.contains("zoom_room: \"Webinar\""), "\(doctor.stdout)\n\(doctor.stderr)")
        let sync = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(try scene.report(sync).diagnostics.contains { $0.code == "config.zoom-room-unmatched" })
        #expect(await scene.meetings().isEmpty)

        try scene.dir.write("semco-zoom.yaml", "zoom_room:\n  - Zoom Meeting Room\n  - Webinar\n")
        let configured = try await scene.run("validate", ["--config", "semco-zoom.yaml"])
        #expect(!configured.stdout.contains("config.zoom-room-unmatched"))
        let listed = try await scene.run("sync", ["--json", "--keep-drop", "--config", "semco-zoom.yaml"])
        #expect(listed.exitCode == 0, "\(listed.stdout)\n\(listed.stderr)")
        #expect(await scene.meetings().count == 1)
    }
}
