import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

/// `semco-zoom zoom-csv` as a child process: support's "generate the import file".
@Suite struct ZoomCSVCLITests {
    func setUp() throws -> TemporaryDirectory {
        let tmp = try TemporaryDirectory(prefix: "semco-zoom-zoomcsv")
        var state = SyncState(lineage: "lin", serial: 3)
        state[course: "20001"] = ManagedCourse(
            number: "20001", host: "host1@example.com", meetingID: 86_012_345_678,
            registrants: [
                "pat@example.com": ManagedRegistrant(
                    email: "pat@example.com", firstName: "Pat \"Paddy\"", lastName: "O'Brien, Jr.",
                    bookings: ["BN-4"], status: .handedToImport),
                "jo@example.com": ManagedRegistrant(
                    email: "jo@example.com", firstName: "Jörg", lastName: "Müller", bookings: ["BN-5"],
                    status: .handedToImport),
                "rita@example.com": ManagedRegistrant(
                    email: "rita@example.com", firstName: "Rita", lastName: "Doro", bookings: ["BN-1"],
                    status: .registered),
            ])
        state[course: "20002"] = ManagedCourse(number: "20002", host: "host1@example.com", meetingID: 2)
        _ = try StateStore(url: tmp.url.appendingPathComponent("state.json")).save(state, now: Date(), expected: nil)
        let drop = tmp.url.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        try ExportWriter(drop: drop).write(
            stamp: "20270301_2200",
            courses: [
                ExportWriter.course("20001", "Eins", day: "05.04.2027", host: "host1@example.com")
            ],
            bookings: [
                "BN-1;20001;Frau;Rita;Doro;rita@example.com;;Bestätigte Buchung",
                "BN-2;20001;Herr;Max;Anfrage;max@example.com;;Anfrage",
                "BN-3;20001;Herr;Ümit;Umlaut;ümit@example.com;;Bestätigte Buchung",
                "BN-4;20001;Herr;Pat \"Paddy\";O'Brien, Jr.;pat@example.com;;Bestätigte Buchung",
                "BN-6;20001;Frau;Sara;Storno;sara@example.com;;Storniert",
            ])
        return tmp
    }

    @Test("status names the people handed to the Zoom import CSV, by address, with an inflected count")
    func statusShowsTheHandedOverPeople() throws {
        let tmp = try setUp()
        defer { tmp.remove() }
        let result = try CLIRunner.run(["status", "--state", "state.json"], in: tmp.url)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Kurs 20001: 2 Teilnehmer an die Zoom-Import-CSV übergeben"), "\(result.stdout)")
        #expect(result.stdout.contains("jo@example.com, pat@example.com"))
        let english = try CLIRunner.run(["status", "--state", "state.json", "--language", "en"], in: tmp.url)
        #expect(
            english.stdout.contains("Course 20001: 2 participants handed to the Zoom import CSV"), "\(english.stdout)")
    }

    @Test func writesTheStatesHandedOverPeople() throws {
        let tmp = try setUp()
        defer { tmp.remove() }
        let result = try CLIRunner.run(
            ["zoom-csv", "--course", "20001", "--state", "state.json", "--out", "support"], in: tmp.url)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            path == tmp.url.appendingPathComponent("support/zoom-import/20001_86012345678.csv").standardizedFileURL.path
        )
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(
            String(decoding: data, as: UTF8.self)
                == "Email,First Name,Last Name\r\njo@example.com,Jörg,Müller\r\npat@example.com,\"Pat \"\"Paddy\"\"\",\"O'Brien, Jr.\"\r\n"
        )
        let mode =
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue & 0o777
        #expect(mode == 0o600)
    }

    @Test func allTakesEveryDesiredRegistrantFromTheExports() throws {
        let tmp = try setUp()
        defer { tmp.remove() }
        try tmp.write("semco-zoom.yaml", "zoom_import_header: false\n")
        let result = try CLIRunner.run(
            ["zoom-csv", "--course", "20001", "--all", "--state", "state.json", "--drop", "drop", "--out", "support"],
            in: tmp.url)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let text = try String(
            contentsOfFile: result.stdout.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8)
        // No header (config), no Anfrage, no cancelled booking, no address Zoom refuses.
        #expect(text == "rita@example.com,Rita,Doro\r\npat@example.com,\"Pat \"\"Paddy\"\"\",\"O'Brien, Jr.\"\r\n")
    }

    @Test func unknownCourseExitsOneWithAClearMessage() throws {
        let tmp = try setUp()
        defer { tmp.remove() }
        let result = try CLIRunner.run(["zoom-csv", "--course", "99999", "--state", "state.json"], in: tmp.url)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("Kurs 99999 ist in der Statusdatei unbekannt"))
        let all = try CLIRunner.run(
            ["zoom-csv", "--course", "99999", "--all", "--state", "state.json", "--drop", "drop", "--language", "en"],
            in: tmp.url)
        #expect(all.exitCode == 1)
        #expect(all.stderr.contains("Course 99999 is neither in the course export nor in the state file."))
        #expect(!FileManager.default.fileExists(atPath: tmp.url.appendingPathComponent("zoom-import").path))
    }

    @Test func nobodyToImportWritesNothing() throws {
        let tmp = try setUp()
        defer { tmp.remove() }
        let result = try CLIRunner.run(
            ["zoom-csv", "--course", "20002", "--state", "state.json", "--language", "en"], in: tmp.url)
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("Course 20002 has no participants Zoom would not take; no file written."))
        #expect(!FileManager.default.fileExists(atPath: tmp.url.appendingPathComponent("zoom-import").path))
    }
}
