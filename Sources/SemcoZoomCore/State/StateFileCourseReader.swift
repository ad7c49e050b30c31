import Foundation

/// Reads one course line of the state file (format 2, `StateFile`) straight into
/// `ManagedCourse`, byte by byte, before JSONDecoder is asked. Why it exists: issue 15's budget
/// for the size-L no-change night (our CPU ≤ 1.3 × the hand-read state file's) was missed with
/// JSONDecoder alone (1.63 ×; `StateFile.read` was 22 % of the night, about 5.2 CPU-s for the
/// 108 MB file against 0.5 CPU-s for the hand reader), docs/state.md.
///
/// Safety rule: whenever this reader returns a course, JSONDecoder (`StateStore.decoder()`) gives
/// the equal course for the same bytes (`StateFileCourseReaderTests` checks it on generated and
/// damaged lines). It is deliberately narrower than JSON: anything it does not handle, or that is
/// invalid, gives nil and the caller decodes the line with JSONDecoder as before, so every error
/// and its message stay JSONDecoder's. Handled: any JSON whitespace and key order, unknown keys
/// (skipped, as JSONDecoder ignores them), optional fields missing or `null`, all string escapes
/// but `\u0000`, integers without fraction or exponent, dates as `yyyy-MM-ddTHH:mm:ssZ` (what the
/// encoder writes). Left to JSONDecoder: duplicate keys, numbers with fraction/exponent or `-0`
/// (also in unknown keys' values), other date forms, non-ASCII field names, nesting deeper than
/// 64, a leading BOM.
struct StateFileCourseReader: ~Copyable {
    /// The line is something this reader does not handle or is invalid: decode with JSONDecoder.
    typealias Unsupported = JSONByteScanner.Declined

    /// The line's tokens (the values' readers are in StateFileCourseReader+Values.swift).
    var s: JSONByteScanner

    /// The course on `line` (one course's JSON object, without the comma after it), or nil when
    /// JSONDecoder has to read it.
    static func course(_ line: ArraySlice<UInt8>) -> ManagedCourse? {
        line.withUnsafeBufferPointer { bytes -> ManagedCourse? in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            var reader = StateFileCourseReader(s: JSONByteScanner(bytes: base, count: bytes.count))
            // Only whitespace may follow the course, as for JSONDecoder.
            guard let course = try? reader.course(), reader.s.isAtEnd() else { return nil }
            return course
        }
    }

    // MARK: - The model

    private mutating func course() throws(Unsupported) -> ManagedCourse {
        var number: String?
        var phase: ManagedCourse.Phase?
        var host: String?
        var meetingID: Int??
        var pendingCreate: PendingCreate??
        var lastSent: MeetingSpec??
        var joinURL: String??
        var registrationURL: String??
        var registrants: [String: ManagedRegistrant]?
        var goneSince: Date??
        var hostChangedInZoom: Date??
        var closedAt: Date??
        var alternativeHosts: [String]??
        var unknown = UnknownKeys()
        if try s.opens(.object) {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "registrants") {
                    try once(registrants == nil)
                    var all: [String: ManagedRegistrant] = [:]
                    if try s.opens(.object) {
                        repeat {
                            let email = try s.dictionaryKey()
                            try insert(try registrant(), for: email, into: &all)
                        } while try s.continues(.object)
                    }
                    registrants = all
                } else if eq(key, "host") {
                    try member(&host) { try $0.s.string() }
                } else if eq(key, "number") {
                    try member(&number) { try $0.s.string() }
                } else if eq(key, "phase") {
                    try member(&phase) { try $0.rawValue(ManagedCourse.Phase.self) }
                } else if eq(key, "meetingID") {
                    try nullableMember(&meetingID) { try $0.s.int() }
                } else if eq(key, "joinURL") {
                    try nullableMember(&joinURL) { try $0.s.string() }
                } else if eq(key, "lastSent") {
                    try nullableMember(&lastSent) { try $0.meetingSpec() }
                } else if eq(key, "registrationURL") {
                    try nullableMember(&registrationURL) { try $0.s.string() }
                } else if eq(key, "pendingCreate") {
                    try nullableMember(&pendingCreate) { try $0.pending() }
                } else if eq(key, "goneSince") {
                    try nullableMember(&goneSince) { try $0.date() }
                } else if eq(key, "hostChangedInZoom") {
                    try nullableMember(&hostChangedInZoom) { try $0.date() }
                } else if eq(key, "closedAt") {
                    try nullableMember(&closedAt) { try $0.date() }
                } else if eq(key, "alternativeHosts") {
                    try nullableMember(&alternativeHosts) { try $0.array { try $0.s.string() } }
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try s.continues(.object)
        }
        guard let number, let phase, let host, let registrants else { throw Unsupported() }
        return ManagedCourse(
            number: CourseNumber(number), phase: phase, host: host, meetingID: (meetingID ?? nil).map(Int64.init),
            pendingCreate: pendingCreate ?? nil, lastSent: lastSent ?? nil, joinURL: joinURL ?? nil,
            registrationURL: registrationURL ?? nil, registrants: registrants, goneSince: goneSince ?? nil,
            hostChangedInZoom: hostChangedInZoom ?? nil, closedAt: closedAt ?? nil,
            alternativeHosts: alternativeHosts ?? nil)
    }

