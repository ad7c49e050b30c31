import Foundation

/// The exports SEMCO writes from the simulated data, in its CSV dialect.
extension SoakSEMCO {
    /// The exports as SEMCO writes them (`;`, UTF-8, CRLF). `keepBookings` < 1 truncates the
    /// bookings file to that share of its rows (an export cut short).
    public func exports(keepBookings: Double = 1, omitting omitted: Int? = nil)
        -> (courses: String, sessions: String, trainers: String, bookings: String, exported: SoakSEMCO)
    {
        let days = ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"]
        var header = [
            "Kursnr", "Kurstitel", "Kursstatus", "Veranstaltungsort", "Startdatum", "Enddatum",
            "Moderator des Webinars",
            "Kursbetreuer", "Kursbetreuer Zoom Benutzername", "Max. TN", "Veranstaltungsart",
        ]
        for day in days { header += ["\(day) von", "\(day) bis"] }
        var courseLines = [header.joined(separator: ";")]
        var sessionLines = ["Kursnr;Datum;von;bis"]
        var trainerLines = ["Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv"]
        let listed = courses.filter { !$0.removed && $0.number != omitted }
        for course in listed {
            var cells = [
                String(course.number), Self.csv(course.title), course.status,
                course.zoomRoom ? "Zoom Meeting Room" : "Seminarraum 2", course.startDay.german, course.endDay.german,
                course.moderatorRole, "Betreuer, Kurs \(course.number)", course.supervisor,
                String(course.maxParticipants),
                course.zoomRoom ? "Live-Online" : "Präsenz",
            ]
            for index in 0..<7 {
                if let times = course.weekly[index] {
                    cells += [SoakSession.time(times.from), SoakSession.time(times.to)]
                } else {
                    cells += ["", ""]
                }
            }
            courseLines.append(cells.joined(separator: ";"))
            for session in course.singles {
                sessionLines.append(
                    "\(course.number);\(session.day.german);\(SoakSession.time(session.from));\(SoakSession.time(session.to))"
                )
            }
            trainerLines.append(
                "\(course.number);A\(course.number);Alex;Trainer;\(course.trainerA);\(course.moderatorIsB ? "Nein" : "Ja");Ja"
            )
            trainerLines.append(
                "\(course.number);B\(course.number);Bea;Trainerin;\(course.trainerB);\(course.moderatorIsB ? "Ja" : "Nein");Ja"
            )
        }
        // Bookings of an omitted course stay in the file (rows for a course not in the export).
        let listedNumbers = Set(listed.map(\.number)).union(omitted.map { [$0] } ?? [])
        var kept = bookings.filter { listedNumbers.contains($0.course) }
        if keepBookings < 1 { kept = Array(kept.prefix(Int(Double(kept.count) * keepBookings))) }
        var bookingLines = ["Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"]
        for booking in kept {
            bookingLines.append(
                [
                    booking.number, String(booking.course), "", booking.firstName, booking.lastName, booking.email,
                    Self.csv(booking.company ?? ""), booking.status,
                ].joined(separator: ";"))
        }
        var exported = self
        exported.courses = listed
        exported.bookings = kept.filter { $0.course != omitted }
        func text(_ lines: [String]) -> String { lines.joined(separator: "\r\n") + "\r\n" }
        return (text(courseLines), text(sessionLines), text(trainerLines), text(bookingLines), exported)
    }

    static func csv(_ value: String) -> String {
        value.contains(";") || value.contains("\"")
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
