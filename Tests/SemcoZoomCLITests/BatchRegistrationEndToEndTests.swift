import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@Suite("batch registration end to end (CLI against the simulator)", .serialized)
struct BatchRegistrationEndToEndTests {
    /// A one-session course (a type-2 meeting): Monday 12.04.2027 16:00–21:00.
    static func writeSingleSessionCourse(_ scene: SyncScene, bookings: [String]) throws {
        let stamp = "20270301_2200"
        try scene.drop(
            "kurse_\(stamp).csv",
            [
                "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars;Montag von;Montag bis;Zoom synchronisieren",
                "10070;Hygiene kompakt - Zoom-Seminar;bestätigt;Zoom Meeting Room;12.04.2027;12.04.2027;Trainer;16:00;21:00;Ja",
            ])
        try scene.drop(
            "trainer_\(stamp).csv",
            [
                "Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv",
                "10070;MBE;Maria;Berger;\(SyncScene.trainer);Ja;Ja",
            ])
        try scene.drop(
            "buchungen_\(stamp).csv",
            ["Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"] + bookings)
    }

    @Test("a new type-2 course with 45 bookings registers them in 2 batch calls; the next sync writes nothing")
    func fortyFiveInTwoCalls() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try Self.writeSingleSessionCourse(scene, bookings: SyncScene.bookings(45, course: "10070"))

        let sync = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(sync.exitCode == 0, "\(sync.stdout)\n\(sync.stderr)")
        let meetings = await scene.meetings()
        try #require(meetings.count == 1)
        let meeting = meetings[0]
        #expect(meeting.type == 2)
        let writes = await scene.writes()
        let batchCalls = writes.filter {
            $0.method == "POST" && $0.path == "/v2/meetings/\(meeting.id)/batch_registrants"
        }
        #expect(batchCalls.count == 2)
        #expect(batchCalls.allSatisfy { $0.status == 201 })
        #expect(!writes.contains { $0.path == "/v2/meetings/\(meeting.id)/registrants" }, "no single adds")
        // One create + two batches: every write is a change.
        #expect(writes.count == 3, "\(writes.map { "\($0.method) \($0.path)" })")
        #expect(meeting.registrants.filter { $0.status == "approved" }.count == 45)

        // The state holds each person with registrant id, personal join link and booking.
        let course = try #require(try scene.state()[course: "10070"])
        #expect(course.registrants.count == 45)
        #expect(
            course.registrants.values.allSatisfy {
                $0.status == .registered && $0.registrantID != nil && $0.joinURL != nil
            })
        #expect(course.registrants["teil17@example.org"]?.bookings == ["BN27-00017"])
        let zoomEntry = try #require(meeting.registrants.first { $0.email == "teil17@example.org" })
        #expect(course.registrants["teil17@example.org"]?.registrantID == zoomEntry.id)

        // The report still has one row per person (booking, name), all applied.
        let report = try scene.report(sync)
        let adds = report.actions.filter { $0.kind == .addRegistrant }
        #expect(adds.count == 45)
        #expect(adds.allSatisfy { $0.status == .applied })
        #expect(Set(adds.compactMap(\.booking)).count == 45)
        #expect(adds.first { $0.booking == "BN27-00017" }?.participant == "Teil17 Nehmerin")
        #expect(report.counts.registrantsAdded == 45)

        // The api-calls log names the batch calls, without addresses.
        let log = try String(
            contentsOf: scene.reportFile(sync).deletingLastPathComponent().appendingPathComponent("api-calls.jsonl"),
            encoding: .utf8)
        #expect(log.components(separatedBy: "/batch_registrants").count - 1 == 2)
        #expect(!log.contains("teil17@example.org"))

        // The no-change night: no write call at all.
        let before = await scene.callCount()
        let again = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(again.exitCode == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(await scene.writes(since: before).isEmpty)
    }

    @Test(
        "new bookings of an existing type-2 meeting go in one batch; an address denied in Zoom is approved, not batched"
    )
    func deniedMeanwhileIsApproved() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try Self.writeSingleSessionCourse(scene, bookings: SyncScene.bookings(2, course: "10070"))
        let first = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        let meeting = try #require(await scene.meetings().first)

        // A person cancelled teil1 in Zoom (denied there); three new bookings arrive. The planner
        // approves teil1 (a batch would not take a denied address) and batches the three.
        await scene.simulator.denyRegistrantDirectly(meetingID: meeting.id, email: "teil1@example.org")
        try Self.writeSingleSessionCourse(scene, bookings: SyncScene.bookings(5, course: "10070"))
        let before = await scene.callCount()
        let second = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(second.exitCode == 0, "\(second.stdout)\n\(second.stderr)")
        let writes = await scene.writes(since: before)
        #expect(writes.filter { $0.path.hasSuffix("/batch_registrants") }.count == 1)
        #expect(writes.filter { $0.path.hasSuffix("/registrants/status") }.count == 1)
        let after = try #require(await scene.meetings().first)
        #expect(after.registrants.filter { $0.status == "approved" }.count == 5)
    }
}