    private mutating func registrant() throws(Unsupported) -> ManagedRegistrant {
        var email: String?
        var firstName: String?
        var lastName: String?
        var registrantID: String??
        var bookings: [String]?
        var status: ManagedRegistrant.Status?
        var joinURL: String??
        var unknown = UnknownKeys()
        if try s.opens(.object) {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "bookings") {
                    try member(&bookings) { try $0.array { try $0.s.string() } }
                } else if eq(key, "email") {
                    try member(&email) { try $0.s.string() }
                } else if eq(key, "firstName") {
                    try member(&firstName) { try $0.s.string() }
                } else if eq(key, "joinURL") {
                    try nullableMember(&joinURL) { try $0.s.string() }
                } else if eq(key, "lastName") {
                    try member(&lastName) { try $0.s.string() }
                } else if eq(key, "registrantID") {
                    try nullableMember(&registrantID) { try $0.s.string() }
                } else if eq(key, "status") {
                    try member(&status) { try $0.rawValue(ManagedRegistrant.Status.self) }
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try s.continues(.object)
        }
        guard let email, let firstName, let lastName, let bookings, let status else { throw Unsupported() }
        return ManagedRegistrant(
            email: email, firstName: firstName, lastName: lastName, registrantID: registrantID ?? nil,
            bookings: bookings, status: status, joinURL: joinURL ?? nil)
    }

    private mutating func pending() throws(Unsupported) -> PendingCreate {
        var marker: String?
        var host: String?
        var recordedAt: Date?
        var unknown = UnknownKeys()
        if try s.opens(.object) {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "marker") {
                    try member(&marker) { try $0.s.string() }
                } else if eq(key, "host") {
                    try member(&host) { try $0.s.string() }
                } else if eq(key, "recordedAt") {
                    try member(&recordedAt) { try $0.date() }
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try s.continues(.object)
        }
        guard let marker, let host, let recordedAt else { throw Unsupported() }
        return PendingCreate(marker: marker, host: host, recordedAt: recordedAt)
    }

    private mutating func meetingSpec() throws(Unsupported) -> MeetingSpec {
        var topic: String?
        var agenda: String?
        var type: Int?
        var startTime: String?
        var timezone: String?
        var duration: Int?
        var recurrence: MeetingRecurrence??
        var sessions: [Session]?
        var settings: MeetingSettings?
        var unknown = UnknownKeys()
        if try s.opens(.object) {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "sessions") {
                    try member(&sessions) { try $0.array { try $0.session() } }
                } else if eq(key, "agenda") {
                    try member(&agenda) { try $0.s.string() }
                } else if eq(key, "duration") {
                    try member(&duration) { try $0.s.int() }
                } else if eq(key, "recurrence") {
                    try nullableMember(&recurrence) { try $0.recurrence() }
                } else if eq(key, "settings") {
                    try member(&settings) { try $0.settings() }
                } else if eq(key, "startTime") {
                    try member(&startTime) { try $0.s.string() }
                } else if eq(key, "timezone") {
                    try member(&timezone) { try $0.s.string() }
                } else if eq(key, "topic") {
                    try member(&topic) { try $0.s.string() }
                } else if eq(key, "type") {
                    try member(&type) { try $0.s.int() }
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try s.continues(.object)
        }
        guard let topic, let agenda, let type, let startTime, let timezone, let duration, let sessions, let settings
        else {
            throw Unsupported()
        }
        return MeetingSpec(
            topic: topic, agenda: agenda, kind: MeetingKind(zoomType: type), startTime: startTime,
            timezone: timezone, duration: duration, recurrence: recurrence ?? nil, sessions: sessions,
            settings: settings)
    }

