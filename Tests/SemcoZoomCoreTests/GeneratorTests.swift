import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// The seeded data generator (`semco-zoom-bench generate`), run as the benchmark scripts run it.
@Suite struct GeneratorTests {
    static let csvFiles = ["kurse", "kurstermine", "trainer", "buchungen"]
    static let xmlFiles = ["kurse", "trainer", "buchungen"]
    static let stamp = "20261231_2200"

    static let courseHeader = [
        "Kursnr", "Kurstitel", "Kursstatus", "Veranstaltungsort", "Veranstaltungsart", "Startdatum",
        "Enddatum", "Moderator des Webinars", "Kursbetreuer", "Kursbetreuer Kürzel",
        "Kursbetreuer Zoom Benutzername", "Montag von", "Montag bis", "Dienstag von", "Dienstag bis",
        "Mittwoch von", "Mittwoch bis", "Donnerstag von", "Donnerstag bis", "Freitag von",
        "Freitag bis", "Samstag von", "Samstag bis", "Sonntag von", "Sonntag bis", "Max. TN",
        "Zoom synchronisieren",
    ]
    static let headers: [String: [String]] = [
        "kurse": courseHeader,
        "kurstermine": ["Kursnr", "Datum", "von", "bis"],
        "trainer": ["Kursnr", "Kürzel", "Vorname", "Nachname", "Zoom Benutzername", "Moderator", "Zugang aktiv"],
        "buchungen": [
            "Buchungsnummer", "Kursnr", "Anrede", "Vorname", "Nachname", "E-Mail", "Teilnehmer der Firma", "Status",
        ],
    ]

    static func file(_ dir: URL, _ kind: String, _ ext: String) -> URL {
        dir.appendingPathComponent("\(kind)_\(stamp).\(ext)")
    }

    static func readCSV(_ dir: URL, _ kind: String) throws -> StrictCSV {
        try StrictCSV(Data(contentsOf: file(dir, kind, "csv")))
    }

