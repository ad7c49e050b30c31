import Foundation

// The report of one run (`report.json`): a documented, versioned schema
// (docs/report-schema.md, docs/report.schema.json). Keys are snake_case; the JSON is written
// with sorted keys so that the file's order is stable. Texts are in the run's language.
// Optional values are left out when unknown. No e-mail address, token, secret or start_url
// is ever part of it.

/// The report of one run, as written to `report.json` and rendered to `report.html`.
public struct ReportDocument: Codable, Sendable, Equatable {
    /// Raised when a field is removed or its meaning changes; adding fields keeps the version.
    public static let currentSchemaVersion = 1

    public enum Mode: String, Codable, Sendable, CaseIterable {
        case plan
        case sync
    }

    public var schemaVersion: Int
    public var runID: String
    public var mode: Mode
    /// Language of every text in the report.
    public var language: Language
    /// IANA zone course times are shown in (the configured one).
    public var timeZone: String
    public var startedAt: Date
    public var finishedAt: Date
    /// The run's exit code (README.md, "Exit codes").
    public var exitCode: Int32
    public var inputFiles: [ReportInputFile]
    public var counts: ReportCounts
    /// Every course the run concerned, in course-number order.
    public var courses: [ReportCourse]
    /// Every action: planned (plan mode), applied, failed or deferred; per course in run order.
    public var actions: [ReportAction]
    /// Every diagnostic, errors first, then by course and code.
    public var diagnostics: [ReportDiagnostic]
    /// One entry per course that failed: what SEMCO's inbox would show.
    public var inbox: [ReportInboxEntry]
    /// Zoom import files written, paths relative to the run's output folder.
    public var zoomImportFiles: [ReportImportFile]
    /// Other files of the run's output folder, relative paths (report.html, api-calls.jsonl, semco-import/…).
    public var files: [String]
    /// Why the run stopped early (exit 1, 4, 75), when it did.
    public var fatal: String?
    /// The mass-cancel guard's finding, when it found anything.
    public var massCancel: ReportMassCancel?
    /// Where the input files went (`archive/<run-id>` or `rejected/<run-id>`), when moved.
    public var inputMovedTo: String?

    public init(
        schemaVersion: Int = ReportDocument.currentSchemaVersion, runID: String, mode: Mode, language: Language,
        timeZone: String, startedAt: Date, finishedAt: Date, exitCode: Int32, inputFiles: [ReportInputFile] = [],
        counts: ReportCounts = .init(), courses: [ReportCourse] = [], actions: [ReportAction] = [],
        diagnostics: [ReportDiagnostic] = [], inbox: [ReportInboxEntry] = [],
        zoomImportFiles: [ReportImportFile] = [], files: [String] = [], fatal: String? = nil,
        massCancel: ReportMassCancel? = nil, inputMovedTo: String? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.runID = runID
        self.mode = mode
        self.language = language
        self.timeZone = timeZone
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.inputFiles = inputFiles
        self.counts = counts
        self.courses = courses
        self.actions = actions
        self.diagnostics = diagnostics
        self.inbox = inbox
        self.zoomImportFiles = zoomImportFiles
        self.files = files
        self.fatal = fatal
        self.massCancel = massCancel
        self.inputMovedTo = inputMovedTo
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case runID = "run_id"
        case mode, language
        case timeZone = "time_zone"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case exitCode = "exit_code"
        case inputFiles = "input_files"
        case counts, courses, actions, diagnostics, inbox
        case zoomImportFiles = "zoom_import_files"
        case files, fatal
        case massCancel = "mass_cancel"
        case inputMovedTo = "input_moved_to"
    }
}

public struct ReportInputFile: Codable, Sendable, Equatable {
    /// `courses`, `sessions`, `trainers`, `bookings`.
    public var kind: String
    public var path: String
    /// `csv` or `xml`.
    public var format: String
    public var sha256: String

    public init(kind: String, path: String, format: String, sha256: String) {
        self.kind = kind
        self.path = path
        self.format = format
        self.sha256 = sha256
    }

    public init(_ file: InputFile) {
        self.init(kind: file.kind.rawValue, path: file.path, format: file.format, sha256: file.sha256)
    }
}

/// The mass-cancel guard: a snapshot that would cancel too many registrants is refused.
public struct ReportMassCancel: Codable, Sendable, Equatable {
    public struct Course: Codable, Sendable, Equatable {
        public var course: String
        public var cancels: Int
        public var registrants: Int
        public init(course: String, cancels: Int, registrants: Int) {
            self.course = course
            self.cancels = cancels
            self.registrants = registrants
        }
    }

