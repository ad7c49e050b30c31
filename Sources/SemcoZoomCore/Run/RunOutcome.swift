import Foundation

/// `sync` applies the plan; `plan` stops before applying.
public enum RunMode: String, Sendable, Codable {
    case sync
    case plan
}

/// What one run did, complete enough for `report.json` / `report.html` and the summary on stdout.
public struct RunOutcome: Sendable, Codable, Equatable {
    public var runID: String
    public var mode: RunMode
    public var startedAt: Date
    public var finishedAt: Date?
    public var stateFile: String?
    public var outputDirectory: String?
    public var dropDirectory: String?
    public var inputFiles: [InputFile]
    /// Kursnr → Kurstitel of every course in the snapshot (for the report's inbox lines).
    public var courseTitles: [String: String]
    /// Every diagnostic of the run: input, validation, desired state, plan, apply.
    public var diagnostics: [Diagnostic]
    /// Every planned action with what became of it, in plan order.
    public var actions: [ActionOutcome]
    /// Work held back to a later run (by the plan or when Zoom's daily limits were reached).
    public var deferred: [DeferredOutcome]
    /// Registrants Zoom would not take back: to be imported by CSV in Zoom's web portal.
    public var handedToImport: [ImportHandoff]
    public var massCancel: MassCancelReport?
    /// Where the input files went (`archive/<run-id>` or `rejected/<run-id>`), if moved.
    public var inputMovedTo: String?
    /// Why the run stopped early (exit 1, 4, 75), when it did.
    public var fatal: LocalizedText?
    public var counts: RunCounts
    public var exitStatus: ExitStatus

    public init(runID: String, mode: RunMode, startedAt: Date) {
        self.runID = runID
        self.mode = mode
        self.startedAt = startedAt
        self.inputFiles = []
        self.courseTitles = [:]
        self.diagnostics = []
        self.actions = []
        self.deferred = []
        self.handedToImport = []
        self.counts = RunCounts()
        self.exitStatus = .ok
    }

    /// Recomputes `counts` from the lists.
    public mutating func recount() {
        var counts = RunCounts()
        for action in actions {
            switch action.result {
            case .planned: counts.planned += 1
            case .applied: counts.applied += 1
            case .failed: counts.failed += 1
            case .deferred: counts.deferred += 1
            case .skipped: counts.skipped += 1
            }
            if action.action.isZoomWrite { counts.zoomWrites += 1 }
        }
        counts.deferred += deferred.filter { $0.fromPlan }.count
        counts.handedToImport = handedToImport.count
        for diagnostic in diagnostics {
            switch diagnostic.severity {
            case .error: counts.errors += 1
            case .warning: counts.warnings += 1
            case .info: counts.infos += 1
            }
        }
        self.counts = counts
    }
}

public struct RunCounts: Sendable, Codable, Equatable {
    /// Actions planned but not applied (`plan`).
    public var planned = 0
    public var applied = 0
    public var failed = 0
    public var deferred = 0
    /// Not attempted because something they depend on failed.
    public var skipped = 0
    /// Planned actions that change something in Zoom.
    public var zoomWrites = 0
    public var handedToImport = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    public init() {}
}

/// A planned action, described in plain Codable terms.
public struct ActionDescription: Sendable, Codable, Equatable {
    /// `createMeeting`, `adoptMeeting`, `updateMeeting`, `moveOccurrence`, `deleteOccurrence`, `deleteMeeting`,
    /// `addRegistrant`, `addRegistrants`, `approveRegistrant`, `approveAdded`, `cancelRegistrant`, `refreshRegistrants`, `forgetMeeting`, `closeCourse`.
    public var kind: String
    public var isZoomWrite: Bool
    public var host: String?
    public var meeting: MeetingRef?
    /// Boxed: a report holds one description per registrant action, and an inline meeting
    /// request (~200 bytes) would make every one of them that much bigger.
    public var meetingRequest: MeetingChange? {
        get { if case .value(let request) = boxedMeetingRequest { return request } else { return nil } }
        set { boxedMeetingRequest = newValue.map(IndirectValue.value) }
    }
    private var boxedMeetingRequest: IndirectValue<MeetingChange>?
    public var occurrenceStart: Date?
    public var startTime: String?
    public var duration: Int?
    public var registrant: ZoomRegistrantRequest?
    public var registrantReference: ZoomRegistrantReference?
    /// `addRegistrants`: every person of the batch.
    public var registrants: [RegistrantAdd]?
    /// `approveAdded`: the people to approve (an id is missing for a person the run adds).
    public var approvals: [ZoomRegistrantReference]?

