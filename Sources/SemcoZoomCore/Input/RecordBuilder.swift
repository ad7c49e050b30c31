import Foundation

/// Turns raw records (from either reader) into the domain model. Every value of the wrong
/// form throws an `InputRejection` naming file, line or element path, column and value.
enum RecordBuilder {
    static func course(_ record: RawRecord) throws -> Course {
        let f = FieldReader(record: record)
        let number = try f.requiredText("Kursnr")
        let title = try f.presentText("Kurstitel")
        let statusText = try f.requiredText("Kursstatus")
        guard let status = FieldValues.courseStatus(statusText) else {
            throw Rejections.badValue(f.field("Kursstatus")!,
                                      expectedDE: "kein Kursstatus (erwartet geplant, bestätigt, laufender Kurs, beendet oder storniert)",
                                      expectedEN: "not a course status (expected geplant, bestätigt, laufender Kurs, beendet or storniert)")
        }
        let venue = try f.presentText("Veranstaltungsort")
        let start = try f.day("Startdatum", required: true)!
        let end = try f.day("Enddatum", required: true)!
        var role: ModeratorRole?
        if let text = f.text("Moderator des Webinars") {
            guard let parsed = FieldValues.moderatorRole(text) else {
                throw Rejections.badValue(f.field("Moderator des Webinars")!, expectedDE: "kein Moderator (erwartet Kursbetreuer oder Trainer)",
                                          expectedEN: "not a moderator (expected Kursbetreuer or Trainer)")
            }
            role = parsed
        }
        let supervisorName = f.text("Kursbetreuer")
        let supervisorCode = f.text("Kursbetreuer Kürzel")
        let supervisorZoom = f.text("Kursbetreuer Zoom Benutzername")
        let supervisor = supervisorName == nil && supervisorCode == nil && supervisorZoom == nil
            ? nil : CourseSupervisor(name: supervisorName, shortCode: supervisorCode, zoomUser: supervisorZoom)

        var weekly: [WeeklyTime] = []
        for (weekday, fromHeader, toHeader) in ExportFields.weekdayHeaders {
            let from = try f.time(fromHeader, required: false)
            let to = try f.time(toHeader, required: false)
            if let from, let to { weekly.append(WeeklyTime(weekday: weekday, from: from, to: to)) }
        }
        for slot in record.weeklySlots {
            guard let name = slot.weekday?.trimmingCharacters(in: .whitespaces), let weekday = Weekday(german: name) ?? Weekday.allCases.first(where: { $0.english.lowercased() == name.lowercased() }) else {
                throw Rejections.make(slot.location, column: "wochentag", value: slot.weekday ?? "",
                                      de: "„\(slot.weekday ?? "")“ ist kein Wochentag (erwartet Montag … Sonntag).",
                                      en: "\"\(slot.weekday ?? "")\" is not a weekday (expected Montag … Sonntag).")
            }
            weekly.append(WeeklyTime(weekday: weekday, from: try slotTime(slot, "von", slot.from), to: try slotTime(slot, "bis", slot.to)))
        }
        weekly.sort { ($0.weekday, $0.from) < ($1.weekday, $1.from) }

        var dates: [ScheduledDate] = []
        for slot in record.dateSlots {
            guard let text = slot.date, let day = FieldValues.day(text) else {
                throw Rejections.make(slot.location, column: "datum", value: slot.date ?? "",
                                      de: "„\(slot.date ?? "")“ ist kein gültiges Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT).",
                                      en: "\"\(slot.date ?? "")\" is not a valid date (expected dd.MM.yyyy or yyyy-MM-dd).")
            }
            dates.append(ScheduledDate(day: day, from: try slotTime(slot, "von", slot.from), to: try slotTime(slot, "bis", slot.to), source: slot.location))
        }

        return Course(number: CourseNumber(number), title: title, status: status, venue: venue, startDay: start, endDay: end,
                      moderatorRole: role, supervisor: supervisor, weeklyTimes: weekly, scheduledDates: dates,
                      maxParticipants: try f.count("Max. TN"), eventType: f.text("Veranstaltungsart"),
                      syncRequested: try f.bool("Zoom synchronisieren"), source: record.location)
    }

    private static func slotTime(_ slot: RawSlot, _ attribute: String, _ value: String?) throws -> LocalTime {
        guard let value, let time = LocalTime(value.trimmingCharacters(in: .whitespaces)) else {
            throw Rejections.make(slot.location, column: attribute, value: value ?? "",
                                  de: "„\(value ?? "")“ ist keine gültige Uhrzeit (erwartet HH:mm, 24 Stunden).",
                                  en: "\"\(value ?? "")\" is not a valid time (expected HH:mm, 24 hours).")
        }
        return time
    }

    /// A row of the sessions export (Einzeltermin).
    static func session(_ record: RawRecord) throws -> (CourseNumber, ScheduledDate) {
        let f = FieldReader(record: record)
        let number = try f.requiredText("Kursnr")
        let day = try f.day("Datum", required: true)!
        let from = try f.time("von", required: true)!
        let to = try f.time("bis", required: true)!
        return (CourseNumber(number), ScheduledDate(day: day, from: from, to: to, source: record.location))
    }

    static func trainer(_ record: RawRecord) throws -> TrainerAssignment {
        let f = FieldReader(record: record)
        let number = try f.requiredText("Kursnr")
        let code = try f.presentText("Kürzel")
        let first = try f.presentText("Vorname")
        let last = try f.presentText("Nachname")
        // `Zugang aktiv`: absent or empty means the default, Ja.
        var active = true
        if f.text("Zugang aktiv") != nil { active = try f.bool("Zugang aktiv") ?? true }
        return TrainerAssignment(courseNumber: CourseNumber(number), shortCode: code, firstName: first, lastName: last,
                                 zoomUser: f.text("Zoom Benutzername"), isModerator: try f.bool("Moderator") ?? false,
                                 loginActive: active, source: record.location)
    }

    static func booking(_ record: RawRecord) throws -> Booking {
        let f = FieldReader(record: record)
        let number = try f.requiredText("Buchungsnummer")
        let course = try f.requiredText("Kursnr")
        let first = try f.presentText("Vorname")
        let last = try f.presentText("Nachname")
        let email = try f.presentText("E-Mail")
        let statusText = try f.requiredText("Status")
        guard let status = FieldValues.bookingStatus(statusText) else {
            throw Rejections.badValue(f.field("Status")!,
                                      expectedDE: "kein Buchungsstatus (erwartet Anfrage, Bestätigte Buchung, Laufender Kurs, Beendet oder Storniert)",
                                      expectedEN: "not a booking status (expected Anfrage, Bestätigte Buchung, Laufender Kurs, Beendet or Storniert)")
        }
        return Booking(number: number, courseNumber: CourseNumber(course), salutation: f.text("Anrede"), firstName: first, lastName: last,
                       email: email.isEmpty ? nil : email, company: f.text("Teilnehmer der Firma"), status: status, source: record.location)
    }
}