    public var tripped: Bool
    /// `--allow-mass-cancel` was given.
    public var allowed: Bool
    public var totalCancels: Int
    public var courses: [Course]

    public init(tripped: Bool, allowed: Bool, totalCancels: Int, courses: [Course]) {
        self.tripped = tripped
        self.allowed = allowed
        self.totalCancels = totalCancels
        self.courses = courses
    }

    enum CodingKeys: String, CodingKey {
        case tripped, allowed
        case totalCancels = "total_cancels"
        case courses
    }
}

public struct ReportCounts: Codable, Sendable, Equatable {
    public var courses = 0
    public var coursesFailed = 0
    public var actionsPlanned = 0
    public var actionsApplied = 0
    public var actionsFailed = 0
    public var actionsDeferred = 0
    public var actionsSkipped = 0
    public var meetingsCreated = 0
    public var meetingsUpdated = 0
    public var meetingsDeleted = 0
    public var registrantsAdded = 0
    public var registrantsCancelled = 0
    public var registrantsReapproved = 0
    public var registrantsHandedToImport = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case courses
        case coursesFailed = "courses_failed"
        case actionsPlanned = "actions_planned"
        case actionsApplied = "actions_applied"
        case actionsFailed = "actions_failed"
        case actionsDeferred = "actions_deferred"
        case actionsSkipped = "actions_skipped"
        case meetingsCreated = "meetings_created"
        case meetingsUpdated = "meetings_updated"
        case meetingsDeleted = "meetings_deleted"
        case registrantsAdded = "registrants_added"
        case registrantsCancelled = "registrants_cancelled"
        case registrantsReapproved = "registrants_reapproved"
        case registrantsHandedToImport = "registrants_handed_to_import"
        case errors, warnings, infos
    }
}

/// A course the run concerned.
public struct ReportCourse: Codable, Sendable, Equatable {
    public enum Result: String, Codable, Sendable, CaseIterable {
        /// Nothing failed or was held back.
        case ok
        /// An error diagnostic or a failed action: the course is in the inbox.
        case failed
        /// Some work was deferred to a later run.
        case deferred
    }

    public var number: String
    public var title: String
    public var meetingID: ZoomMeetingID?
    public var result: Result

    public init(number: String, title: String, meetingID: ZoomMeetingID? = nil, result: Result) {
        self.number = number
        self.title = title
        self.meetingID = meetingID
        self.result = result
    }

    enum CodingKeys: String, CodingKey {
        case number, title
        case meetingID = "meeting_id"
        case result
    }
}

/// One action of the plan and what became of it.
public struct ReportAction: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case createMeeting = "create_meeting"
        case adoptMeeting = "adopt_meeting"
        case updateMeeting = "update_meeting"
        case moveOccurrence = "move_occurrence"
        case deleteOccurrence = "delete_occurrence"
        case deleteMeeting = "delete_meeting"
        case addRegistrant = "add_registrant"
        case approveRegistrant = "approve_registrant"
        /// Approval of people the run added whom Zoom left pending (webinars), or booked people
        /// Zoom listed as pending.
        case approveAdded = "approve_added"
        case cancelRegistrant = "cancel_registrant"
        case refreshRegistrants = "refresh_registrants"
        case forgetMeeting = "forget_meeting"
        case closeCourse = "close_course"
        /// Zoom would not take the person: written to the course's Zoom import CSV.
        case handToImport = "hand_to_import"
        /// Work the plan held back without a concrete action (e.g. the rest of a course).
        case other
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case planned
        case applied
        case failed
        case deferred
        /// Not attempted: something it depends on failed or the run stopped.
        case skipped
    }

    public var course: String
    public var booking: String?
    /// `Vorname Nachname` for registrant actions (never the address).
    public var participant: String?
    public var kind: Kind
    public var status: Status
    /// Why the action is needed (what changed in SEMCO or Zoom).
    public var reason: String
    public var meetingID: ZoomMeetingID?
    /// Occurrence actions: the occurrence's start.
    public var occurrenceStart: Date?
    /// Occurrence moves: the new local start `yyyy-MM-ddTHH:mm:ss`.
    public var newStartTime: String?
    /// Meeting updates: the Zoom fields sent (snake_case).
    public var changedFields: [String]?
    /// Failed or deferred: Zoom's code and HTTP status when Zoom gave them.
    public var zoomCode: Int?
    public var httpStatus: Int?
    /// Failed: what went wrong, in the run's language.
    public var error: String?
    /// Deferred: the earliest time it can be done.
    public var notBefore: Date?
    /// What else happened (adopted instead of created, approved after a refused add, …).
    public var note: String?

    public init(
        course: String, booking: String? = nil, participant: String? = nil, kind: Kind, status: Status, reason: String,
        meetingID: ZoomMeetingID? = nil, occurrenceStart: Date? = nil, newStartTime: String? = nil,
        changedFields: [String]? = nil, zoomCode: Int? = nil, httpStatus: Int? = nil, error: String? = nil,
        notBefore: Date? = nil, note: String? = nil
    ) {
        self.course = course
        self.booking = booking
        self.participant = participant
        self.kind = kind
        self.status = status
        self.reason = reason
        self.meetingID = meetingID
        self.occurrenceStart = occurrenceStart
        self.newStartTime = newStartTime
        self.changedFields = changedFields
        self.zoomCode = zoomCode
        self.httpStatus = httpStatus
        self.error = error
        self.notBefore = notBefore
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case course, booking, participant, kind, status, reason
        case meetingID = "meeting_id"
        case occurrenceStart = "occurrence_start"
        case newStartTime = "new_start_time"
        case changedFields = "changed_fields"
        case zoomCode = "zoom_code"
        case httpStatus = "http_status"
        case error
        case notBefore = "not_before"
        case note
    }
}

