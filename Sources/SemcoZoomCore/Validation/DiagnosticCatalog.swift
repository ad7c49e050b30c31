import Foundation

/// Every diagnostic the input layer gives, defined once: code, severity and texts in both
/// languages. docs/diagnostics.md lists the codes; keep the two in step.
public enum DiagnosticCatalog {
    /// The codes, stable for scripts and the report schema.
    public enum Code: String, CaseIterable, Sendable {
        case courseNoTimes = "course.no-times"
        case courseNoSessionsInRange = "course.no-sessions-in-range"
        case courseNoModerator = "course.no-moderator"
        case courseModeratorNoZoomUser = "course.moderator-no-zoom-user"
        case courseModeratorZoomUserInvalid = "course.moderator-zoom-user-invalid"
        case courseModeratorNotTicked = "course.moderator-not-ticked"
        case courseSeveralModerators = "course.several-moderators"
        case courseModeratorLoginInactive = "course.moderator-login-inactive"
        case courseEndBeforeStart = "course.end-before-start"
        case courseSessionEndBeforeStart = "course.session-end-before-start"
        case courseTooManySessions = "course.too-many-sessions"
        case courseOverCapacity = "course.over-capacity"
        case courseMaxParticipantsOverLicence = "course.max-participants-over-licence"
        case courseTitleTooLong = "course.title-too-long"
        case bookingNoEmail = "booking.no-email"
        case bookingEmailUmlaut = "booking.email-umlaut"
        case bookingEmailInvalid = "booking.email-invalid"
        case bookingHostAsParticipant = "booking.host-as-participant"
        case bookingDuplicateEmail = "booking.duplicate-email"
        case bookingUnknownCourse = "booking.unknown-course"
        case trainerUnknownCourse = "trainer.unknown-course"
        case sessionUnknownCourse = "session.unknown-course"
    }

    /// Zoom allows at most this many occurrences of a recurring meeting.
    public static let maximumSessions = 50
    /// Zoom's limit for a meeting topic.
    public static let maximumTitleLength = 200

    private static func make(
        _ code: Code, _ severity: Severity, course: Course? = nil, courseNumber: CourseNumber? = nil,
        booking: String? = nil, de: String, en: String, hintDE: String, hintEN: String,
        source: SourceLocation?
    ) -> Diagnostic {
        Diagnostic(
            code: code.rawValue, severity: severity, course: course?.number ?? courseNumber, booking: booking,
            message: LocalizedText(de: de, en: en), hint: LocalizedText(de: hintDE, en: hintEN), source: source)
    }

    private static func label(_ course: Course) -> String { "\(course.number) \(course.title)" }

    // MARK: Course

    public static func noTimes(_ course: Course) -> Diagnostic {
        make(
            .courseNoTimes, .error, course: course,
            de: "Webinardaten sind unvollständig: Für den Kurs \(label(course)) wurden keine Kurszeiten eingetragen.",
            en: "Webinar data is incomplete: no course times (Kurszeiten) are entered for course \(label(course)).",
            hintDE:
                "Tragen Sie auf der zweiten Seite des Kursformulars im Bereich Kurszeiten die Wochentage und Uhrzeiten ein (oder legen Sie Einzeltermine an).",
            hintEN:
                "Enter the weekdays and times under Kurszeiten on the second page of the course form (or add \"Einzeltermine\").",
            source: course.source)
    }

    public static func noSessionsInRange(_ course: Course) -> Diagnostic {
        let days = course.weeklyTimes.map(\.weekday.german).joined(separator: ", ")
        let daysEN = course.weeklyTimes.map(\.weekday.english).joined(separator: ", ")
        return make(
            .courseNoSessionsInRange, .error, course: course,
            de:
                "Kurs \(label(course)): Zwischen \(course.startDay.german) und \(course.endDay.german) liegt kein Tag mit Kurszeiten (\(days)).",
            en:
                "Course \(label(course)): no day between \(course.startDay.german) and \(course.endDay.german) has course times (\(daysEN)).",
            hintDE: "Prüfen Sie Start- und Enddatum und die Wochentage der Kurszeiten.",
            hintEN: "Check the start and end date and the weekdays of the course times.",
            source: course.source)
    }

