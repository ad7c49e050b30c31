import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// `zoom.kind: webinar` through the real binary against the simulator: the nightly cycle of
/// the guide's course as a recurring webinar (type 9), Zoom's registrant statuses, the SEMCO
/// write-back and the state after every night, and a run killed between add and approval.
@Suite("webinars end to end (CLI against the simulator)", .serialized)
struct WebinarEndToEndTests {
    static let course: CourseNumber = "10062"

    static func start() async throws -> SyncScene {
        let scene = try await SyncScene.start(users: [
            SimulatedUser(email: SyncScene.trainer, type: 2, firstName: "Maria", lastName: "Berger", webinar: true)
        ])
        _ = try scene.dir.write("semco-zoom.yaml", "zoom:\n  kind: webinar\n")
        return scene
    }

    /// The guide's course (Mon/Wed/Fri 12.–16.04.2027), with `wednesday` as Wednesday's times.
    static func write(
        _ scene: SyncScene, stamp: String, status: String = "bestätigt",
        wednesday: (String, String) = ("16:00", "21:00"),
        bookings: [String]
    ) throws {
        try scene.drop(
            "kurse_\(stamp).csv",
            [
                "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars;Montag von;Montag bis;Mittwoch von;Mittwoch bis;Freitag von;Freitag bis;Zoom synchronisieren",
                "10062;Narkose Grundschulung - Zoom-Webinar am Abend;\(status);Zoom Meeting Room;12.04.2027;16.04.2027;Trainer;16:00;21:00;\(wednesday.0);\(wednesday.1);16:00;21:00;Ja",
            ])
        try scene.drop(
            "trainer_\(stamp).csv",
            [
                "Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv",
                "10062;MBE;Maria;Berger;\(SyncScene.trainer);Ja;Ja",
            ])
        try scene.drop(
            "buchungen_\(stamp).csv",
            ["Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"] + bookings)
    }

    static let miller =
        "BN27-00158;10062;Herr;Steve;Miller;s.miller@example.org;SEMCO Software Engineering GmbH;Bestätigte Buchung"
    static let doro = "BN27-00159;10062;Frau;Rita;Doro;rita.doro@example.org;;Bestätigte Buchung"
    static let doroCancelled = "BN27-00159;10062;Frau;Rita;Doro;rita.doro@example.org;;Storniert"
    static let doroRebooked = "BN27-00170;10062;Frau;Rita;Doro;rita.doro@example.org;;Bestätigte Buchung"
    static let schmidt = "BN27-00160;10062;Frau;Anna;Schmidt;Anna.Schmidt@Example.org;Klinikum Nord;Laufender Kurs"
    static let weber = "BN27-00161;10062;Herr;Jan;Weber;jan.weber@example.org;;Bestätigte Buchung"

    static func webinars(_ scene: SyncScene) async -> [SimMeetingState] {
        await scene.simulator.snapshot().meetings.filter(\.isWebinar)
    }

    /// Zoom's status of each registrant by lower-case address.
    static func statuses(_ webinar: SimMeetingState) -> [String: String] {
        Dictionary(uniqueKeysWithValues: webinar.registrants.map { ($0.email.lowercased(), $0.status) })
    }

