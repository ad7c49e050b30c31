import Foundation
import SemcoZoomCore
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@Suite("Run pipeline (in process, collaborators passed in)", .serialized)
struct RunPipelineTests {
    static let host = "m.berger@semcosoft.com"

    func writeDrop(_ dir: TemporaryDirectory) throws {
        try dir.write(
            "drop/kurse_20270301_2200.csv",
            """
            Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars;Montag von;Montag bis;Zoom synchronisieren
            100;Kurs Hundert;bestätigt;Zoom Meeting Room;12.04.2027;12.04.2027;Trainer;16:00;21:00;Ja
            200;Kurs Zweihundert;bestätigt;Zoom Meeting Room;19.04.2027;19.04.2027;Trainer;16:00;21:00;Ja

            """)
        try dir.write(
            "drop/trainer_20270301_2200.csv",
            """
            Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv
            100;MBE;Maria;Berger;\(Self.host);Ja;Ja
            200;MBE;Maria;Berger;\(Self.host);Ja;Ja

            """)
        try dir.write(
            "drop/buchungen_20270301_2200.csv",
            """
            Buchungsnummer;Kursnr;Vorname;Nachname;E-Mail;Status
            B1;100;Eva;Lang;eva@example.org;Bestätigte Buchung
            B2;200;Tom;Berg;tom@example.org;Bestätigte Buchung

            """)
    }

