import SemcoZoomCore

/// A person in the generated SEMCO world: a host, trainer, Kursbetreuer or participant.
struct Person: Sendable {
    var firstName: String
    var lastName: String
    /// SEMCO user short code (Kürzel), unique per staff member.
    var shortCode: String
    var email: String

    /// `Nachname, Vorname`, as SEMCO exports the Kursbetreuer.
    var semcoDisplayName: String { "\(lastName), \(firstName)" }
}

struct GeneratedSession: Sendable {
    var day: CalendarDay
    var from: LocalTime
    var to: LocalTime
}

struct GeneratedTrainer: Sendable {
    var person: Person
    var zoomUser: String?
    var isModerator: Bool
    var loginActive: Bool
}

/// One course with everything the course, session and trainer exports say about it.
struct GeneratedCourse: Sendable {
    var number: String
    var title: String
    var status: String
    var venue: String
    var eventType: String?
    var startDay: CalendarDay
    var endDay: CalendarDay
    /// `Kursbetreuer`, `Trainer` or absent.
    var moderatorRole: String?
    var supervisor: Person?
    var supervisorZoomUser: String?
    var weeklyTimes: [WeeklyTime]
    var sessions: [GeneratedSession]
    var maxParticipants: Int?
    /// `Ja` / `Nein` in the `Zoom synchronisieren` column.
    var syncFlag: String
    var trainers: [GeneratedTrainer]
    /// How many booking records this course gets.
    var bookingCount: Int
    /// The Zoom user that hosts it (when it has one), for the "host booked as participant" case.
    var hostEmail: String?
}

struct GeneratedBooking: Sendable {
    var number: String
    var courseNumber: String
    var salutation: String?
    var firstName: String
    var lastName: String
    var email: String?
    var company: String?
    var status: String
}
