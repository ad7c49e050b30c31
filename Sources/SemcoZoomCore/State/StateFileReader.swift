import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the state file's JSON straight into `SyncState`, byte by byte, without JSONDecoder's
/// whole-document map (at size L the file is 163 MB and its decode was a quarter of a no-change
/// night's CPU and much of its peak memory). The tokens are `JSONByteScanner`'s; this reader
/// decides which keys and types the model has, and when to give up.
///
/// Safety rule: whenever this reader returns a state, JSONDecoder (`StateStore.decoder()`) gives
/// the equal state for the same bytes. It is deliberately narrower than JSON: anything it does
/// not handle, or that is invalid, ends the fast path (`nil`) and the caller decodes with
/// JSONDecoder as before, so every error and its message stay exactly what they were. Handled:
/// any JSON whitespace and key order, unknown keys (skipped, as JSONDecoder ignores them),
/// optional fields missing or `null`, all string escapes including `\uXXXX` and surrogate pairs,
/// integers without fraction or exponent, dates as `yyyy-MM-ddTHH:mm:ssZ` (what the encoder
/// writes). Left to JSONDecoder: duplicate keys, numbers with fraction/exponent or `-0` (also in
/// unknown keys' values), other date forms, non-ASCII field names, `\u0000`, nesting deeper than
/// 64, a leading BOM.
struct StateFileReader: ~Copyable {
    /// The input is something this reader does not handle or is invalid: decode with JSONDecoder.
    typealias Unsupported = JSONByteScanner.Declined

    /// The tokens; for `read(path:)` it sees the file's bytes read so far.
    private var s: JSONByteScanner
    /// `read(path:)` only: the file, the room for it (its size at `fstat` + 1), whether its end
    /// was read, the page size, and the bytes before `released` were given back.
    private let file: Int32
    private let capacity: Int
    private var atEnd: Bool
    private var readFailed = false
    private let pageSize: Int
    private var released = 0

    private init(bytes: UnsafePointer<UInt8>, count: Int) {
        s = JSONByteScanner(bytes: bytes, count: count, rules: .stateFile)
        file = -1
        capacity = count
        atEnd = true
        pageSize = 0
    }

    private init(file: Int32, into buffer: UnsafeMutableRawPointer, capacity: Int) {
        s = JSONByteScanner(
            bytes: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: 0, rules: .stateFile)
        self.file = file
        self.capacity = capacity
        atEnd = false
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The state in the file at `path`. The file is read as the reader goes, into pages of its
    /// own that are given back once parsed, so its bytes (163 MB at size L) are never all in
    /// memory, let alone beside the state built from them. (Read, not mapped: a file truncated
    /// while mapped would end the process with SIGBUS instead of an error.) Nil when JSONDecoder
    /// has to read it, or the file cannot be read so: the caller then reads it as before.
    static func read(path: String) -> SyncState? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        // One byte more than the file: a file that grew since fstat goes the ordinary way.
        let capacity = Int(info.st_size) + 1
        guard let buffer = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            buffer != MAP_FAILED
        else { return nil }
        defer { munmap(buffer, capacity) }
        var reader = StateFileReader(file: fd, into: buffer, capacity: capacity)
        return try? reader.document()
    }

    /// Reads more of the file until `wanted` bytes are there or it ends (a no-op for `Data`).
    private mutating func load(upTo wanted: Int) {
        let wanted = min(wanted, capacity)
        while !atEnd, s.count < wanted {
            let target = UnsafeMutableRawPointer(mutating: s.bytes + s.count)
            #if canImport(Glibc)
                let n = Glibc.read(file, target, wanted - s.count)
            #else
                let n = Darwin.read(file, target, wanted - s.count)
            #endif
            if n < 0, errno == EINTR { continue }
            if n <= 0 {
                readFailed = n < 0
                atEnd = true
                return
            }
            s.didAppend(n)
        }
    }

