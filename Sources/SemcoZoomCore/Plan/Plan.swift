import Foundation

// CONTRACT: the plan, a pure function of desired × state × Zoom observation
// (`Planner.plan`, implemented by the planning part), executed by the apply part.

/// The meeting an action concerns: one that exists, or the one this run creates for a course.
public enum MeetingRef: Sendable, Hashable, Codable {
    case existing(ZoomMeetingID)
    case created(CourseNumber)
}

/// One change to make in Zoom (or in the state file only).
public enum ActionKind: Sendable, Equatable {
    /// `POST /users/{host}/meetings`. Costs one of the host's 100 daily writes.
    // The big payloads are boxed (`indirect`): a plan holds one action per registrant, and an
    // inline meeting request would make every action (and every copy of the list) ~300 bytes.
    indirect case createMeeting(host: String, request: MeetingChange)
    /// A meeting found by its agenda marker after a crash: record it instead of creating another.
    case adoptMeeting(ZoomMeetingID)
    /// `PATCH /meetings/{id}` with only the changed fields. Costs one daily write.
    indirect case updateMeeting(MeetingRef, request: MeetingChange)
    /// `PATCH /meetings/{id}?occurrence_id=` for the occurrence that starts at `occurrenceStart`
    /// (resolved to Zoom's occurrence id when applied). Costs one daily write.
    case moveOccurrence(MeetingRef, occurrenceStart: Date, startTime: String, duration: Int)
    /// `DELETE /meetings/{id}?occurrence_id=` for the occurrence that starts at `occurrenceStart`.
    case deleteOccurrence(MeetingRef, occurrenceStart: Date)
    /// `DELETE /meetings/{id}` (course `storniert`).
    case deleteMeeting(ZoomMeetingID)
    /// `POST /meetings/{id}/registrants` with `auto_approve`.
    indirect case addRegistrant(MeetingRef, request: ZoomRegistrantRequest)
    /// `POST /meetings/{id}/batch_registrants` with `auto_approve`: up to 30 people in one call, for
    /// a meeting or webinar on one day only (`MeetingKind.takesBatchRegistration`); people who are
    /// not denied in Zoom and carry nothing a batch cannot (an organisation). Each person's booking
    /// rides along.
    indirect case addRegistrants(MeetingRef, registrants: [RegistrantAdd])
    /// `PUT /meetings/{id}/registrants/status` `approve`: bring back a denied/cancelled person.
    case approveRegistrant(MeetingRef, registrant: ZoomRegistrantReference)
    /// `PUT /webinars/{id}/registrants/status` `approve` for up to 30 people the sync added whom Zoom
    /// leaves pending (a webinar's add has no `auto_approve`), or whom Zoom lists as pending while
    /// SEMCO has them booked. A reference without an id takes the one the add recorded in the state.
    indirect case approveAdded(MeetingRef, registrants: [ZoomRegistrantReference])
    /// `PUT /meetings/{id}/registrants/status` `cancel`.
    case cancelRegistrant(MeetingRef, registrant: ZoomRegistrantReference)
    /// Read the registrant list to learn personal join links (write-back for SEMCO).
    case refreshRegistrants(MeetingRef)
    /// State only: forget the meeting id (deleted in Zoom, confirmed) so it is created anew.
    case forgetMeeting(ZoomMeetingID)
    /// State only: the course is over (beendet, every session past) and left alone from now on.
    case closeCourse

    /// True when the action calls Zoom to change something.
    public var isZoomWrite: Bool {
        switch self {
        case .createMeeting, .updateMeeting, .moveOccurrence, .deleteOccurrence, .deleteMeeting,
            .addRegistrant, .addRegistrants, .approveRegistrant, .approveAdded, .cancelRegistrant:
            return true
        case .adoptMeeting, .refreshRegistrants, .forgetMeeting, .closeCourse:
            return false
        }
    }

    /// True when the action counts against the host's 100 creates + updates per UTC day.
    public var costsHostDailyWrite: Bool {
        switch self {
        case .createMeeting, .updateMeeting, .moveOccurrence: return true
        default: return false
        }
    }
}

/// One person of a batch registration: the add body and the booking behind it.
public struct RegistrantAdd: Sendable, Equatable, Codable {
    public var booking: String?
    public var request: ZoomRegistrantRequest

    public init(booking: String?, request: ZoomRegistrantRequest) {
        self.booking = booking
        self.request = request
    }
}

/// What an action records in the state once Zoom took it, carried with the action so that the
/// executor needs neither the desired state nor the observation to record it. Boxed: a plan holds
/// one action per registrant.
public indirect enum ActionRecord: Sendable, Equatable {
    /// What the meeting is once Zoom took the write (the state's `lastSent`).
    case meeting(MeetingSpec)
    /// The people the action concerns as SEMCO has them: names and every booking behind an address.
    case people([DesiredRegistrant])
    /// The meeting found by its agenda marker that the action adopts, as Zoom answered for it.
    case adopted(ZoomMeeting)
}