    enum CodingKeys: String, CodingKey {
        case kind, isZoomWrite, host, meeting, meetingRequest, occurrenceStart, startTime, duration, registrant,
            registrantReference
        case registrants, approvals
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        isZoomWrite = try container.decode(Bool.self, forKey: .isZoomWrite)
        host = try container.decodeIfPresent(String.self, forKey: .host)
        meeting = try container.decodeIfPresent(MeetingRef.self, forKey: .meeting)
        meetingRequest = try container.decodeIfPresent(MeetingChange.self, forKey: .meetingRequest)
        occurrenceStart = try container.decodeIfPresent(Date.self, forKey: .occurrenceStart)
        startTime = try container.decodeIfPresent(String.self, forKey: .startTime)
        duration = try container.decodeIfPresent(Int.self, forKey: .duration)
        registrant = try container.decodeIfPresent(ZoomRegistrantRequest.self, forKey: .registrant)
        registrantReference = try container.decodeIfPresent(ZoomRegistrantReference.self, forKey: .registrantReference)
        registrants = try container.decodeIfPresent([RegistrantAdd].self, forKey: .registrants)
        approvals = try container.decodeIfPresent([ZoomRegistrantReference].self, forKey: .approvals)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(isZoomWrite, forKey: .isZoomWrite)
        try container.encodeIfPresent(host, forKey: .host)
        try container.encodeIfPresent(meeting, forKey: .meeting)
        try container.encodeIfPresent(meetingRequest, forKey: .meetingRequest)
        try container.encodeIfPresent(occurrenceStart, forKey: .occurrenceStart)
        try container.encodeIfPresent(startTime, forKey: .startTime)
        try container.encodeIfPresent(duration, forKey: .duration)
        try container.encodeIfPresent(registrant, forKey: .registrant)
        try container.encodeIfPresent(registrantReference, forKey: .registrantReference)
        try container.encodeIfPresent(registrants, forKey: .registrants)
        try container.encodeIfPresent(approvals, forKey: .approvals)
    }

    public init(_ kind: ActionKind) {
        self.isZoomWrite = kind.isZoomWrite
        switch kind {
        case .createMeeting(let host, let request):
            self.kind = "createMeeting"
            self.host = host
            self.meetingRequest = request
        case .adoptMeeting(let id):
            self.kind = "adoptMeeting"
            self.meeting = .existing(id)
        case .updateMeeting(let ref, let request):
            self.kind = "updateMeeting"
            self.meeting = ref
            self.meetingRequest = request
        case .moveOccurrence(let ref, let start, let startTime, let duration):
            self.kind = "moveOccurrence"
            self.meeting = ref
            self.occurrenceStart = start
            self.startTime = startTime
            self.duration = duration
        case .deleteOccurrence(let ref, let start):
            self.kind = "deleteOccurrence"
            self.meeting = ref
            self.occurrenceStart = start
        case .deleteMeeting(let id):
            self.kind = "deleteMeeting"
            self.meeting = .existing(id)
        case .addRegistrant(let ref, let request):
            self.kind = "addRegistrant"
            self.meeting = ref
            self.registrant = request
        case .addRegistrants(let ref, let list):
            self.kind = "addRegistrants"
            self.meeting = ref
            self.registrants = list
        case .approveRegistrant(let ref, let registrant):
            self.kind = "approveRegistrant"
            self.meeting = ref
            self.registrantReference = registrant
        case .approveAdded(let ref, let registrants):
            self.kind = "approveAdded"
            self.meeting = ref
            self.approvals = registrants
        case .cancelRegistrant(let ref, let registrant):
            self.kind = "cancelRegistrant"
            self.meeting = ref
            self.registrantReference = registrant
        case .refreshRegistrants(let ref):
            self.kind = "refreshRegistrants"
            self.meeting = ref
        case .forgetMeeting(let id):
            self.kind = "forgetMeeting"
            self.meeting = .existing(id)
        case .closeCourse:
            self.kind = "closeCourse"
        }
    }
}

/// A Zoom error as the report shows it (never a token or secret: `ZoomError` holds none).
public struct ZoomErrorReport: Sendable, Codable, Equatable {
    /// `api`, `authenticationFailed`, `missingScope`, `dailyLimit`, `outcomeUnknown`, `unavailable`, `invalidResponse`, `notConfigured`.
    public var kind: String
    public var httpStatus: Int?
    public var code: Int?
    public var message: String

    public init(_ error: ZoomError) {
        httpStatus = error.httpStatus
        code = error.code
        switch error {
        case .api(_, _, let message, let fields):
            kind = "api"
            self.message =
                fields.isEmpty
                ? message : message + " (" + fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ") + ")"
        case .authenticationFailed(_, let reason):
            kind = "authenticationFailed"
            message = reason
        case .missingScope(_, let message):
            kind = "missingScope"
            self.message = message
        case .dailyLimit(let until, let category, let limitType):
            kind = "dailyLimit"
            message =
                "daily limit" + (category.map { " \($0)" } ?? "") + (limitType.map { " (\($0))" } ?? "")
                + (until.map { " until \(ISO8601DateFormatter().string(from: $0))" } ?? "")
        case .outcomeUnknown(let method, let path, let reason):
            kind = "outcomeUnknown"
            message = "\(method) \(path): \(reason)"
        case .unavailable(let method, let path, let attempts, let reason):
            kind = "unavailable"
            message = "\(method) \(path) after \(attempts) attempts: \(reason)"
        case .invalidResponse(let method, let path, let reason):
            kind = "invalidResponse"
            message = "\(method) \(path): \(reason)"
        case .notConfigured(let message):
            kind = "notConfigured"
            self.message = message
        }
    }
}

