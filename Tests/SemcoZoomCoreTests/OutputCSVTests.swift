import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

@Suite struct OutputZoomImportCSVTests {
    let rows = [
        ZoomImportRow(email: "back@example.com", firstName: "Pat \"Paddy\"", lastName: "O'Brien, Jr."),
        ZoomImportRow(email: "joerg@example.com", firstName: "Jörg", lastName: "Müller"),
        ZoomImportRow(email: "BACK@example.com", firstName: "Duplicate", lastName: "Entry"),
        ZoomImportRow(email: "line@example.com", firstName: "Multi\nLine", lastName: "Ähm"),
    ]

    @Test func exactBytesWithHeaderQuotingAndCRLF() {
        let data = ZoomImportCSV.encode(rows, includeHeader: true)
        let expected =
            "Email,First Name,Last Name\r\n"
            + "joerg@example.com,Jörg,Müller\r\n"
            + "back@example.com,\"Pat \"\"Paddy\"\"\",\"O'Brien, Jr.\"\r\n"
            + "line@example.com,\"Multi\nLine\",Ähm\r\n"
        #expect(String(decoding: data, as: UTF8.self) == expected)
        #expect(Array(data.prefix(3)) != [0xEF, 0xBB, 0xBF])
        // UTF-8, not Latin-1: ö is C3 B6.
        #expect(data.range(of: Data([0xC3, 0xB6])) != nil)
    }

    @Test func opensAsZoomExpects() throws {
        let text = String(decoding: ZoomImportCSV.encode(rows, includeHeader: true), as: UTF8.self)
        let records = try StrictCSV.parse(text, delimiter: ",")
        #expect(records[0] == ["Email", "First Name", "Last Name"])
        #expect(records.allSatisfy { $0.count == 3 })
        #expect(records.contains(["back@example.com", "Pat \"Paddy\"", "O'Brien, Jr."]))
        #expect(records.contains(["joerg@example.com", "Jörg", "Müller"]))
        #expect(records.count == 4)  // header + three distinct addresses
    }

    @Test func headerCanBeTurnedOff() throws {
        let text = String(decoding: ZoomImportCSV.encode(rows, includeHeader: false), as: UTF8.self)
        #expect(!text.contains("Email,First Name"))
        #expect(try StrictCSV.parse(text, delimiter: ",").first == ["joerg@example.com", "Jörg", "Müller"])
    }

    @Test func fileNames() {
        #expect(ZoomImportCSV.fileName(course: "10062", meetingID: 86_012_345_678) == "10062_86012345678.csv")
        #expect(ZoomImportCSV.fileName(course: "A/1 x", meetingID: nil) == "A_1_x.csv")
        #expect(ZoomImportCSV.fileName(course: "..", meetingID: 1) == "_.._1.csv")
    }

    @Test func rowsFromTheState() {
        let course = ReportFixture.state[course: "10063"]!
        #expect(
            ZoomImportCSV.rowsHandedToImport(course) == [
                ZoomImportRow(email: "back@example.com", firstName: "Pat \"Paddy\"", lastName: "O'Brien, Jr.")
            ])
    }
}

@Suite struct OutputSemcoWriteBackTests {
    @Test func coursesFile() throws {
        let data = SemcoWriteBack.coursesCSV(ReportFixture.state)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(
            text == "Kursnr;Webinar angelegt;Meeting-ID;Beitritts-URL;Registrierungs-URL\r\n"
                + "10062;Ja;86012345678;https://zoom.example/j/86012345678;https://zoom.example/meeting/register/abc\r\n"
                + "10063;Ja;87000000001;https://zoom.example/j/87000000001;https://zoom.example/meeting/register/def\r\n"
                + "10065;Nein;;;\r\n")
    }

    @Test func bookingsFileUsesEachRegistrantsPersonalLink() throws {
        let data = SemcoWriteBack.bookingsCSV(ReportFixture.state)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(
            text == "Buchungsnummer;Kursnr;Ins Webinar eingebucht;Beitritts-URL\r\n"
                + "BN27-00158;10062;Ja;\"https://zoom.example/w/86012345678?tk=joerg;x\"\r\n"
                + "BN27-00159;10062;Ja;https://zoom.example/w/86012345678?tk=rita\r\n"
                + "BN27-00160;10062;Ja;\"https://zoom.example/w/86012345678?tk=joerg;x\"\r\n"
                + "BN27-00161;10063;Nein;\r\n"
                + "BN27-00175;10063;Nein;\r\n")
        let records = try StrictCSV.parse(text, delimiter: ";")
        #expect(records.allSatisfy { $0.count == 4 })
    }

    @Test func numericCourseOrder() {
        var state = SyncState()
        for nr in ["900", "10000", "1000"] {
            state[course: CourseNumber(nr)] = ManagedCourse(number: CourseNumber(nr), host: "h@example.com")
        }
        let text = String(decoding: SemcoWriteBack.coursesCSV(state).dropFirst(3), as: UTF8.self)
        #expect(
            text.components(separatedBy: "\r\n").dropFirst().compactMap {
                $0.split(separator: ";").first.map(String.init)
            } == ["900", "1000", "10000"])
    }
}
