import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

/// `semco-zoom validate` through the built binary, as an admin or cron would run it.
@Suite struct ValidateCommandTests {
    static var samples: URL { RepositoryFiles.samples }

    static func fingerprint(_ dir: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            result[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return result
    }

    @Test func samplesAreAcceptedAndEveryDiagnosticIsShown() throws {
        let drop = Self.samples.appendingPathComponent("drop")
        let before = try Self.fingerprint(drop)
        let result = try CLIRunner.run(["validate", "--drop", drop.path])
        // The samples hold bad records on purpose: accepted, with error diagnostics → 3 (README.md, "Exit codes").
        #expect(result.exitCode == 3, "\(result.stderr)")
        #expect(result.stdout.contains("Zoom Benutzernamen ist für Benutzer Alexei Daiter nicht festgelegt."))
        #expect(
            result.stdout.contains(
                "Moderator des Webinars ist auf Trainer eingestellt, es gibt jedoch keinen Trainer im Kurs, bei dem Moderator angekreuzt ist."
            ))
        #expect(result.stdout.contains("E-Mail-Adresse enthält einen Umlaut"))
        #expect(result.stdout.contains("Moderator des Webinars ist in dieses Webinar als Teilnehmer eingebucht"))
        #expect(result.stdout.contains("Kurs 10061 Narkose Grundschulung - Zoom-Webinar"))
        #expect(result.stdout.contains("Eingabe angenommen: 20 Kurse"))
        #expect(!result.stdout.contains("Kurs 10062 "), "the clean course has no diagnostics")
        #expect(try Self.fingerprint(drop) == before)
        #expect(!FileManager.default.fileExists(atPath: drop.appendingPathComponent("archive").path))
    }

    @Test func englishOnRequest() throws {
        let result = try CLIRunner.run([
            "validate", "--drop", Self.samples.appendingPathComponent("drop-xml").path, "--language", "en",
        ])
        #expect(result.exitCode == 3, "\(result.stderr)")
        #expect(result.stdout.contains("Input accepted: 20 courses"))
        #expect(result.stdout.contains("No Zoom user name is set for user Alexei Daiter"))
        #expect(result.stdout.contains("/kurse/kurs["))
        #expect(!result.stdout.contains("Eingabe angenommen"))
    }

    @Test func jsonListsFilesWithTheirHashesCountsAndDiagnostics() throws {
        let drop = Self.samples.appendingPathComponent("drop")
        let result = try CLIRunner.run(["validate", "--drop", drop.path, "--json"])
        #expect(result.exitCode == 3, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["accepted"] as? Bool == true)
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.count == 4)
        for file in files {
            let path = try #require(file["path"] as? String)
            let hash = try #require(file["sha256"] as? String)
            #expect(hash == sha256sum(path))
        }
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(
            counts["courses"] == 20 && counts["bookings"] == 20 && counts["trainers"] == 15 && counts["sessions"] == 3)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        let codes = Set(diagnostics.compactMap { $0["code"] as? String })
        #expect(
            codes.contains("course.moderator-not-ticked") && codes.contains("booking.email-umlaut")
                && codes.contains("session.unknown-course"))
        #expect(counts["errors"] == diagnostics.filter { $0["severity"] as? String == "error" }.count)
        let umlaut = try #require(diagnostics.first { $0["code"] as? String == "booking.email-umlaut" })
        #expect(umlaut["booking"] as? String == "BN27-00102")
        #expect(umlaut["course"] as? String == "10050")
        #expect((umlaut["source"] as? [String: Any])?["line"] as? Int == 6)
    }

    /// The system's sha256sum as an independent check of our SHA-256.
    func sha256sum(_ path: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init)
    }

    @Test func rejectedInputExitsOneNamingFileLineColumnValueAndMovesNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(
            "kurse_20270301.csv",
            "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum\n1;A;bestätigt;Zoom Meeting Room;12.04.2027;16.04.2027\n2;B;bestätigt;Zoom Meeting Room;31.04.2027;16.04.2027\n"
        )
        try dir.write("trainer.csv", "Kursnr;Kürzel;Vorname;Nachname\n")
        try dir.write("buchungen.csv", "Buchungsnummer;Kursnr;Vorname;Nachname;E-Mail;Status\n")
        let before = try Self.fingerprint(dir.url)
        let result = try CLIRunner.run(["validate", "--drop", dir.path])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("Eingabe abgelehnt"))
        #expect(
            result.stderr.contains(
                "kurse_20270301.csv, Zeile 3, Spalte „Startdatum“: „31.04.2027“ ist kein gültiges Datum"))
        let english = try CLIRunner.run(["validate", "--drop", dir.path, "--language", "en", "--json"])
        #expect(english.exitCode == 1)
        #expect(
            english.stderr.contains(
                "kurse_20270301.csv, line 3, column \"Startdatum\": \"31.04.2027\" is not a valid date"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(english.stdout.utf8)) as? [String: Any])
        #expect(json["accepted"] as? Bool == false)
        let rejection = try #require(json["rejection"] as? [String: Any])
        #expect(rejection["file"] as? String == "kurse_20270301.csv")
        #expect(rejection["line"] as? Int == 3)
        #expect(rejection["column"] as? String == "Startdatum")
        #expect(rejection["value"] as? String == "31.04.2027")
        #expect(try Self.fingerprint(dir.url) == before)
    }

    @Test func dropFromTheConfigFileAndBadConfigIsFatal() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(
            "cfg/semco-zoom.yaml", "paths:\n  drop: \(Self.samples.appendingPathComponent("drop").path)\nlanguage: en\n"
        )
        let ok = try CLIRunner.run(
            ["validate"], in: dir.url, environment: ["SEMCO_ZOOM_CONFIG": dir.path + "/cfg/semco-zoom.yaml"])
        #expect(ok.exitCode == 3, "\(ok.stderr)")
        #expect(ok.stdout.contains("Input accepted"))

        let secret = "secret-\(UUID().uuidString)"
        try dir.write("semco-zoom.yaml", "zoom:\n  client_secret: \(secret)\n")
        let bad = try CLIRunner.run(
            ["validate", "--drop", Self.samples.appendingPathComponent("drop").path], in: dir.url)
        #expect(bad.exitCode == 1)
        #expect(bad.stderr.contains("zoom.client_secret"))
        #expect(!(bad.stderr + bad.stdout).contains(secret))

        let noDrop = try CLIRunner.run(
            ["validate"], in: dir.url, environment: ["SEMCO_ZOOM_CONFIG": dir.path + "/cfg/missing.yaml"])
        #expect(noDrop.exitCode == 1)
        #expect(noDrop.stderr.contains("missing.yaml"))
    }
}