/// What became of one planned action.
public struct ActionOutcome: Sendable, Codable, Equatable {
    public enum Result: String, Sendable, Codable {
        /// `plan`: would be applied.
        case planned
        case applied
        case failed
        /// Held back to a later run (daily limit, unresolved create).
        case deferred
        /// Not attempted: something it depends on failed or the run stopped.
        case skipped
    }

    public var course: CourseNumber
    public var booking: String?
    public var email: String?
    public var action: ActionDescription
    public var reason: LocalizedText
    public var result: Result
    public var error: ZoomErrorReport?
    /// The meeting the action ended up concerning (the created one's id for `.created`).
    public var meetingID: ZoomMeetingID?
    /// Deferred: not before this time.
    public var notBefore: Date?
    /// What else happened (adopted instead of created, approved after a refused add, …).
    public var note: LocalizedText?

    public init(
        course: CourseNumber, booking: String?, email: String?, action: ActionDescription, reason: LocalizedText,
        result: Result, error: ZoomErrorReport? = nil, meetingID: ZoomMeetingID? = nil, notBefore: Date? = nil,
        note: LocalizedText? = nil
    ) {
        self.course = course
        self.booking = booking
        self.email = email
        self.action = action
        self.reason = reason
        self.result = result
        self.error = error
        self.meetingID = meetingID
        self.notBefore = notBefore
        self.note = note
    }

    public init(
        _ planned: PlannedAction, result: Result, error: ZoomError? = nil, meetingID: ZoomMeetingID? = nil,
        notBefore: Date? = nil, note: LocalizedText? = nil
    ) {
        self.init(
            course: planned.course, booking: planned.booking, email: planned.email,
            action: ActionDescription(planned.kind),
            reason: planned.reason, result: result, error: error.map(ZoomErrorReport.init), meetingID: meetingID,
            notBefore: notBefore, note: note)
    }
}

/// Work held back to a later run.
public struct DeferredOutcome: Sendable, Codable, Equatable {
    public var course: CourseNumber
    public var booking: String?
    public var action: ActionDescription?
    public var reason: LocalizedText
    public var notBefore: Date?
    /// True when the plan held it back (daily budget, a course's error); false when Zoom did while applying.
    public var fromPlan: Bool

    public init(
        course: CourseNumber, booking: String?, action: ActionDescription?, reason: LocalizedText, notBefore: Date?,
        fromPlan: Bool
    ) {
        self.course = course
        self.booking = booking
        self.action = action
        self.reason = reason
        self.notBefore = notBefore
        self.fromPlan = fromPlan
    }

    public init(_ work: DeferredWork) {
        self.init(
            course: work.course, booking: work.booking, action: work.action.map(ActionDescription.init),
            reason: work.reason,
            notBefore: work.notBefore, fromPlan: true)
    }
}

/// A registrant Zoom would not take back (denied and re-approve refused): the outputs part
/// writes `zoom-import/<Kursnr>_<meeting id>.csv` from these.
public struct ImportHandoff: Sendable, Codable, Equatable {
    public var course: CourseNumber
    public var meetingID: ZoomMeetingID?
    public var email: String
    public var firstName: String
    public var lastName: String
    public var bookings: [String]
    public var why: LocalizedText
    public var error: ZoomErrorReport?

    public init(
        course: CourseNumber, meetingID: ZoomMeetingID?, email: String, firstName: String, lastName: String,
        bookings: [String], why: LocalizedText, error: ZoomErrorReport?
    ) {
        self.course = course
        self.meetingID = meetingID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.bookings = bookings
        self.why = why
        self.error = error
    }
}

/// The mass-cancel guard's finding, for the report.
public struct MassCancelReport: Sendable, Codable, Equatable {
    public struct CourseCount: Sendable, Codable, Equatable {
        public var course: CourseNumber
        public var cancels: Int
        public var registrants: Int
    }
    public var tripped: Bool
    public var allowed: Bool
    public var totalCancels: Int
    public var courses: [CourseCount]

    public init(_ check: MassCancelCheck, allowed: Bool) {
        tripped = check.tripped
        self.allowed = allowed
        totalCancels = check.totalCancels
        courses = check.courses.sorted { $0.key < $1.key }
            .map { CourseCount(course: $0.key, cancels: $0.value.cancels, registrants: $0.value.registrants) }
    }
}

/// A value kept in a box on the heap: big, rarely present fields of values that exist by the
/// hundred thousand cost one pointer instead of their full size.
indirect enum IndirectValue<Value: Sendable & Equatable>: Sendable, Equatable {
    case value(Value)
}
