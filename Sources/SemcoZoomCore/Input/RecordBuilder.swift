import Foundation

/// Turns raw records (from either reader) into the domain model. Every value of the wrong
/// form throws an `InputRejection` naming file, line or element path, column and value.
enum RecordBuilder {
    private typealias C = ExportFields.Slot.Course
    private typealias S = ExportFields.Slot.Session
    private typealias T = ExportFields.Slot.Trainer
    private typealias B = ExportFields.Slot.Booking

    static func course<R: RecordFields>(_ record: R) throws -> Course {
        let f = FieldReader(record: record)
        let number = try f.requiredText(C.number)
        let title = try f.presentText(C.title)
        let statusText = try f.requiredText(C.status)
        guard let status = FieldValues.courseStatus(statusText) else {
            throw Rejections.badValue(
                f.field(C.status)!,
                expectedDE: "kein Kursstatus (erwartet geplant, bestätigt, laufender Kurs, beendet oder storniert)",
                expectedEN:
                    "not a course status (expected \"geplant\", \"bestätigt\", \"laufender Kurs\", \"beendet\" or \"storniert\")"
            )
        }
        let venue = try f.presentText(C.venue)
        let start = try f.day(C.startDay, required: true)!
        let end = try f.day(C.endDay, required: true)!
        var role: ModeratorRole?
        if let text = f.text(C.moderator) {
            guard let parsed = FieldValues.moderatorRole(text) else {
                throw Rejections.badValue(
                    f.field(C.moderator)!, expectedDE: "kein Moderator (erwartet Kursbetreuer oder Trainer)",
                    expectedEN: "not a moderator (expected Kursbetreuer or Trainer)")
            }
            role = parsed
        }
        let supervisorName = f.text(C.supervisor)
        let supervisorCode = f.text(C.supervisorCode)
        let supervisorZoom = f.text(C.supervisorZoom)
        let supervisor =
            supervisorName == nil && supervisorCode == nil && supervisorZoom == nil
            ? nil : CourseSupervisor(name: supervisorName, shortCode: supervisorCode, zoomUser: supervisorZoom)

        var weekly: [WeeklyTime] = []
        for (position, weekday) in Weekday.allCases.enumerated() {
            let from = try f.time(C.weekdayFrom(position), required: false)
            let to = try f.time(C.weekdayTo(position), required: false)
            if let from, let to { weekly.append(WeeklyTime(weekday: weekday, from: from, to: to)) }
        }
        for slot in record.weeklySlots {
            guard let name = slot.weekday?.trimmingCharacters(in: .whitespaces),
                let weekday = Weekday(german: name)
                    ?? Weekday.allCases.first(where: { $0.english.lowercased() == name.lowercased() })
            else {
                throw Rejections.make(
                    slot.location, column: "wochentag", value: slot.weekday ?? "",
                    de: "„\(slot.weekday ?? "")“ ist kein Wochentag (erwartet Montag … Sonntag).",
                    en: "\"\(slot.weekday ?? "")\" is not a weekday (expected Montag … Sonntag).")
            }
            weekly.append(
                WeeklyTime(
                    weekday: weekday, from: try slotTime(slot, "von", slot.from), to: try slotTime(slot, "bis", slot.to)
                ))
        }
        weekly.sort { ($0.weekday, $0.from) < ($1.weekday, $1.from) }

        var dates: [ScheduledDate] = []
        for slot in record.dateSlots {
            guard let text = slot.date, let day = FieldValues.day(text) else {
                throw Rejections.make(
                    slot.location, column: "datum", value: slot.date ?? "",
                    de: "„\(slot.date ?? "")“ ist kein gültiges Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT).",
                    en: "\"\(slot.date ?? "")\" is not a valid date (expected dd.MM.yyyy or yyyy-MM-dd).")
            }
            dates.append(
                ScheduledDate(
                    day: day, from: try slotTime(slot, "von", slot.from), to: try slotTime(slot, "bis", slot.to),
                    source: slot.location))
        }

        return Course(
            number: CourseNumber(number), title: title, status: status, venue: venue, startDay: start, endDay: end,
            moderatorRole: role, supervisor: supervisor, weeklyTimes: weekly, scheduledDates: dates,
            maxParticipants: try f.count(C.maxParticipants), eventType: f.text(C.eventType),
            syncRequested: try f.bool(C.sync), source: record.location)
    }

    private static func slotTime(_ slot: RawSlot, _ attribute: String, _ value: String?) throws -> LocalTime {
        guard let value, let time = LocalTime(value.trimmingCharacters(in: .whitespaces)) else {
            throw Rejections.make(
                slot.location, column: attribute, value: value ?? "",
                de: "„\(value ?? "")“ ist keine gültige Uhrzeit (erwartet HH:mm, 24 Stunden).",
                en: "\"\(value ?? "")\" is not a valid time (expected HH:mm, 24 hours).")
        }
        return time
    }

    /// A row of the sessions export (Einzeltermin).
    static func session<R: RecordFields>(_ record: R) throws -> (CourseNumber, ScheduledDate) {
        let f = FieldReader(record: record)
        let number = try f.requiredText(S.number)
        let day = try f.day(S.day, required: true)!
        let from = try f.time(S.from, required: true)!
        let to = try f.time(S.to, required: true)!
        return (CourseNumber(number), ScheduledDate(day: day, from: from, to: to, source: record.location))
    }

    static func trainer<R: RecordFields>(_ record: R) throws -> TrainerAssignment {
        let f = FieldReader(record: record)
        let number = try f.requiredText(T.number)
        let code = try f.presentText(T.code)
        let first = try f.presentText(T.firstName)
        let last = try f.presentText(T.lastName)
        // `Zugang aktiv`: absent or empty means the default, Ja.
        var active = true
        if f.text(T.loginActive) != nil { active = try f.bool(T.loginActive) ?? true }
        return TrainerAssignment(
            courseNumber: CourseNumber(number), shortCode: code, firstName: first, lastName: last,
            zoomUser: f.text(T.zoomUser), isModerator: try f.bool(T.moderator) ?? false,
            loginActive: active, source: record.location)
    }

    @inline(__always)
    static func booking<R: RecordFields>(_ record: R) throws -> Booking {
        let f = FieldReader(record: record)
        let number = try f.requiredText(B.number)
        let course = try f.requiredText(B.course)
        let first = try f.presentText(B.firstName)
        let last = try f.presentText(B.lastName)
        let email = try f.presentText(B.email)
        // SEMCO's own spelling is recognised on the bytes; anything else goes the general way.
        let status: BookingStatus
        if let exact = record.matchUTF8(B.status, FieldValues.exactBookingStatus) {
            status = exact
        } else {
            let statusText = try f.requiredText(B.status)
            guard let parsed = FieldValues.bookingStatus(statusText) else {
                throw Rejections.badValue(
                    f.field(B.status)!,
                    expectedDE:
                        "kein Buchungsstatus (erwartet Anfrage, Bestätigte Buchung, Laufender Kurs, Beendet oder Storniert)",
                    expectedEN:
                        "not a booking status (expected \"Anfrage\", \"Bestätigte Buchung\", \"Laufender Kurs\", \"Beendet\" or \"Storniert\")"
                )
            }
            status = parsed
        }
        return Booking(
            number: number, courseNumber: CourseNumber(course), salutation: f.text(B.salutation), firstName: first,
            lastName: last,
            email: email.isEmpty ? nil : email, company: f.sharedText(B.company), status: status,
            source: record.location)
    }
}
