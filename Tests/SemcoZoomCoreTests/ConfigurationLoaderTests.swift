import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

@Suite struct ConfigurationLoaderTests {
    func loadError(_ text: String, file: String = "c.yaml") -> ConfigurationError? {
        do {
            _ = try ConfigurationLoader.parse(text, file: file)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func noFileGivesTheDefaults() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let configuration = try ConfigurationLoader.load(path: nil, environment: [:], workingDirectory: dir.url)
        #expect(configuration == Configuration())
    }

    @Test func everyKeyFromYAML() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(
            "semco-zoom.yaml",
            """
            zoom_room: Webinar-Raum 1
            time_zone: Europe/Vienna
            licence: business
            auto_sync: false
            registering_statuses: [Bestätigte Buchung, anfrage]
            drift: report
            notify_registrants: true
            mass_cancel: {course_minimum: 5, course_percent: 12.5, run_maximum: 30}
            column_aliases:
              "bookings:Mail": E-Mail
            alternative_hosts: trainers
            rate_plan: business
            zoom_import_header: false
            language: en
            paths: {drop: in, state: /var/lib/semco/state.json, out: runs}
            zoom:
              api_url: http://127.0.0.1:8080/v2
              oauth_url: http://127.0.0.1:8080/oauth/token
              account_id: acc
              client_id: cid
              client_secret_file: secret.txt
              kind: webinar
            """)
        let c = try ConfigurationLoader.load(path: nil, environment: [:], workingDirectory: dir.url)
        #expect(c.zoomRoom == "Webinar-Raum 1")
        #expect(c.timeZone == "Europe/Vienna")
        #expect(c.licence == .business)
        #expect(c.autoSync == false)
        #expect(c.registeringStatuses == [.confirmed, .request])
        #expect(c.drift == .report)
        #expect(c.notifyRegistrants)
        #expect(c.massCancel.courseMinimum == 5 && c.massCancel.coursePercent == 12.5 && c.massCancel.runMaximum == 30)
        #expect(c.columnAliases == ["bookings:Mail": "E-Mail"])
        #expect(c.alternativeHosts == .trainers)
        #expect(c.kind == .webinar && c.ratePlan == .business && c.zoomImportHeader == false && c.language == .en)
        #expect(c.notices.isEmpty)
        let base = dir.url.standardizedFileURL.path
        #expect(c.paths.drop == base + "/in")
        #expect(c.paths.state == "/var/lib/semco/state.json")
        #expect(c.paths.out == base + "/runs")
        #expect(c.zoom.apiURL == "http://127.0.0.1:8080/v2")
        #expect(c.zoom.accountID == "acc" && c.zoom.clientID == "cid")
        #expect(c.zoom.clientSecretFile == base + "/secret.txt")
    }

    @Test func theTopLevelKindStillWorksWithADeprecationWarningAndZoomKindWins() throws {
        let legacy = try ConfigurationLoader.parse("kind: webinar\n", file: "/etc/semco-zoom.yaml")
        #expect(legacy.kind == .webinar)
        let notice = try #require(legacy.notices.first)
        #expect(legacy.notices.count == 1 && notice.code == "config.deprecated-key" && notice.severity == .warning)
        #expect(notice.message.de == "/etc/semco-zoom.yaml: Der Schlüssel „kind“ ist veraltet; er gilt noch (webinar).")
        #expect(
            notice.message.en == "/etc/semco-zoom.yaml: The key \"kind\" is deprecated; it still applies (webinar).")
        #expect(notice.hint?.en.contains("\"zoom:\" with \"kind: webinar\" under it") == true)

