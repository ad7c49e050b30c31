import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// Bugs the soak (Tests/SemcoZoomSoakTests) found, replayed end to end: the real binary against
/// the simulator, at the soak's simulated date (SEMCO_ZOOM_TEST_NOW).
@Suite("soak regressions, end to end", .serialized)
struct SoakRegressionTests {
    static let now = [ClockOverride.environmentKey: "2027-03-01T21:30:00Z"]

    func writeCourse(_ scene: SyncScene, sessions: [String], stamp: String) throws {
        try scene.drop("kurse_\(stamp).csv", [
            "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars",
            "20021;Hygiene Update 20021;bestätigt;Zoom Meeting Room;12.03.2027;21.03.2027;Trainer",
        ])
        try scene.drop("kurstermine_\(stamp).csv", ["Kursnr;Datum;von;bis"] + sessions.map { "20021;\($0)" })
        try scene.drop("trainer_\(stamp).csv", [
            "Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv",
            "20021;MBE;Maria;Berger;\(SyncScene.trainer);Ja;Ja",
        ])
        try scene.drop("buchungen_\(stamp).csv", ["Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"]
            + SyncScene.bookings(2, course: "20021"))
    }

    /// Soak seed 5 (100 nights), night 35: Einzeltermine cut down to one session turned the
    /// series into a scheduled meeting at the series' old first day. Zoom shows a series' next
    /// occurrence as its `start_time`, which was the remaining session, so the PATCH to type 2
    /// went without `start_time` and Zoom kept the series' original start.
    @Test("a series cut down to one session becomes a scheduled meeting at that session")
    func seriesCutToOneSession() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try writeCourse(scene, sessions: ["12.03.2027;14:30;17:30", "18.03.2027;15:00;16:00", "21.03.2027;11:00;14:00"], stamp: "20270301_2200")
        let first = try await scene.run("sync", [], environment: Self.now)
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        try writeCourse(scene, sessions: ["18.03.2027;15:00;16:00", "21.03.2027;11:00;14:00"], stamp: "20270301_2201")
        let second = try await scene.run("sync", [], environment: Self.now)
        #expect(second.exitCode == 0, "\(second.stdout)\n\(second.stderr)")
        try writeCourse(scene, sessions: ["18.03.2027;15:00;16:00"], stamp: "20270301_2202")
        let third = try await scene.run("sync", [], environment: Self.now)
        #expect(third.exitCode == 0, "\(third.stdout)\n\(third.stderr)")

        let meeting = try #require(await scene.meetings().first)
        #expect(await scene.meetings().count == 1)
        #expect(meeting.type == 2)
        #expect(meeting.startTime == SyncScene.utc("2027-03-18T14:00:00Z"))
        #expect(meeting.duration == 60)
        // Nothing left to do afterwards.
        let again = try await scene.run("plan", [], environment: Self.now)
        #expect(again.exitCode == 0, "\(again.stdout)\n\(again.stderr)")
    }
}