    /// `semco-import/buchungen.csv` of a run: booking → (Ins Webinar eingebucht, Beitritts-URL).
    static func writeBack(_ scene: SyncScene, _ result: CLIResult) throws -> [String: (String, String)] {
        let folder = try scene.reportFile(result).deletingLastPathComponent()
        let data = try Data(contentsOf: folder.appendingPathComponent("semco-import/buchungen.csv"))
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [String: (String, String)] = [:]
        for line in text.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
            let fields = line.components(separatedBy: ";")
            rows[fields[0]] = (fields[2], fields[3])
        }
        return rows
    }

    /// A second run the same night writes nothing.
    static func expectNothingLeft(_ scene: SyncScene, night: String) async throws {
        let before = await scene.callCount()
        let again = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(again.exitCode == 0, "\(night): \(again.stdout)\n\(again.stderr)")
        let writes = await scene.writes(since: before)
        #expect(writes.isEmpty, "\(night): \(writes.map { "\($0.method) \($0.path)" })")
    }

    @Test(
        "the nightly cycle with webinars: first sync, a booking added, one cancelled, one re-booked, a time change, the course cancelled"
    )
    func nightlyCycle() async throws {
        let scene = try await Self.start()
        defer { Task { await scene.stop() } }

        // Night 1: one recurring webinar (type 9), three people added and approved.
        try Self.write(scene, stamp: "20270301_2200", bookings: [Self.miller, Self.doro, Self.schmidt])
        let first = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(await scene.meetings().isEmpty, "no meeting: webinars only")
        let webinars = await Self.webinars(scene)
        try #require(webinars.count == 1)
        var webinar = webinars[0]
        #expect(webinar.type == 9 && webinar.approvalType == 1 && webinar.hostEmail == SyncScene.trainer)
        #expect(webinar.occurrences.filter { $0.status == "available" }.count == 3)
        #expect(
            Self.statuses(webinar) == [
                "s.miller@example.org": "approved", "rita.doro@example.org": "approved",
                "anna.schmidt@example.org": "approved",
            ])
        let calls = await scene.simulator.servedCalls().filter { $0.path.hasPrefix("/v2/") }
        #expect(!calls.contains { $0.path.contains("/meetings") }, "\(calls.map(\.path))")
        let writes = await scene.writes()
        // One create, three adds, one approval for all three.
        #expect(writes.filter { $0.path.hasSuffix("/registrants/status") }.count == 1)
        #expect(writes.count == 5, "\(writes.map { "\($0.method) \($0.path)" })")
        var state = try #require(try scene.state()[course: Self.course])
        #expect(state.meetingID == webinar.id)
        #expect(state.registrants.values.allSatisfy { $0.status == .registered && $0.joinURL != nil })
        var back = try Self.writeBack(scene, first)
        for registrant in webinar.registrants {
            let booking = try #require(state.registrants[registrant.email.lowercased()]?.bookings.first)
            #expect(back[booking]?.0 == "Ja" && back[booking]?.1 == registrant.joinURL, "\(booking)")
        }
        #expect(try scene.report(first).counts.registrantsAdded == 3)
        try await Self.expectNothingLeft(scene, night: "night 1")

        // Night 2: Jan Weber booked, Rita Doro cancelled.
        try Self.write(
            scene, stamp: "20270302_2200", bookings: [Self.miller, Self.doroCancelled, Self.schmidt, Self.weber])
        let second = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(second.exitCode == 0, "\(second.stdout)\n\(second.stderr)")
        webinar = try #require(await Self.webinars(scene).first)
        #expect(Self.statuses(webinar)["jan.weber@example.org"] == "approved")
        #expect(Self.statuses(webinar)["rita.doro@example.org"] == "denied")
        back = try Self.writeBack(scene, second)
        #expect(back["BN27-00161"]?.0 == "Ja" && back["BN27-00161"]?.1.isEmpty == false)
        #expect(back["BN27-00159"]?.0 == "Nein" && back["BN27-00159"]?.1 == "")
        try await Self.expectNothingLeft(scene, night: "night 2")

        // Night 3: Rita Doro booked again under a new number, and Wednesday now starts at 17:00.
        try Self.write(
            scene, stamp: "20270303_2200", wednesday: ("17:00", "21:00"),
            bookings: [Self.miller, Self.doroCancelled, Self.schmidt, Self.weber, Self.doroRebooked])
        let third = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(third.exitCode == 0, "\(third.stdout)\n\(third.stderr)")
        webinar = try #require(await Self.webinars(scene).first)
        #expect(Self.statuses(webinar)["rita.doro@example.org"] == "approved")
        let wednesday = webinar.occurrences.filter { $0.status == "available" }.map { ($0.startTime, $0.duration) }
        #expect(wednesday.contains { $0.0 == SyncScene.utc("2027-04-14T15:00:00Z") && $0.1 == 240 }, "\(wednesday)")
        #expect(
            await scene.writes().contains {
                $0.method == "PATCH" && $0.path == "/v2/webinars/\(webinar.id)"
                    && $0.query?.contains("occurrence_id") == true
            })
        back = try Self.writeBack(scene, third)
        #expect(back["BN27-00170"]?.0 == "Ja" && back["BN27-00170"]?.1.isEmpty == false)
        state = try #require(try scene.state()[course: Self.course])
        #expect(state.registrants.values.allSatisfy { $0.status == .registered })
        #expect(Set(state.registrants.keys) == Set(Self.statuses(webinar).keys))
        try await Self.expectNothingLeft(scene, night: "night 3")

        // Night 4: the course is cancelled: the webinar is deleted, SEMCO is told.
        try Self.write(
            scene, stamp: "20270304_2200", status: "storniert",
            bookings: [Self.miller, Self.doroCancelled, Self.schmidt, Self.weber, Self.doroRebooked])
        let fourth = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(fourth.exitCode == 0, "\(fourth.stdout)\n\(fourth.stderr)")
        #expect(await Self.webinars(scene).isEmpty)
        #expect(await scene.writes().contains { $0.method == "DELETE" && $0.path == "/v2/webinars/\(webinar.id)" })
        state = try #require(try scene.state()[course: Self.course])
        #expect(state.phase == .deleted)
        back = try Self.writeBack(scene, fourth)
        #expect(back.values.allSatisfy { $0.0 == "Nein" && $0.1 == "" }, "\(back)")
        try await Self.expectNothingLeft(scene, night: "night 4")
    }

    @Test(
        "a run killed between the adds and the approval: Zoom and the state say pending, not Ja; the next run approves")
    func killedBetweenAddAndApproval() async throws {
        let scene = try await Self.start()
        defer { Task { await scene.stop() } }
        try Self.write(scene, stamp: "20270301_2200", bookings: [Self.miller, Self.doro, Self.schmidt])

        let match = ServedWriteMatch(.approveRegistrant, course: 10062)
        let killed = try await KillPoint.run(
            scene.arguments("sync", ["--json", "--keep-drop"]), killAt: match, simulator: scene.simulator,
            in: scene.dir.url, environment: scene.environment)
        #expect(killed.killed, "the run never approved: \(killed.result.stdout)\n\(killed.result.stderr)")
        // Zoom served the approval, the run never heard of it: the journal holds the adds only.
        let zoomSide = try #require(await Self.webinars(scene).first)
        #expect(Set(Self.statuses(zoomSide).values) == ["approved"])
        let recorded = try #require(try scene.state()[course: Self.course])
        #expect(recorded.registrants.count == 3)
        #expect(recorded.registrants.values.allSatisfy { $0.status == .pending }, "\(recorded.registrants)")

        // The next run takes the approval from Zoom: nothing approved twice, everyone Ja.
        let before = await scene.callCount()
        let rerun = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(rerun.exitCode == 0, "\(rerun.stdout)\n\(rerun.stderr)")
        #expect(await scene.writes(since: before).isEmpty)
        let back = try Self.writeBack(scene, rerun)
        #expect(["BN27-00158", "BN27-00159", "BN27-00160"].allSatisfy { back[$0]?.0 == "Ja" && back[$0]?.1 != "" })
        try await Self.expectNothingLeft(scene, night: "after the kill")
    }

    @Test("pending in Zoom (the approval never made): the state and the write-back say not registered; sync approves")
    func pendingIsNotJa() async throws {
        let scene = try await Self.start()
        defer { Task { await scene.stop() } }
        try Self.write(scene, stamp: "20270301_2200", bookings: [Self.miller, Self.doro, Self.schmidt])
        // Zoom refuses the approval once: the run ends with the people added but pending.
        await scene.simulator.inject(
            SimulatedFault(
                method: "PUT", pathPrefix: "/v2/webinars/", count: 1,
                action: .respond(
                    status: 400, body: #"{"code":3035,"message":"Webinar has reached maximum attendee capacity."}"#,
                    headers: ["Content-Type": "application/json"])))
        let first = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(first.exitCode == 3, "\(first.stdout)\n\(first.stderr)")
        let webinar = try #require(await Self.webinars(scene).first)
        #expect(Set(Self.statuses(webinar).values) == ["pending"])
        #expect(try scene.state()[course: Self.course]?.registrants.values.allSatisfy { $0.status == .pending } == true)
        var back = try Self.writeBack(scene, first)
        #expect(back.count == 3 && back.values.allSatisfy { $0.0 == "Nein" && $0.1 == "" }, "\(back)")
        let status = try await scene.run("status")
        #expect(
            status.stdout.contains("0 angemeldet, 0 abgemeldet, 3 in Zoom noch nicht freigegeben"), "\(status.stdout)")

        let second = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(second.exitCode == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(Set(Self.statuses(try #require(await Self.webinars(scene).first)).values) == ["approved"])
        back = try Self.writeBack(scene, second)
        #expect(back.values.allSatisfy { $0.0 == "Ja" && !$0.1.isEmpty }, "\(back)")
        let approvals = try scene.report(second).actions.filter { $0.kind == .approveAdded }
        #expect(approvals.count == 1 && approvals[0].status == .applied)
        try await Self.expectNothingLeft(scene, night: "after the pending night")
    }

    /// Soak seed 13131 with webinars (200 nights), night 119: Zoom's daily limit refused the status
    /// PUT after a new booking's add. The run deferred the approval and listed it; the person stayed
    /// pending (not Ja) and the next night approved them.
    @Test("an approval refused by Zoom's daily limit is deferred and listed; the next night approves")
    func approvalDeferredByTheDailyLimit() async throws {
        let scene = try await Self.start()
        defer { Task { await scene.stop() } }
        try Self.write(scene, stamp: "20270301_2200", bookings: [Self.miller, Self.doro])
        let first = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")

        try Self.write(scene, stamp: "20270302_2200", bookings: [Self.miller, Self.doro, Self.weber])
        let midnight = ISO8601DateFormatter().string(from: Planner.nextUTCMidnight(after: Date()))
        await scene.simulator.inject(
            SimulatedFault(
                method: "PUT", pathPrefix: nil, count: 1,
                action: .respond(
                    status: 429,
                    body: #"{"code":429,"message":"You have reached the maximum daily rate limit for this API."}"#,
                    headers: [
                        "X-RateLimit-Category": "Light", "X-RateLimit-Type": "Daily-limit", "X-RateLimit-Limit": "100",
                        "X-RateLimit-Remaining": "0", "Retry-After": midnight,
                    ])))
        let limited = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(limited.exitCode == 3, "\(limited.stdout)\n\(limited.stderr)")
        let approval = try #require(try scene.report(limited).actions.first { $0.kind == .approveAdded })
        #expect(approval.status == .deferred && approval.booking == "BN27-00161")
        #expect(Self.statuses(try #require(await Self.webinars(scene).first))["jan.weber@example.org"] == "pending")
        #expect(try Self.writeBack(scene, limited)["BN27-00161"]?.0 == "Nein")

        let next = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(next.exitCode == 0, "\(next.stdout)\n\(next.stderr)")
        #expect(Self.statuses(try #require(await Self.webinars(scene).first))["jan.weber@example.org"] == "approved")
        #expect(try Self.writeBack(scene, next)["BN27-00161"]?.0 == "Ja")
        try await Self.expectNothingLeft(scene, night: "after the daily limit")
    }
}