/// An action with what it concerns and why.
public struct PlannedAction: Sendable, Equatable {
    public var course: CourseNumber
    public var booking: String?
    /// The registrant's address for registrant actions (never written to the API log).
    public var email: String?
    public var kind: ActionKind
    /// What changed in SEMCO or in Zoom that calls for it.
    public var reason: LocalizedText
    /// What the executor records with it (nil: only what Zoom answers).
    public var record: ActionRecord?

    public init(
        course: CourseNumber, booking: String? = nil, email: String? = nil, kind: ActionKind, reason: LocalizedText,
        record: ActionRecord? = nil
    ) {
        self.course = course
        self.booking = booking
        self.email = email
        self.kind = kind
        self.reason = reason
        self.record = record
    }

    /// The meeting as it is once Zoom took this write.
    public var sentSpec: MeetingSpec? {
        if case .meeting(let spec)? = record { return spec }
        return nil
    }

    /// The person with address `email` as SEMCO has them, when the action carries them.
    public func person(_ email: String) -> DesiredRegistrant? {
        guard case .people(let people)? = record else { return nil }
        let key = email.lowercased()
        return people.first { $0.key == key }
    }
}

/// Work the plan holds back to a later run, with why (daily budget, a course's error).
public struct DeferredWork: Sendable, Equatable {
    public var course: CourseNumber
    public var booking: String?
    public var action: ActionKind?
    public var reason: LocalizedText
    /// When the work can be done at the earliest (e.g. next 00:00 UTC).
    public var notBefore: Date?

    public init(
        course: CourseNumber, booking: String? = nil, action: ActionKind? = nil, reason: LocalizedText,
        notBefore: Date? = nil
    ) {
        self.course = course
        self.booking = booking
        self.action = action
        self.reason = reason
        self.notBefore = notBefore
    }
}

/// The mass-cancel guard's finding.
public struct MassCancelCheck: Sendable, Equatable {
    public var tripped: Bool
    /// Courses that would cancel more than the thresholds: course → (cancels, registrants).
    public var courses: [CourseNumber: MassCancelCount]
    public var totalCancels: Int

    public init(tripped: Bool = false, courses: [CourseNumber: MassCancelCount] = [:], totalCancels: Int = 0) {
        self.tripped = tripped
        self.courses = courses
        self.totalCancels = totalCancels
    }
}

public struct MassCancelCount: Sendable, Equatable {
    public var cancels: Int
    public var registrants: Int
    public init(cancels: Int, registrants: Int) {
        self.cancels = cancels
        self.registrants = registrants
    }
}

/// The whole plan. Actions of one course are in the order they must run (serially);
/// different courses may run concurrently.
public struct Plan: Sendable, Equatable {
    public var actions: [PlannedAction]
    public var deferred: [DeferredWork]
    public var diagnostics: [Diagnostic]
    public var massCancel: MassCancelCheck
    /// State changes that need no Zoom call (new managed courses, gone-since marks), applied
    /// to the state before the actions.
    public var stateUpdates: [CourseNumber: ManagedCourse]
    /// Courses whose interrupted create could not be checked (the observer could not list the
    /// host's meetings): their intent stays recorded, and no create is made in this run.
    public var unresolvedCreates: Set<CourseNumber> = []

    public init(
        actions: [PlannedAction] = [], deferred: [DeferredWork] = [], diagnostics: [Diagnostic] = [],
        massCancel: MassCancelCheck = .init(), stateUpdates: [CourseNumber: ManagedCourse] = [:]
    ) {
        self.actions = actions
        self.deferred = deferred
        self.diagnostics = diagnostics
        self.massCancel = massCancel
        self.stateUpdates = stateUpdates
    }

    public var zoomWrites: [PlannedAction] { actions.filter { $0.kind.isZoomWrite } }
    /// How many actions write to Zoom (without copying them, unlike `zoomWrites.count`).
    public var zoomWriteCount: Int { actions.reduce(0) { $0 + ($1.kind.isZoomWrite ? 1 : 0) } }
    public var isEmpty: Bool { !actions.contains { $0.kind.isZoomWrite } }
}

/// Options of planning that come from the command line.
public struct PlanOptions: Sendable, Equatable {
    public var allowMassCancel: Bool
    public var recreateDeleted: Bool
    public var now: Date

    public init(allowMassCancel: Bool = false, recreateDeleted: Bool = false, now: Date) {
        self.allowMassCancel = allowMassCancel
        self.recreateDeleted = recreateDeleted
        self.now = now
    }
}