    public static func noModerator(_ course: Course) -> Diagnostic {
        let detailDE: String
        let detailEN: String
        if course.moderatorRole == .courseSupervisor {
            detailDE =
                "„Moderator des Webinars“ ist auf Kursbetreuer eingestellt, aber kein Kursbetreuer ist eingetragen."
            detailEN = "\"Moderator des Webinars\" is set to Kursbetreuer, but no Kursbetreuer is entered."
        } else {
            detailDE = "Das Feld „Moderator des Webinars“ ist leer."
            detailEN = "The field \"Moderator des Webinars\" is empty."
        }
        return make(
            .courseNoModerator, .error, course: course,
            de:
                "Webinardaten sind unvollständig: Für das Webinar \(label(course)) wurde kein Moderator festgelegt. \(detailDE)",
            en: "Webinar data is incomplete: no moderator (host) is set for the webinar \(label(course)). \(detailEN)",
            hintDE:
                "Wählen Sie im Kursformular unter „Moderator des Webinars“ Kursbetreuer oder Trainer und tragen Sie den Kursbetreuer ein bzw. kreuzen Sie in der Trainerzuordnung „Moderator“ an.",
            hintEN:
                "Choose Kursbetreuer or Trainer under \"Moderator des Webinars\" in the course form and enter the Kursbetreuer, or tick \"Moderator\" in the trainer assignment.",
            source: course.source)
    }

    /// The guide's sentence, with the name as `Vorname Nachname`.
    public static func moderatorNoZoomUser(_ course: Course, personName: String, source: SourceLocation?) -> Diagnostic
    {
        make(
            .courseModeratorNoZoomUser, .error, course: course,
            de: "Zoom Benutzernamen ist für Benutzer \(personName) nicht festgelegt.",
            en: "No Zoom user name is set for user \(personName) (course \(label(course))).",
            hintDE:
                "Tragen Sie unter Einstellungen → Benutzerverwaltung → Benutzer im Bereich Integrationen den Zoom Benutzernamen von \(personName) ein.",
            hintEN:
                "Enter \(personName)'s Zoom user name under Einstellungen → Benutzerverwaltung → Benutzer, section Integrationen.",
            source: source ?? course.source)
    }

    public static func moderatorZoomUserInvalid(
        _ course: Course, personName: String, zoomUser: String, source: SourceLocation?
    ) -> Diagnostic {
        make(
            .courseModeratorZoomUserInvalid, .error, course: course,
            de:
                "Der Zoom Benutzername „\(zoomUser)“ von \(personName) ist keine gültige E-Mail-Adresse (Kurs \(label(course))).",
            en:
                "The Zoom user name \"\(zoomUser)\" of \(personName) is not a valid e-mail address (course \(label(course))).",
            hintDE:
                "Tragen Sie den Zoom Benutzernamen so ein, wie er in Zoom unter Benutzerverwaltung → Benutzer steht.",
            hintEN: "Enter the Zoom user name exactly as Zoom lists it under User Management → Users.",
            source: source ?? course.source)
    }

    /// The guide's sentence.
    public static func moderatorNotTicked(_ course: Course) -> Diagnostic {
        make(
            .courseModeratorNotTicked, .error, course: course,
            de:
                "Moderator des Webinars ist auf Trainer eingestellt, es gibt jedoch keinen Trainer im Kurs, bei dem Moderator angekreuzt ist.",
            en:
                "The webinar's moderator is set to Trainer, but no trainer of the course has Moderator ticked (course \(label(course))).",
            hintDE:
                "Kreuzen Sie in der Trainerzuordnung des Kurses bei genau einem Trainer mit Zoom Benutzernamen „Moderator“ an.",
            hintEN:
                "In the course's trainer assignment, tick \"Moderator\" for exactly one trainer who has a Zoom user name.",
            source: course.source)
    }