        // Both keys: zoom.kind wins, whichever comes first, and the old key is reported as ignored.
        for text in ["kind: meeting\nzoom: {kind: webinar}\n", "zoom: {kind: webinar}\nkind: meeting\n"] {
            let both = try ConfigurationLoader.parse(text, file: "c.yaml")
            #expect(both.kind == .webinar)
            #expect(
                both.notices.map(\.message.en) == [
                    "c.yaml: The key \"kind\" is deprecated and ignored because \"zoom.kind\" is set."
                ])
        }
        let current = try ConfigurationLoader.parse("zoom:\n  kind: webinar\n", file: "c.yaml")
        #expect(current.kind == .webinar && current.notices.isEmpty)
    }

    @Test func alternativeHostsIsOffByDefaultAndTakesNoneOrTrainers() throws {
        #expect(Configuration().alternativeHosts == .none)
        #expect(try ConfigurationLoader.parse("alternative_hosts: none\n", file: "c.yaml").alternativeHosts == .none)
        #expect(
            try ConfigurationLoader.parse("alternative_hosts: Trainers\n", file: "c.yaml").alternativeHosts == .trainers
        )
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.parse("alternative_hosts: all\n", file: "c.yaml")
        }
        do {
            _ = try ConfigurationLoader.parse("alternative_hosts: yes\n", file: "c.yaml")
            Issue.record("a boolean was taken")
        } catch let error as ConfigurationError {
            #expect(error.key == "alternative_hosts")
            #expect(error.message.en.contains("none, trainers"))
        }
    }

    @Test func jsonFileAndEnvironmentWins() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(
            "semco-zoom.json",
            "{\n\t\"zoom_room\": \"Zoom Raum\",\n\t\"zoom\": {\"account_id\": \"from-file\", \"client_id\": \"file-id\"}\n}\n"
        )
        let environment = [
            "ZOOM_ACCOUNT_ID": "from-env", "ZOOM_CLIENT_ID": "", "ZOOM_API_URL": "http://127.0.0.1:1/v2",
            "ZOOM_OAUTH_URL": "http://127.0.0.1:1/oauth/token",
        ]
        let c = try ConfigurationLoader.load(path: nil, environment: environment, workingDirectory: dir.url)
        #expect(c.zoomRoom == "Zoom Raum")
        #expect(c.zoom.accountID == "from-env")
        #expect(c.zoom.clientID == "file-id")  // empty variable = unset
        #expect(c.zoom.apiURL == "http://127.0.0.1:1/v2")
        #expect(c.zoom.oauthURL == "http://127.0.0.1:1/oauth/token")
    }

    @Test func explicitPathThenEnvironmentPathThenWorkingDirectory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("semco-zoom.yml", "zoom_room: from-yml\n")
        try dir.write("other/a.yaml", "zoom_room: from-a\n")
        try dir.write("b.yaml", "zoom_room: from-b\n")
        #expect(
            try ConfigurationLoader.load(path: nil, environment: [:], workingDirectory: dir.url).zoomRoom == "from-yml")
        #expect(
            try ConfigurationLoader.load(
                path: nil, environment: ["SEMCO_ZOOM_CONFIG": dir.path + "/other/a.yaml"], workingDirectory: dir.url
            ).zoomRoom == "from-a")
        #expect(
            try ConfigurationLoader.load(
                path: "b.yaml", environment: ["SEMCO_ZOOM_CONFIG": dir.path + "/other/a.yaml"],
                workingDirectory: dir.url
            ).zoomRoom == "from-b")
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(path: "missing.yaml", environment: [:], workingDirectory: dir.url)
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(
                path: nil, environment: ["SEMCO_ZOOM_CONFIG": "/nonexistent/x.yaml"], workingDirectory: dir.url)
        }
    }

    @Test func clientSecretInTheFileIsRefused() throws {
        let secret = "s3cr3t-\(UUID().uuidString)"
        for text in ["client_secret: \(secret)\n", "zoom:\n  client_secret: \(secret)\n"] {
            let error = try #require(loadError(text))
            #expect(error.message.de.contains("ZOOM_CLIENT_SECRET"))
            #expect(error.message.en.contains("client_secret_file"))
            #expect(!error.message.de.contains(secret) && !error.message.en.contains(secret))
        }
    }

    @Test(arguments: [
        ("zoom_rooom: x\n", "zoom_rooom"),
        ("mass_cancel: {course_minimum: -1}\n", "mass_cancel.course_minimum"),
        ("mass_cancel: {course_percent: 120}\n", "mass_cancel.course_percent"),
        ("mass_cancel: {foo: 1}\n", "mass_cancel.foo"),
        ("licence: gold\n", "licence"),
        ("time_zone: Mars/Olympus\n", "time_zone"),
        ("auto_sync: vielleicht\n", "auto_sync"),
        ("registering_statuses: [Warteliste]\n", "registering_statuses"),
        ("kind: [meeting]\n", "kind"),
        ("zoom: {kind: seminar}\n", "zoom.kind"),
        ("zoom: {api_url: not a url}\n", "zoom.api_url"),
        ("paths: {home: x}\n", "paths.home"),
        ("paths: 3\n", "paths"),
        ("retention: {runs_days: -1}\n", "retention.runs_days"),
        ("retention: {archive_days: never}\n", "retention.archive_days"),
        ("retention: {rejected_days: 1.5}\n", "retention.rejected_days"),
        ("retention: {state_days: true}\n", "retention.state_days"),
        ("retention: {state_days: 36501}\n", "retention.state_days"),
        ("retention: {logs_days: 3}\n", "retention.logs_days"),
        ("retention: 90\n", "retention"),
    ])
    func badKeysAndValuesNameTheKey(_ text: String, _ key: String) throws {
        let error = try #require(loadError(text))
        #expect(error.key == key)
        #expect(error.message.de.contains(key) && error.message.en.contains(key))
        #expect(error.message.de.hasPrefix("c.yaml"))
    }

    @Test("retention: days, 0 and forever keep for good, unset keys keep the default of 90")
    func retentionKeys() throws {
        let defaults = Configuration().retention
        #expect(defaults.runsDays == 90 && defaults.archiveDays == 90)
        #expect(defaults.rejectedDays == 90 && defaults.stateDays == 90)
        let c = try ConfigurationLoader.parse(
            "retention:\n  runs_days: 30\n  archive_days: 0\n  state_days: Forever\n", file: "c.yaml")
        #expect(c.retention.runsDays == 30)
        #expect(c.retention.archiveDays == nil)
        #expect(c.retention.stateDays == nil)
        #expect(c.retention.rejectedDays == 90)
    }

    @Test func brokenYAMLIsAnError() {
        #expect(loadError("zoom_room: [unclosed\n") != nil)
    }

    @Test func theExampleFileLoads() throws {
        let example = InputFixtures.samplesDirectory.appendingPathComponent("semco-zoom.example.yaml")
        let c = try ConfigurationLoader.load(
            path: example.path, environment: [:], workingDirectory: URL(fileURLWithPath: "/"))
        #expect(c.zoomRoom == "Zoom Meeting Room")
        #expect(c.columnAliases["bookings:Mail"] == "E-Mail")
        #expect(c.zoom.clientSecretFile?.hasSuffix("samples/secrets/zoom-client-secret") == true)
        var expected = Configuration()
        expected.columnAliases = c.columnAliases
        expected.paths = c.paths
        expected.zoom.accountID = c.zoom.accountID
        expected.zoom.clientID = c.zoom.clientID
        expected.zoom.clientSecretFile = c.zoom.clientSecretFile
        #expect(c == expected, "the example shows the defaults")
    }
}
