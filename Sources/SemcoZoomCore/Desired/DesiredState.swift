import Foundation

// CONTRACT: the desired state, built from a validated snapshot by a pure function
// (`DesiredStateBuilder.build`, implemented by the planning part).

/// A participant who should be registered in a course's meeting.
public struct DesiredRegistrant: Sendable, Equatable, Codable {
    /// The address as SEMCO has it.
    public var email: String
    public var firstName: String
    public var lastName: String
    /// `Teilnehmer der Firma`.
    public var org: String?
    /// The active bookings behind this registrant (several when one address booked twice).
    public var bookings: [String]

    /// Zoom's identity of a registrant: the e-mail address, compared case-insensitively.
    public var key: String { TextCase.lowercased(email) }
}

/// What SEMCO says should happen to one course in Zoom.
public enum CourseIntent: Sendable, Equatable {
    /// A managed course whose meeting must exist and match, with these registrants.
    /// `cancelledBookings` are bookings that are cancelled or vanished (their addresses are
    /// cancelled in Zoom unless another active booking holds the address).
    case sync(meeting: MeetingSpec, host: String, registrants: [DesiredRegistrant], cancelledBookings: [String])
    /// `storniert`: delete the meeting if there is one.
    case delete
    /// No change in Zoom (geplant, beendet, every session over, missing from the export, not triggered).
    case leaveAlone(LocalizedText)
    /// The course should be synced but errors prevent it (diagnostics say which).
    case blocked
}

/// One course of the desired state.
public struct DesiredCourse: Sendable, Equatable {
    public var number: CourseNumber
    public var title: String
    public var intent: CourseIntent
    /// The course's first session start (for "soonest first" under the daily budget).
    public var firstSession: Date?
    /// The course is over (`beendet`, or every session past): a managed course is closed
    /// (`closeCourse`) and left alone from then on. Only with `.leaveAlone`.
    public var finished: Bool = false
    /// The course's trainers, with `alternative_hosts: trainers` and a `.sync` intent (else
    /// empty): those other than the meeting's host become its alternative hosts. The planner
    /// leaves the host out (the one Zoom shows: it may have been changed there).
    public var trainers: [CoTrainer] = []
}

/// The desired state of every course the run concerns, and the diagnostics found building it.
public struct DesiredState: Sendable, Equatable {
    public var courses: [DesiredCourse]
    public var diagnostics: [Diagnostic]
    /// Zoom courses nobody asked to sync (not triggered and not managed): `sync` and `plan`
    /// report none of their validator findings (`validate` shows them, marked).
    public var untriggered: Set<CourseNumber> = []
    /// Courses that keep the host of their meeting: the validator's moderator findings are
    /// replaced by one `plan.host-kept` warning and block nothing.
    public var hostKept: Set<CourseNumber> = []

    /// The validator's diagnostics a `sync` or `plan` run reports: none for an untriggered
    /// course, none about the moderator for a course that keeps its host.
    public func reportable(_ validation: [Diagnostic]) -> [Diagnostic] {
        guard !untriggered.isEmpty || !hostKept.isEmpty else { return validation }
        return validation.filter { diagnostic in
            guard let course = diagnostic.course else { return true }
            if untriggered.contains(course) { return false }
            if hostKept.contains(course), ModeratorReading.codes.contains(diagnostic.code) { return false }
            return true
        }
    }
}

/// Inputs of building the desired state that are not in the snapshot.
public struct DesiredStateOptions: Sendable, Equatable {
    /// `--course`: limit the run to these and trigger them.
    public var courses: Set<CourseNumber> = []
    public var today: CalendarDay
    public var now: Date
}