    /// Keeps at least 4 MiB of the file ahead of the reader, 8 MiB at a time. Called between
    /// courses and registrants: a single one larger than that ends the fast path (the reader
    /// meets the end of what is there), never its result.
    @inline(__always)
    private mutating func readAhead() {
        if !atEnd, s.count - s.position < 1 << 22 { load(upTo: s.position + (1 << 23)) }
    }

    /// Gives the pages parsed so far back to the system (`read(path:)` only, every 8 MiB). Only
    /// called between courses: nothing refers to those bytes any more.
    @inline(__always)
    private mutating func releaseReadPages() {
        guard pageSize > 0, s.position - released >= 1 << 23 else { return }
        let end = s.position / pageSize * pageSize
        _ = madvise(UnsafeMutableRawPointer(mutating: s.bytes + released), end - released, MADV_DONTNEED)
        released = end
    }

    /// The state in `data`, or nil when JSONDecoder has to read it.
    static func read(_ data: Data) -> SyncState? {
        data.withUnsafeBytes { raw -> SyncState? in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            var reader = StateFileReader(bytes: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
            return try? reader.document()
        }
    }

    // MARK: - The model

    private mutating func document() throws(Unsupported) -> SyncState {
        var format: Int?
        var lineage: String?
        var serial: Int?
        var updatedAt: Date??
        var courses: [String: ManagedCourse]?
        var dailyWrites: DailyWriteLedger??
        var unknown = UnknownKeys()
        readAhead()
        if try s.objectStart() {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "courses") {
                    try member(&courses) { try $0.coursesDictionary() }
                } else if eq(key, "format") {
                    try member(&format) { try $0.s.int() }
                } else if eq(key, "lineage") {
                    try member(&lineage) { try $0.s.string() }
                } else if eq(key, "serial") {
                    try member(&serial) { try $0.s.int() }
                } else if eq(key, "updatedAt") {
                    try nullableMember(&updatedAt) { try $0.date() }
                } else if eq(key, "dailyWrites") {
                    try nullableMember(&dailyWrites) { try $0.ledger() }
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try s.objectNext()
        }
        // Only whitespace may follow the document, up to the end of the file; a file that
        // could not be read to its end, or grew while read, goes the ordinary way.
        load(upTo: capacity)
        guard s.isAtEnd(), !readFailed, s.count < capacity || file < 0, let format, let lineage, let serial, let courses
        else { throw Unsupported() }
        return SyncState(
            format: format, lineage: lineage, serial: serial, updatedAt: updatedAt ?? nil, courses: courses,
            dailyWrites: dailyWrites ?? nil)
    }

    private mutating func ledger() throws(Unsupported) -> DailyWriteLedger {
        var day: CalendarDay?
        var perHost: [String: Int]?
        var unknown = UnknownKeys()
        if try s.objectStart() {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "day") {
                    try member(&day) { try $0.calendarDay() }
                } else if eq(key, "perHost") {
                    try once(perHost == nil)
                    var counts: [String: Int] = [:]
                    if try s.objectStart() {
                        repeat {
                            let host = try s.dictionaryKey()
                            try insert(try s.int(), for: host, into: &counts)
                        } while try s.objectNext()
                    }
                    perHost = counts
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try s.objectNext()
        }
        guard let day, let perHost else { throw Unsupported() }
        return DailyWriteLedger(day: day, perHost: perHost)
    }

    private mutating func coursesDictionary() throws(Unsupported) -> [String: ManagedCourse] {
        var courses: [String: ManagedCourse] = [:]
        if try s.objectStart() {
            repeat {
                let number = try s.dictionaryKey()
                try insert(try course(), for: number, into: &courses)
                releaseReadPages()
                readAhead()
            } while try s.objectNext()
        }
        return courses
    }

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
        if try s.objectStart() {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "registrants") {
                    try once(registrants == nil)
                    var all: [String: ManagedRegistrant] = [:]
                    if try s.objectStart() {
                        repeat {
                            readAhead()
                            let email = try s.dictionaryKey()
                            var registrant = try registrant()
                            // The key is the address lowercased, mostly the address itself: then one
                            // string serves both (byte-equal only; `==` would equate other spellings).
                            if registrant.email.utf8.elementsEqual(email.utf8) { registrant.email = email }
                            try insert(registrant, for: email, into: &all)
                        } while try s.objectNext()
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
            } while try s.objectNext()
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
        if try s.objectStart() {
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
            } while try s.objectNext()
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
        if try s.objectStart() {
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
            } while try s.objectNext()
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
        var recurrence: ZoomRecurrence??
        var sessions: [Session]?
        var settings: ZoomMeetingSettings?
        var unknown = UnknownKeys()
        if try s.objectStart() {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "sessions") {
                    try member(&sessions) { try $0.array { try $0.session() } }
                } else if eq(key, "agenda") {
                    try member(&agenda) { try $0.s.string() }
                } else if eq(key, "duration") {
                    try member(&duration) { try $0.s.int() }
                } else if eq(key, "recurrence") {
                    try nullableMember(&recurrence) { try $0.zoomRecurrence() }
                } else if eq(key, "settings") {
                    try member(&settings) { try $0.meetingSettings() }
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
            } while try s.objectNext()
        }
        guard let topic, let agenda, let type, let startTime, let timezone, let duration, let sessions, let settings
        else {
            throw Unsupported()
        }
        return MeetingSpec(
            topic: topic, agenda: agenda, type: type, startTime: startTime, timezone: timezone, duration: duration,
            recurrence: recurrence ?? nil, sessions: sessions, settings: settings)
    }

