import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// A corpus of bad inputs, each written to a real drop directory and read through the
/// input layer: each must be rejected with the right file, line or element path, column and
/// value, in German and English, and leave the drop directory byte-for-byte unchanged.
@Suite struct InputMalformedCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// File name → contents; the three required CSV exports are added unless named here
        /// (an empty string removes one).
        var files: [String: String]
        var file: String
        var line: Int?
        var elementPath: String?
        var column: String?
        var value: String?
        var testDescription: String { name }
    }

    static let f = InputFixtures.self
    static let coursesHeaderFull =
        "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars;Montag von;Montag bis;Max. TN"
    static let xmlCourse = """
        <kurs><kursnr>10062</kursnr><kurstitel>T</kurstitel><kursstatus>bestätigt</kursstatus>
        <veranstaltungsort>Zoom Meeting Room</veranstaltungsort><startdatum>2027-04-12</startdatum><enddatum>2027-04-16</enddatum></kurs>
        """

    static let cases: [Case] = [
        Case(
            name: "unterminated quote",
            files: [
                "buchungen.csv":
                    "\(f.bookingsHeader)\n\(f.bookingRow)\nBN2;10062;Frau;\"Rita;Doro;x@y.de;;Anfrage\nBN3;10062;Frau;Eva;Roth;e@y.de;;Anfrage\n"
            ],
            file: "buchungen.csv", line: 3),
        Case(
            name: "missing required column",
            files: [
                "kurse.csv":
                    "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum\n1;T;bestätigt;Bremen;01.04.2027\n"
            ],
            file: "kurse.csv", line: 1, column: "Enddatum"),
        Case(
            name: "impossible date",
            files: [
                "kurse.csv":
                    "\(coursesHeaderFull)\n10062;T;bestätigt;Zoom Meeting Room;31.02.2027;16.04.2027;Trainer;16:00;21:00;\n"
            ],
            file: "kurse.csv", line: 2, column: "Startdatum", value: "31.02.2027"),
        Case(
            name: "bad time",
            files: [
                "kurse.csv":
                    "\(coursesHeaderFull)\n10062;T;bestätigt;Zoom Meeting Room;12.04.2027;16.04.2027;Trainer;16 Uhr;21:00;\n"
            ],
            file: "kurse.csv", line: 2, column: "Montag von", value: "16 Uhr"),
        Case(
            name: "bad course status",
            files: [
                "kurse.csv":
                    "\(coursesHeaderFull)\n10062;T;verschoben;Zoom Meeting Room;12.04.2027;16.04.2027;Trainer;;;\n"
            ],
            file: "kurse.csv", line: 2, column: "Kursstatus", value: "verschoben"),
        Case(
            name: "bad moderator",
            files: [
                "kurse.csv":
                    "\(coursesHeaderFull)\n10062;T;bestätigt;Zoom Meeting Room;12.04.2027;16.04.2027;Hausmeister;;;\n"
            ],
            file: "kurse.csv", line: 2, column: "Moderator des Webinars", value: "Hausmeister"),
        Case(
            name: "bad Max. TN",
            files: [
                "kurse.csv":
                    "\(coursesHeaderFull)\n10062;T;bestätigt;Zoom Meeting Room;12.04.2027;16.04.2027;Trainer;;;zwölf\n"
            ],
            file: "kurse.csv", line: 2, column: "Max. TN", value: "zwölf"),
        Case(
            name: "bad booking status",
            files: [
                "buchungen.csv": "\(f.bookingsHeader)\n\(f.bookingRow)\nBN2;10062;Frau;Eva;Roth;e@y.de;;Warteliste\n"
            ],
            file: "buchungen.csv", line: 3, column: "Status", value: "Warteliste"),
        Case(
            name: "bad value after a quoted line break",
            files: [
                "buchungen.csv":
                    "\(f.bookingsHeader)\r\nBN1;10062;Frau;Eva;Roth;e@y.de;\"Firma\r\nAbteilung\";Anfrage\r\nBN2;10062;Frau;Eva;Roth;e@y.de;;Warteliste\r\n"
            ],
            file: "buchungen.csv", line: 4, column: "Status", value: "Warteliste"),
        Case(
            name: "bad boolean",
            files: ["trainer.csv": "\(f.trainersHeader)\n10062;MBE;Maria;Berger;m@b.de;vielleicht;Ja\n"],
            file: "trainer.csv", line: 2, column: "Moderator", value: "vielleicht"),
        Case(
            name: "duplicate Kursnr", files: ["kurse.csv": "\(f.coursesHeader)\n\(f.courseRow)\n\n\(f.courseRow)\n"],
            file: "kurse.csv", line: 4, column: "Kursnr", value: "10062"),
        Case(
            name: "duplicate Buchungsnummer",
            files: ["buchungen.csv": "\(f.bookingsHeader)\n\(f.bookingRow)\n\(f.bookingRow)\n"],
            file: "buchungen.csv", line: 3, column: "Buchungsnummer", value: "BN27-00159"),
        Case(
            name: "empty key", files: ["buchungen.csv": "\(f.bookingsHeader)\nBN1;;Frau;Eva;Roth;e@y.de;;Anfrage\n"],
            file: "buchungen.csv", line: 2, column: "Kursnr", value: ""),
        Case(
            name: "more fields than the header",
            files: ["buchungen.csv": "\(f.bookingsHeader)\nBN1;10062;Frau;Eva;Roth;e@y.de;Firma; Teil 2;Anfrage\n"],
            file: "buchungen.csv", line: 2, value: "Anfrage"),
        Case(
            name: "duplicated header column",
            files: ["trainer.csv": "Kursnr;Kürzel;Vorname;Nachname;Vorname\n10062;A;B;C;D\n"],
            file: "trainer.csv", line: 1, column: "Vorname", value: "Vorname"),
        Case(name: "empty file", files: ["trainer.csv": ""], file: "trainer.csv", line: 1),
        Case(
            name: "xml not well-formed",
            files: [
                "kurse.csv": "-",
                "kurse.xml": "<?xml version=\"1.0\"?>\n<kurse>\n\(xmlCourse)\n<kurs><kursnr>2</kurse>\n",
            ],
            file: "kurse.xml", line: 5, elementPath: "/kurse/kurs[2]"),
        Case(
            name: "xml bad date",
            files: [
                "kurse.csv": "-",
                "kurse.xml":
                    "<kurse>\(xmlCourse)\(xmlCourse.replacingOccurrences(of: "10062", with: "2").replacingOccurrences(of: "2027-04-12", with: "12.13.2027"))</kurse>",
            ],
            file: "kurse.xml", elementPath: "/kurse/kurs[2]/startdatum", column: "startdatum", value: "12.13.2027"),
        Case(
            name: "xml bad weekday",
            files: [
                "kurse.csv": "-",
                "kurse.xml":
                    "<kurse>\(xmlCourse.replacingOccurrences(of: "</kurs>", with: "<kurszeiten><tag wochentag=\"Montag\" von=\"16:00\" bis=\"21:00\"/><tag wochentag=\"Mondtag\" von=\"16:00\" bis=\"21:00\"/></kurszeiten></kurs>"))</kurse>",
            ],
            file: "kurse.xml", elementPath: "/kurse/kurs[1]/kurszeiten/tag[2]", column: "wochentag", value: "Mondtag"),
        Case(
            name: "xml bad session time",
            files: [
                "kurse.csv": "-",
                "kurse.xml":
                    "<kurse>\(xmlCourse.replacingOccurrences(of: "</kurs>", with: "<einzeltermine><termin datum=\"2027-04-12\" von=\"25:00\" bis=\"21:00\"/></einzeltermine></kurs>"))</kurse>",
            ],
            file: "kurse.xml", elementPath: "/kurse/kurs[1]/einzeltermine/termin[1]", column: "von", value: "25:00"),
        Case(
            name: "xml missing key element",
            files: [
                "kurse.csv": "-",
                "kurse.xml":
                    "<kurse>\(xmlCourse)\(xmlCourse.replacingOccurrences(of: "<kursnr>10062</kursnr>", with: ""))</kurse>",
            ],
            file: "kurse.xml", elementPath: "/kurse/kurs[2]", column: "kursnr"),
        Case(
            name: "xml required element in no record",
            files: [
                "buchungen.csv": "-",
                "buchungen.xml":
                    "<buchungen><buchung><buchungsnummer>1</buchungsnummer><kursnr>10062</kursnr><vorname>A</vorname><nachname>B</nachname><status>Anfrage</status></buchung></buchungen>",
            ],
            file: "buchungen.xml", elementPath: "/buchungen", column: "e_mail"),
        Case(
            name: "xml field twice in a record",
            files: [
                "kurse.csv": "-",
                "kurse.xml":
                    "<kurse>\(xmlCourse.replacingOccurrences(of: "</kurs>", with: "<startdatum>2027-04-13</startdatum></kurs>"))</kurse>",
            ],
            file: "kurse.xml", elementPath: "/kurse/kurs[1]/startdatum", column: "startdatum", value: "2027-04-13"),
        Case(
            name: "xml wrong root", files: ["trainer.csv": "-", "trainer.xml": "<buchungen><buchung/></buchungen>"],
            file: "trainer.xml", elementPath: "/buchungen", value: "buchungen"),
        Case(
            name: "xml undefined entity",
            files: [
                "kurse.csv": "-",
                "kurse.xml": "<kurse>\(xmlCourse.replacingOccurrences(of: ">T<", with: ">&foo;<"))</kurse>",
            ],
            file: "kurse.xml", line: 1),
        Case(name: "xml empty file", files: ["kurse.csv": "-", "kurse.xml": ""], file: "kurse.xml"),
    ]

    @Test(arguments: cases)
    func rejectedWithPlaceAndLeftUnchanged(_ testCase: Case) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        for (name, contents) in testCase.files {
            if contents == "-" {
                try FileManager.default.removeItem(at: dir.url.appendingPathComponent(name))
            } else {
                try dir.write(name, contents)
            }
        }
        let before = try InputFixtures.fingerprint(dir.url)
        let rejection = try #require(InputFixtures.rejection(dir.url))
        #expect(rejection.file == testCase.file)
        #expect(rejection.line == testCase.line)
        #expect(rejection.elementPath == testCase.elementPath)
        #expect(rejection.column == testCase.column)
        if let value = testCase.value { #expect(rejection.value == value) }
        for language in Language.allCases {
            let text = rejection.message.text(language)
            #expect(text.hasPrefix(testCase.file), "\(language): \(text)")
            if let line = testCase.line {
                #expect(text.contains(language == .de ? "Zeile \(line)" : "line \(line)"), "\(text)")
            }
            if let path = testCase.elementPath { #expect(text.contains(path), "\(text)") }
            if let value = testCase.value, !value.isEmpty { #expect(text.contains(value), "\(text)") }
        }
        #expect(rejection.message.de != rejection.message.en)
        #expect(try InputFixtures.fingerprint(dir.url) == before)
    }

    @Test func utf16IsRefusedWithAHint() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        var data = Data([0xFF, 0xFE])
        for unit in "\(InputFixtures.trainersHeader)\r\n\(InputFixtures.trainerRow)\r\n".utf16 {
            data.append(contentsOf: [UInt8(unit & 0xff), UInt8(unit >> 8)])
        }
        try dir.write("trainer.csv", data)
        let rejection = try #require(InputFixtures.rejection(dir.url))
        #expect(rejection.file == "trainer.csv")
        #expect(rejection.message.de.contains("UTF-16") && rejection.message.en.contains("CSV UTF-8"))
    }

    @Test func missingRequiredKindNamesTheDropDirectory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("buchungen.csv"))
        let before = try InputFixtures.fingerprint(dir.url)
        let rejection = try #require(InputFixtures.rejection(dir.url))
        #expect(rejection.file == dir.url.path)
        #expect(rejection.message.de.contains("Buchungsexport"))
        #expect(rejection.message.en.contains("booking export"))
        #expect(try InputFixtures.fingerprint(dir.url) == before)
    }

    @Test func duplicateNamesTheFirstOccurrence() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(
            bookings: "\(InputFixtures.bookingsHeader)\n\(InputFixtures.bookingRow)\n\(InputFixtures.bookingRow)\n",
            in: dir)
        let rejection = try #require(InputFixtures.rejection(dir.url))
        #expect(rejection.message.de.contains("zuerst in Zeile 2"))
        #expect(rejection.message.en.contains("first on line 2"))
    }
}