    public static func severalModerators(_ course: Course, names: [String]) -> Diagnostic {
        make(
            .courseSeveralModerators, .error, course: course,
            de:
                "Im Kurs \(label(course)) ist bei mehreren Trainern Moderator angekreuzt: \(names.joined(separator: ", ")). Ein Webinar hat genau einen Moderator.",
            en:
                "Several trainers of course \(label(course)) have Moderator ticked: \(names.joined(separator: ", ")). A webinar has exactly one host.",
            hintDE: "Lassen Sie „Moderator“ in der Trainerzuordnung nur bei einem Trainer angekreuzt.",
            hintEN: "Leave \"Moderator\" ticked for one trainer only in the trainer assignment.",
            source: course.source)
    }

    public static func moderatorLoginInactive(_ course: Course, trainer: TrainerAssignment) -> Diagnostic {
        make(
            .courseModeratorLoginInactive, .error, course: course,
            de: "Der Benutzerzugang des Moderators \(trainer.displayName) ist nicht aktiv (Kurs \(label(course))).",
            en: "The SEMCO login of the moderator \(trainer.displayName) is not active (course \(label(course))).",
            hintDE: "Aktivieren Sie den Benutzerzugang des Trainers oder wählen Sie einen anderen Moderator.",
            hintEN: "Activate the trainer's login or choose another moderator.",
            source: trainer.source)
    }

    public static func endBeforeStart(_ course: Course) -> Diagnostic {
        make(
            .courseEndBeforeStart, .error, course: course,
            de:
                "Kurs \(label(course)): Das Enddatum \(course.endDay.german) liegt vor dem Startdatum \(course.startDay.german).",
            en:
                "Course \(label(course)): the end date \(course.endDay.german) is before the start date \(course.startDay.german).",
            hintDE: "Korrigieren Sie Start- oder Enddatum im Kursformular.",
            hintEN: "Correct the start or end date in the course form.",
            source: course.source)
    }

    public static func sessionEndBeforeStart(
        _ course: Course, what: LocalizedText, from: LocalTime, to: LocalTime,
        source: SourceLocation?
    ) -> Diagnostic {
        make(
            .courseSessionEndBeforeStart, .error, course: course,
            de: "Kurs \(label(course)): \(what.de) endet um \(to) und damit nicht nach dem Beginn um \(from).",
            en: "Course \(label(course)): \(what.en) ends at \(to), which is not after its start at \(from).",
            hintDE: "Korrigieren Sie die Uhrzeiten (von/bis) in den Kurszeiten bzw. Einzelterminen.",
            hintEN: "Correct the times (\"von\"/\"bis\") in the course times or \"Einzeltermine\".",
            source: source ?? course.source)
    }

    public static func tooManySessions(_ course: Course, count: Int) -> Diagnostic {
        make(
            .courseTooManySessions, .error, course: course,
            de:
                "Kurs \(label(course)) hat \(count == 1 ? "1 Termin" : "\(count) Termine"); Zoom erlaubt höchstens \(maximumSessions) Termine pro Meeting.",
            en:
                "Course \(label(course)) has \(RunTexts(language: .en).count(count, .session)); Zoom allows at most \(maximumSessions) per meeting.",
            hintDE: "Teilen Sie den Kurs in mehrere Kurse mit je höchstens \(maximumSessions) Terminen.",
            hintEN:
                "Split the course into several courses of at most \(RunTexts(language: .en).count(maximumSessions, .session)) each.",
            source: course.source)
    }

    public static func overCapacity(_ course: Course, confirmed: Int, capacity: Int, fromLicence: Bool) -> Diagnostic {
        let sourceDE = fromLicence ? "die Lizenzgröße" : "Max. TN"
        let sourceEN = fromLicence ? "the licence size" : "Max. TN"
        return make(
            .courseOverCapacity, .warning, course: course,
            de: "Kurs \(label(course)) hat \(confirmed) bestätigte Buchungen, mehr als \(sourceDE) (\(capacity)).",
            en: "Course \(label(course)) has \(confirmed) confirmed bookings, more than \(sourceEN) (\(capacity)).",
            hintDE:
                "Prüfen Sie die Buchungen oder erhöhen Sie Max. TN; Zoom lässt nicht mehr Teilnehmer zu, als die Lizenz erlaubt.",
            hintEN: "Check the bookings or raise Max. TN; Zoom admits no more participants than the licence allows.",
            source: course.source)
    }

