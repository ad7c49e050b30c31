import Foundation

@testable import SemcoZoomCore

/// A run with every kind of outcome, built from the plan's own types: creates, updates,
/// occurrence fixes, cancels, a re-book Zoom refuses (handed to import), a course with
/// validation errors, deferred work and a storniert course.
enum ReportFixture {
    static let started = Date(timeIntervalSince1970: 1_807_000_000)  // 2027-04-06
    static let finished = started.addingTimeInterval(42)
    static let tomorrowUTC = Date(timeIntervalSince1970: 1_807_056_000)

    static let tricky = "Hygiene <Basics> & \"Praxis\" für O'Brien"

    static func reason(_ de: String, _ en: String) -> LocalizedText { LocalizedText(de: de, en: en) }

    static var titles: [CourseNumber: String] {
        [
            "10061": "Narkose Grundschulung - Zoom-Webinar", "10062": "Narkose Grundsicherung - Zoom-Webinar am Abend",
            "10063": tricky, "10064": "Notfallmedizin kompakt", "10065": "Abgesagter Kurs",
        ]
    }

    static var diagnostics: [Diagnostic] {
        [
            Diagnostic(
                code: "course.no-trainer-moderator", severity: .error, course: "10061",
                message: reason(
                    "Moderator des Webinars ist auf Trainer eingestellt, es gibt jedoch keinen Trainer im Kurs, bei dem Moderator angekreuzt ist.",
                    "The meeting's moderator is set to Trainer, but no trainer of the course has Moderator ticked."),
                hint: reason(
                    "Kreuzen Sie bei einem Trainer des Kurses Moderator an.",
                    "Tick Moderator for one trainer of the course."),
                source: SourceLocation(file: "kurse.csv", line: 4)),
            Diagnostic(
                code: "course.no-zoom-user", severity: .error, course: "10061",
                message: reason(
                    "Zoom Benutzernamen ist für Benutzer Alexei Daiter nicht festgelegt.",
                    "No Zoom user name is set for user Alexei Daiter."),
                hint: reason(
                    "Tragen Sie den Zoom Benutzernamen in der Benutzerverwaltung ein.",
                    "Enter the Zoom user name in the user administration."),
                source: SourceLocation(file: "trainer.xml", elementPath: "/trainer/zuordnung[2]")),
            Diagnostic(
                code: "course.over-capacity", severity: .warning, course: "10062",
                message: reason(
                    "Mehr bestätigte Buchungen (12) als Max. TN (10).",
                    "More confirmed bookings (12) than Max. TN (10)."),
                hint: reason("Max. TN erhöhen oder Buchungen prüfen.", "Raise Max. TN or check the bookings.")),
            Diagnostic(
                code: "booking.email-umlaut", severity: .warning, course: "10062", booking: "BN27-00170",
                message: reason(
                    "E-Mail-Adresse enthält einen Umlaut: jörg@example.com",
                    "The e-mail address contains an umlaut: jörg@example.com"),
                hint: reason(
                    "Prüfen Sie die Richtigkeit der eingegebenen E-Mail-Adresse.", "Check the e-mail address."),
                source: SourceLocation(file: "buchungen.csv", line: 9)),
            Diagnostic(
                code: "course.missing-from-export", severity: .info, course: "10050",
                message: reason(
                    "Kurs fehlt im Export; in Zoom bleibt er unverändert.",
                    "Course missing from the export; left alone in Zoom.")),
        ]
    }

    static func actions(language: Language) -> [ReportAction] {
        let r = reason
        var list: [ReportAction] = []
        func add(
            _ a: PlannedAction, _ status: ReportAction.Status, meeting: ZoomMeetingID? = nil,
            participant: String? = nil,
            error: ZoomError? = nil, notBefore: Date? = nil
        ) {
            list.append(
                ReportAction(
                    a, status: status, language: language, meetingID: meeting, participant: participant,
                    error: error, notBefore: notBefore))
        }
        let create = MeetingChange(
            topic: titles["10062"], kind: .meetingSeries, startTime: "2027-04-12T18:00:00", timezone: "Europe/Berlin",
            duration: 90)
        add(
            PlannedAction(
                course: "10062", kind: .createMeeting(host: "host@example.com", request: create),
                reason: r("Kurs zum ersten Mal synchronisiert", "Course synced for the first time")), .applied,
            meeting: 86_012_345_678)
        add(
            PlannedAction(
                course: "10062", booking: "BN27-00159", email: "doro@example.com",
                kind: .addRegistrant(
                    .created("10062"),
                    request: ZoomRegistrantRequest(email: "doro@example.com", firstName: "Rita", lastName: "Doro")),
                reason: r("Neue Buchung", "New booking")), .applied, meeting: 86_012_345_678)
        add(
            PlannedAction(
                course: "10062", booking: "BN27-00160", email: "m@example.com",
                kind: .addRegistrant(
                    .created("10062"),
                    request: ZoomRegistrantRequest(
                        email: "m@example.com", firstName: "Jörg", lastName: "Müller, \"Doc\"")),
                reason: r("Neue Buchung", "New booking")), .applied, meeting: 86_012_345_678)
        add(
            PlannedAction(
                course: "10063",
                kind: .updateMeeting(
                    .existing(87_000_000_001),
                    request: MeetingChange(topic: tricky, startTime: "2027-05-03T09:00:00")),
                reason: r("Titel und Beginn in SEMCO geändert", "Title and start changed in SEMCO")), .applied)
        add(
            PlannedAction(
                course: "10063",
                kind: .moveOccurrence(
                    .existing(87_000_000_001), occurrenceStart: Date(timeIntervalSince1970: 1_809_846_000),
                    startTime: "2027-05-10T13:00:00", duration: 120),
                reason: r("Einzeltermin verschoben", "Session moved")), .applied)
        add(
            PlannedAction(
                course: "10063",
                kind: .deleteOccurrence(
                    .existing(87_000_000_001), occurrenceStart: Date(timeIntervalSince1970: 1_810_450_800)),
                reason: r("Kein Einzeltermin an diesem Tag", "No session on that day")), .applied)
        add(
            PlannedAction(
                course: "10063", booking: "BN27-00161", email: "gone@example.com",
                kind: .cancelRegistrant(
                    .existing(87_000_000_001), registrant: ZoomRegistrantReference(id: "r1", email: "gone@example.com")),
                reason: r("Buchung storniert", "Booking cancelled")), .applied, participant: "Anna Storno")
        add(
            PlannedAction(
                course: "10063", booking: "BN27-00175", email: "back@example.com",
                kind: .approveRegistrant(
                    .existing(87_000_000_001), registrant: ZoomRegistrantReference(id: "r2", email: "back@example.com")),
                reason: r("Nach Storno erneut gebucht", "Booked again after a cancellation")), .failed,
            participant: "Pat O'Brien",
            error: .api(status: 400, code: 3000, message: "Registrant cannot be approved", fieldErrors: []))
        add(
            PlannedAction(
                course: "10064", booking: "BN27-00180", email: "late@example.com",
                kind: .addRegistrant(
                    .existing(88_000_000_002),
                    request: ZoomRegistrantRequest(email: "late@example.com", firstName: "Lena", lastName: "Spät")),
                reason: r("Neue Buchung", "New booking")), .deferred,
            error: .dailyLimit(until: tomorrowUTC, category: "Light", limitType: "Daily"), notBefore: tomorrowUTC)
        add(
            PlannedAction(
                course: "10065", kind: .deleteMeeting(89_000_000_003),
                reason: r("Kurs storniert", "Course cancelled")), .applied)
        return list
    }

