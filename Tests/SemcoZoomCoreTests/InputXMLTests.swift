import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

@Suite struct InputXMLTests {
    func course(_ inner: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <kurse erstellt="2027-03-01T22:00:00">
          <kurs>
            <kursnr>10062</kursnr>
            <kurstitel>Narkose Grundschulung - Zoom-Webinar am Abend</kurstitel>
            <kursstatus>bestätigt</kursstatus>
            <veranstaltungsort>Zoom Meeting Room</veranstaltungsort>
            <startdatum>2027-04-12</startdatum>
            <enddatum>16.04.2027</enddatum>
            <moderator_des_webinars>Trainer</moderator_des_webinars>
            \(inner)
          </kurs>
        </kurse>
        """
    }

    func readCourses(_ xml: String) throws -> Snapshot {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("kurse.csv"))
        try dir.write("kurse.xml", xml)
        return try InputFixtures.read(dir.url)
    }

    @Test func nestedWeeklyTimesAndFlatOnesAndUnknownElements() throws {
        let nested = try readCourses(
            course(
                """
                <kurszeiten>
                  <tag wochentag="Freitag" von="16:00" bis="21:00"/>
                  <tag wochentag="Montag" von="16:00" bis="21:00"/>
                </kurszeiten>
                <mittwoch_von>16:00</mittwoch_von><mittwoch_bis>21:00</mittwoch_bis>
                <unbekannt><tief>x</tief></unbekannt>
                """))
        let course = try #require(nested.courses.first)
        #expect(course.weeklyTimes.map(\.weekday) == [.monday, .wednesday, .friday])
        #expect(
            course.weeklyTimes.allSatisfy {
                $0.from == LocalTime(hour: 16, minute: 0) && $0.to == LocalTime(hour: 21, minute: 0)
            })
        #expect(course.startDay == CalendarDay(year: 2027, month: 4, day: 12))
        #expect(course.endDay == CalendarDay(year: 2027, month: 4, day: 16))
        #expect(course.source == SourceLocation(file: "kurse.xml", elementPath: "/kurse/kurs[1]"))
        #expect(course.moderatorRole == .trainer)
    }

    @Test func einzeltermineWithTheirElementPaths() throws {
        let snapshot = try readCourses(
            course(
                """
                <einzeltermine>
                  <termin datum="2027-04-12" von="16:00" bis="21:00"/>
                  <termin datum="14.04.2027" von="09:00" bis="12:30"/>
                </einzeltermine>
                """))
        let dates = try #require(snapshot.courses.first).scheduledDates
        #expect(
            dates.map(\.day) == [
                CalendarDay(year: 2027, month: 4, day: 12), CalendarDay(year: 2027, month: 4, day: 14),
            ])
        #expect(dates[1].to == LocalTime(hour: 12, minute: 30))
        #expect(dates[1].source?.elementPath == "/kurse/kurs[1]/einzeltermine/termin[2]")
    }

    @Test func entitiesCDATAAndOtherEncodings() throws {
        let xml = course("").replacingOccurrences(
            of: "Narkose Grundschulung - Zoom-Webinar am Abend", with: "Erste &amp; Zweite <![CDATA[<Hilfe>]]> &#252;")
        #expect(try readCourses(xml).courses[0].title == "Erste & Zweite <Hilfe> ü")
        let latin1 =
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
            + course("").dropFirst(38).replacingOccurrences(of: "bestätigt", with: "best\u{E4}tigt")
        var bytes = Data()
        for scalar in latin1.unicodeScalars { bytes.append(UInt8(scalar.value)) }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("kurse.csv"))
        try dir.write("kurse.xml", bytes)
        #expect(try InputFixtures.read(dir.url).courses[0].status == .confirmed)
    }

    @Test func xmlNameRuleMatchesTheSpec() {
        #expect(ExportFields.xmlName("Kursbetreuer Zoom Benutzername") == "kursbetreuer_zoom_benutzername")
        #expect(ExportFields.xmlName("Max. TN") == "max_tn")
        #expect(ExportFields.xmlName("E-Mail") == "e_mail")
        #expect(ExportFields.xmlName("Kursbetreuer Kürzel") == "kursbetreuer_kuerzel")
        #expect(ExportFields.xmlName("  Größe / Maß ") == "groesse_mass")
        #expect(ExportFields.xmlName("Teilnehmer der Firma") == "teilnehmer_der_firma")
    }

    @Test func samplesCSVAndXMLGiveTheSameSnapshot() throws {
        let configuration = Configuration()
        let csv = try InputFixtures.read(
            InputFixtures.samplesDirectory.appendingPathComponent("drop"), configuration: configuration)
        let xml = try InputFixtures.read(
            InputFixtures.samplesDirectory.appendingPathComponent("drop-xml"), configuration: configuration)
        #expect(csv.courses.count >= 15)
        #expect(csv.bookings.count >= 15)
        #expect(csv.courses.contains { !$0.scheduledDates.isEmpty })
        let a = csv.withoutSources
        let b = xml.withoutSources
        #expect(a.courses == b.courses)
        #expect(a.trainers == b.trainers)
        #expect(a.bookings == b.bookings)
        #expect(xml.files.map(\.format) == ["xml", "xml", "xml"])
        #expect(csv.files.map(\.kind) == [.courses, .sessions, .trainers, .bookings])
    }
}

/// DTDs and entities are never loaded: XXE and billion laughs are refused before parsing,
/// and the delegate refuses declarations again should one slip past the prolog scan.
@Suite struct InputXMLSecurityTests {
    func dropWithCourses(_ xml: String, _ dir: TemporaryDirectory) throws -> URL {
        _ = try InputFixtures.drop(in: dir)
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("kurse.csv"))
        try dir.write("kurse.xml", xml)
        return dir.url
    }

    @Test func externalEntityIsRefusedAndTheFileNeverRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let secret = "TOP-SECRET-\(UUID().uuidString)"
        let secretFile = try dir.write("secret.txt", secret)
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE kurse [ <!ENTITY xxe SYSTEM "file://\(secretFile.path)"> ]>
            <kurse><kurs><kursnr>1</kursnr><kurstitel>&xxe;</kurstitel><kursstatus>bestätigt</kursstatus>
            <veranstaltungsort>Zoom Meeting Room</veranstaltungsort><startdatum>2027-04-12</startdatum><enddatum>2027-04-12</enddatum></kurs></kurse>
            """
        let drop = try dropWithCourses(xml, dir)
        let before = try InputFixtures.fingerprint(drop)
        let rejection = try #require(InputFixtures.rejection(drop))
        #expect(rejection.file == "kurse.xml")
        #expect(rejection.message.de.contains("DOCTYPE"))
        #expect(rejection.message.en.contains("never loaded"))
        #expect(!"\(rejection)\(rejection.message)".contains(secret))
        #expect(try InputFixtures.fingerprint(drop) == before)
    }

