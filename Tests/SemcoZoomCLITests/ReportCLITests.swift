import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// SEMCO exports written by hand for the end-to-end runs.
struct ExportWriter {
    var drop: URL

    static let courseHeader =
        "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars;Kursbetreuer;Kursbetreuer Kürzel;Kursbetreuer Zoom Benutzername;Montag von;Montag bis;Dienstag von;Dienstag bis;Mittwoch von;Mittwoch bis;Donnerstag von;Donnerstag bis;Freitag von;Freitag bis;Samstag von;Samstag bis;Sonntag von;Sonntag bis;Max. TN;Veranstaltungsart;Zoom synchronisieren"

    /// A one-day course on a Monday 09:00–12:00, hosted by its Kursbetreuer (or by a trainer that is not ticked: an error).
    static func course(_ number: String, _ title: String, day: String, host: String?, trainerModerator: Bool = false)
        -> String
    {
        let role = trainerModerator ? "Trainer;;;" : "Kursbetreuer;Adler, Julia;JAD;\(host ?? "")"
        return
            "\(number);\(title);bestätigt;Zoom Meeting Room;\(day);\(day);\(role);09:00;12:00;;;;;;;;;;;;;20;Live-Online;Ja"
    }

    func write(stamp: String, courses: [String], bookings: [String], trainers: [String] = []) throws {
        for file in try FileManager.default.contentsOfDirectory(atPath: drop.path) where file.hasSuffix(".csv") {
            try FileManager.default.removeItem(at: drop.appendingPathComponent(file))
        }
        func put(_ name: String, _ lines: [String]) throws {
            try Data(("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n").utf8).write(
                to: drop.appendingPathComponent("\(name)_\(stamp).csv"))
        }
        try put("kurse", [Self.courseHeader] + courses)
        try put(
            "buchungen", ["Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"] + bookings
        )
        try put("trainer", ["Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv"] + trainers)
        try put("kurstermine", ["Kursnr;Datum;von;bis"])
    }
}

/// Three real `semco-zoom sync` runs against the simulator (in this process, real HTTP on
/// loopback): creates, an update, a cancel, a re-booking Zoom refuses, a course with a
/// validation error and work deferred by Zoom's per-host daily limit.
@Suite(.serialized) struct ReportCLITests {
    static let secret = "Secret-\(UUID().uuidString)"
    static let tricky = "Hygiene <Basics> & \"Praxis\""

