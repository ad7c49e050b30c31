import Foundation
import Testing

@testable import SemcoZoomCore

/// Each diagnostic of the catalogue, provoked by a snapshot built in memory, checked in
/// both languages.
@Suite struct ValidationTests {
    static let today = CalendarDay(year: 2026, month: 11, day: 29)
    static let here = SourceLocation(file: "kurse.csv", line: 2)

    static func course(
        _ number: String = "10062", role: ModeratorRole? = .trainer, supervisor: CourseSupervisor? = nil,
        weekly: [WeeklyTime] = [
            WeeklyTime(weekday: .monday, from: LocalTime(hour: 16, minute: 0), to: LocalTime(hour: 21, minute: 0))
        ],
        dates: [ScheduledDate] = [], start: CalendarDay = CalendarDay(year: 2027, month: 4, day: 12),
        end: CalendarDay = CalendarDay(year: 2027, month: 4, day: 16), status: CourseStatus = .confirmed,
        venue: String = "Zoom Meeting Room", title: String = "Narkose Grundschulung - Zoom-Webinar am Abend",
        max: Int? = nil
    ) -> Course {
        Course(
            number: CourseNumber(number), title: title, status: status, venue: venue, startDay: start, endDay: end,
            moderatorRole: role, supervisor: supervisor, weeklyTimes: weekly, scheduledDates: dates,
            maxParticipants: max, source: here)
    }

    static func trainer(
        _ first: String = "Maria", _ last: String = "Berger", zoom: String? = "m.berger@semcosoft.com",
        moderator: Bool = true, active: Bool = true, course: String = "10062"
    ) -> TrainerAssignment {
        TrainerAssignment(
            courseNumber: CourseNumber(course), shortCode: String(first.prefix(3)), firstName: first, lastName: last,
            zoomUser: zoom, isModerator: moderator, loginActive: active,
            source: SourceLocation(file: "trainer.csv", line: 2))
    }

    static func booking(_ number: String, email: String?, status: BookingStatus = .confirmed, course: String = "10062")
        -> Booking
    {
        Booking(
            number: number, courseNumber: CourseNumber(course), firstName: "Rita", lastName: "Doro", email: email,
            status: status,
            source: SourceLocation(file: "buchungen.csv", line: 3))
    }

    func validate(
        _ courses: [Course], _ trainers: [TrainerAssignment] = [trainer()], _ bookings: [Booking] = [],
        configuration: Configuration = Configuration()
    ) -> [Diagnostic] {
        Validator.validate(
            Snapshot(courses: courses, trainers: trainers, bookings: bookings), configuration: configuration,
            today: Self.today)
    }

