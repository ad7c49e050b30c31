import Foundation

/// What kind of Zoom event a course is, as a SEMCO admin names it: a meeting or a webinar, held
/// once or as a series of sessions. The plan speaks of kinds; Zoom's `type` numbers are mapped at
/// the Zoom edge (`MeetingKind(zoomType:)`, Zoom/ZoomMeetingKind.swift) and nowhere else.
public enum MeetingKind: Sendable, Hashable {
    /// A meeting on one day (a scheduled meeting).
    case meeting
    /// A meeting held on several days: a recurring meeting with fixed times.
    case meetingSeries
    /// A webinar on one day.
    case webinar
    /// A webinar held on several days: a recurring webinar with fixed times.
    case webinarSeries
    /// A kind semco-zoom never makes (an instant meeting, a series without fixed times, …),
    /// found in Zoom after a change by hand: only ever compared and set back.
    case other(zoomType: Int)

    /// A series of sessions (Zoom computes its occurrences from a recurrence).
    public var isSeries: Bool { self == .meetingSeries || self == .webinarSeries }

    /// A webinar, held once or as a series.
    public var isWebinar: Bool { self == .webinar || self == .webinarSeries }
}