    @Test func sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        for format in ["csv", "xml"] {
            let a = tmp.url.appendingPathComponent("\(format)-a")
            let b = tmp.url.appendingPathComponent("\(format)-b")
            let c = tmp.url.appendingPathComponent("\(format)-c")
            let common = ["--size", "custom", "--courses", "80", "--bookings", "1500", "--format", format]
            _ = try BenchRunner.generate(
                common + ["--seed", "42", "--users-out", a.appendingPathComponent("users.json").path], into: a)
            _ = try BenchRunner.generate(
                common + ["--seed", "42", "--users-out", b.appendingPathComponent("users.json").path], into: b)
            _ = try BenchRunner.generate(common + ["--seed", "43"], into: c)
            let kinds = format == "csv" ? Self.csvFiles : Self.xmlFiles
            for kind in kinds {
                let first = try Data(contentsOf: Self.file(a, kind, format))
                #expect(
                    first == (try Data(contentsOf: Self.file(b, kind, format))),
                    "\(kind).\(format) differs for one seed")
            }
            #expect(
                try Data(contentsOf: a.appendingPathComponent("users.json"))
                    == Data(contentsOf: b.appendingPathComponent("users.json")))
            for kind in ["kurse", "buchungen"] {
                #expect(
                    try Data(contentsOf: Self.file(a, kind, format)) != Data(contentsOf: Self.file(c, kind, format)),
                    "\(kind).\(format) is the same for seeds 42 and 43")
            }
            // Written under .part and renamed: nothing half-written stays behind.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: a.path).filter { $0.hasSuffix(".part") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func writesTheRequestedCountsAsGermanExcelCSV() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let summary = try BenchRunner.generate(
            ["--size", "custom", "--courses", "57", "--bookings", "1234", "--seed", "7"], into: tmp.url)
        #expect(summary.stdout.contains("buchungen_\(Self.stamp).csv\t1234 records"))

        for kind in Self.csvFiles {
            let csv = try Self.readCSV(tmp.url, kind)
            #expect(csv.hadByteOrderMark, "\(kind) has no BOM")
            #expect(csv.crlfOnly, "\(kind) has a line ending that is not CRLF")
            #expect(csv.header == Self.headers[kind], "\(kind) header")
            _ = try csv.records()  // every row has the header's field count
        }
        let courses = try Self.readCSV(tmp.url, "kurse").records()
        let bookings = try Self.readCSV(tmp.url, "buchungen").records()
        #expect(courses.count == 57)
        #expect(bookings.count == 1234)
        #expect(Set(courses.map { $0["Kursnr"]! }).count == 57, "course numbers are unique")
        #expect(Set(bookings.map { $0["Buchungsnummer"]! }).count == 1234, "booking numbers are unique")
        let courseNumbers = Set(courses.map { $0["Kursnr"]! })
        #expect(bookings.allSatisfy { courseNumbers.contains($0["Kursnr"]!) })
        for kind in ["kurstermine", "trainer"] {
            #expect(try Self.readCSV(tmp.url, kind).records().allSatisfy { courseNumbers.contains($0["Kursnr"]!) })
        }
        // File modes: owner-only, like everything holding personal data.
        let mode =
            try FileManager.default.attributesOfItem(atPath: Self.file(tmp.url, "buchungen", "csv").path)[
                .posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func sizeSIsRealisticAndGivesValidationSomethingToSay() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let users = tmp.url.appendingPathComponent("users.json")
        _ = try BenchRunner.generate(
            ["--size", "S", "--seed", "1", "--users-out", users.path], into: tmp.url.appendingPathComponent("drop"))
        let drop = tmp.url.appendingPathComponent("drop")
        let courses = try Self.readCSV(drop, "kurse").records()
        let bookings = try Self.readCSV(drop, "buchungen").records()
        let trainers = try Self.readCSV(drop, "trainer").records()
        let sessions = try Self.readCSV(drop, "kurstermine").records()
        #expect(courses.count == 300)
        #expect(bookings.count == 6_000)

        // Courses: mostly Zoom, some Präsenz; every status; dates in 2027; both moderator kinds.
        let zoom = courses.filter { $0["Veranstaltungsort"] == "Zoom Meeting Room" }
        #expect(zoom.count > 200 && zoom.count < 300)
        #expect(courses.contains { $0["Veranstaltungsart"] == "Präsenz" })
        #expect(
            Set(courses.map { $0["Kursstatus"]! }) == [
                "geplant", "bestätigt", "laufender Kurs", "beendet", "storniert",
            ])
        #expect(courses.filter { $0["Kursstatus"] == "bestätigt" }.count > courses.count / 2)
        #expect(courses.allSatisfy { $0["Startdatum"]!.hasSuffix(".2027") && $0["Enddatum"]!.hasSuffix(".2027") })
        #expect(Set(zoom.compactMap { $0["Moderator des Webinars"] }).isSuperset(of: ["Kursbetreuer", "Trainer"]))
        #expect(!sessions.isEmpty, "some courses have Einzeltermine")
        // Einzeltermine with differing times within one course exist.
        let timesPerCourse = Dictionary(grouping: sessions, by: { $0["Kursnr"]! }).mapValues {
            Set($0.map { $0["von"]! + $0["bis"]! }).count
        }
        #expect(timesPerCourse.values.contains { $0 > 1 })
        // Trainers: 1–3 per course.
        let trainersPerCourse = Dictionary(grouping: trainers, by: { $0["Kursnr"]! }).mapValues(\.count)
        #expect(trainersPerCourse.values.allSatisfy { (1...3).contains($0) })
        #expect(trainersPerCourse.count == courses.count)

        // Bookings: every status, mostly confirmed; umlauts in names; ASCII addresses with a few problems.
        #expect(
            Set(bookings.map { $0["Status"]! }) == [
                "Anfrage", "Bestätigte Buchung", "Laufender Kurs", "Beendet", "Storniert",
            ])
        #expect(bookings.filter { $0["Status"] == "Bestätigte Buchung" }.count > bookings.count / 2)
        #expect(bookings.contains { ($0["Nachname"]! + $0["Vorname"]!).contains { "äöüßÄÖÜë".contains($0) } })
        let emails = bookings.map { $0["E-Mail"]! }
        let empty = emails.filter(\.isEmpty).count
        let nonASCII = emails.filter { !$0.allSatisfy(\.isASCII) }.count
        #expect(empty > 0 && empty < 60, "a tiny share without address: \(empty)")
        #expect(nonASCII > 0 && nonASCII < 60, "a tiny share with an umlaut: \(nonASCII)")
        #expect(bookings.contains { !($0["Teilnehmer der Firma"] ?? "").isEmpty })
        // Some fields needed quoting (`;` or `"` inside) and came back whole.
        #expect(bookings.contains { $0["Teilnehmer der Firma"]!.contains(";") })
        #expect(bookings.contains { $0["Teilnehmer der Firma"]!.contains("\"") })
        #expect(courses.contains { $0["Kurstitel"]!.contains("\"") || $0["Kurstitel"]!.contains(";") })

        // Hosts: the users list holds every Zoom user that moderates a Zoom course.
        let hostList = try JSONDecoder().decode([SimulatedUser].self, from: Data(contentsOf: users))
        #expect(hostList.allSatisfy { $0.type == 2 && $0.email.allSatisfy(\.isASCII) && !$0.firstName.isEmpty })
        #expect(Set(hostList.map(\.email)).count == hostList.count)
        let hostEmails = Set(hostList.map(\.email))
        let moderatorTrainers = trainers.filter { $0["Moderator"] == "Ja" && !$0["Zoom Benutzername"]!.isEmpty }
        #expect(!moderatorTrainers.isEmpty)
        #expect(moderatorTrainers.allSatisfy { hostEmails.contains($0["Zoom Benutzername"]!) })
        let supervisorHosts = zoom.filter {
            $0["Moderator des Webinars"] == "Kursbetreuer" && !$0["Kursbetreuer Zoom Benutzername"]!.isEmpty
        }
        #expect(!supervisorHosts.isEmpty)
        #expect(supervisorHosts.allSatisfy { hostEmails.contains($0["Kursbetreuer Zoom Benutzername"]!) })
        #expect(hostList.count < zoom.count / 5, "a pool of hosts, each hosting several courses")
    }

    @Test func xmlTwinHasTheSameRecords() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let csvDir = tmp.url.appendingPathComponent("csv")
        let xmlDir = tmp.url.appendingPathComponent("xml")
        let args = ["--size", "custom", "--courses", "120", "--bookings", "1800", "--seed", "99"]
        _ = try BenchRunner.generate(args + ["--format", "csv"], into: csvDir)
        _ = try BenchRunner.generate(args + ["--format", "xml"], into: xmlDir)

        func german(_ iso: String) -> String {
            let parts = iso.split(separator: "-")
            return "\(parts[2]).\(parts[1]).\(parts[0])"
        }

        // Courses: every field, the weekly times from <kurszeiten>, the sessions from <einzeltermine>.
        let xmlCourses = try XMLRecords.parse(Self.file(xmlDir, "kurse", "xml"))
        #expect(xmlCourses.root == "kurse")
        let csvCourses = try Self.readCSV(csvDir, "kurse").records()
        #expect(xmlCourses.records.count == csvCourses.count)
        let fieldMap = [
            "Kursnr": "kursnr", "Kurstitel": "kurstitel", "Kursstatus": "kursstatus",
            "Veranstaltungsort": "veranstaltungsort", "Veranstaltungsart": "veranstaltungsart",
            "Moderator des Webinars": "moderator_des_webinars", "Kursbetreuer": "kursbetreuer",
            "Kursbetreuer Kürzel": "kursbetreuer_kuerzel",
            "Kursbetreuer Zoom Benutzername": "kursbetreuer_zoom_benutzername", "Max. TN": "max_tn",
            "Zoom synchronisieren": "zoom_synchronisieren",
        ]
        var xmlSessions: [String] = []
        for (index, (csv, xml)) in zip(csvCourses, xmlCourses.records).enumerated() {
            for (header, element) in fieldMap {
                #expect(csv[header]! == (xml[element] ?? ""), "course \(index): \(header)")
            }
            #expect(csv["Startdatum"] == xml["startdatum"].map(german))
            #expect(csv["Enddatum"] == xml["enddatum"].map(german))
            let nested = xmlCourses.nested[index]
            for day in ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"] {
                let tag = nested.first { $0["element"] == "tag" && $0["wochentag"] == day }
                #expect(csv["\(day) von"]! == (tag?["von"] ?? ""), "course \(index) \(day)")
                #expect(csv["\(day) bis"]! == (tag?["bis"] ?? ""), "course \(index) \(day)")
            }
            for termin in nested where termin["element"] == "termin" {
                xmlSessions.append("\(csv["Kursnr"]!);\(german(termin["datum"]!));\(termin["von"]!);\(termin["bis"]!)")
            }
        }
        let csvSessions = try Self.readCSV(csvDir, "kurstermine").rows.map { $0.joined(separator: ";") }
        #expect(!csvSessions.isEmpty)
        #expect(xmlSessions == csvSessions)

        // Trainers and bookings: the same values under the XML-safe names, in the same order.
        let pairs: [(kind: String, root: String, map: [String: String])] = [
            (
                "trainer", "trainerzuordnungen",
                [
                    "Kursnr": "kursnr", "Kürzel": "kuerzel", "Vorname": "vorname",
                    "Nachname": "nachname", "Zoom Benutzername": "zoom_benutzername",
                    "Moderator": "moderator", "Zugang aktiv": "zugang_aktiv",
                ]
            ),
            (
                "buchungen", "buchungen",
                [
                    "Buchungsnummer": "buchungsnummer", "Kursnr": "kursnr", "Anrede": "anrede",
                    "Vorname": "vorname", "Nachname": "nachname", "E-Mail": "e_mail",
                    "Teilnehmer der Firma": "teilnehmer_der_firma", "Status": "status",
                ]
            ),
        ]
        for pair in pairs {
            let xml = try XMLRecords.parse(Self.file(xmlDir, pair.kind, "xml"))
            let csv = try Self.readCSV(csvDir, pair.kind).records()
            #expect(xml.root == pair.root)
            #expect(xml.records.count == csv.count)
            for (index, (c, x)) in zip(csv, xml.records).enumerated() {
                for (header, element) in pair.map where c[header]! != (x[element] ?? "") {
                    Issue.record(
                        "\(pair.kind) record \(index): \(header) is '\(c[header]!)' in CSV, '\(x[element] ?? "")' in XML"
                    )
                }
            }
        }
    }

    @Test func badOptionsAreRefusedWithAUsageMessage() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let cases: [([String], String)] = [
            (["generate", "--size", "XL", "--out", tmp.path], "--size is S, M, L or custom"),
            (["generate", "--size", "custom", "--courses", "5", "--out", tmp.path], "--size custom needs"),
            (["generate", "--format", "json", "--out", tmp.path], "--format is csv or xml"),
            (["generate", "--seed", "-1", "--out", tmp.path], "--seed wants"),
            (["generate"], "--out DIR is required"),
            (["frobnicate"], "unknown command"),
        ]
        for (args, message) in cases {
            let result = try BenchRunner.run(args)
            #expect(result.exitCode == 64, "\(args)")
            #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty, "a refused run writes nothing")
    }
}