    func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    @Test(
        "--course limits the run; report.json lands owner-only in runs/<run-id> beside the state; the clock names the run"
    )
    func courseFilterAndOutputs() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-run")
        defer { dir.remove() }
        try writeDrop(dir)
        var simConfiguration = SimulatorConfiguration()
        simConfiguration.users = [SimulatedUser(email: Self.host, type: 2)]
        let sim = try await ZoomSimulator.start(simConfiguration)
        defer { Task { await sim.stop() } }
        let environment = [
            "ZOOM_API_URL": sim.apiURL.absoluteString, "ZOOM_OAUTH_URL": sim.oauthURL.absoluteString,
            "ZOOM_ACCOUNT_ID": simConfiguration.accountID, "ZOOM_CLIENT_ID": simConfiguration.clientID,
            "ZOOM_CLIENT_SECRET": simConfiguration.clientSecret,
        ]
        let clock = FixedClock(ISO8601DateFormatter().date(from: "2027-03-02T05:00:00Z")!)
        let request = RunRequest(
            mode: .sync, drop: "drop", state: "var/state.json", courses: ["100"], keepDrop: true,
            workingDirectory: dir.url, environment: environment)
        let result = await SyncRun(
            request: request,
            collaborators: RunCollaborators(
                clock: clock,
                makeZoom: RunCollaborators.zoom(environment: environment, transport: CurlTransport.factory))
        ).run()
        #expect(
            result.exitStatus == .ok,
            "\(String(describing: result.outcome.fatal)) \(result.outcome.diagnostics.map(\.code))")
        #expect(result.outcome.runID.hasPrefix("20270302T050000Z-"))
        #expect(result.outcome.runID.count == "20270302T050000Z-".count + 4)
        let runDir = dir.url.appendingPathComponent("var/runs/\(result.outcome.runID)").standardizedFileURL
        #expect(result.reportFile?.standardizedFileURL.path == runDir.appendingPathComponent("report.json").path)
        #expect(try mode(runDir.path) == 0o700)
        #expect(try mode(runDir.appendingPathComponent("report.json").path) == 0o600)
        let decoded = try ReportDocument.makeDecoder().decode(
            ReportDocument.self, from: Data(contentsOf: runDir.appendingPathComponent("report.json")))
        #expect(decoded.runID == result.outcome.runID)
        #expect(decoded.exitCode == result.outcome.exitStatus.rawValue)
        #expect(result.outcome.courseTitles["100"] == "Kurs Hundert")
        #expect(decoded.courses.contains { $0.number == "100" && $0.title == "Kurs Hundert" })
        let meetings = await sim.snapshot().meetings
        #expect(meetings.map { String(($0.agenda ?? "").prefix(11)) } == ["[SEMCO 100]"])
        let state = try StateStore(url: dir.url.appendingPathComponent("var/state.json")).load().state
        #expect(state.courses.keys.sorted() == ["100"])
        #expect(state.dailyWrites?.perHost[Self.host] == 1)
    }

    @Test("a missing drop directory option is fatal before anything is locked or written")
    func noDrop() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-run")
        defer { dir.remove() }
        let request = RunRequest(mode: .plan, language: .en, workingDirectory: dir.url, environment: [:])
        let result = await SyncRun(
            request: request,
            collaborators: RunCollaborators(makeZoom: { _, _, _ in
                Issue.record("Zoom must not be reached")
                throw ZoomError.notConfigured("unused")
            })
        ).run()
        #expect(result.exitStatus == .fatal)
        #expect(result.outcome.fatal?.en.contains("--drop") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test(
        "the outputs use the state the run ended with: a state file swapped for last night's after the apply changes neither write-back nor report"
    )
    func outputsUseTheStateTheRunEndedWith() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-run")
        defer { dir.remove() }
        try writeDrop(dir)
        var simConfiguration = SimulatorConfiguration()
        simConfiguration.users = [SimulatedUser(email: Self.host, type: 2)]
        let sim = try await ZoomSimulator.start(simConfiguration)
        defer { Task { await sim.stop() } }
        let environment = [
            "ZOOM_API_URL": sim.apiURL.absoluteString, "ZOOM_OAUTH_URL": sim.oauthURL.absoluteString,
            "ZOOM_ACCOUNT_ID": simConfiguration.accountID, "ZOOM_CLIENT_ID": simConfiguration.clientID,
            "ZOOM_CLIENT_SECRET": simConfiguration.clientSecret,
        ]
        let stateFile = dir.url.appendingPathComponent("var/state.json")
        let clock = FixedClock(ISO8601DateFormatter().date(from: "2027-03-02T05:00:00Z")!)
        func request(_ courses: [String]) -> RunRequest {
            RunRequest(
                mode: .sync, drop: "drop", state: "var/state.json", courses: courses, keepDrop: true,
                workingDirectory: dir.url, environment: environment)
        }
        // Night 1: course 100 only.
        let first = await SyncRun(
            request: request(["100"]),
            collaborators: RunCollaborators(
                clock: clock,
                makeZoom: RunCollaborators.zoom(environment: environment, transport: CurlTransport.factory))
        ).run()
        #expect(first.exitStatus == .ok, "\(first.outcome.diagnostics.map(\.code))")
        let lastNight = try Data(contentsOf: stateFile)

        // Night 2: course 200 too. When the run lets go of Zoom — after the apply and the state's
        // checkpoint, before the outputs — the state file is swapped for last night's. Outputs made
        // from a second read of the file would not know course 200's meeting or booking B2.
        let zoom = RunCollaborators.zoom(environment: environment, transport: CurlTransport.factory)
        let second = await SyncRun(
            request: request(["100", "200"]),
            collaborators: RunCollaborators(
                clock: clock,
                makeZoom: { configuration, state, log in
                    var session = try await zoom(configuration, state, log)
                    let close = session.close
                    session.close = {
                        await close()
                        try? lastNight.write(to: stateFile)
                    }
                    return session
                })
        ).run()
        #expect(second.exitStatus == .ok, "\(second.outcome.diagnostics.map(\.code))")
        #expect(try Data(contentsOf: stateFile) == lastNight, "the swap happened")
        let created = try #require(second.outcome.actions.first { $0.course == "200" && $0.meetingID != nil })
        let meeting = try #require(created.meetingID)
        let runDir = try #require(second.reportFile).deletingLastPathComponent()
        let courses = try String(
            contentsOf: runDir.appendingPathComponent("semco-import/kurse.csv"), encoding: .utf8)
        #expect(courses.contains("200;Ja;\(meeting);"), "\(courses)")
        let bookings = try String(
            contentsOf: runDir.appendingPathComponent("semco-import/buchungen.csv"), encoding: .utf8)
        #expect(bookings.contains("B2;200;Ja;"), "\(bookings)")
        let report = try ReportDocument.makeDecoder().decode(
            ReportDocument.self, from: Data(contentsOf: runDir.appendingPathComponent("report.json")))
        #expect(report.courses.first { $0.number == "200" }?.meetingID == meeting, "\(report.courses)")
    }
}