    @Test func runsLeaveEveryOutputFileWithTheRightContent() async throws {
        let tmp = try TemporaryDirectory(prefix: "semco-zoom-report-cli")
        defer { tmp.remove() }
        var simulatorConfiguration = SimulatorConfiguration()
        simulatorConfiguration.clientSecret = Self.secret
        simulatorConfiguration.users = [
            SimulatedUser(email: "host1@example.com", type: 2), SimulatedUser(email: "host2@example.com", type: 2),
        ]
        simulatorConfiguration.enforceRateLimits = false
        let simulator = try await ZoomSimulator.start(simulatorConfiguration)
        let environment = [
            "ZOOM_ACCOUNT_ID": simulatorConfiguration.accountID, "ZOOM_CLIENT_ID": simulatorConfiguration.clientID,
            "ZOOM_CLIENT_SECRET": Self.secret, "ZOOM_API_URL": simulator.apiURL.absoluteString,
            "ZOOM_OAUTH_URL": simulator.oauthURL.absoluteString,
        ]
        let drop = tmp.url.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        let exports = ExportWriter(drop: drop)
        let state = tmp.url.appendingPathComponent("state/state.json")
        func sync(_ name: String) throws -> (CLIResult, URL) {
            let out = tmp.url.appendingPathComponent("runs/\(name)")
            let result = try CLIRunner.run(
                ["sync", "--drop", drop.path, "--state", state.path, "--out", out.path, "--keep-drop"],
                in: tmp.url, environment: environment)
            return (result, out)
        }
        let courses = [
            ExportWriter.course("20001", Self.tricky, day: "05.04.2027", host: "host1@example.com"),
            ExportWriter.course("20002", "Zwei", day: "05.04.2027", host: "host2@example.com"),
            ExportWriter.course("20003", "Drei", day: "12.04.2027", host: "host2@example.com"),
            ExportWriter.course("20004", "Vier", day: "19.04.2027", host: "host2@example.com"),
            ExportWriter.course("20005", "Ohne Moderator", day: "19.04.2027", host: nil, trainerModerator: true),
        ]
        let bookings = [
            "BN-1;20001;Frau;Rita;Doro;rita@example.com;;Bestätigte Buchung",
            "BN-2;20001;Herr;Pat \"Paddy\";O'Brien, Jr.;pat@example.com;;Bestätigte Buchung",
            "BN-3;20001;Herr;Jörg;Müller;joerg@example.com;Müller & Söhne;Bestätigte Buchung",
        ]

        // host2 has spent 98 of its 100 creates + updates today (UTC): the plan takes its two
        // soonest courses and defers 20004 (courses are applied concurrently, so leaving it to
        // Zoom's 429 would make which one is deferred a matter of timing).
        try FileManager.default.createDirectory(
            at: state.deletingLastPathComponent(), withIntermediateDirectories: true)
        let store = StateStore(url: state)
        let fresh = try store.load()
        var seeded = fresh.state
        seeded.dailyWrites = DailyWriteLedger(
            day: CalendarDay(Date(), in: TimeZone(identifier: "UTC")!), perHost: ["host2@example.com": 98])
        try store.save(seeded, now: Date(), expected: fresh.fingerprint)

        // Run 1: creates; 20004 is deferred (host2's daily limit); 20005 has a validation error.
        try exports.write(
            stamp: "20270301_2200", courses: courses, bookings: bookings,
            trainers: ["20005;TSC;Thomas;Schulz;t.schulz@example.com;Nein;Ja"])
        let (first, run1) = try sync("1")
        #expect(first.exitCode == 3, "\(first.stdout)\n\(first.stderr)")
        let report1 = try decode(run1)
        #expect(report1.schemaVersion == 1 && report1.mode == .sync && report1.exitCode == 3)
        #expect(report1.inputFiles.count == 4 && report1.inputFiles.allSatisfy { $0.sha256.count == 64 })
        #expect(report1.counts.meetingsCreated == 2 + 1)
        #expect(report1.counts.registrantsAdded == 3)
        #expect(
            report1.actions.contains {
                $0.course == "20004" && $0.kind == .createMeeting && $0.status == .deferred && $0.notBefore != nil
            })
        #expect(report1.courses.first { $0.number == "20004" }?.result == .deferred)
        let inbox = try #require(report1.inbox.first { $0.course == "20005" })
        #expect(
            inbox.message.hasPrefix(
                "Synchronisation des Kurses 20005 Ohne Moderator ist fehlgeschlagen. Bitte korrigieren Sie die Daten und starten Sie die Synchronisation erneut. Die letzte Fehlermeldung lautet: Moderator des Webinars ist auf Trainer eingestellt"
            ))
        #expect(inbox.hint != nil)
        let meeting = try #require(report1.courses.first { $0.number == "20001" }?.meetingID)
        // The schema holds for a real report.
        let checker = try ReportSchemaChecker(schemaURL: RepoRoot.url.appendingPathComponent("docs/report.schema.json"))
        #expect(
            try checker.violations(
                of: JSONSerialization.jsonObject(with: Data(contentsOf: run1.appendingPathComponent("report.json")))
            ).isEmpty)

        // SEMCO write-back after run 1.
        let kurse = try String(
            decoding: Data(contentsOf: run1.appendingPathComponent("semco-import/kurse.csv")), as: UTF8.self)
        #expect(kurse.hasPrefix("\u{FEFF}Kursnr;Webinar angelegt;Meeting-ID;Beitritts-URL;Registrierungs-URL\r\n"))
        #expect(kurse.contains("\r\n20001;Ja;\(meeting);http://127.0.0.1:"))
        let buchungen = try String(
            decoding: Data(contentsOf: run1.appendingPathComponent("semco-import/buchungen.csv")), as: UTF8.self)
        let lines = buchungen.dropFirst().components(separatedBy: "\r\n")
        #expect(lines[0] == "Buchungsnummer;Kursnr;Ins Webinar eingebucht;Beitritts-URL")
        let snapshot = await simulator.snapshot()
        let zoomMeeting = try #require(snapshot.meetings.first { $0.id == meeting })
        let ritaURL = try #require(zoomMeeting.registrants.first { $0.email == "rita@example.com" }?.joinURL)
        #expect(lines.contains("BN-1;20001;Ja;\(ritaURL)"))

        // Run 2: the title changes (update) and BN-2 is cancelled.
        var changed = courses
        changed[0] = ExportWriter.course("20001", Self.tricky + " (neu)", day: "05.04.2027", host: "host1@example.com")
        var cancelled = bookings
        cancelled[1] = "BN-2;20001;Herr;Pat \"Paddy\";O'Brien, Jr.;pat@example.com;;Storniert"
        try exports.write(
            stamp: "20270302_2200", courses: changed, bookings: cancelled,
            trainers: ["20005;TSC;Thomas;Schulz;t.schulz@example.com;Nein;Ja"])
        let (second, run2) = try sync("2")
        #expect(second.exitCode == 3, "\(second.stdout)\n\(second.stderr)")
        let report2 = try decode(run2)
        #expect(
            report2.actions.contains {
                $0.course == "20001" && $0.kind == .updateMeeting && $0.status == .applied
                    && ($0.changedFields ?? []).contains("topic")
            },
            "\(report2.actions.filter { $0.course == "20001" })")
        #expect(
            report2.actions.contains { $0.booking == "BN-2" && $0.kind == .cancelRegistrant && $0.status == .applied })
        let buchungen2 = try String(
            decoding: Data(contentsOf: run2.appendingPathComponent("semco-import/buchungen.csv")), as: UTF8.self)
        #expect(buchungen2.contains("\r\nBN-2;20001;Nein;\r\n"))

        // Run 3: Pat books again (BN-4); Zoom refuses to take the address back.
        await simulator.inject(
            SimulatedFault(
                method: "PUT", pathPrefix: "/v2/meetings/\(meeting)/registrants/status", count: 10,
                action: .respond(
                    status: 400, body: #"{"code":3000,"message":"Registrant cannot be approved."}"#, headers: [:])))
        try exports.write(
            stamp: "20270303_2200", courses: changed,
            bookings: cancelled + ["BN-4;20001;Herr;Pat \"Paddy\";O'Brien, Jr.;pat@example.com;;Bestätigte Buchung"],
            trainers: ["20005;TSC;Thomas;Schulz;t.schulz@example.com;Nein;Ja"])
        let (third, run3) = try sync("3")
        #expect(third.exitCode == 3, "\(third.stdout)\n\(third.stderr)")
        let report3 = try decode(run3)
        let importFile = try #require(report3.zoomImportFiles.first { $0.course == "20001" })
        #expect(importFile.path == "zoom-import/20001_\(meeting).csv")
        #expect(importFile.registrants == 1)
        let csvData = try Data(contentsOf: run3.appendingPathComponent(importFile.path))
        #expect(Array(csvData.prefix(3)) != [0xEF, 0xBB, 0xBF])
        #expect(
            String(decoding: csvData, as: UTF8.self)
                == "Email,First Name,Last Name\r\npat@example.com,\"Pat \"\"Paddy\"\"\",\"O'Brien, Jr.\"\r\n")
        let html = try String(contentsOf: run3.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Hygiene &lt;Basics&gt; &amp; &quot;Praxis&quot; (neu)"))
        #expect(!html.contains("<Basics>"))
        #expect(html.contains(importFile.path))
        #expect(html.contains("Aus CSV-Datei importieren"))

        // Every run folder: report.json, report.html, api-calls.jsonl (the client's), owner-only,
        // and no secret, token or start_url in any file.
        let tokenPattern = try NSRegularExpression(pattern: #"sim\.[A-Za-z0-9]{48}"#)
        for run in [run1, run2, run3] {
            #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("api-calls.jsonl").path))
            #expect(try mode(run) == 0o700)
            let files = try FileManager.default.subpathsOfDirectory(atPath: run.path)
            for name in files {
                let url = run.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                #expect(FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), "\(name)")
                #expect(try mode(url) == (isDirectory.boolValue ? 0o700 : 0o600), "\(name)")
                guard !isDirectory.boolValue else { continue }
                let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
                #expect(!text.contains(Self.secret), "\(name)")
                #expect(
                    !text.contains("start_url") && !text.contains("/s/\(meeting)") && !text.contains("zak="), "\(name)")
                #expect(!text.contains("Bearer") && !text.contains("access_token"), "\(name)")
                #expect(
                    tokenPattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil, "\(name)")
            }
        }
        for out in [first, second, third] {
            #expect(!out.stdout.contains(Self.secret) && !out.stderr.contains(Self.secret))
        }
        await simulator.stop()
    }

    func decode(_ run: URL) throws -> ReportDocument {
        try ReportDocument.makeDecoder().decode(
            ReportDocument.self, from: Data(contentsOf: run.appendingPathComponent("report.json")))
    }

    func mode(_ url: URL) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions]) as! NSNumber).intValue & 0o777
    }
}

enum RepoRoot {
    static var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}
