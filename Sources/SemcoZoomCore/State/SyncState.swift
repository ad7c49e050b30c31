import Foundation

// The state file's model (docs/state.md): what the tool created in Zoom, with Zoom's
// ids and what it last sent. Store, atomic write, lineage checks and lock live beside it.

/// The whole state file.
public struct SyncState: Codable, Sendable, Equatable {
    /// The format this build writes; it reads this one and format 1 (migrated on the next write).
    /// A newer one is refused, not overwritten.
    public static let currentFormat = 2

    public var format: Int
    /// Fixed when the file is created; a file of another lineage is refused.
    public var lineage: String
    /// Grows by one with every write.
    public var serial: Int
    public var updatedAt: Date?
    /// Managed courses by course number.
    public var courses: [String: ManagedCourse]
    /// Creates + updates per host on the current UTC day, so reruns on one day never exceed 100.
    public var dailyWrites: DailyWriteLedger?

    public init(
        format: Int = SyncState.currentFormat, lineage: String = UUID().uuidString.lowercased(), serial: Int = 0,
        updatedAt: Date? = nil, courses: [String: ManagedCourse] = [:], dailyWrites: DailyWriteLedger? = nil
    ) {
        self.format = format
        self.lineage = lineage
        self.serial = serial
        self.updatedAt = updatedAt
        self.courses = courses
        self.dailyWrites = dailyWrites
    }

    public subscript(course number: CourseNumber) -> ManagedCourse? {
        get { courses[number.rawValue] }
        set { courses[number.rawValue] = newValue }
    }

    // The file's shape (docs/state.md): from format 2 on, `courses` is an array sorted by course
    // number (one course per line, `StateFile`); format 1 kept them in an object by number.
    private enum CodingKeys: String, CodingKey {
        case format, lineage, serial, updatedAt, courses, dailyWrites
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        lineage = try c.decode(String.self, forKey: .lineage)
        serial = try c.decode(Int.self, forKey: .serial)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
        dailyWrites = try c.decodeIfPresent(DailyWriteLedger.self, forKey: .dailyWrites)
        let list: [ManagedCourse] =
            format >= 2
            ? try c.decode([ManagedCourse].self, forKey: .courses)
            : Array(try c.decode([String: ManagedCourse].self, forKey: .courses).values)
        courses = [:]
        for course in list {
            try add(course, at: c.codingPath + [CodingKeys.courses])
        }
    }

    /// Adds a course read from the file under its number; a number twice is not a state this
    /// tool writes.
    mutating func add(_ course: ManagedCourse, at path: [any CodingKey]) throws {
        guard courses.updateValue(course, forKey: course.number.rawValue) == nil else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path, debugDescription: "course \(course.number.rawValue) appears twice"))
        }
    }

    /// Always in the current format, whatever format the state was read from: writing is the
    /// migration.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.currentFormat, forKey: .format)
        try c.encode(lineage, forKey: .lineage)
        try c.encode(serial, forKey: .serial)
        try c.encodeIfPresent(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(dailyWrites, forKey: .dailyWrites)
        try c.encode(sortedCourses, forKey: .courses)
    }

    /// The courses in the file's order: by course number (its UTF-8 bytes).
    var sortedCourses: [ManagedCourse] {
        courses.values.sorted { $0.number.rawValue.utf8.lexicographicallyPrecedes($1.number.rawValue.utf8) }
    }
}

/// Creates + updates per host for one UTC day.
public struct DailyWriteLedger: Codable, Sendable, Equatable {
    /// The UTC day the counts are for.
    public var day: CalendarDay
    /// Host (lower-case e-mail) → creates + updates made that day.
    public var perHost: [String: Int]

    public init(day: CalendarDay, perHost: [String: Int] = [:]) {
        self.day = day
        self.perHost = perHost
    }
}

/// The meeting as semco-zoom last made it in Zoom: the basis for "only what changed" and for
/// telling SEMCO's changes from changes made directly in Zoom.
public struct MeetingSpec: Codable, Sendable, Equatable {
    public var topic: String
    public var agenda: String
    /// Meeting or webinar, once or as a series (stored as Zoom's `type` number, Zoom/ZoomMeetingKind.swift).
    public var kind: MeetingKind
    /// Local wall-clock start `yyyy-MM-ddTHH:mm:ss` in `timezone`.
    public var startTime: String
    public var timezone: String
    /// Minutes.
    public var duration: Int
    public var recurrence: MeetingRecurrence?
    /// The sessions the meeting's available occurrences must equal, in time order.
    public var sessions: [Session]
    public var settings: MeetingSettings