    /// The guide ties Max. TN to the licence: a course that admits more than Zoom will let in
    /// fails on the day.
    public static func maxParticipantsOverLicence(_ course: Course, licence: Configuration.Licence) -> Diagnostic {
        let maximum = course.maxParticipants ?? 0
        let plan = licence.rawValue.capitalized
        return make(
            .courseMaxParticipantsOverLicence, .warning, course: course,
            de:
                "Kurs \(label(course)): Max. TN ist \(maximum), die Zoom-Lizenz (\(plan)) hat aber eine Teilnehmergrenze von \(licence.participants).",
            en:
                "Course \(label(course)): Max. TN is \(maximum), but the Zoom licence (\(plan)) has a participant limit of \(licence.participants).",
            hintDE:
                "Senken Sie Max. TN auf höchstens \(licence.participants) oder buchen Sie in Zoom eine größere Lizenz (und stellen Sie licence in der Konfiguration ein).",
            hintEN:
                "Lower Max. TN to at most \(licence.participants), or get a larger Zoom licence (and set licence in the configuration).",
            source: course.source)
    }

    public static func titleTooLong(_ course: Course) -> Diagnostic {
        make(
            .courseTitleTooLong, .warning, course: course,
            de:
                "Der Kurstitel von Kurs \(course.number) hat \(course.title.count) Zeichen; Zoom übernimmt nur die ersten \(maximumTitleLength).",
            en:
                "The title of course \(course.number) has \(course.title.count) characters; Zoom takes only the first \(maximumTitleLength).",
            hintDE: "Kürzen Sie den Kurstitel auf höchstens \(maximumTitleLength) Zeichen.",
            hintEN: "Shorten the course title to at most \(maximumTitleLength) characters.",
            source: course.source)
    }

    // MARK: Booking

    private static func person(_ booking: Booking) -> String {
        "\(booking.firstName) \(booking.lastName)".trimmingCharacters(in: .whitespaces)
    }

    public static func noEmail(_ booking: Booking) -> Diagnostic {
        make(
            .bookingNoEmail, .error, courseNumber: booking.courseNumber, booking: booking.number,
            de:
                "Buchung \(booking.number) (\(person(booking))) hat keine E-Mail-Adresse; ohne sie kann Zoom den Teilnehmer nicht registrieren.",
            en:
                "Booking \(booking.number) (\(person(booking))) has no e-mail address; Zoom cannot register the participant without one.",
            hintDE: "Tragen Sie die E-Mail-Adresse des Teilnehmers in der Buchung ein.",
            hintEN: "Enter the participant's e-mail address in the booking.",
            source: booking.source)
    }

    /// The guide's reason "E-Mail-Adresse enthält einen Umlaut" (any non-ASCII character).
    public static func emailUmlaut(_ booking: Booking, email: String) -> Diagnostic {
        make(
            .bookingEmailUmlaut, .error, courseNumber: booking.courseNumber, booking: booking.number,
            de:
                "E-Mail-Adresse enthält einen Umlaut: „\(email)“ (Buchung \(booking.number), \(person(booking))). Zoom nimmt sie nicht an.",
            en:
                "The e-mail address contains an umlaut or other non-ASCII character: \"\(email)\" (booking \(booking.number), \(person(booking))). Zoom refuses it.",
            hintDE:
                "Prüfen Sie die Richtigkeit der eingegebenen E-Mail-Adresse oder verwenden Sie für die Anmeldung eine alternative E-Mail-Adresse.",
            hintEN: "Check that the address is right, or use an alternative e-mail address for the registration.",
            source: booking.source)
    }