    private mutating func session() throws(Unsupported) -> Session {
        var day: CalendarDay?
        var from: LocalTime?
        var to: LocalTime?
        var start: Date?
        var end: Date?
        var unknown = UnknownKeys()
        if try s.objectStart() {
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
            } while try s.objectNext()
        }
        guard let day, let from, let to, let start, let end else { throw Unsupported() }
        return Session(day: day, from: from, to: to, start: start, end: end)
    }

    private mutating func zoomRecurrence() throws(Unsupported) -> ZoomRecurrence {
        var type: Int?
        var repeatInterval: Int??
        var weeklyDays: String??
        var endTimes: Int??
        var endDateTime: Date??
        var unknown = UnknownKeys()
        if try s.objectStart() {
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
            } while try s.objectNext()
        }
        guard let type else { throw Unsupported() }
        return ZoomRecurrence(
            type: type, repeatInterval: repeatInterval ?? nil, weeklyDays: weeklyDays ?? nil,
            endTimes: endTimes ?? nil, endDateTime: endDateTime ?? nil)
    }

    private mutating func meetingSettings() throws(Unsupported) -> ZoomMeetingSettings {
        var approvalType: Int??
        var registrationType: Int??
        var notification: Bool??
        var confirmation: Bool??
        var unknown = UnknownKeys()
        if try s.objectStart() {
            repeat {
                let key = try s.asciiFieldName()
                if eq(key, "approvalType") {
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
            } while try s.objectNext()
        }
        return ZoomMeetingSettings(
            approvalType: approvalType ?? nil, registrationType: registrationType ?? nil,
            registrantsEmailNotification: notification ?? nil,
            registrantsConfirmationEmail: confirmation ?? nil)
    }

    // MARK: - Values

    /// A key seen twice in one object: JSONDecoder decides what that means.
    @inline(__always)
    private func once(_ firstTime: Bool) throws(Unsupported) {
        if !firstTime { throw Unsupported() }
    }

    private func insert<Value>(_ value: Value, for key: String, into dictionary: inout [String: Value])
        throws(Unsupported)
    {
        // A key seen twice (also two spellings Swift's String considers equal) goes to JSONDecoder.
        if dictionary.updateValue(value, forKey: key) != nil { throw Unsupported() }
    }

    /// Reads a member into `slot`, which must still be empty: a key given twice goes to
    /// JSONDecoder (which decides which one wins). (`read` throws untyped so that a plain
    /// `{ try $0.… }` fits; everything this reader throws is `Unsupported`.)
    @inline(__always)
    private mutating func member<T>(_ slot: inout T?, _ read: (inout Self) throws -> T) throws(Unsupported) {
        try once(slot == nil)
        do { slot = try read(&self) } catch { throw Unsupported() }
    }

    /// A JSON array, each element read by `element`.
    @inline(__always)
    private mutating func array<T>(_ element: (inout Self) throws -> T) throws -> [T] {
        var list: [T] = []
        if try s.arrayStart() {
            repeat { list.append(try element(&self)) } while try s.arrayNext()
        }
        return list
    }

    /// A string that must be one of `E`'s raw values.
    @inline(__always)
    private mutating func rawValue<E: RawRepresentable>(_: E.Type) throws(Unsupported) -> E where E.RawValue == String {
        guard let value = E(rawValue: try s.string()) else { throw Unsupported() }
        return value
    }

    /// Reads a member that may be `null` into `slot` (`.some(nil)` for null, so that a repeat is
    /// still seen).
    @inline(__always)
    private mutating func nullableMember<T>(_ slot: inout T??, _ read: (inout Self) throws -> T) throws(Unsupported) {
        try once(slot == nil)
        do { slot = .some(try s.null() ? nil : try read(&self)) } catch { throw Unsupported() }
    }

    @inline(__always)
    private func eq(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        JSONByteScanner.equal(key, name)
    }

    /// The ASCII names of a struct's unknown fields so far; one seen twice goes to JSONDecoder.
    /// (Field names are ASCII here, `asciiFieldName()`: equal as bytes is equal as Strings.)
    private struct UnknownKeys {
        var names: [[UInt8]] = []
    }

    private mutating func skipUnknown(_ key: UnsafeBufferPointer<UInt8>, _ unknown: inout UnknownKeys)
        throws(Unsupported)
    {
        let name = Array(key)
        if unknown.names.contains(name) { throw Unsupported() }
        unknown.names.append(name)
        try s.skipValue()
    }

    /// `yyyy-MM-ddTHH:mm:ssZ`, what `.iso8601` writes; other forms go to JSONDecoder.
    private mutating func date() throws(Unsupported) -> Date {
        // Whole seconds only, as the writer writes them; years before 1601 would meet the Julian
        // calendar of Foundation's Gregorian calendar.
        let t = try s.stringBytes()
        guard t.count == 20, let f = UTCTimestamp.fields(t), f.year >= 1601, f.hour <= 23, f.minute <= 59,
            f.second <= 59
        else {
            throw Unsupported()
        }
        return f.date
    }

    /// A `yyyy-MM-dd` day, read as `CalendarDay`'s own decoding reads it.
    private mutating func calendarDay() throws(Unsupported) -> CalendarDay {
        let t = try s.stringBytes()
        if t.count == 10, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"),
            let year = try? digits(t, 0, 4), let month = try? digits(t, 5, 2), let day = try? digits(t, 8, 2)
        {
            guard CalendarDay.isValid(year: year, month: month, day: day) else { throw Unsupported() }
            return CalendarDay(year: year, month: month, day: day)
        }
        guard let day = CalendarDay(iso: String(decoding: t, as: UTF8.self)) else { throw Unsupported() }
        return day
    }

    private mutating func localTime() throws(Unsupported) -> LocalTime {
        guard let time = LocalTime(try s.string()) else { throw Unsupported() }
        return time
    }

    @inline(__always)
    private func digits(_ t: UnsafeBufferPointer<UInt8>, _ from: Int, _ n: Int) throws(Unsupported) -> Int {
        var value = 0
        for i in from..<from + n {
            let c = t[i]
            guard c >= 0x30, c <= 0x39 else { throw Unsupported() }
            value = value * 10 + Int(c - 0x30)
        }
        return value
    }
}

extension JSONByteScanner.Rules {
    /// The state reader's rules: `-0`, `\u0000` and numbers other than integers (also in the
    /// values of unknown keys) go to JSONDecoder. Our encoder never writes them, so reading them
    /// here would gain nothing, and the reader's tests pin these cases as declined. (The Zoom
    /// readers take them: `zoomAnswers`.)
    static let stateFile = Self(negativeZero: false, nulEscape: false, anyNumberInSkippedValues: false)
}
