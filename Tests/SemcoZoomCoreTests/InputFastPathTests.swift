import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The fast paths of the input layer give the same answers as the general code they bypass.
@Suite struct InputFastPathTests {
    @Test func slotConstantsNameTheSpecFields() {
        func header(_ kind: ExportKind, _ slot: Int) -> String { ExportFields.fields(of: kind)[slot].header }
        typealias C = ExportFields.Slot.Course
        #expect(
            [
                C.number, C.title, C.status, C.venue, C.startDay, C.endDay, C.moderator, C.supervisor, C.supervisorCode,
                C.supervisorZoom, C.maxParticipants, C.eventType, C.sync,
            ].map { header(.courses, $0) }
                == [
                    "Kursnr", "Kurstitel", "Kursstatus", "Veranstaltungsort", "Startdatum", "Enddatum",
                    "Moderator des Webinars",
                    "Kursbetreuer", "Kursbetreuer Kürzel", "Kursbetreuer Zoom Benutzername", "Max. TN",
                    "Veranstaltungsart",
                    "Zoom synchronisieren",
                ])
        for (position, weekday) in Weekday.allCases.enumerated() {
            #expect(header(.courses, C.weekdayFrom(position)) == "\(weekday.german) von")
            #expect(header(.courses, C.weekdayTo(position)) == "\(weekday.german) bis")
        }
        #expect(ExportFields.fields(of: .courses).count == C.weekdayTo(6) + 1)
        typealias S = ExportFields.Slot.Session
        #expect([S.number, S.day, S.from, S.to].map { header(.sessions, $0) } == ["Kursnr", "Datum", "von", "bis"])
        typealias T = ExportFields.Slot.Trainer
        #expect(
            [T.number, T.code, T.firstName, T.lastName, T.zoomUser, T.moderator, T.loginActive].map {
                header(.trainers, $0)
            }
                == ["Kursnr", "Kürzel", "Vorname", "Nachname", "Zoom Benutzername", "Moderator", "Zugang aktiv"])
        typealias B = ExportFields.Slot.Booking
        #expect(
            [B.number, B.course, B.firstName, B.lastName, B.email, B.status, B.salutation, B.company].map {
                header(.bookings, $0)
            }
                == [
                    "Buchungsnummer", "Kursnr", "Vorname", "Nachname", "E-Mail", "Status", "Anrede",
                    "Teilnehmer der Firma",
                ])
    }

    static let trimSamples = [
        "", " ", "\t", "abc", " abc", "abc ", "\tabc\t", " a b ", "\r\nabc\r\n", "\u{0B}x\u{0C}", "\u{00A0}x\u{00A0}",
        " \u{00A0} x \u{2003}", "\u{2028}x", "x\u{0085}", "Köln", " Jürgen ", "ä", " \u{00A0} ", "\u{3000}",
        "e\u{0301}",
        " \u{0301}x", "Groß", " Groß ", "ßx\u{00A0}", "\u{FEFF}a", "a\u{180E}", "\u{2009}ü\u{2009}", "ü\u{3000}", "Ω",
        // Line breaks alone and around values, and the other Unicode blanks (the trims of
        // DesiredStateBuilder and the CSV byte view rely on the same answers).
        "\n", "\r\n", "\r", "a\n", "\n a", "\u{2029}x\u{2028}", "\u{1680}a", "a\u{205F}", "\u{200B}x", "x\u{202F}",
        "\u{00A0}", "\u{0085}", "\t\u{00A0}\n",
    ]

    @Test(arguments: trimSamples)
    func trimmingMatchesFoundation(text: String) {
        #expect(TextTrim.whitespaces(text) == text.trimmingCharacters(in: .whitespaces))
        #expect(TextTrim.whitespacesAndNewlines(text) == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: [
        "01.02.2027", "31.12.2027", "29.02.2028", "29.02.2027", "32.01.2027", "1.2.2027", "01.13.2027",
        "00.01.2027", "+1.02.2027", "01.02.20x7", "2027-02-01", " 01.02.2027 ", "01.02.2027 10:00",
    ])
    func fastDayAgreesWithTheGeneralForm(text: String) {
        // The fast path either declines (nil) or gives the general parser's answer.
        if let fast = FieldValues.fastDay(text) {
            let parts = text.split(separator: ".").compactMap { Int($0) }
            #expect(parts.count == 3 && fast == CalendarDay(year: parts[2], month: parts[1], day: parts[0]))
        }
    }

    @Test func fastTimeAgreesWithTheGeneralForm() {
        // The general rule, written out: H or HH, two minute digits, optional `:00`.
        func general(_ text: String) -> LocalTime? {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3, (1...2).contains(parts[0].count), parts[1].count == 2,
                let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
            else { return nil }
            if parts.count == 3 { guard parts[2].count == 2, Int(parts[2]) == 0 else { return nil } }
            return LocalTime(hour: h, minute: m)
        }
        var samples = [
            "00:00", "23:59", "24:00", "9:05", "09:5", "9:60", "+9:00", "-1:00", "0930", "09:30:00", "09:30:01", "",
            ":", "12:3x", "1x:30", " 9:00", "9:00 ", "٠٩:٣٠", "09：30", "9:0", "123:00", "09::30",
        ]
        for h in 0..<26 {
            for m in stride(from: 0, to: 62, by: 7) {
                samples += [String(format: "%02d:%02d", h, m), "\(h):\(String(format: "%02d", m))"]
            }
        }
        for text in samples {
            #expect(LocalTime(text) == general(text), "\(text.debugDescription)")
            if let fast = LocalTime.fastHoursAndMinutes(text) { #expect(fast == general(text)) }
        }
    }

    @Test func dayParsingThroughBothPaths() {
        #expect(FieldValues.fastDay("29.02.2027") == nil)
        #expect(FieldValues.day("29.02.2027") == nil)
        #expect(FieldValues.day("29.02.2028") == CalendarDay(year: 2028, month: 2, day: 29))
        #expect(FieldValues.fastDay("1.2.2027") == nil)
        #expect(FieldValues.day("1.2.2027") == CalendarDay(year: 2027, month: 2, day: 1))
        #expect(FieldValues.day(" 01.02.2027 ") == CalendarDay(year: 2027, month: 2, day: 1))
        #expect(FieldValues.day("2027-02-01T10:00") == CalendarDay(year: 2027, month: 2, day: 1))
    }

    @Test func statusFastPathsAgreeWithNormalisation() {
        for status in CourseStatus.allCases {
            #expect(FieldValues.courseStatus(status.rawValue) == status)
            #expect(FieldValues.courseStatus(" " + status.rawValue.uppercased() + " ") == status)
        }
        let bookings: [(String, BookingStatus)] = [
            ("Bestätigte Buchung", .confirmed), ("Storniert", .cancelled), ("Anfrage", .request),
            ("Beendet", .finished), ("Laufender Kurs", .running),
        ]
        for (text, status) in bookings {
            #expect(FieldValues.bookingStatus(text) == status)
            #expect(FieldValues.bookingStatus("  " + text.lowercased()) == status)
        }
        // NFD "ä" (a + combining diaeresis) is not byte-equal to the literal: the general path decides.
        #expect(
            FieldValues.bookingStatus("Besta\u{0308}tigte Buchung") == FieldValues.bookingStatus("bestätigte buchung"))
        #expect(FieldValues.moderatorRole("Kursbetreuer") == .courseSupervisor)
        #expect(FieldValues.moderatorRole("trainer ") == .trainer)
        #expect(FieldValues.moderatorRole("Trainerin") == nil)
    }

    @Test func sessionCountEqualsTheExpandedSessions() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d) }
        let source = SourceLocation(file: "kurse.csv", line: 2)
        var courses: [Course] = []
        let ranges = [
            (day(2027, 1, 1), day(2027, 1, 1)), (day(2027, 1, 4), day(2027, 3, 31)),
            (day(2027, 3, 20), day(2027, 4, 5)),
            (day(2027, 10, 25), day(2027, 11, 2)), (day(2027, 5, 5), day(2027, 5, 1)),
            (day(2028, 2, 20), day(2028, 3, 10)),
        ]
        for (start, end) in ranges {
            for weekdays in [[Weekday.monday], [.sunday], [.monday, .wednesday, .friday], Weekday.allCases, []] {
                let times = weekdays.flatMap {
                    [
                        WeeklyTime(
                            weekday: $0, from: LocalTime(hour: 9, minute: 0), to: LocalTime(hour: 12, minute: 0)),
                        WeeklyTime(
                            weekday: $0, from: LocalTime(hour: 13, minute: 0), to: LocalTime(hour: 13, minute: 0)),
                    ]
                }
                courses.append(
                    Course(
                        number: "1", title: "t", status: .confirmed, venue: "v", startDay: start, endDay: end,
                        weeklyTimes: times, source: source))
            }
        }
        let dates = [
            ScheduledDate(
                day: day(2027, 3, 28), from: LocalTime(hour: 2, minute: 30), to: LocalTime(hour: 3, minute: 30),
                source: source),
            ScheduledDate(
                day: day(2027, 4, 1), from: LocalTime(hour: 10, minute: 0), to: LocalTime(hour: 9, minute: 0),
                source: source),
        ]
        courses.append(
            Course(
                number: "2", title: "t", status: .confirmed, venue: "v", startDay: day(2027, 1, 1),
                endDay: day(2027, 12, 31),
                scheduledDates: dates, source: source))
        for course in courses {
            #expect(
                course.sessionCount() == course.sessions(in: berlin).count,
                "\(course.startDay)–\(course.endDay) \(course.weeklyTimes.map(\.weekday))")
        }
    }

    @Test func bytePathKeepsValuesAndSkipsBlankRows() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // A row of only blanks (ASCII and a no-break space) is skipped; values keep inner spaces;
        // an extra field of only a no-break space is blank, not an unquoted delimiter.
        let header = "Buchungsnummer;Kursnr;Vorname;Nachname;E-Mail;Status\r\n"
        let rows =
            "BN1;10062; Rita ;\"Doro; \"\"D\"\"\";rita@example.com;Bestätigte Buchung;\u{00A0}\r\n"
            + " ; \t;\u{00A0};;;\r\n"
            + "BN2;10062;Jürgen;Müller;j@example.com;Storniert\r\n"
        let url = try dir.write("buchungen.csv", Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array((header + rows).utf8)))
        var records: [RawRecord] = []
        for chunk in [1, 3, 64 * 1024] {
            records = []
            var direct: [Booking] = []
            try CSVRecordReader.read(
                url: url, displayName: "buchungen.csv", kind: .bookings,
                headerMap: ExportFields.HeaderMap(kind: .bookings, configuredAliases: [:]), chunkSize: chunk
            ) {
                records.append($0.rawRecord)
                direct.append(try RecordBuilder.booking($0))
            }
            #expect(records.count == 2)
            // Straight from the row's bytes or through every field decoded: the same booking.
            #expect(try direct == records.map { try RecordBuilder.booking($0) })
            let first = try RecordBuilder.booking(try #require(records.first))
            #expect(first.firstName == "Rita" && first.lastName == "Doro; \"D\"" && first.status == .confirmed)
            #expect(records.first?.fields["nachname"]?.value == "Doro; \"D\"")
            let second = try RecordBuilder.booking(records[1])
            #expect(second.lastName == "Müller" && second.source.line == 4)
        }
    }
}
