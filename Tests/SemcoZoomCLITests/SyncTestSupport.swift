import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// One end-to-end scene: a real temp folder with a drop directory, an in-process Zoom simulator
/// on loopback, and the environment that points the `semco-zoom` child process at it.
struct SyncScene {
    static let trainer = "m.berger@semcosoft.com"
    static let secret = "scene-secret-6f1d2c"

    let dir: TemporaryDirectory
    let simulator: ZoomSimulator
    var environment: [String: String]

    var drop: URL { dir.url.appendingPathComponent("drop") }
    var stateFile: URL { dir.url.appendingPathComponent("state/state.json") }

    static func start(
        users: [SimulatedUser] = [SimulatedUser(email: trainer, type: 2, firstName: "Maria", lastName: "Berger")],
        secret: String = secret, registrantCapacity: Int? = nil
    ) async throws -> SyncScene {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-sync")
        var configuration = SimulatorConfiguration()
        configuration.users = users
        if let registrantCapacity { configuration.registrantCapacity = registrantCapacity }
        configuration.clientSecret = secret
        configuration.enforceRateLimits = true
        let simulator = try await ZoomSimulator.start(configuration)
        let environment = [
            "ZOOM_API_URL": simulator.apiURL.absoluteString,
            "ZOOM_OAUTH_URL": simulator.oauthURL.absoluteString,
            "ZOOM_ACCOUNT_ID": configuration.accountID,
            "ZOOM_CLIENT_ID": configuration.clientID,
            "ZOOM_CLIENT_SECRET": secret,
        ]
        try FileManager.default.createDirectory(
            at: dir.url.appendingPathComponent("drop"), withIntermediateDirectories: true)
        return SyncScene(dir: dir, simulator: simulator, environment: environment)
    }

    func stop() async {
        await simulator.stop()
        dir.remove()
    }

    /// Writes one export file into the drop directory (UTF-8, `;`).
    @discardableResult
    func drop(_ name: String, _ lines: [String]) throws -> URL {
        try dir.write("drop/\(name)", lines.joined(separator: "\r\n") + "\r\n")
    }

    /// The guide's course synced by a first `sync --keep-drop` (which must succeed); its meeting in Zoom.
    func syncGuideCourse() async throws -> SimMeetingState {
        try writeGuideCourse()
        let first = try await run("sync", ["--keep-drop"])
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        return try #require(await meetings().first)
    }

    /// The guide's course 10062: Mon/Wed/Fri 16:00–21:00, 12.–16.04.2027, trainer Maria Berger moderates.
    func writeGuideCourse(
        bookings: [String]? = nil, sessions: [String]? = nil, endDay: String = "16.04.2027",
        stamp: String = "20270301_2200"
    ) throws {
        try drop(
            "kurse_\(stamp).csv",
            [
                "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars;Montag von;Montag bis;Mittwoch von;Mittwoch bis;Freitag von;Freitag bis;Zoom synchronisieren",
                "10062;Narkose Grundschulung - Zoom-Webinar am Abend;bestätigt;Zoom Meeting Room;12.04.2027;\(endDay);Trainer;16:00;21:00;16:00;21:00;16:00;21:00;Ja",
            ])
        try drop(
            "trainer_\(stamp).csv",
            [
                "Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv",
                "10062;MBE;Maria;Berger;\(Self.trainer);Ja;Ja",
            ])
        try drop(
            "buchungen_\(stamp).csv",
            ["Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"]
                + (bookings ?? Self.guideBookings))
        if let sessions {
            try drop("kurstermine_\(stamp).csv", ["Kursnr;Datum;von;bis"] + sessions)
        }
    }

    static let guideBookings = [
        "BN27-00158;10062;Herr;Steve;Miller;s.miller@example.org;SEMCO Software Engineering GmbH;Bestätigte Buchung",
        "BN27-00159;10062;Frau;Rita;Doro;rita.doro@example.org;;Bestätigte Buchung",
        "BN27-00160;10062;Frau;Anna;Schmidt;Anna.Schmidt@Example.org;Klinikum Nord;Laufender Kurs",
    ]

    static func bookings(_ count: Int, course: String = "10062") -> [String] {
        (1...count).map { i in
            String(format: "BN27-%05d;%@;Frau;Teil%d;Nehmerin;teil%d@example.org;;Bestätigte Buchung", i, course, i, i)
        }
    }

    /// `semco-zoom <command> --drop … --state …` in the scene folder, with the simulator's environment.
    func run(_ command: String, _ extra: [String] = [], environment overrides: [String: String] = [:]) async throws
        -> CLIResult
    {
        try await CLIProcess.run(
            arguments(command, extra), in: dir.url, environment: environment.merging(overrides) { _, new in new })
    }

    func start(_ command: String, _ extra: [String] = []) throws -> CLIChild {
        try CLIProcess.start(arguments(command, extra), in: dir.url, environment: environment)
    }

    /// Each command gets the options it takes: `status` only the state, `validate` only the drop directory.
    func arguments(_ command: String, _ extra: [String]) -> [String] {
        switch command {
        case "status": return [command, "--state", stateFile.path] + extra
        case "validate": return [command, "--drop", drop.path] + extra
        default: return [command, "--drop", drop.path, "--state", stateFile.path] + extra
        }
    }

    /// Calls the simulator served after the first `since` ones that change something in Zoom.
    func writes(since: Int = 0) async -> [ServedCall] {
        let calls = await simulator.servedCalls()
        return Array(calls.dropFirst(since)).filter { $0.method != "GET" && $0.path.hasPrefix("/v2/") }
    }

    func callCount() async -> Int { await simulator.servedCalls().count }

    func meetings() async -> [SimMeetingState] { await simulator.snapshot().meetings.filter { !$0.isWebinar } }

    func state() throws -> SyncState { try StateStore(url: stateFile).load().state }

    /// `report.json` of a `--json` run (the documented report schema, docs/report-schema.md).
    func report(_ result: CLIResult) throws -> ReportDocument {
        try ReportDocument.makeDecoder().decode(ReportDocument.self, from: Data(contentsOf: reportFile(result)))
    }

    func reportFile(_ result: CLIResult) throws -> URL {
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let path = try #require(summary?["report"] as? String, "no report path in: \(result.stdout) \(result.stderr)")
        return URL(fileURLWithPath: path)
    }

    /// Names of the files directly in the drop directory (not in archive/ or rejected/).
    func dropFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: drop.path).filter { $0.hasSuffix(".csv") }.sorted()
    }

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
}
