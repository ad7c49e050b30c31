import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the state file's JSON straight into `SyncState`, byte by byte, without JSONDecoder's
/// whole-document map (at size L the file is 163 MB and its decode was a quarter of a no-change
/// night's CPU and much of its peak memory).
///
/// Safety rule: whenever this reader returns a state, JSONDecoder (`StateStore.decoder()`) gives
/// the equal state for the same bytes. It is deliberately narrower than JSON: anything it does
/// not handle, or that is invalid, ends the fast path (`nil`) and the caller decodes with
/// JSONDecoder as before, so every error and its message stay exactly what they were. Handled:
/// any JSON whitespace and key order, unknown keys (skipped, as JSONDecoder ignores them),
/// optional fields missing or `null`, all string escapes including `\uXXXX` and surrogate pairs,
/// integers without fraction or exponent, dates as `yyyy-MM-ddTHH:mm:ssZ` (what the encoder
/// writes). Left to JSONDecoder: duplicate keys, numbers with fraction/exponent or `-0`, other
/// date forms, non-ASCII field names, `\u0000`, nesting deeper than 64, a leading BOM.
struct StateFileReader {
    /// The input is something this reader does not handle or is invalid: decode with JSONDecoder.
    struct Unsupported: Error {}

    private let bytes: UnsafePointer<UInt8>
    /// The bytes there so far (all of them for `Data`; `read(path:)` reads the file as it goes).
    private var count: Int
    private var at = 0
    /// Unescaped text of the last string that had escapes (valid until the next string is read).
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    /// `read(path:)` only: the file, the room for it (its size at `fstat` + 1), whether its end
    /// was read, the page size, and the bytes before `released` were given back.
    private let file: Int32
    private let capacity: Int
    private var atEnd: Bool
    private var readFailed = false
    private let pageSize: Int
    private var released = 0

