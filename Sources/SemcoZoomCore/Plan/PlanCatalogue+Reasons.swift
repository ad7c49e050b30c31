import Foundation

extension PlanCatalogue {
    // MARK: - Action reasons

    static func reasonCreate(_ number: CourseNumber) -> LocalizedText {
        t(
            "Kurs \(number.rawValue) wird synchronisiert und hat noch kein Meeting in Zoom.",
            "Course \(number.rawValue) is synchronised and has no meeting in Zoom yet.")
    }
    static func reasonRecreate(_ number: CourseNumber) -> LocalizedText {
        t(
            "Das Meeting von Kurs \(number.rawValue) wurde in Zoom gelöscht und wird neu angelegt.",
            "The meeting of course \(number.rawValue) was deleted in Zoom and is created anew.")
    }
    static func reasonForget(_ id: ZoomMeetingID) -> LocalizedText {
        t(
            "Meeting \(id) existiert in Zoom nicht mehr (bestätigt).",
            "Meeting \(id) no longer exists in Zoom (confirmed).")
    }
    static func reasonAdopt(_ id: ZoomMeetingID) -> LocalizedText {
        t(
            "Meeting \(id) wurde im letzten Lauf angelegt, aber nicht vermerkt: es wird übernommen statt neu angelegt.",
            "Meeting \(id) was created by the last run but not recorded: it is adopted instead of created again.")
    }
    static let reasonSeriesOccurrenceDelete = t(
        "Die Terminserie hat an diesem Tag keinen Kurstermin.",
        "The series has no course session on this day.")
    static let reasonSeriesOccurrenceMove = t(
        "Der Kurstermin an diesem Tag hat eine andere Uhrzeit oder Dauer als die Serie.",
        "The course session on this day has another time or length than the series.")
    static func reasonOccurrenceDelete(fromZoom: Bool, day: CalendarDay) -> LocalizedText {
        fromZoom
            ? t(
                "In Zoom wurde am \(day.german) ein Termin angelegt oder verschoben, den SEMCO nicht hat: er wird gelöscht.",
                "An occurrence on \(day.german) that SEMCO does not have was made in Zoom: it is deleted.")
            : t(
                "Der Termin am \(day.german) wurde in SEMCO entfernt.",
                "The session on \(day.german) was removed in SEMCO.")
    }
    static func reasonOccurrenceMove(fromZoom: Bool, day: CalendarDay, session: Session) -> LocalizedText {
        fromZoom
            ? t(
                "Der Termin am \(day.german) wurde in Zoom geändert; SEMCO sagt \(session.from)–\(session.to).",
                "The occurrence on \(day.german) was changed in Zoom; SEMCO says \(session.from)–\(session.to).")
            : t(
                "Der Termin am \(day.german) wurde in SEMCO auf \(session.from)–\(session.to) geändert.",
                "The session on \(day.german) was changed in SEMCO to \(session.from)–\(session.to).")
    }
    static func reasonUpdate(semco: [String], zoom: [String]) -> LocalizedText {
        var de: [String] = []
        var en: [String] = []
        if !semco.isEmpty {
            de.append("In SEMCO geändert: \(semco.map(fieldDE).joined(separator: ", ")).")
            en.append("Changed in SEMCO: \(semco.joined(separator: ", ")).")
        }
        if !zoom.isEmpty {
            de.append("In Zoom geändert und zurückgesetzt: \(zoom.map(fieldDE).joined(separator: ", ")).")
            en.append("Changed in Zoom and set back: \(zoom.joined(separator: ", ")).")
        }
        return t(de.joined(separator: " "), en.joined(separator: " "))
    }
    static func fieldDE(_ field: String) -> String {
        switch field {
        case "topic": return "Titel"
        case "agenda": return "Beschreibung"
        case "start_time": return "Beginn"
        case "duration": return "Dauer"
        case "recurrence": return "Terminserie"
        case "type": return "Meeting-Art"
        case "settings": return "Registrierungseinstellungen"
        case "alternative_hosts": return "alternative Hosts"
        default: return field
        }
    }
    static let reasonMissingOccurrence = t(
        "Ein Kurstermin fehlt in Zoom (Termin gelöscht); die Serie wird neu gesetzt.",
        "A course session is missing in Zoom (occurrence deleted); the series is sent again.")
    /// "Buchung A ist" / "Buchungen A, B sind" (one person can hold several bookings).
    static func bookingsAre(_ bookings: [String]) -> LocalizedText {
        let list = bookings.joined(separator: ", ")
        return bookings.count == 1
            ? t("Buchung \(list) ist", "Booking \(list) is") : t("Buchungen \(list) sind", "Bookings \(list) are")
    }
    static func reasonAddRegistrant(_ bookings: [String], isNewMeeting: Bool) -> LocalizedText {
        return isNewMeeting
            ? t(
                "\(bookingsAre(bookings).de) aktiv; das Meeting wird gerade angelegt.",
                "\(bookingsAre(bookings).en) active; the meeting is being created.")
            : t(
                "\(bookingsAre(bookings).de) aktiv, die Adresse ist in Zoom nicht registriert.",
                "\(bookingsAre(bookings).en) active and the address is not registered in Zoom.")
    }
    static func reasonAddRegistrants(count: Int, isNewMeeting: Bool) -> LocalizedText {
        isNewMeeting
            ? t(
                "\(count) aktive Buchungen; das Meeting wird gerade angelegt (Sammelanmeldung, bis zu 30 je Aufruf).",
                "\(count) active bookings; the meeting is being created (batch registration, up to 30 per call).")
            : t(
                "\(count) aktive Buchungen, deren Adressen in Zoom nicht registriert sind (Sammelanmeldung, bis zu 30 je Aufruf).",
                "\(count) active bookings whose addresses are not registered in Zoom (batch registration, up to 30 per call)."
            )
    }
    static func reasonApproveRebooked(_ bookings: [String]) -> LocalizedText {
        t(
            "\(bookingsAre(bookings).de) aktiv; die Person war storniert (in Zoom abgelehnt) und wird zurückgeholt.",
            "\(bookingsAre(bookings).en) active; the person was cancelled (denied in Zoom) and is brought back.")
    }
    static func reasonApproveDeniedInZoom(_ bookings: [String]) -> LocalizedText {
        t(
            "\(bookingsAre(bookings).de) aktiv, die Person wurde aber in Zoom abgelehnt: sie wird zurückgeholt.",
            "\(bookingsAre(bookings).en) active but the person was denied in Zoom: brought back.")
    }
    static func reasonCancelRegistrant(_ bookings: [String]) -> LocalizedText {
        t(
            "\(bookingsAre(bookings).de) storniert oder nicht mehr im Buchungsexport.",
            "\(bookingsAre(bookings).en) cancelled or no longer in the booking export.")
    }
    /// Without the addresses: the report names people by booking and name only (docs/report-schema.md).
    static func reasonCancelOldAddress(_ bookings: [String]) -> LocalizedText {
        t(
            "Buchung \(bookings.joined(separator: ", ")) hat in SEMCO jetzt eine andere E-Mail-Adresse; die bisherige Adresse wird in Zoom abgemeldet.",
            "Booking \(bookings.joined(separator: ", ")) now has another e-mail address in SEMCO; the previous address is cancelled in Zoom."
        )
    }
    static let reasonRefresh = t(
        "Persönliche Beitrittslinks der Teilnehmer lesen (Rückmeldung an SEMCO).",
        "Read the registrants' personal join URLs (write-back for SEMCO).")
    static func reasonDelete(_ number: CourseNumber) -> LocalizedText {
        t(
            "Kurs \(number.rawValue) ist storniert: sein Meeting wird gelöscht.",
            "Course \(number.rawValue) is cancelled: its meeting is deleted.")
    }
    static let reasonClose = t(
        "Kurs ist beendet oder alle Termine sind vorbei: er wird nicht mehr synchronisiert.",
        "Course is finished or every session is over: it is no longer synchronised.")

}
