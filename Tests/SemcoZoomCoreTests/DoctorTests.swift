import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

@Suite(.serialized) struct DoctorTests {
    static func simulator(users: [SimulatedUser], scopes: [String]? = nil) async throws -> ZoomSimulator {
        var configuration = SimulatorConfiguration()
        configuration.users = users
        configuration.enforceRateLimits = false
        if let scopes { configuration.scopes = scopes }
        return try await ZoomSimulator.start(configuration)
    }

    static func client(_ simulator: ZoomSimulator, secret: String = "sim-secret") -> HTTPZoomClient {
        var settings = ZoomClientSettings(
            apiURL: simulator.apiURL, oauthURL: simulator.oauthURL,
            credentials: ZoomCredentials(accountID: "sim-account", clientID: "sim-client", clientSecret: secret))
        settings.retry = ZoomRetryPolicy(maxAttempts: 1, baseDelay: 0.01, maxDelay: 0.01)
        return HTTPZoomClient.overCurl(settings: settings)
    }

    @Test func everythingOKAgainstTheSimulator() async throws {
        let simulator = try await Self.simulator(users: [SimulatedUser(email: "host@example.com", type: 2)])
        let checks = await Doctor.zoomChecks(
            client: Self.client(simulator), kind: .meeting, hosts: ["host@example.com": ["10062", "10050"]])
        await simulator.stop()
        #expect(checks.map(\.id) == ["token", "scopes", "host"])
        #expect(checks.allSatisfy { $0.status == .ok }, "\(checks)")
        #expect(
            checks[2].line(.de)
                == "OK      Moderator host@example.com (Kurse 10050, 10062): Benutzer im Zoom-Konto, lizenziert.")
        #expect(Doctor.exitStatus(checks) == .ok)
    }

    @Test func unlicensedAndUnknownHostsAreErrorsWithTheirFix() async throws {
        let simulator = try await Self.simulator(users: [SimulatedUser(email: "basic@example.com", type: 1)])
        let checks = await Doctor.zoomChecks(
            client: Self.client(simulator), kind: .meeting,
            hosts: ["basic@example.com": ["1"], "ghost@example.com": ["2"]])
        await simulator.stop()
        let hosts = checks.filter { $0.id == "host" }
        #expect(hosts.map(\.status) == [.error, .error])
        #expect(
            hosts[0].line(.en)
                == "ERROR   Host basic@example.com (courses 1): not licensed (basic) — registration needs a licensed host. Fix: Assign the user a licence in Zoom (User Management) or enter a licensed host in SEMCO."
        )
        #expect(
            hosts[1].line(.de).hasPrefix(
                "FEHLER  Moderator ghost@example.com (Kurse 2): Benutzer existiert im Zoom-Konto nicht. Abhilfe: Den Benutzer im Zoom-Konto anlegen"
            ))
        #expect(Doctor.exitStatus(checks) == .fatal)
    }

    @Test func wrongSecretIsATokenErrorAndNeverShowsTheSecret() async throws {
        let simulator = try await Self.simulator(users: [SimulatedUser(email: "host@example.com", type: 2)])
        let checks = await Doctor.zoomChecks(
            client: Self.client(simulator, secret: "WRONG-secret-42"), kind: .meeting,
            hosts: ["host@example.com": ["1"]])
        await simulator.stop()
        let token = try #require(checks.first)
        #expect(token.id == "token" && token.status == .error)
        let line = token.line(.de)
        #expect(line.hasPrefix("FEHLER  Kein Zoom-Token: Zoom hat die Zugangsdaten abgelehnt (HTTP 4"))
        #expect(line.contains("Abhilfe: Account-ID, Client-ID und Client-Secret"))
        #expect(!checks.map { $0.line(.de) + $0.line(.en) }.joined().contains("WRONG-secret-42"))
        #expect(Doctor.exitStatus(checks) == .fatal)
    }

    @Test func missingScopesAreNamed() async throws {
        let simulator = try await Self.simulator(users: [], scopes: ["meeting:read:admin"])
        let checks = await Doctor.zoomChecks(client: Self.client(simulator), kind: .meeting, hosts: nil)
        await simulator.stop()
        let scopes = try #require(checks.first { $0.id == "scopes" })
        #expect(scopes.status == .error)
        #expect(scopes.message.en.contains("meeting:write:admin, user:read:admin"))
        // Granular scopes count as well.
        let granular = [
            "meeting:read:meeting:admin", "meeting:read:list_meetings:admin", "meeting:read:list_registrants:admin",
            "meeting:write:meeting:admin", "meeting:update:meeting:admin", "meeting:delete:meeting:admin",
            "meeting:write:registrant:admin", "meeting:update:registrant_status:admin", "user:read:user:admin",
        ]
        #expect(Doctor.missingScopes(granular, kind: .meeting).isEmpty)
        #expect(Doctor.missingScopes(granular.dropLast(), kind: .meeting) == ["user:read:admin"])
        #expect(
            Doctor.missingScopes(["meeting:read:admin", "meeting:write:admin", "user:read:admin"], kind: .webinar) == [
                "webinar:read:admin", "webinar:write:admin",
            ])
    }

    @Test func hostsOfTheZoomCoursesInTheExports() {
        let source = SourceLocation(file: "kurse.csv", line: 2)
        let day = CalendarDay(year: 2027, month: 4, day: 12)
        let snapshot = Snapshot(
            courses: [
                Course(
                    number: "1", title: "A", status: .confirmed, venue: "zoom meeting room", startDay: day, endDay: day,
                    moderatorRole: .courseSupervisor, supervisor: CourseSupervisor(zoomUser: "Boss@Example.com"),
                    source: source),
                Course(
                    number: "2", title: "B", status: .running, venue: "Zoom Meeting Room", startDay: day, endDay: day,
                    moderatorRole: .trainer, source: source),
                Course(
                    number: "3", title: "C", status: .confirmed, venue: "Saal 1", startDay: day, endDay: day,
                    moderatorRole: .courseSupervisor, supervisor: CourseSupervisor(zoomUser: "other@example.com"),
                    source: source),
                Course(
                    number: "4", title: "D", status: .cancelled, venue: "Zoom Meeting Room", startDay: day, endDay: day,
                    moderatorRole: .courseSupervisor, supervisor: CourseSupervisor(zoomUser: "gone@example.com"),
                    source: source),
            ],
            trainers: [
                TrainerAssignment(
                    courseNumber: "2", shortCode: "T", firstName: "T", lastName: "R", zoomUser: "trainer@example.com",
                    isModerator: true, source: source)
            ])
        let hosts = Doctor.hosts(
            in: snapshot, configuration: Configuration(), today: CalendarDay(year: 2027, month: 4, day: 1))
        #expect(hosts == ["boss@example.com": ["1"], "trainer@example.com": ["2"]])
        #expect(
            Doctor.hosts(in: snapshot, configuration: Configuration(), today: CalendarDay(year: 2027, month: 5, day: 1))
                .isEmpty)
    }

    @Test func foldersLockAndState() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let drop = Doctor.folderCheck(
            id: "drop", name: LocalizedText(de: "Ablageordner", en: "Drop directory"), url: tmp.url, mayBeCreated: false
        )
        #expect(drop.status == .ok)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)  // the probe is gone
        let missing = Doctor.folderCheck(
            id: "drop", name: LocalizedText(de: "Ablageordner", en: "Drop directory"),
            url: tmp.url.appendingPathComponent("nope"), mayBeCreated: false)
        #expect(missing.status == .error && missing.fix != nil)
        let creatable = Doctor.folderCheck(
            id: "state-folder", name: LocalizedText(de: "Ordner", en: "Folder"),
            url: tmp.url.appendingPathComponent("a/b"), mayBeCreated: true)
        #expect(creatable.status == .ok)

        let stateURL = tmp.url.appendingPathComponent("state.json")
        #expect(Doctor.lockCheck(stateURL: stateURL).status == .ok)
        let lock = try RunLock.acquire(StateStore(url: stateURL).lockURL)
        let held = Doctor.lockCheck(stateURL: stateURL)
        lock.release()
        #expect(held.status == .warning)
        #expect(held.line(.de).contains("Abhilfe: Warten"))

        #expect(Doctor.stateCheck(stateURL: stateURL).map(\.status) == [.ok])  // none yet
        let store = StateStore(url: stateURL)
        _ = try store.save(
            SyncState(lineage: "lin-1", serial: 4, courses: ["1": ManagedCourse(number: "1", host: "h@example.com")]),
            now: Date(), expected: nil)
        let good = Doctor.stateCheck(stateURL: stateURL)
        #expect(good.map(\.status) == [.ok])
        #expect(good[0].message.en.contains("format 2, id lin-1"))
        #expect(good[0].message.en.contains("1 course (1 active)"))
        chmod(stateURL.path, 0o644)
        #expect(Doctor.stateCheck(stateURL: stateURL).map(\.status) == [.ok, .warning])
        try tmp.write("state.json", #"{"format": 99, "lineage": "x", "serial": 1, "courses": {}}"#)
        let newer = Doctor.stateCheck(stateURL: stateURL)
        #expect(newer.map(\.status) == [.error])
        #expect(newer[0].message.de.contains("Format 99"))
    }

    @Test func renderSaysHowManyProblems() {
        let checks = [
            DoctorCheck(id: "a", status: .ok, message: LocalizedText(de: "gut", en: "good")),
            DoctorCheck(
                id: "b", status: .warning, message: LocalizedText(de: "naja", en: "meh"),
                fix: LocalizedText(de: "tun", en: "do")),
        ]
        #expect(
            Doctor.render(checks, language: .de) == "OK      gut\nWARNUNG naja Abhilfe: tun\n0 Fehler, 1 Warnung.\n")
        #expect(Doctor.render(checks, language: .en) == "OK      good\nWARNING meh Fix: do\n0 errors, 1 warning.\n")
    }
}