    @Test func billionLaughsIsRefusedWithoutExpanding() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var entities = "<!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            let previous = i == 1 ? "lol" : "lol\(i - 1)"
            entities += "<!ENTITY lol\(i) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        let xml =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE kurse [\n\(entities)]>\n<kurse><kurs><kurstitel>&lol9;</kurstitel></kurs></kurse>\n"
        let rejection = try #require(InputFixtures.rejection(try dropWithCourses(xml, dir)))
        #expect(rejection.message.de.contains("DTD"))
        #expect(rejection.value == nil)
    }

    @Test func declarationAfterACommentAndBOMIsStillFound() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let xml =
            "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- <kurse> in a comment -->\n<?pi x?>\n<!DOCTYPE kurse SYSTEM \"http://127.0.0.1:9/x.dtd\">\n<kurse/>"
        let rejection = try #require(InputFixtures.rejection(try dropWithCourses(xml, dir)))
        #expect(rejection.message.en.contains("DTD"))
    }

    /// The second line of defence, without the prolog scan: the delegate refuses the
    /// declarations FoundationXML reports to it (on Linux: element, attribute, notation,
    /// unparsed-entity declarations; internal/external entity declarations are not
    /// forwarded there, so for those the proof is that nothing is expanded or read).
    @Test func theDelegateRefusesDeclarationsItIsTold() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write(
            "kurse.xml", "<!DOCTYPE kurse [ <!ELEMENT kurse ANY> ]><kurse><kurs><kursnr>1</kursnr></kurs></kurse>")
        var records: [RawRecord] = []
        let rejection = try #require(throws: InputRejection.self) {
            try XMLRecordReader.read(
                url: url, displayName: "kurse.xml", kind: .courses,
                headerMap: ExportFields.HeaderMap(kind: .courses, configuredAliases: [:]),
                scanPrologFirst: false
            ) { records.append($0) }
        }
        #expect(rejection.message.de.contains("DTD- oder ENTITY-Deklaration"))
        #expect(records.isEmpty)
    }

    @Test func withoutThePrologScanEntitiesAreStillNeitherExpandedNorRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let secret = "TOP-SECRET-\(UUID().uuidString)"
        let secretFile = try dir.write("secret.txt", secret)
        let xml =
            "<!DOCTYPE kurse [ <!ENTITY x \"expanded\"> <!ENTITY xxe SYSTEM \"file://\(secretFile.path)\"> ]>"
            + "<kurse><kurs><kursnr>&x;</kursnr><kurstitel>&xxe;</kurstitel></kurs></kurse>"
        let url = try dir.write("kurse.xml", xml)
        var values: [String] = []
        do {
            try XMLRecordReader.read(
                url: url, displayName: "kurse.xml", kind: .courses,
                headerMap: ExportFields.HeaderMap(kind: .courses, configuredAliases: [:]),
                scanPrologFirst: false
            ) { record in values += record.fields.values.map(\.value) }
        } catch let rejection as InputRejection {
            #expect(!rejection.message.de.contains(secret) && !rejection.message.en.contains(secret))
        }
        #expect(!values.contains { $0.contains(secret) || $0.contains("expanded") })
    }

    @Test func prologScanVerdicts() {
        func scan(_ s: String) -> Bool? { XMLRecordReader.scanProlog(Array(s.utf8)) }
        #expect(scan("<?xml version=\"1.0\"?><kurse>") == true)
        #expect(scan("<!-- c --><kurse>") == true)
        #expect(scan("<!DOCTYPE kurse><kurse>") == false)
        #expect(scan("<!ENTITY x \"y\"><kurse>") == false)
        #expect(scan("<?xml version=\"1.0\"") == nil)
        #expect(scan("<!-- not closed") == nil)
    }

    @Test func aLargeDocumentStreamsThrough() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("buchungen.csv"))
        let url = dir.url.appendingPathComponent("buchungen.xml")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<buchungen>\n".utf8))
        var block = ""
        for i in 1...5_000 {
            block +=
                "<buchung><buchungsnummer>BN-\(i)</buchungsnummer><kursnr>10062</kursnr><vorname>A</vorname><nachname>B</nachname><e_mail>p\(i)@example.com</e_mail><status>Anfrage</status></buchung>\n"
            if i % 1_000 == 0 {
                try handle.write(contentsOf: Data(block.utf8))
                block = ""
            }
        }
        try handle.write(contentsOf: Data("</buchungen>\n".utf8))
        try handle.close()
        let snapshot = try InputFixtures.read(dir.url)
        #expect(snapshot.bookings.count == 5_000)
        #expect(snapshot.bookings.last?.source.elementPath == "/buchungen/buchung[5000]")
    }
}
