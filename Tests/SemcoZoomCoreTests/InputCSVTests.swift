import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

@Suite struct InputCSVParserTests {
    /// Parses `bytes` from a real file; returns the dialect and records.
    func parse(_ bytes: [UInt8], chunkSize: Int = 64 * 1024) throws -> (CSVParser.Dialect, [CSVRecord]) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write("x.csv", Data(bytes))
        let parser = CSVParser(url: url, chunkSize: chunkSize)
        let dialect = try parser.detectDialect()
        var records: [CSVRecord] = []
        try parser.parse(dialect: dialect) { records.append($0) }
        return (dialect, records)
    }

    func parse(_ text: String, chunkSize: Int = 64 * 1024) throws -> (CSVParser.Dialect, [CSVRecord]) {
        try parse(Array(text.utf8), chunkSize: chunkSize)
    }

    @Test(arguments: [(";", UInt8(0x3B)), (",", UInt8(0x2C)), ("\t", UInt8(0x09))])
    func detectsTheDelimiterFromTheHeader(delimiter: String, byte: UInt8) throws {
        let text =
            ["Kursnr", "Kurstitel", "Max. TN"].joined(separator: delimiter) + "\n"
            + ["1", "a,b;c", "3"].map { $0.contains(delimiter) ? "\"\($0)\"" : $0 }.joined(separator: delimiter) + "\n"
        let (dialect, records) = try parse(text)
        #expect(dialect.delimiter == byte)
        #expect(records.map(\.fields) == [["Kursnr", "Kurstitel", "Max. TN"], ["1", "a,b;c", "3"]])
    }

    @Test func delimiterInsideQuotedHeaderDoesNotCount() throws {
        let (dialect, _) = try parse("\"a,b,c\";d\n1;2\n")
        #expect(dialect.delimiter == 0x3B)
    }

    @Test func quotingWithDelimitersQuotesAndLineBreaksKeepsLineNumbersRight() throws {
        let text =
            "A;B;C\r\n"
            + "1;\"x;y\";\"he said \"\"hi\"\"\"\r\n"
            + "2;\"two\r\nlines\nhere\";z\r\n"
            + "3;;\r\n"
        let (_, records) = try parse(text)
        #expect(records.count == 4)
        #expect(records[1].fields == ["1", "x;y", "he said \"hi\""])
        #expect(records[2].fields == ["2", "two\nlines\nhere", "z"])
        #expect(records[3].fields == ["3", "", ""])
        #expect(records.map(\.line) == [1, 2, 3, 6])
    }

    @Test func lfAndCrlfGiveTheSameRecords() throws {
        let lf = try parse("A;B\n1;2\n\n3;4").1
        let crlf = try parse("A;B\r\n1;2\r\n\r\n3;4\r\n").1
        #expect(lf.map(\.fields) == crlf.map(\.fields))
        #expect(lf.map(\.line) == [1, 2, 4])
        #expect(crlf.map(\.line) == [1, 2, 4])
    }

    @Test func trailingEmptyFieldIsKept() throws {
        let (_, records) = try parse("A;B;C\n1;2;\n")
        #expect(records[1].fields == ["1", "2", ""])
    }

    @Test func bomIsDroppedAndUTF8Kept() throws {
        let (dialect, records) = try parse([0xEF, 0xBB, 0xBF] + Array("Kürzel;Straße\nÄ;ß\n".utf8))
        #expect(dialect.encoding == .utf8)
        #expect(dialect.hasBOM)
        #expect(records[0].fields == ["Kürzel", "Straße"])
        #expect(records[1].fields == ["Ä", "ß"])
    }

    @Test func windows1252IsDetectedPerFile() throws {
        // "Kürzel;Preis\nMüller;5 €" in Windows-1252; only the last line has the non-UTF-8 bytes.
        var bytes = Array("K".utf8) + [0xFC] + Array("rzel;Preis\n".utf8)
        bytes += Array("M".utf8) + [0xFC] + Array("ller;5 ".utf8) + [0x80] + [0x0A]
        let (dialect, records) = try parse(bytes)
        #expect(dialect.encoding == .windows1252)
        #expect(records[0].fields == ["Kürzel", "Preis"])
        #expect(records[1].fields == ["Müller", "5 €"])
    }

    @Test func validUTF8SplitAcrossChunksStaysUTF8() throws {
        let text = "Name;Ort\n" + String(repeating: "Jürgen Müller;Köln\n", count: 50)
        for chunk in [1, 2, 3, 7] {
            let (dialect, records) = try parse(text, chunkSize: chunk)
            #expect(dialect.encoding == .utf8)
            #expect(records.count == 51)
            #expect(records[50].fields == ["Jürgen Müller", "Köln"])
        }
    }

    @Test func chunkBoundariesDoNotChangeTheResult() throws {
        let text = "A;B\r\n\"q;\"\"x\"\"\r\ny\";2\r\n3;\"\"\r\n"
        let reference = try parse(text)
        for chunk in 1...9 {
            let (_, records) = try parse(text, chunkSize: chunk)
            #expect(records.map(\.fields) == reference.1.map(\.fields))
            #expect(records.map(\.line) == reference.1.map(\.line))
        }
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() throws {
        let text = "A;B\n1;2\n3;\"open\n4;5\n6;7\n"
        #expect(throws: CSVParseError.unterminatedQuote(line: 3)) { try parse(text) }
    }

    @Test func streamsAHugeFileWithoutKeepingRecords() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("big.csv")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data("Buchungsnummer;Kursnr;Vorname;Nachname;E-Mail;Status\n".utf8))
        var block = ""
        for i in 1...200_000 {
            block += "BN-\(i);\(10000 + i % 500);Vor\(i);\"Nach;\(i)\";p\(i)@example.com;Bestätigte Buchung\n"
            if i % 10_000 == 0 {
                try handle.write(contentsOf: Data(block.utf8))
                block = ""
            }
        }
        try handle.close()
        var count = 0
        var last: [String] = []
        let parser = CSVParser(url: url)
        try parser.parse(dialect: try parser.detectDialect()) { record in
            count += 1
            last = record.fields
        }
        #expect(count == 200_001)
        #expect(
            last == ["BN-200000", "10000", "Vor200000", "Nach;200000", "p200000@example.com", "Bestätigte Buchung"])
    }
}