    private init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
        file = -1
        capacity = count
        atEnd = true
        pageSize = 0
        scratchCapacity = 256
        scratch = .allocate(capacity: scratchCapacity)
    }

    private init(file: Int32, into buffer: UnsafeMutableRawPointer, capacity: Int) {
        bytes = UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
        count = 0
        self.file = file
        self.capacity = capacity
        atEnd = false
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        scratchCapacity = 256
        scratch = .allocate(capacity: scratchCapacity)
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
              buffer != MAP_FAILED else { return nil }
        defer { munmap(buffer, capacity) }
        var reader = StateFileReader(file: fd, into: buffer, capacity: capacity)
        defer { reader.scratch.deallocate() }
        return try? reader.document()
    }

    /// Reads more of the file until `wanted` bytes are there or it ends (a no-op for `Data`).
    private mutating func load(upTo wanted: Int) {
        let wanted = min(wanted, capacity)
        while !atEnd, count < wanted {
            let target = UnsafeMutableRawPointer(mutating: bytes + count)
            #if canImport(Glibc)
            let n = Glibc.read(file, target, wanted - count)
            #else
            let n = Darwin.read(file, target, wanted - count)
            #endif
            if n < 0, errno == EINTR { continue }
            if n <= 0 {
                readFailed = n < 0
                atEnd = true
                return
            }
            count += n
        }
    }

    /// Keeps at least 4 MiB of the file ahead of the reader, 8 MiB at a time. Called between
    /// courses and registrants: a single one larger than that ends the fast path (the reader
    /// meets the end of what is there), never its result.
    @inline(__always)
    private mutating func readAhead() {
        if !atEnd, count - at < 1 << 22 { load(upTo: at + (1 << 23)) }
    }

    /// Gives the pages parsed so far back to the system (`read(path:)` only, every 8 MiB). Only
    /// called between courses: nothing refers to those bytes any more.
    @inline(__always)
    private mutating func releaseReadPages() {
        guard pageSize > 0, at - released >= 1 << 23 else { return }
        let end = at / pageSize * pageSize
        _ = madvise(UnsafeMutableRawPointer(mutating: bytes + released), end - released, MADV_DONTNEED)
        released = end
    }

    /// The state in `data`, or nil when JSONDecoder has to read it.
    static func read(_ data: Data) -> SyncState? {
        data.withUnsafeBytes { raw -> SyncState? in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            var reader = StateFileReader(bytes: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
            defer { reader.scratch.deallocate() }
            return try? reader.document()
        }
    }

    // MARK: - The model

    private mutating func document() throws(Unsupported) -> SyncState {
        var format: Int?, lineage: String?, serial: Int?, updatedAt: Date??, courses: [String: ManagedCourse]?
        var dailyWrites: DailyWriteLedger??
        var unknown = UnknownKeys()
        readAhead()
        if try objectStart() {
            repeat {
                let key = try fieldName()
                if eq(key, "courses") {
                    try once(courses == nil)
                    courses = try coursesDictionary()
                } else if eq(key, "format") {
                    try once(format == nil)
                    format = try int()
                } else if eq(key, "lineage") {
                    try once(lineage == nil)
                    lineage = try string()
                } else if eq(key, "serial") {
                    try once(serial == nil)
                    serial = try int()
                } else if eq(key, "updatedAt") {
                    try once(updatedAt == nil)
                    updatedAt = .some(try optional { (r: inout Self) throws(Unsupported) in try r.date() })
                } else if eq(key, "dailyWrites") {
                    try once(dailyWrites == nil)
                    dailyWrites = .some(try optional { (r: inout Self) throws(Unsupported) in try r.ledger() })
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try objectNext()
        }
        // Only whitespace may follow the document, up to the end of the file; a file that
        // could not be read to its end, or grew while read, goes the ordinary way.
        load(upTo: capacity)
        skipWhitespace()
        guard at == count, !readFailed, count < capacity || file < 0, let format, let lineage, let serial, let courses else { throw Unsupported() }
        return SyncState(format: format, lineage: lineage, serial: serial, updatedAt: updatedAt ?? nil, courses: courses,
                         dailyWrites: dailyWrites ?? nil)
    }

    private mutating func ledger() throws(Unsupported) -> DailyWriteLedger {
        var day: CalendarDay?, perHost: [String: Int]?
        var unknown = UnknownKeys()
        if try objectStart() {
            repeat {
                let key = try fieldName()
                if eq(key, "day") {
                    try once(day == nil)
                    day = try calendarDay()
                } else if eq(key, "perHost") {
                    try once(perHost == nil)
                    var counts: [String: Int] = [:]
                    if try objectStart() {
                        repeat {
                            let host = try dictionaryKey()
                            try insert(try int(), for: host, into: &counts)
                        } while try objectNext()
                    }
                    perHost = counts
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try objectNext()
        }
        guard let day, let perHost else { throw Unsupported() }
        return DailyWriteLedger(day: day, perHost: perHost)
    }

    private mutating func coursesDictionary() throws(Unsupported) -> [String: ManagedCourse] {
        var courses: [String: ManagedCourse] = [:]
        if try objectStart() {
            repeat {
                let number = try dictionaryKey()
                try insert(try course(), for: number, into: &courses)
                releaseReadPages()
                readAhead()
            } while try objectNext()
        }
        return courses
    }

    private mutating func course() throws(Unsupported) -> ManagedCourse {
        var number: String?, phase: ManagedCourse.Phase?, host: String?, meetingID: Int??, pendingCreate: PendingCreate??
        var lastSent: MeetingSpec??, joinURL: String??, registrationURL: String??, registrants: [String: ManagedRegistrant]?
        var goneSince: Date??
        var unknown = UnknownKeys()
        if try objectStart() {
            repeat {
                let key = try fieldName()
                if eq(key, "registrants") {
                    try once(registrants == nil)
                    var all: [String: ManagedRegistrant] = [:]
                    if try objectStart() {
                        repeat {
                            readAhead()
                            let email = try dictionaryKey()
                            var registrant = try registrant()
                            // The key is the address lowercased, mostly the address itself: then one
                            // string serves both (byte-equal only; `==` would equate other spellings).
                            if registrant.email.utf8.elementsEqual(email.utf8) { registrant.email = email }
                            try insert(registrant, for: email, into: &all)
                        } while try objectNext()
                    }
                    registrants = all
                } else if eq(key, "host") {
                    try once(host == nil)
                    host = try string()
                } else if eq(key, "number") {
                    try once(number == nil)
                    number = try string()
                } else if eq(key, "phase") {
                    try once(phase == nil)
                    guard let value = ManagedCourse.Phase(rawValue: try string()) else { throw Unsupported() }
                    phase = value
                } else if eq(key, "meetingID") {
                    try once(meetingID == nil)
                    meetingID = .some(try optional { (r: inout Self) throws(Unsupported) in try r.int() })
                } else if eq(key, "joinURL") {
                    try once(joinURL == nil)
                    joinURL = .some(try optional { (r: inout Self) throws(Unsupported) in try r.string() })
                } else if eq(key, "lastSent") {
                    try once(lastSent == nil)
                    lastSent = .some(try optional { (r: inout Self) throws(Unsupported) in try r.meetingSpec() })
                } else if eq(key, "registrationURL") {
                    try once(registrationURL == nil)
                    registrationURL = .some(try optional { (r: inout Self) throws(Unsupported) in try r.string() })
                } else if eq(key, "pendingCreate") {
                    try once(pendingCreate == nil)
                    pendingCreate = .some(try optional { (r: inout Self) throws(Unsupported) in try r.pending() })
                } else if eq(key, "goneSince") {
                    try once(goneSince == nil)
                    goneSince = .some(try optional { (r: inout Self) throws(Unsupported) in try r.date() })
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try objectNext()
        }
        guard let number, let phase, let host, let registrants else { throw Unsupported() }
        return ManagedCourse(number: CourseNumber(number), phase: phase, host: host, meetingID: (meetingID ?? nil).map(Int64.init),
                             pendingCreate: pendingCreate ?? nil, lastSent: lastSent ?? nil, joinURL: joinURL ?? nil,
                             registrationURL: registrationURL ?? nil, registrants: registrants, goneSince: goneSince ?? nil)
    }

    private mutating func registrant() throws(Unsupported) -> ManagedRegistrant {
        var email: String?, firstName: String?, lastName: String?, registrantID: String??, bookings: [String]?
        var status: ManagedRegistrant.Status?, joinURL: String??
        var unknown = UnknownKeys()
        if try objectStart() {
            repeat {
                let key = try fieldName()
                if eq(key, "bookings") {
                    try once(bookings == nil)
                    var list: [String] = []
                    if try arrayStart() {
                        repeat { list.append(try string()) } while try arrayNext()
                    }
                    bookings = list
                } else if eq(key, "email") {
                    try once(email == nil)
                    email = try string()
                } else if eq(key, "firstName") {
                    try once(firstName == nil)
                    firstName = try string()
                } else if eq(key, "joinURL") {
                    try once(joinURL == nil)
                    joinURL = .some(try optional { (r: inout Self) throws(Unsupported) in try r.string() })
                } else if eq(key, "lastName") {
                    try once(lastName == nil)
                    lastName = try string()
                } else if eq(key, "registrantID") {
                    try once(registrantID == nil)
                    registrantID = .some(try optional { (r: inout Self) throws(Unsupported) in try r.string() })
                } else if eq(key, "status") {
                    try once(status == nil)
                    guard let value = ManagedRegistrant.Status(rawValue: try string()) else { throw Unsupported() }
                    status = value
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try objectNext()
        }
        guard let email, let firstName, let lastName, let bookings, let status else { throw Unsupported() }
        return ManagedRegistrant(email: email, firstName: firstName, lastName: lastName, registrantID: registrantID ?? nil,
                                 bookings: bookings, status: status, joinURL: joinURL ?? nil)
    }

    private mutating func pending() throws(Unsupported) -> PendingCreate {
        var marker: String?, host: String?, recordedAt: Date?
        var unknown = UnknownKeys()
        if try objectStart() {
            repeat {
                let key = try fieldName()
                if eq(key, "marker") {
                    try once(marker == nil)
                    marker = try string()
                } else if eq(key, "host") {
                    try once(host == nil)
                    host = try string()
                } else if eq(key, "recordedAt") {
                    try once(recordedAt == nil)
                    recordedAt = try date()
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try objectNext()
        }
        guard let marker, let host, let recordedAt else { throw Unsupported() }
        return PendingCreate(marker: marker, host: host, recordedAt: recordedAt)
    }

    private mutating func meetingSpec() throws(Unsupported) -> MeetingSpec {
        var topic: String?, agenda: String?, type: Int?, startTime: String?, timezone: String?, duration: Int?
        var recurrence: ZoomRecurrence??, sessions: [Session]?, settings: ZoomMeetingSettings?
        var unknown = UnknownKeys()
        if try objectStart() {
            repeat {
                let key = try fieldName()
                if eq(key, "sessions") {
                    try once(sessions == nil)
                    var list: [Session] = []
                    if try arrayStart() {
                        repeat { list.append(try session()) } while try arrayNext()
                    }
                    sessions = list
                } else if eq(key, "agenda") {
                    try once(agenda == nil)
                    agenda = try string()
                } else if eq(key, "duration") {
                    try once(duration == nil)
                    duration = try int()
                } else if eq(key, "recurrence") {
                    try once(recurrence == nil)
                    recurrence = .some(try optional { (r: inout Self) throws(Unsupported) in try r.zoomRecurrence() })
                } else if eq(key, "settings") {
                    try once(settings == nil)
                    settings = try meetingSettings()
                } else if eq(key, "startTime") {
                    try once(startTime == nil)
                    startTime = try string()
                } else if eq(key, "timezone") {
                    try once(timezone == nil)
                    timezone = try string()
                } else if eq(key, "topic") {
                    try once(topic == nil)
                    topic = try string()
                } else if eq(key, "type") {
                    try once(type == nil)
                    type = try int()
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try objectNext()
        }
        guard let topic, let agenda, let type, let startTime, let timezone, let duration, let sessions, let settings else {
            throw Unsupported()
        }
        return MeetingSpec(topic: topic, agenda: agenda, type: type, startTime: startTime, timezone: timezone, duration: duration,
                           recurrence: recurrence ?? nil, sessions: sessions, settings: settings)
    }

    private mutating func session() throws(Unsupported) -> Session {
        var day: CalendarDay?, from: LocalTime?, to: LocalTime?, start: Date?, end: Date?
        var unknown = UnknownKeys()
        if try objectStart() {
            repeat {
                let key = try fieldName()
                if eq(key, "day") {
                    try once(day == nil)
                    day = try calendarDay()
                } else if eq(key, "end") {
                    try once(end == nil)
                    end = try date()
                } else if eq(key, "from") {
                    try once(from == nil)
                    from = try localTime()
                } else if eq(key, "start") {
                    try once(start == nil)
                    start = try date()
                } else if eq(key, "to") {
                    try once(to == nil)
                    to = try localTime()
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try objectNext()
        }
        guard let day, let from, let to, let start, let end else { throw Unsupported() }
        return Session(day: day, from: from, to: to, start: start, end: end)
    }

    private mutating func zoomRecurrence() throws(Unsupported) -> ZoomRecurrence {
        var type: Int?, repeatInterval: Int??, weeklyDays: String??, endTimes: Int??, endDateTime: Date??
        var unknown = UnknownKeys()
        if try objectStart() {
            repeat {
                let key = try fieldName()
                if eq(key, "endDateTime") {
                    try once(endDateTime == nil)
                    endDateTime = .some(try optional { (r: inout Self) throws(Unsupported) in try r.date() })
                } else if eq(key, "endTimes") {
                    try once(endTimes == nil)
                    endTimes = .some(try optional { (r: inout Self) throws(Unsupported) in try r.int() })
                } else if eq(key, "repeatInterval") {
                    try once(repeatInterval == nil)
                    repeatInterval = .some(try optional { (r: inout Self) throws(Unsupported) in try r.int() })
                } else if eq(key, "type") {
                    try once(type == nil)
                    type = try int()
                } else if eq(key, "weeklyDays") {
                    try once(weeklyDays == nil)
                    weeklyDays = .some(try optional { (r: inout Self) throws(Unsupported) in try r.string() })
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try objectNext()
        }
        guard let type else { throw Unsupported() }
        return ZoomRecurrence(type: type, repeatInterval: repeatInterval ?? nil, weeklyDays: weeklyDays ?? nil,
                              endTimes: endTimes ?? nil, endDateTime: endDateTime ?? nil)
    }

    private mutating func meetingSettings() throws(Unsupported) -> ZoomMeetingSettings {
        var approvalType: Int??, registrationType: Int??, notification: Bool??, confirmation: Bool??
        var unknown = UnknownKeys()
        if try objectStart() {
            repeat {
                let key = try fieldName()
                if eq(key, "approvalType") {
                    try once(approvalType == nil)
                    approvalType = .some(try optional { (r: inout Self) throws(Unsupported) in try r.int() })
                } else if eq(key, "registrantsConfirmationEmail") {
                    try once(confirmation == nil)
                    confirmation = .some(try optional { (r: inout Self) throws(Unsupported) in try r.bool() })
                } else if eq(key, "registrantsEmailNotification") {
                    try once(notification == nil)
                    notification = .some(try optional { (r: inout Self) throws(Unsupported) in try r.bool() })
                } else if eq(key, "registrationType") {
                    try once(registrationType == nil)
                    registrationType = .some(try optional { (r: inout Self) throws(Unsupported) in try r.int() })
                } else {
                    try skipUnknown(key, &unknown)
                }
            } while try objectNext()
        }
        return ZoomMeetingSettings(approvalType: approvalType ?? nil, registrationType: registrationType ?? nil,
                                   registrantsEmailNotification: notification ?? nil,
                                   registrantsConfirmationEmail: confirmation ?? nil)
    }

    // MARK: - Values

    /// A key seen twice in one object: JSONDecoder decides what that means.
    @inline(__always)
    private func once(_ firstTime: Bool) throws(Unsupported) {
        if !firstTime { throw Unsupported() }
    }

    private func insert<Value>(_ value: Value, for key: String, into dictionary: inout [String: Value]) throws(Unsupported) {
        // A key seen twice (also two spellings Swift's String considers equal) goes to JSONDecoder.
        if dictionary.updateValue(value, forKey: key) != nil { throw Unsupported() }
    }

    /// `null` → nil, else the value `read` reads.
    @inline(__always)
    private mutating func optional<T>(_ read: (inout Self) throws(Unsupported) -> T) throws(Unsupported) -> T? {
        if try peek() == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        return try read(&self)
    }

    private mutating func int() throws(Unsupported) -> Int {
        var c = try peek()
        let negative = c == UInt8(ascii: "-")
        if negative {
            at += 1
            guard at < count else { throw Unsupported() }
            c = bytes[at]
        }
        guard c >= 0x30, c <= 0x39 else { throw Unsupported() }
        var value = 0
        if c == 0x30 {
            // A lone 0 (`-0` and leading zeros are left to JSONDecoder).
            at += 1
            if negative { throw Unsupported() }
        } else {
            while at < count, bytes[at] >= 0x30, bytes[at] <= 0x39 {
                let digit = Int(bytes[at] - 0x30)
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
                if o1 || o2 { throw Unsupported() }
                value = sum
                at += 1
            }
        }
        // A fraction or exponent goes to JSONDecoder.
        if at < count, bytes[at] == UInt8(ascii: ".") || bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E")
            || (bytes[at] >= 0x30 && bytes[at] <= 0x39) {
            throw Unsupported()
        }
        return value
    }

    private mutating func bool() throws(Unsupported) -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            throw Unsupported()
        }
    }

    private mutating func string() throws(Unsupported) -> String {
        let (text, ascii) = try rawString()
        return try makeString(text, ascii: ascii)
    }

    private func makeString(_ text: UnsafeBufferPointer<UInt8>, ascii: Bool) throws(Unsupported) -> String {
        if ascii { return String(decoding: text, as: UTF8.self) }
        guard let valid = String(validating: text, as: UTF8.self) else { throw Unsupported() }
        return valid
    }

    /// A key of a dictionary (course number, e-mail, host): any text.
    private mutating func dictionaryKey() throws(Unsupported) -> String {
        let key = try string()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// A field name of a struct, as bytes (valid until the next string is read). Non-ASCII names
    /// go to JSONDecoder: Swift compares keys by canonical equivalence, bytes do not.
    private mutating func fieldName() throws(Unsupported) -> UnsafeBufferPointer<UInt8> {
        let (key, ascii) = try rawString()
        guard ascii else { throw Unsupported() }
        try expect(UInt8(ascii: ":"))
        return key
    }

    @inline(__always)
    private func eq(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
    }

    /// The ASCII names of a struct's unknown fields so far; one seen twice goes to JSONDecoder.
    private struct UnknownKeys {
        var names: [[UInt8]] = []
    }

    private mutating func skipUnknown(_ key: UnsafeBufferPointer<UInt8>, _ unknown: inout UnknownKeys) throws(Unsupported) {
        let name = Array(key)
        if unknown.names.contains(name) { throw Unsupported() }
        unknown.names.append(name)
        try skipValue(depth: 0)
    }

    /// Checks and skips any JSON value (what JSONDecoder parses but the model ignores).
    private mutating func skipValue(depth: Int) throws(Unsupported) {
        guard depth < 64 else { throw Unsupported() }
        switch try peek() {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"):
            if try objectStart() {
                repeat {
                    _ = try dictionaryKey()
                    try skipValue(depth: depth + 1)
                } while try objectNext()
            }
        case UInt8(ascii: "["):
            if try arrayStart() {
                repeat { try skipValue(depth: depth + 1) } while try arrayNext()
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try bool()
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            _ = try int()
        }
    }

    /// `yyyy-MM-ddTHH:mm:ssZ`, what `.iso8601` writes; other forms go to JSONDecoder.
    private mutating func date() throws(Unsupported) -> Date {
        let (t, _) = try rawString()
        guard t.count == 20, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"), t[10] == UInt8(ascii: "T"),
              t[13] == UInt8(ascii: ":"), t[16] == UInt8(ascii: ":"), t[19] == UInt8(ascii: "Z") else { throw Unsupported() }
        let year = try digits(t, 0, 4), month = try digits(t, 5, 2), day = try digits(t, 8, 2)
        let hour = try digits(t, 11, 2), minute = try digits(t, 14, 2), second = try digits(t, 17, 2)
        // Years before 1601 would meet the Julian calendar of Foundation's Gregorian calendar.
        guard year >= 1601, CalendarDay.isValid(year: year, month: month, day: day), hour <= 23, minute <= 59, second <= 59 else {
            throw Unsupported()
        }
        let days = CalendarDay(year: year, month: month, day: day).dayNumber
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    /// A `yyyy-MM-dd` day, read as `CalendarDay`'s own decoding reads it.
    private mutating func calendarDay() throws(Unsupported) -> CalendarDay {
        let (t, ascii) = try rawString()
        if t.count == 10, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"),
           let year = try? digits(t, 0, 4), let month = try? digits(t, 5, 2), let day = try? digits(t, 8, 2) {
            guard CalendarDay.isValid(year: year, month: month, day: day) else { throw Unsupported() }
            return CalendarDay(year: year, month: month, day: day)
        }
        guard let day = CalendarDay(iso: try makeString(t, ascii: ascii)) else { throw Unsupported() }
        return day
    }

    private mutating func localTime() throws(Unsupported) -> LocalTime {
        guard let time = LocalTime(try string()) else { throw Unsupported() }
        return time
    }

    @inline(__always)
    private func digits(_ t: UnsafeBufferPointer<UInt8>, _ from: Int, _ n: Int) throws(Unsupported) -> Int {
        var value = 0
        for i in from ..< from + n {
            let c = t[i]
            guard c >= 0x30, c <= 0x39 else { throw Unsupported() }
            value = value * 10 + Int(c - 0x30)
        }
        return value
    }

    // MARK: - Tokens

    @inline(__always)
    private mutating func skipWhitespace() {
        while at < count {
            let c = bytes[at]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            at += 1
        }
    }

    /// The next byte after whitespace, not consumed.
    @inline(__always)
    private mutating func peek() throws(Unsupported) -> UInt8 {
        skipWhitespace()
        guard at < count else { throw Unsupported() }
        return bytes[at]
    }

    @inline(__always)
    private mutating func expect(_ c: UInt8) throws(Unsupported) {
        guard try peek() == c else { throw Unsupported() }
        at += 1
    }

    private mutating func literal(_ word: StaticString) throws(Unsupported) {
        let n = word.utf8CodeUnitCount
        guard count - at >= n, memcmp(bytes + at, word.utf8Start, n) == 0 else { throw Unsupported() }
        at += n
    }

    /// Reads `{`; true when a member follows.
    @inline(__always)
    private mutating func objectStart() throws(Unsupported) -> Bool {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            at += 1
            return false
        }
        return true
    }

    /// After a member: true on `,` (another member follows), false on `}`.
    @inline(__always)
    private mutating func objectNext() throws(Unsupported) -> Bool {
        let c = try peek()
        at += 1
        if c == UInt8(ascii: ",") { return true }
        if c == UInt8(ascii: "}") { return false }
        throw Unsupported()
    }

    @inline(__always)
    private mutating func arrayStart() throws(Unsupported) -> Bool {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            at += 1
            return false
        }
        return true
    }

    @inline(__always)
    private mutating func arrayNext() throws(Unsupported) -> Bool {
        let c = try peek()
        at += 1
        if c == UInt8(ascii: ",") { return true }
        if c == UInt8(ascii: "]") { return false }
        throw Unsupported()
    }

    /// A string's UTF-8 bytes (unescaped; valid until the next string is read) and whether they
    /// are all ASCII. Raw control characters (invalid JSON) end the fast path.
    private mutating func rawString() throws(Unsupported) -> (UnsafeBufferPointer<UInt8>, ascii: Bool) {
        try expect(UInt8(ascii: "\""))
        let start = at
        var ascii = true
        while at < count {
            let c = bytes[at]
            if c == UInt8(ascii: "\"") {
                at += 1
                return (UnsafeBufferPointer(start: bytes + start, count: at - 1 - start), ascii)
            }
            if c == UInt8(ascii: "\\") { return try escapedString(from: start, ascii: ascii) }
            if c < 0x20 { throw Unsupported() }
            if c >= 0x80 { ascii = false }
            at += 1
        }
        throw Unsupported()
    }

    /// The rest of a string that has escapes, unescaped into `scratch`.
    private mutating func escapedString(from start: Int, ascii asciiSoFar: Bool) throws(Unsupported)
        -> (UnsafeBufferPointer<UInt8>, ascii: Bool) {
        var ascii = asciiSoFar
        var n = 0
        append(bytes + start, at - start, &n)
        while at < count {
            let c = bytes[at]
            if c == UInt8(ascii: "\"") {
                at += 1
                return (UnsafeBufferPointer(start: scratch, count: n), ascii)
            }
            if c < 0x20 { throw Unsupported() }
            if c != UInt8(ascii: "\\") {
                if c >= 0x80 { ascii = false }
                var byte = c
                append(&byte, 1, &n)
                at += 1
                continue
            }
            at += 1
            guard at < count else { throw Unsupported() }
            var single: UInt8
            switch bytes[at] {
            case UInt8(ascii: "\""): single = UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): single = UInt8(ascii: "\\")
            case UInt8(ascii: "/"): single = UInt8(ascii: "/")
            case UInt8(ascii: "b"): single = 0x08
            case UInt8(ascii: "f"): single = 0x0C
            case UInt8(ascii: "n"): single = 0x0A
            case UInt8(ascii: "r"): single = 0x0D
            case UInt8(ascii: "t"): single = 0x09
            case UInt8(ascii: "u"):
                at += 1
                var scalar = try hex4()
                if scalar >= 0xD800, scalar <= 0xDBFF {
                    // A high surrogate must be followed by an escaped low one.
                    guard count - at >= 2, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                        throw Unsupported()
                    }
                    at += 2
                    let low = try hex4()
                    guard low >= 0xDC00, low <= 0xDFFF else { throw Unsupported() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                    throw Unsupported()
                }
                guard scalar != 0, let unicode = Unicode.Scalar(scalar) else { throw Unsupported() }
                if scalar >= 0x80 { ascii = false }
                for unit in UTF8.encode(unicode)! {
                    var byte = unit
                    append(&byte, 1, &n)
                }
                continue
            default:
                throw Unsupported()
            }
            append(&single, 1, &n)
            at += 1
        }
        throw Unsupported()
    }

    private mutating func hex4() throws(Unsupported) -> UInt32 {
        guard count - at >= 4 else { throw Unsupported() }
        var value: UInt32 = 0
        for _ in 0 ..< 4 {
            let c = bytes[at]
            let digit: UInt8
            switch c {
            case 0x30 ... 0x39: digit = c - 0x30
            case 0x41 ... 0x46: digit = c - 0x41 + 10
            case 0x61 ... 0x66: digit = c - 0x61 + 10
            default: throw Unsupported()
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }

    /// Appends `length` bytes to the unescaped text in `scratch` (which grows as needed).
    private mutating func append(_ source: UnsafePointer<UInt8>, _ length: Int, _ n: inout Int) {
        if n + length > scratchCapacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(scratchCapacity * 2, n + length))
            grown.update(from: scratch, count: n)
            scratch.deallocate()
            scratch = grown
            scratchCapacity = max(scratchCapacity * 2, n + length)
        }
        (scratch + n).update(from: source, count: length)
        n += length
    }
}