public struct ReportSource: Codable, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var elementPath: String?

    public init(file: String, line: Int? = nil, elementPath: String? = nil) {
        self.file = file
        self.line = line
        self.elementPath = elementPath
    }

    public init(_ source: SourceLocation) {
        self.init(file: source.file, line: source.line, elementPath: source.elementPath)
    }

    enum CodingKeys: String, CodingKey {
        case file, line
        case elementPath = "element_path"
    }
}

public struct ReportDiagnostic: Codable, Sendable, Equatable {
    public var code: String
    public var severity: Severity
    public var course: String?
    public var booking: String?
    public var message: String
    public var hint: String?
    public var source: ReportSource?

    public init(
        code: String, severity: Severity, course: String? = nil, booking: String? = nil, message: String,
        hint: String? = nil, source: ReportSource? = nil
    ) {
        self.code = code
        self.severity = severity
        self.course = course
        self.booking = booking
        self.message = message
        self.hint = hint
        self.source = source
    }

    public init(_ diagnostic: Diagnostic, language: Language) {
        self.init(
            code: diagnostic.code, severity: diagnostic.severity, course: diagnostic.course?.rawValue,
            booking: diagnostic.booking, message: diagnostic.message.text(language),
            hint: diagnostic.hint?.text(language), source: diagnostic.source.map(ReportSource.init))
    }
}

/// What SEMCO's inbox would show for a failed course, in the guide's words.
public struct ReportInboxEntry: Codable, Sendable, Equatable {
    public var course: String
    public var title: String
    /// "Synchronisation des Kurses … ist fehlgeschlagen. … Die letzte Fehlermeldung lautet: …"
    public var message: String
    /// The last error's message.
    public var lastError: String
    /// What to do, when known.
    public var hint: String?
    /// Every error of the course, in order (the last one is `last_error`).
    public var errors: [String]
    /// What to do about each error, in the same order ("" when there is no hint).
    public var hints: [String]?
    /// The course's meeting exists in Zoom: the course needs attention, it did not fail as a whole.
    public var meetingExists: Bool?

    public init(course: String, title: String, message: String, lastError: String, hint: String?, errors: [String]) {
        self.course = course
        self.title = title
        self.message = message
        self.lastError = lastError
        self.hint = hint
        self.errors = errors
    }

    enum CodingKeys: String, CodingKey {
        case course, title, message
        case lastError = "last_error"
        case hint, errors, hints
        case meetingExists = "meeting_exists"
    }
}

/// A Zoom import CSV the run wrote.
public struct ReportImportFile: Codable, Sendable, Equatable {
    public var course: String
    public var meetingID: ZoomMeetingID?
    /// Relative to the run's output folder, e.g. `zoom-import/10062_86012345678.csv`.
    public var path: String
    public var registrants: Int

    public init(course: String, meetingID: ZoomMeetingID?, path: String, registrants: Int) {
        self.course = course
        self.meetingID = meetingID
        self.path = path
        self.registrants = registrants
    }

    enum CodingKeys: String, CodingKey {
        case course
        case meetingID = "meeting_id"
        case path, registrants
    }
}