@Suite struct InputCSVReaderTests {
    @Test func headersMatchIgnoringCaseSpaceAndOrderAndUnknownColumns() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bookings =
            "  status ;Unbekannt;e-mail;NACHNAME;Vorname;kursnr;BUCHUNGSNUMMER\nBestätigte Buchung;egal;a@b.de;Doro;Rita;10062;BN1\n"
        let snapshot = try InputFixtures.read(try InputFixtures.drop(bookings: bookings, in: dir))
        #expect(snapshot.bookings.count == 1)
        #expect(snapshot.bookings[0].email == "a@b.de")
        #expect(snapshot.bookings[0].lastName == "Doro")
        #expect(snapshot.bookings[0].status == .confirmed)
    }

    @Test func builtInAndConfiguredAliases() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bookings =
            "Buchungsnummer;Kursnr;Vorname;Name;E-Mail-Versand an;Buchungsstatus\nBN1;10062;Rita;Doro;a@b.de;Storniert\n"
        var configuration = Configuration()
        configuration.columnAliases = ["bookings:Name": "Nachname", "trainers:Name": "Kürzel"]
        let snapshot = try InputFixtures.read(
            try InputFixtures.drop(bookings: bookings, in: dir), configuration: configuration)
        #expect(snapshot.bookings[0].lastName == "Doro")
        #expect(snapshot.bookings[0].email == "a@b.de")
        #expect(snapshot.bookings[0].status == .cancelled)
        // Without the alias the required column is missing.
        let rejection = try #require(InputFixtures.rejection(dir.url))
        #expect(rejection.column == "Nachname")
        #expect(rejection.line == 1)
    }

    @Test func theSpecNameWinsOverAnAlias() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bookings =
            "Buchungsnummer;Kursnr;Vorname;Nachname;E-Mail-Versand an;E-Mail;Status\nBN1;10062;Rita;Doro;buero@firma.de;rita@firma.de;Anfrage\n"
        let snapshot = try InputFixtures.read(try InputFixtures.drop(bookings: bookings, in: dir))
        #expect(snapshot.bookings[0].email == "rita@firma.de")
    }

    @Test func valueForms() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let courses =
            "Kursnr,Kurstitel,Kursstatus,Veranstaltungsort,Startdatum,Enddatum,Max. TN,Zoom synchronisieren,Mittwoch von,Mittwoch bis\n"
            + "1,A,BESTAETIGT,zoom meeting room,2027-04-12,16.04.2027,\"12,0\",x,9:30,21:00\n"
            + "2,B,Laufender Kurs,Bremen,1.4.2027,01.04.2027,,,,\n"
            + "3,C,geplant,Bremen,01.04.2027,01.04.2027,7,nein,,\n"
        let trainers =
            "Kursnr;Kürzel;Vorname;Nachname;Moderator;Zugang aktiv\n1;A;B;C;1;false\n1;D;E;F;true;\n2;G;H;I;;0\n"
        let snapshot = try InputFixtures.read(try InputFixtures.drop(courses: courses, trainers: trainers, in: dir))
        let c = snapshot.courses
        #expect(c.map(\.status) == [.confirmed, .running, .planned])
        #expect(c[0].startDay == CalendarDay(year: 2027, month: 4, day: 12))
        #expect(c[0].endDay == CalendarDay(year: 2027, month: 4, day: 16))
        #expect(c[1].startDay == CalendarDay(year: 2027, month: 4, day: 1))
        #expect(c[0].maxParticipants == 12)
        #expect(c[0].syncRequested == true)
        #expect(c[1].syncRequested == false)  // column present, cell empty = Nein
        #expect(c[2].syncRequested == false)
        #expect(
            c[0].weeklyTimes == [
                WeeklyTime(
                    weekday: .wednesday, from: LocalTime(hour: 9, minute: 30), to: LocalTime(hour: 21, minute: 0))
            ])
        let t = snapshot.trainers
        #expect(t.map(\.isModerator) == [true, true, false])
        #expect(t.map(\.loginActive) == [false, true, false])  // empty Zugang aktiv = default Ja
    }

    @Test func windows1252FileThroughTheReader() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        // "Kursnr;Kürzel;Vorname;Nachname\r\n10062;JMÜ;Jürgen;Müller – Groß\r\n" as German Excel writes it.
        var bytes: [UInt8] = []
        for scalar in "Kursnr;Kürzel;Vorname;Nachname\r\n10062;JMÜ;Jürgen;Müller – Groß\r\n".unicodeScalars {
            bytes.append(scalar == "–" ? 0x96 : UInt8(scalar.value))
        }
        try dir.write("trainer.csv", Data(bytes))
        let trainer = try #require(try InputFixtures.read(dir.url).trainers.first)
        #expect(trainer.shortCode == "JMÜ")
        #expect(trainer.displayName == "Jürgen Müller – Groß")
    }

    @Test func missingZoomSyncColumnGivesNil() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let snapshot = try InputFixtures.read(try InputFixtures.drop(in: dir))
        #expect(snapshot.courses[0].syncRequested == nil)
        #expect(snapshot.files.count == 3)
        #expect(snapshot.files.allSatisfy { $0.sha256.count == 64 && $0.format == "csv" })
    }

    @Test func sessionsFileBecomesTheCoursesScheduledDates() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sessions =
            "Kursnr;Datum;von;bis\n10062;12.04.2027;16:00;21:00\n10062;14.04.2027;09:00;12:30\n99999;14.04.2027;09:00;12:30\n"
        let selection = try DropDirectory.select(in: try InputFixtures.drop(sessions: sessions, in: dir))
        let (snapshot, notes) = try SnapshotReader.readWithNotes(selection, configuration: Configuration())
        #expect(
            snapshot.courses[0].scheduledDates.map(\.day) == [
                CalendarDay(year: 2027, month: 4, day: 12), CalendarDay(year: 2027, month: 4, day: 14),
            ])
        #expect(snapshot.courses[0].scheduledDates[1].source == SourceLocation(file: "kurstermine.csv", line: 3))
        #expect(notes.map(\.code) == ["session.unknown-course"])
        #expect(notes[0].source == SourceLocation(file: "kurstermine.csv", line: 4))
    }

    @Test func headerOnlyFileIsAValidEmptySnapshot() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let snapshot = try InputFixtures.read(
            try InputFixtures.drop(bookings: InputFixtures.bookingsHeader + "\r\n", in: dir))
        #expect(snapshot.bookings.isEmpty)
        #expect(snapshot.courses.count == 1)
    }

    @Test func recordLineNumbersCountQuotedLineBreaks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bookings =
            InputFixtures.bookingsHeader + "\n"
            + "BN1;10062;Frau;Rita;Doro;a@b.de;\"Firma\nmit Umbruch\";Anfrage\n"
            + "BN2;10062;Frau;Rita;Doro;a@b.de;;Anfrage\n"
        let snapshot = try InputFixtures.read(try InputFixtures.drop(bookings: bookings, in: dir))
        #expect(snapshot.bookings.map { $0.source.line } == [2, 4])
        #expect(snapshot.bookings[0].company == "Firma\nmit Umbruch")
    }
}
