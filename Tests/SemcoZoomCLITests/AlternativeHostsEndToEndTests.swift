import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// Issue 16, point 6: co-trainers as alternative hosts (`alternative_hosts: trainers`) through
/// the real binary against the simulator over loopback.
@Suite("co-trainers as alternative hosts end to end (CLI against the simulator)", .serialized)
struct AlternativeHostsEndToEndTests {
    static let wolf = "k.wolf@semcosoft.com"
    static let klein = "p.klein@semcosoft.com"
    static let lang = "e.lang@semcosoft.com"
    static let basic = "b.basis@semcosoft.com"
    static let trainerHeader = "Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv"
    static let two = [
        "10062;MBE;Maria;Berger;\(SyncScene.trainer);Ja;Ja", "10062;KWO;Karl;Wolf;\(wolf);Nein;Ja",
        "10062;PKL;Paul;Klein;\(klein);Nein;Ja",
    ]

    static func users() -> [SimulatedUser] {
        [
            SimulatedUser(email: SyncScene.trainer, type: 2, firstName: "Maria", lastName: "Berger"),
            SimulatedUser(email: wolf, type: 2, firstName: "Karl", lastName: "Wolf"),
            SimulatedUser(email: klein, type: 2, firstName: "Paul", lastName: "Klein"),
            SimulatedUser(email: lang, type: 2, firstName: "Eva", lastName: "Lang"),
            SimulatedUser(email: basic, type: 1, firstName: "Bernd", lastName: "Basis"),
        ]
    }

    func writeTrainers(_ scene: SyncScene, _ lines: [String]) throws {
        try scene.drop("trainer_20270301_2200.csv", [Self.trainerHeader] + lines)
    }

    func alternativeHosts(_ scene: SyncScene) async throws -> Set<String> {
        let meeting = try #require(await scene.meetings().first)
        return Set(
            (meeting.alternativeHosts ?? "").split(separator: ";").map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            })
    }

    @Test(
        "first sync with two co-trainers sets them; a trainer added in SEMCO is one PATCH; the next run writes nothing; a trainer without a licensed Zoom user is warned about and not sent"
    )
    func coTrainersFollowSEMCO() async throws {
        let scene = try await SyncScene.start(users: Self.users())
        defer { Task { await scene.stop() } }
        try scene.dir.write("semco-zoom.yaml", "alternative_hosts: trainers\n")
        let config = ["--config", "semco-zoom.yaml", "--json", "--keep-drop"]
        try scene.writeGuideCourse()
        try writeTrainers(scene, Self.two)

        // First sync: the meeting is created with both co-trainers, the host is not among them.
        let first = try await scene.run("sync", config)
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(try await alternativeHosts(scene) == [Self.wolf, Self.klein])
        #expect(try #require(await scene.meetings().first).hostEmail == SyncScene.trainer)
        #expect(try scene.state()[course: "10062"]?.alternativeHosts == [Self.wolf, Self.klein])
        #expect(await scene.writes().filter { $0.method == "PATCH" }.isEmpty)

        // Eva Lang joins the course in SEMCO: one PATCH of the meeting, nothing else written.
        var before = await scene.callCount()
        try writeTrainers(scene, Self.two + ["10062;ELA;Eva;Lang;\(Self.lang);Nein;Ja"])
        let added = try await scene.run("sync", config)
        #expect(added.exitCode == 0, "\(added.stdout)\n\(added.stderr)")
        let writes = await scene.writes(since: before)
        #expect(writes.count == 1, "\(writes)")
        #expect(writes.first?.method == "PATCH" && writes.first?.path.hasPrefix("/v2/meetings/") == true)
        #expect(try await alternativeHosts(scene) == [Self.wolf, Self.klein, Self.lang])
        let report = try scene.report(added)
        #expect(report.actions.filter { $0.kind == .updateMeeting }.count == 1)
        #expect(try scene.state()[course: "10062"]?.alternativeHosts == [Self.lang, Self.wolf, Self.klein].sorted())

        // The same export again: no write at all.
        before = await scene.callCount()
        let again = try await scene.run("sync", config)
        #expect(again.exitCode == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(await scene.writes(since: before).isEmpty)
        #expect(try scene.report(again).actions.isEmpty)

        // Bernd Basis has only a Basic Zoom user: warned about (German, then English), not sent, no write.
        try writeTrainers(
            scene,
            Self.two + ["10062;ELA;Eva;Lang;\(Self.lang);Nein;Ja", "10062;BBA;Bernd;Basis;\(Self.basic);Nein;Ja"])
        before = await scene.callCount()
        let unlicensed = try await scene.run("sync", config)
        #expect(unlicensed.exitCode == 0, "\(unlicensed.stdout)\n\(unlicensed.stderr)")
        #expect(await scene.writes(since: before).isEmpty)
        #expect(try await alternativeHosts(scene) == [Self.wolf, Self.klein, Self.lang])
        let warnings = try scene.report(unlicensed).diagnostics.filter { $0.code == "plan.co-trainer-unlicensed" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.message.contains("Bernd Basis") == true)
        #expect(warnings.first?.message.contains("nicht lizenziert (Basic)") == true)
        let english = try await scene.run("sync", config + ["--language", "en"])
        #expect(english.exitCode == 0, "\(english.stdout)\n\(english.stderr)")
        #expect(
            try scene.report(english).diagnostics.contains {
                $0.code == "plan.co-trainer-unlicensed" && $0.message.contains("is not licensed (Basic)")
            })
        // The report never carries the Basic user into Zoom, and Zoom never refused a write.
        #expect(!(await scene.simulator.servedCalls()).contains { $0.zoomCode == 1115 })
    }

    @Test("without the option the meeting's alternative hosts are never sent, and one set in Zoom is left alone")
    func optionOff() async throws {
        let scene = try await SyncScene.start(users: Self.users())
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        try writeTrainers(scene, Self.two)
        let first = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        let meeting = try #require(await scene.meetings().first)
        #expect(meeting.alternativeHosts == "")
        // No co-trainer's Zoom user is read (GET /users/{userId}).
        #expect(
            !(await scene.simulator.servedCalls()).contains {
                $0.method == "GET" && $0.path.hasPrefix("/v2/users/") && !$0.path.hasSuffix("/meetings")
            })

        await scene.simulator.setAlternativeHostsDirectly(id: meeting.id, value: Self.lang)
        let before = await scene.callCount()
        let next = try await scene.run("sync", ["--json", "--keep-drop"])
        #expect(next.exitCode == 0, "\(next.stdout)\n\(next.stderr)")
        #expect(await scene.writes(since: before).isEmpty)
        #expect(try await alternativeHosts(scene) == [Self.lang])
    }
}