    public init(
        topic: String, agenda: String, kind: MeetingKind, startTime: String, timezone: String, duration: Int,
        recurrence: MeetingRecurrence?, sessions: [Session], settings: MeetingSettings
    ) {
        self.topic = topic
        self.agenda = agenda
        self.kind = kind
        self.startTime = startTime
        self.timezone = timezone
        self.duration = duration
        self.recurrence = recurrence
        self.sessions = sessions
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey {
        case topic, agenda
        case kind = "type"
        case startTime, timezone, duration, recurrence, sessions, settings
    }
}

/// A create that was asked of Zoom but whose answer was not yet recorded. A run that finds
/// one looks for the meeting by `marker` in the host's meetings and adopts it.
public struct PendingCreate: Codable, Sendable, Equatable {
    /// The agenda marker, e.g. `[SEMCO 10062]`.
    public var marker: String
    public var host: String
    public var recordedAt: Date

    public init(marker: String, host: String, recordedAt: Date) {
        self.marker = marker
        self.host = host
        self.recordedAt = recordedAt
    }
}

/// One course semco-zoom manages (managed for good once synced).
public struct ManagedCourse: Codable, Sendable, Equatable {
    public enum Phase: String, Codable, Sendable {
        /// Kept in step with SEMCO.
        case active
        /// `beendet` or every session over: left alone.
        case closed
        /// `storniert`: the meeting was deleted.
        case deleted
    }

    public var number: CourseNumber
    public var phase: Phase
    /// The host's Zoom user (lower-case e-mail); fixed by semco-zoom once the meeting exists,
    /// taken from Zoom when it was changed there.
    public var host: String
    /// When a run found the meeting's host changed in Zoom and took it over (the guide has the
    /// host changed in Zoom): from then on Zoom keeps the host, and SEMCO's moderator is no
    /// longer compared with it (docs/sync-rules.md, "Moderator changes").
    public var hostChangedInZoom: Date?
    public var meetingID: ZoomMeetingID?
    public var pendingCreate: PendingCreate?
    /// What Zoom should hold now, as last sent.
    public var lastSent: MeetingSpec?
    public var joinURL: String?
    public var registrationURL: String?
    /// Registrants by lower-case e-mail.
    public var registrants: [String: ManagedRegistrant]
    /// When a run first found the meeting gone in Zoom (404/3001); recreated when confirmed.
    public var goneSince: Date?
    /// When a run first found the course closed or cancelled (`StateRetention`): the course
    /// leaves the state, or keeps only what recognises it, `retention.state_days` later.
    public var closedAt: Date?
    /// The meeting's alternative hosts as last sent (lower-case, sorted; `alternative_hosts:
    /// trainers`): tells a change of the co-trainers in SEMCO from a change made in Zoom. nil:
    /// the sync never set them.
    public var alternativeHosts: [String]?

    public init(
        number: CourseNumber, phase: Phase = .active, host: String, meetingID: ZoomMeetingID? = nil,
        pendingCreate: PendingCreate? = nil, lastSent: MeetingSpec? = nil, joinURL: String? = nil,
        registrationURL: String? = nil, registrants: [String: ManagedRegistrant] = [:], goneSince: Date? = nil,
        hostChangedInZoom: Date? = nil, closedAt: Date? = nil, alternativeHosts: [String]? = nil
    ) {
        self.number = number
        self.phase = phase
        self.host = host
        self.meetingID = meetingID
        self.pendingCreate = pendingCreate
        self.lastSent = lastSent
        self.joinURL = joinURL
        self.registrationURL = registrationURL
        self.registrants = registrants
        self.goneSince = goneSince
        self.hostChangedInZoom = hostChangedInZoom
        self.closedAt = closedAt
        self.alternativeHosts = alternativeHosts
    }
}

/// A participant semco-zoom registered (or cancelled) in a course's meeting.
public struct ManagedRegistrant: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Registered and approved by semco-zoom.
        case registered
        /// Cancelled by semco-zoom (Zoom lists the person as denied).
        case cancelled
        /// Added, and pending in Zoom until approved: a webinar registrant between the add (Zoom's
        /// webinar add has no `auto_approve`) and the approval, or a booked person Zoom lists as
        /// pending. Not yet "Ins Webinar eingebucht".
        case pending
        /// Zoom would not take the person back: handed to the Zoom import CSV.
        case handedToImport
    }

    public var email: String
    public var firstName: String
    public var lastName: String
    public var registrantID: String?
    /// The bookings behind this registrant.
    public var bookings: [String]
    public var status: Status
    /// The registrant's personal join link (read from the registrant list).
    public var joinURL: String?

    public init(
        email: String, firstName: String, lastName: String, registrantID: String? = nil, bookings: [String],
        status: Status, joinURL: String? = nil
    ) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.registrantID = registrantID
        self.bookings = bookings
        self.status = status
        self.joinURL = joinURL
    }
}