    private mutating func session() throws(Unsupported) -> Session {
        var day: CalendarDay?
        var from: LocalTime?
        var to: LocalTime?
        var start: Date?
        var end: Date?
        var unknown = UnknownKeys()
        if try s.opens(.object) {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "day") {
                    try member(&day) { try $0.calendarDay() }
                } else if eq(key, "end") {
                    try member(&end) { try $0.date() }
                } else if eq(key, "from") {
                    try member(&from) { try $0.localTime() }
                } else if eq(key, "start") {
                    try member(&start) { try $0.date() }
                } else if eq(key, "to") {
                    try member(&to) { try $0.localTime() }
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try s.continues(.object)
        }
        guard let day, let from, let to, let start, let end else { throw Unsupported() }
        return Session(day: day, from: from, to: to, start: start, end: end)
    }

    private mutating func recurrence() throws(Unsupported) -> MeetingRecurrence {
        var type: Int?
        var repeatInterval: Int??
        var weeklyDays: String??
        var endTimes: Int??
        var endDateTime: Date??
        var unknown = UnknownKeys()
        if try s.opens(.object) {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "endDateTime") {
                    try nullableMember(&endDateTime) { try $0.date() }
                } else if eq(key, "endTimes") {
                    try nullableMember(&endTimes) { try $0.s.int() }
                } else if eq(key, "repeatInterval") {
                    try nullableMember(&repeatInterval) { try $0.s.int() }
                } else if eq(key, "type") {
                    try member(&type) { try $0.s.int() }
                } else if eq(key, "weeklyDays") {
                    try nullableMember(&weeklyDays) { try $0.s.string() }
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try s.continues(.object)
        }
        guard let type else { throw Unsupported() }
        // A text that is no weekday list is JSONDecoder's to refuse, with its message.
        var weekdays: Set<Weekday>?
        if let text = weeklyDays ?? nil {
            guard let days = ZoomWeeklyDays.weekdays(text) else { throw Unsupported() }
            weekdays = days
        }
        return MeetingRecurrence(
            frequency: RecurrenceFrequency(zoomType: type), repeatInterval: repeatInterval ?? nil,
            weekdays: weekdays, endTimes: endTimes ?? nil, endDateTime: endDateTime ?? nil)
    }

    private mutating func settings() throws(Unsupported) -> MeetingSettings {
        var approvalType: Int??
        var registrationType: Int??
        var notification: Bool??
        var confirmation: Bool??
        var alternativeHosts: String??
        var unknown = UnknownKeys()
        if try s.opens(.object) {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "alternativeHosts") {
                    try nullableMember(&alternativeHosts) { try $0.s.string() }
                } else if eq(key, "approvalType") {
                    try nullableMember(&approvalType) { try $0.s.int() }
                } else if eq(key, "registrantsConfirmationEmail") {
                    try nullableMember(&confirmation) { try $0.s.bool() }
                } else if eq(key, "registrantsEmailNotification") {
                    try nullableMember(&notification) { try $0.s.bool() }
                } else if eq(key, "registrationType") {
                    try nullableMember(&registrationType) { try $0.s.int() }
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try s.continues(.object)
        }
        return MeetingSettings(
            approval: (approvalType ?? nil).map(RegistrationApproval.init(zoomType:)),
            registration: (registrationType ?? nil).map(SeriesRegistration.init(zoomType:)),
            registrantsEmailNotification: notification ?? nil, registrantsConfirmationEmail: confirmation ?? nil,
            alternativeHosts: alternativeHosts ?? nil)
    }
}