    func only(_ diagnostics: [Diagnostic], _ code: DiagnosticCatalog.Code, severity: Severity = .error) throws
        -> Diagnostic
    {
        #expect(diagnostics.map(\.code) == [code.rawValue])
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.severity == severity)
        #expect(
            !diagnostic.message.de.isEmpty && !diagnostic.message.en.isEmpty
                && diagnostic.message.de != diagnostic.message.en)
        #expect(diagnostic.hint != nil && diagnostic.hint!.de != diagnostic.hint!.en)
        return diagnostic
    }

    @Test func aCleanCourseHasNoDiagnostics() {
        #expect(validate([Self.course()], [Self.trainer()], [Self.booking("BN1", email: "doro@semcoft.com")]).isEmpty)
    }

    @Test func noTimes() throws {
        let d = try only(validate([Self.course(weekly: [])]), .courseNoTimes)
        #expect(d.message.de.contains("Kurszeiten"))
        #expect(d.message.en.contains("course times"))
        #expect(d.course == "10062")
    }

    @Test func noSessionsInRange() throws {
        let d = try only(
            validate([
                Self.course(weekly: [
                    WeeklyTime(
                        weekday: .saturday, from: LocalTime(hour: 9, minute: 0), to: LocalTime(hour: 10, minute: 0))
                ])
            ]), .courseNoSessionsInRange)
        #expect(d.message.de.contains("Samstag"))
        #expect(d.message.en.contains("Saturday"))
    }

    @Test func noModerator() throws {
        let d = try only(validate([Self.course(role: nil)], []), .courseNoModerator)
        #expect(d.message.de.contains("kein Moderator festgelegt"))
        #expect(d.message.en.contains("no moderator"))
        _ = try only(validate([Self.course(role: .courseSupervisor)], []), .courseNoModerator)
    }

    @Test func trainerWithoutZoomUserGetsTheGuidesSentence() throws {
        let d = try only(
            validate([Self.course()], [Self.trainer("Alexei", "Daiter", zoom: nil)]), .courseModeratorNoZoomUser)
        #expect(d.message.de == "Zoom Benutzernamen ist für Benutzer Alexei Daiter nicht festgelegt.")
        #expect(d.message.en.contains("No Zoom user name is set for user Alexei Daiter"))
        #expect(d.source == SourceLocation(file: "trainer.csv", line: 2))
    }

    @Test func supervisorWithoutZoomUserIsNamedFirstNameFirst() throws {
        let d = try only(
            validate(
                [
                    Self.course(
                        role: .courseSupervisor, supervisor: CourseSupervisor(name: "Daiter, Alexei", shortCode: "ADA"))
                ], []),
            .courseModeratorNoZoomUser)
        #expect(d.message.de == "Zoom Benutzernamen ist für Benutzer Alexei Daiter nicht festgelegt.")
        #expect(Validator.displayName(fromSEMCOName: "Pietrzyk, Marzena") == "Marzena Pietrzyk")
        #expect(Validator.displayName(fromSEMCOName: "Akademie") == "Akademie")
    }

    @Test func supervisorAsModeratorIsFine() {
        let supervisor = CourseSupervisor(name: "Adler, Julia", shortCode: "JAD", zoomUser: "akademie@semcosoft.com")
        #expect(validate([Self.course(role: .courseSupervisor, supervisor: supervisor)], []).isEmpty)
    }

    @Test func zoomUserThatIsNoAddress() throws {
        let supervisor = CourseSupervisor(name: "Adler, Julia", zoomUser: "Jadler")
        let d = try only(
            validate([Self.course(role: .courseSupervisor, supervisor: supervisor)], []),
            .courseModeratorZoomUserInvalid)
        #expect(d.message.de.contains("Jadler") && d.message.en.contains("Jadler"))
    }

    @Test func moderatorTrainerButNoneTickedGetsTheGuidesSentence() throws {
        let d = try only(validate([Self.course()], [Self.trainer(moderator: false)]), .courseModeratorNotTicked)
        #expect(
            d.message.de
                == "Moderator des Webinars ist auf Trainer eingestellt, es gibt jedoch keinen Trainer im Kurs, bei dem Moderator angekreuzt ist."
        )
        #expect(d.message.en.contains("no trainer of the course has Moderator ticked"))
    }

    @Test func twoTrainersTicked() throws {
        let d = try only(
            validate([Self.course()], [Self.trainer(), Self.trainer("Franz", "Xaver", zoom: "f.xaver@semcosoft.com")]),
            .courseSeveralModerators)
        #expect(d.message.de.contains("Maria Berger, Franz Xaver"))
        #expect(d.message.en.contains("Maria Berger, Franz Xaver"))
    }

    @Test func moderatorWithInactiveLogin() throws {
        let d = try only(validate([Self.course()], [Self.trainer(active: false)]), .courseModeratorLoginInactive)
        #expect(d.message.de.contains("Maria Berger") && d.message.en.contains("not active"))
    }

    @Test func endBeforeStart() throws {
        let d = try only(
            validate([
                Self.course(
                    start: CalendarDay(year: 2027, month: 4, day: 16), end: CalendarDay(year: 2027, month: 4, day: 12))
            ]),
            .courseEndBeforeStart)
        #expect(d.message.de.contains("16.04.2027") && d.message.en.contains("12.04.2027"))
    }

    @Test func sessionEndBeforeStartInWeeklyTimesAndEinzeltermine() throws {
        let weekly = [
            WeeklyTime(weekday: .monday, from: LocalTime(hour: 14, minute: 0), to: LocalTime(hour: 12, minute: 0))
        ]
        let d = try only(validate([Self.course(weekly: weekly)]), .courseSessionEndBeforeStart)
        #expect(d.message.de.contains("Montag") && d.message.en.contains("Monday"))
        let source = SourceLocation(file: "kurstermine.csv", line: 4)
        let dates = [
            ScheduledDate(
                day: CalendarDay(year: 2027, month: 4, day: 12), from: LocalTime(hour: 9, minute: 0),
                to: LocalTime(hour: 9, minute: 0), source: source)
        ]
        let e = try only(validate([Self.course(dates: dates)]), .courseSessionEndBeforeStart)
        #expect(e.source == source)
        #expect(e.message.de.contains("12.04.2027"))
    }

    @Test func moreThanFiftySessions() throws {
        let weekly = [Weekday.monday, .wednesday].map {
            WeeklyTime(weekday: $0, from: LocalTime(hour: 17, minute: 0), to: LocalTime(hour: 19, minute: 0))
        }
        let d = try only(
            validate([
                Self.course(
                    weekly: weekly, start: CalendarDay(year: 2027, month: 1, day: 11),
                    end: CalendarDay(year: 2027, month: 12, day: 15))
            ]),
            .courseTooManySessions)
        #expect(d.message.de.contains("98 Termine") && d.message.en.contains("at most 50"))
        // Exactly 50 is allowed.
        let fifty = (0..<50).map {
            ScheduledDate(
                day: CalendarDay(year: 2027, month: 1, day: 1).adding(days: $0), from: LocalTime(hour: 9, minute: 0),
                to: LocalTime(hour: 10, minute: 0))
        }
        #expect(validate([Self.course(dates: fifty)]).isEmpty)
    }

    @Test func confirmedBookingsAboveCapacity() throws {
        let bookings =
            (1...3).map { Self.booking("BN\($0)", email: "p\($0)@firma.de") } + [
                Self.booking("BN9", email: "x@firma.de", status: .request)
            ]
        let d = try only(
            validate([Self.course(max: 2)], [Self.trainer()], bookings), .courseOverCapacity, severity: .warning)
        #expect(d.message.de.contains("3 bestätigte Buchungen") && d.message.de.contains("Max. TN (2)"))
        #expect(d.message.en.contains("more than Max. TN (2)"))
        // Without Max. TN the licence size counts.
        var configuration = Configuration()
        configuration.licence = .pro
        let many = (1...101).map { Self.booking("BN\($0)", email: "p\($0)@firma.de") }
        let e = try only(
            validate([Self.course()], [Self.trainer()], many, configuration: configuration), .courseOverCapacity,
            severity: .warning)
        #expect(e.message.en.contains("licence size (100)"))
    }

    @Test func titleOverTwoHundredCharacters() throws {
        let d = try only(
            validate([Self.course(title: String(repeating: "x", count: 201))]), .courseTitleTooLong, severity: .warning)
        #expect(d.message.de.contains("201 Zeichen") && d.message.en.contains("201 characters"))
        #expect(validate([Self.course(title: String(repeating: "x", count: 200))]).isEmpty)
    }

    @Test func bookingWithoutEmail() throws {
        let d = try only(
            validate([Self.course()], [Self.trainer()], [Self.booking("BN1", email: nil)]), .bookingNoEmail)
        #expect(d.booking == "BN1" && d.course == "10062")
        #expect(d.message.de.contains("keine E-Mail-Adresse") && d.message.en.contains("no e-mail address"))
    }

    @Test func emailWithUmlautUsesTheGuidesWords() throws {
        let d = try only(
            validate([Self.course()], [Self.trainer()], [Self.booking("BN1", email: "jürgen@firma.de")]),
            .bookingEmailUmlaut)
        #expect(d.message.de.hasPrefix("E-Mail-Adresse enthält einen Umlaut"))
        #expect(d.message.en.contains("umlaut"))
        #expect(d.hint!.de.contains("alternative E-Mail-Adresse"))
    }

    @Test(arguments: [
        "o.braun(at)firma.de", "a@b", "a@@b.de", "a b@c.de", ".a@b.de", "a@-b.de", "a@b.d", "@b.de", "a@b..de",
    ])
    func emailThatIsNoAddress(_ email: String) throws {
        let d = try only(
            validate([Self.course()], [Self.trainer()], [Self.booking("BN1", email: email)]), .bookingEmailInvalid)
        #expect(d.message.de.contains(email) && d.message.en.contains(email))
    }

    @Test(arguments: ["doro@semcoft.com", "first.last+tag@sub.example.co.uk", "A_B-c@x-y.de"])
    func acceptableAddresses(_ email: String) {
        #expect(Validator.isAcceptableEmail(email))
    }

    @Test func hostBookedAsParticipantUsesTheGuidesWords() throws {
        let d = try only(
            validate([Self.course()], [Self.trainer()], [Self.booking("BN1", email: "M.Berger@SemcoSoft.com")]),
            .bookingHostAsParticipant)
        #expect(d.message.de.hasPrefix("Moderator des Webinars ist in dieses Webinar als Teilnehmer eingebucht"))
        #expect(d.message.en.contains("booked into this webinar as a participant"))
        // A cancelled booking of the host is no problem.
        #expect(
            validate(
                [Self.course()], [Self.trainer()],
                [Self.booking("BN1", email: "m.berger@semcosoft.com", status: .cancelled)]
            ).isEmpty)
    }

    @Test func duplicateAddressInACourseComparedCaseInsensitively() throws {
        let bookings = [
            Self.booking("BN1", email: "t.wagner@firma.de"), Self.booking("BN2", email: "T.Wagner@Firma.de"),
            Self.booking("BN0", email: "t.wagner@firma.de", status: .cancelled),
        ]
        let d = try only(
            validate([Self.course()], [Self.trainer()], bookings), .bookingDuplicateEmail, severity: .warning)
        #expect(d.booking == "BN2")
        #expect(d.message.de.contains("BN1") && d.message.en.contains("BN1"))
    }

    @Test func rowsForUnknownCoursesAreWarnings() throws {
        let diagnostics = validate(
            [Self.course()], [Self.trainer(), Self.trainer(course: "999")],
            [Self.booking("BN1", email: "a@b.de", course: "998")])
        #expect(diagnostics.map(\.code) == ["trainer.unknown-course", "booking.unknown-course"])
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        #expect(diagnostics[1].message.en.contains("998") && diagnostics[1].message.de.contains("ignoriert"))
        let session = DiagnosticCatalog.sessionForUnknownCourse(
            "997", source: SourceLocation(file: "kurstermine.csv", line: 3))
        #expect(
            session.severity == .warning && session.message.de.contains("997") && session.message.en.contains("997"))
    }

    @Test func onlyZoomCoursesThatCouldSyncAreJudged() {
        var configuration = Configuration()
        configuration.zoomRoom = "Webinar-Raum"
        #expect(
            validate([Self.course(weekly: [], venue: "webinar-raum ")], [], configuration: configuration).map(\.code)
                .contains("course.no-times"))
        for course in [
            Self.course(weekly: [], venue: "Bremen"), Self.course(weekly: [], status: .planned),
            Self.course(weekly: [], status: .cancelled),
            Self.course(weekly: [], status: .finished),
            Self.course(
                weekly: [], start: CalendarDay(year: 2026, month: 1, day: 1),
                end: CalendarDay(year: 2026, month: 11, day: 28)),
        ] {
            #expect(validate([course], []).isEmpty, "\(course.status) \(course.venue)")
        }
        #expect(!validate([Self.course(weekly: [], status: .running)], []).isEmpty)
        #expect(!validate([Self.course(weekly: [], venue: "zoom meeting room")], []).isEmpty)
    }

    @Test func everyCodeIsDocumented() throws {
        let doc = try String(
            contentsOf: InputFixtures.samplesDirectory.deletingLastPathComponent().appendingPathComponent(
                "docs/diagnostics.md"), encoding: .utf8)
        for code in DiagnosticCatalog.Code.allCases { #expect(doc.contains("`\(code.rawValue)`"), "\(code.rawValue)") }
    }

    @Test func theSamplesShowEveryDiagnostic() throws {
        let selection = try DropDirectory.select(in: InputFixtures.samplesDirectory.appendingPathComponent("drop"))
        let (snapshot, notes) = try SnapshotReader.readWithNotes(selection, configuration: Configuration())
        let codes = Set(
            (Validator.validate(snapshot, configuration: Configuration(), today: Self.today) + notes).map(\.code))
        #expect(codes == Set(DiagnosticCatalog.Code.allCases.map(\.rawValue)))
        let course10062 = Validator.validate(snapshot, configuration: Configuration(), today: Self.today).filter {
            $0.course == "10062"
        }
        #expect(course10062.isEmpty)
    }
}