    public static func emailInvalid(_ booking: Booking, email: String) -> Diagnostic {
        make(
            .bookingEmailInvalid, .error, courseNumber: booking.courseNumber, booking: booking.number,
            de:
                "„\(email)“ ist keine gültige E-Mail-Adresse (Buchung \(booking.number), \(person(booking))). Zoom nimmt sie nicht an.",
            en:
                "\"\(email)\" is not a valid e-mail address (booking \(booking.number), \(person(booking))). Zoom refuses it.",
            hintDE: "Korrigieren Sie die E-Mail-Adresse in der Buchung.",
            hintEN: "Correct the e-mail address in the booking.",
            source: booking.source)
    }

    /// The guide's reason "Moderator des Webinars ist in dieses Webinar als Teilnehmer eingebucht".
    public static func hostAsParticipant(_ booking: Booking, course: Course) -> Diagnostic {
        make(
            .bookingHostAsParticipant, .error, course: course, booking: booking.number,
            de:
                "Moderator des Webinars ist in dieses Webinar als Teilnehmer eingebucht (Buchung \(booking.number), \(booking.email ?? "")).",
            en:
                "The webinar's moderator (host) is booked into this webinar as a participant (booking \(booking.number), \(booking.email ?? "")).",
            hintDE:
                "Stornieren Sie die entsprechende Buchung oder ändern Sie die E-Mail-Adresse, mit welcher der Moderator als Teilnehmer eingebucht ist.",
            hintEN: "Cancel that booking, or change the e-mail address the moderator is booked with as a participant.",
            source: booking.source)
    }

    public static func duplicateEmail(_ booking: Booking, email: String, otherBooking: String) -> Diagnostic {
        make(
            .bookingDuplicateEmail, .warning, courseNumber: booking.courseNumber, booking: booking.number,
            de:
                "Die E-Mail-Adresse „\(email)“ ist im Kurs \(booking.courseNumber) mehrfach gebucht (Buchungen \(otherBooking) und \(booking.number)); Zoom registriert sie einmal.",
            en:
                "The e-mail address \"\(email)\" is booked more than once in course \(booking.courseNumber) (bookings \(otherBooking) and \(booking.number)); Zoom registers it once.",
            hintDE: "Prüfen Sie, ob eine der Buchungen storniert werden soll oder einen anderen Teilnehmer meint.",
            hintEN: "Check whether one of the bookings should be cancelled or is meant for another participant.",
            source: booking.source)
    }

    public static func bookingForUnknownCourse(_ booking: Booking) -> Diagnostic {
        make(
            .bookingUnknownCourse, .warning, courseNumber: booking.courseNumber, booking: booking.number,
            de:
                "Buchung \(booking.number) gehört zum Kurs \(booking.courseNumber), der im Kursexport fehlt; sie wird ignoriert.",
            en:
                "Booking \(booking.number) belongs to course \(booking.courseNumber), which is not in the course export; it is ignored.",
            hintDE: "Prüfen Sie, ob der Kursexport gefiltert ist.",
            hintEN: "Check whether the course export is filtered.",
            source: booking.source)
    }

    public static func trainerForUnknownCourse(_ trainer: TrainerAssignment) -> Diagnostic {
        make(
            .trainerUnknownCourse, .warning, courseNumber: trainer.courseNumber,
            de:
                "Die Trainerzuordnung von \(trainer.displayName) gehört zum Kurs \(trainer.courseNumber), der im Kursexport fehlt; sie wird ignoriert.",
            en:
                "The trainer assignment of \(trainer.displayName) belongs to course \(trainer.courseNumber), which is not in the course export; it is ignored.",
            hintDE: "Prüfen Sie, ob der Kursexport gefiltert ist.",
            hintEN: "Check whether the course export is filtered.",
            source: trainer.source)
    }

    public static func sessionForUnknownCourse(_ number: CourseNumber, source: SourceLocation) -> Diagnostic {
        make(
            .sessionUnknownCourse, .warning, courseNumber: number,
            de: "Ein Einzeltermin gehört zum Kurs \(number), der im Kursexport fehlt; er wird ignoriert.",
            en:
                "A session (Einzeltermin) belongs to course \(number), which is not in the course export; it is ignored.",
            hintDE: "Exportieren Sie Kurse und Kurstermine gemeinsam.",
            hintEN: "Export courses and their sessions together.",
            source: source)
    }
}
