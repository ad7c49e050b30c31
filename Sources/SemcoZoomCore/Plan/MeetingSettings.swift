import Foundation

// The registration settings and the recurrence of a meeting, as SEMCO's sync speaks of them.
// Zoom writes each of these as a number (`approval_type`, `registration_type`, `recurrence.type`);
// the numbers are mapped at the Zoom edge (Zoom/ZoomMeetingKind.swift) and nowhere else. A number
// semco-zoom never sends (a change made by hand in Zoom) is kept as `.other` and set back.

/// How Zoom approves a registration (Zoom's `approval_type`).
public enum RegistrationApproval: Sendable, Hashable {
    /// Every registration is approved at once.
    case automatic
    /// Registrations wait for approval; semco-zoom approves the people SEMCO has booked.
    case manual
    /// No registration: anyone with the link joins.
    case noRegistration
    /// A value semco-zoom never sets, found in Zoom after a change by hand.
    case other(zoomType: Int)
}

/// How people register for a series (Zoom's `registration_type`).
public enum SeriesRegistration: Sendable, Hashable {
    /// Register once and attend every session.
    case onceForAllSessions
    /// Register for each session on its own.
    case eachSession
    /// Register once and choose the sessions to attend.
    case onceChoosingSessions
    /// A value semco-zoom never sets, found in Zoom after a change by hand.
    case other(zoomType: Int)
}

/// How often a series repeats (Zoom's `recurrence.type`). semco-zoom makes weekly series only.
public enum RecurrenceFrequency: Sendable, Hashable {
    case daily
    case weekly
    case monthly
    /// A value semco-zoom never sets, found in Zoom after a change by hand.
    case other(zoomType: Int)
}
