import Foundation

// CONTRACT: what the run read from Zoom before planning (the third side of the diff).
// Collected by the observe stage (`ZoomObserver`, which only reads Zoom); handed forward to the
// pure planner, never asked for by it.

/// What Zoom says about one course's meeting.
public enum MeetingObservation: Sendable, Equatable {
    /// The meeting exists; `registrants` holds every status (approved, pending, denied).
    case present(ZoomMeeting, registrants: [ZoomRegistrant])
    /// Zoom answered 404 / 3001: the meeting does not exist (deleted in Zoom).
    case gone
    /// Zoom could not be read (timeout, 401, 429, 5xx, …). Never taken as a deletion.
    case unavailable(ZoomError)
}

/// One course's meeting as Zoom answered for it: what the observer hands the planner, course by
/// course, as the answers arrive (`ZoomObserver.observe(…, handingOverTo:)`).
public struct CourseObservation: Sendable, Equatable {
    public var course: CourseNumber
    public var meeting: MeetingObservation

    public init(course: CourseNumber, meeting: MeetingObservation) {
        self.course = course
        self.meeting = meeting
    }
}

/// Zoom as the run found it.
public struct ZoomObservation: Sendable, Equatable {
    /// By course number, for every managed course with a meeting id in the state.
    public var meetings: [CourseNumber: MeetingObservation]
    /// Meetings found by agenda marker for courses with a pending create (crash recovery).
    public var adoptable: [CourseNumber: ZoomMeeting]
    /// Creates + updates each host may still make today (UTC).
    public var remainingDailyWrites: [String: Int]
    /// Courses with a pending create whose host's meetings could not be listed: the create must
    /// not be repeated by this run (it might exist).
    public var unresolvedCreates: Set<CourseNumber> = []
    /// The Zoom users of the co-trainers (lower-case address → what Zoom said), read only with
    /// `alternative_hosts: trainers` (`ZoomUserLookup`).
    public var users: [String: ZoomUserStanding] = [:]

    public init(
        meetings: [CourseNumber: MeetingObservation] = [:], adoptable: [CourseNumber: ZoomMeeting] = [:],
        remainingDailyWrites: [String: Int] = [:]
    ) {
        self.meetings = meetings
        self.adoptable = adoptable
        self.remainingDailyWrites = remainingDailyWrites
    }
}
