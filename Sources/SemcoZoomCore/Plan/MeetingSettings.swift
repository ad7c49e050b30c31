import Foundation

// The registration settings and the recurrence of a meeting, as SEMCO's sync speaks of them:
// part of `MeetingSpec` (the state's record of what was sent) and of `MeetingChange`.
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

/// How a series repeats: weekly on some weekdays, a number of times (Zoom's `recurrence`, for
/// series only). Kept in the state as last sent, in Zoom's form (its Codable: Zoom/ZoomWeeklyDays.swift).
public struct MeetingRecurrence: Hashable, Sendable, Codable {
    /// Weekly for every series semco-zoom makes (stored as Zoom's `type` number).
    public var frequency: RecurrenceFrequency
    public var repeatInterval: Int?
    /// The weekdays of a weekly series; nil when Zoom gives none, or none it could mean.
    public var weekdays: Set<Weekday>?
    /// At most 50; exclusive with `endDateTime`.
    public var endTimes: Int?
    /// UTC.
    public var endDateTime: Date?
}

/// The meeting's registration settings semco-zoom reads and writes (Zoom's `settings`, mapped in
/// Zoom/ZoomWire.swift; the enums are stored as Zoom's numbers).
public struct MeetingSettings: Hashable, Sendable, Codable {
    /// Zoom's `approval_type`: manual for every meeting semco-zoom makes.
    public var approval: RegistrationApproval?
    /// Zoom's `registration_type`, for series: once for all sessions.
    public var registration: SeriesRegistration?
    public var registrantsEmailNotification: Bool?
    public var registrantsConfirmationEmail: Bool?
    /// The alternative hosts' e-mail addresses: `;`-separated for meetings, `,` for webinars
    /// (Zoom's documents). Sent only with `alternative_hosts: trainers`; never part of a
    /// `MeetingSpec` (docs/sync-rules.md, "Co-trainers as alternative hosts").
    public var alternativeHosts: String?

    enum CodingKeys: String, CodingKey {
        case approval = "approvalType"
        case registration = "registrationType"
        case registrantsEmailNotification, registrantsConfirmationEmail, alternativeHosts
    }
}