    static var importBatches: [ZoomImportBatch] {
        [
            ZoomImportBatch(
                course: "10063", meetingID: 87_000_000_001,
                rows: [ZoomImportRow(email: "back@example.com", firstName: "Pat \"Paddy\"", lastName: "O'Brien, Jr.")]),
            ZoomImportBatch(
                course: "10064", meetingID: 88_000_000_002,
                rows: [ZoomImportRow(email: "late@example.com", firstName: "Lena", lastName: "Spät")]),
        ]
    }

    static var inputFiles: [InputFile] {
        [
            InputFile(
                kind: .courses, path: "drop/kurse.csv", sha256: String(repeating: "a1", count: 32), format: "csv"),
            InputFile(
                kind: .bookings, path: "drop/buchungen.csv", sha256: String(repeating: "b2", count: 32), format: "csv"),
            InputFile(
                kind: .trainers, path: "drop/trainer.xml", sha256: String(repeating: "c3", count: 32), format: "xml"),
        ]
    }

    static func assembler(language: Language = .de, mode: ReportDocument.Mode = .sync) -> ReportAssembler {
        ReportAssembler(
            runID: "20270406-084640-ab12", mode: mode, language: language, timeZone: "Europe/Berlin",
            startedAt: started, finishedAt: finished, exitCode: 3, inputFiles: inputFiles,
            courseTitles: titles,
            meetingIDs: ["10062": 86_012_345_678, "10063": 87_000_000_001, "10064": 88_000_000_002],
            actions: actions(language: language), diagnostics: diagnostics)
    }

    /// The state after the run.
    static var state: SyncState {
        var state = SyncState(lineage: "lineage-1", serial: 7)
        state[course: "10062"] = ManagedCourse(
            number: "10062", host: "host@example.com", meetingID: 86_012_345_678,
            joinURL: "https://zoom.example/j/86012345678", registrationURL: "https://zoom.example/meeting/register/abc",
            registrants: [
                "doro@example.com": ManagedRegistrant(
                    email: "doro@example.com", firstName: "Rita", lastName: "Doro", registrantID: "q1",
                    bookings: ["BN27-00159"], status: .registered, joinURL: "https://zoom.example/w/86012345678?tk=rita"
                ),
                "m@example.com": ManagedRegistrant(
                    email: "m@example.com", firstName: "Jörg", lastName: "Müller, \"Doc\"", registrantID: "q2",
                    bookings: ["BN27-00160", "BN27-00158"], status: .registered,
                    joinURL: "https://zoom.example/w/86012345678?tk=joerg;x"),
            ])
        state[course: "10063"] = ManagedCourse(
            number: "10063", host: "host2@example.com", meetingID: 87_000_000_001,
            joinURL: "https://zoom.example/j/87000000001",
            registrationURL: "https://zoom.example/meeting/register/def",
            registrants: [
                "gone@example.com": ManagedRegistrant(
                    email: "gone@example.com", firstName: "Anna", lastName: "Storno", registrantID: "r1",
                    bookings: ["BN27-00161"], status: .cancelled, joinURL: "https://zoom.example/w/old"),
                "back@example.com": ManagedRegistrant(
                    email: "back@example.com", firstName: "Pat \"Paddy\"", lastName: "O'Brien, Jr.", registrantID: "r2",
                    bookings: ["BN27-00175"], status: .handedToImport),
            ])
        state[course: "10065"] = ManagedCourse(
            number: "10065", phase: .deleted, host: "host@example.com", meetingID: 89_000_000_003,
            joinURL: "https://zoom.example/j/89000000003")
        return state
    }
}
