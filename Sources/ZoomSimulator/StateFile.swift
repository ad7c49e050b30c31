import Foundation

/// Writes the simulator's state as JSON, byte for byte what `JSONEncoder` made of it before
/// (keys sorted by their UTF-8 bytes, dates as milliseconds since 1970, "/" escaped as "\/",
/// absent optionals left out), so `Persistence.load` reads old and new files alike. It writes
/// straight into a byte buffer that is handed to `drain` whenever it holds `chunkSize` bytes:
/// no tree of the whole account is built first (JSONEncoder's cost and memory on a large
/// account made every rewrite of the data file slow).
struct StateJSONWriter {
    static let chunkSize = 1 << 20

    private var buffer: [UInt8] = []
    private let drain: ([UInt8]) throws -> Void

    private init(drain: @escaping ([UInt8]) throws -> Void) {
        self.drain = drain
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Writes `state`, handing the bytes to `drain` in pieces of about `chunkSize`.
    static func write(_ state: SimState, drain: @escaping ([UInt8]) throws -> Void) throws {
        var writer = StateJSONWriter(drain: drain)
        try writer.state(state)
        if !writer.buffer.isEmpty { try drain(writer.buffer) }
    }

    /// The whole document in memory (tests, small states).
    static func data(_ state: SimState) -> Data {
        var data = Data()
        try? write(state) { data.append(contentsOf: $0) }
        return data
    }

    // MARK: the state's types, keys in sorted order

    private mutating func state(_ state: SimState) throws {
        byte(UInt8(ascii: "{"))
        var first = true
        key("dailyCounts", &first)
        byte(UInt8(ascii: "{"))
        var firstCount = true
        // String's `<` is JSONEncoder's UTF-8 byte order for keys in NFC (ours are: built from
        // API input that Swift compares canonically anyway), and several times faster.
        for (name, count) in state.dailyCounts.sorted(by: { $0.key < $1.key }) {
            if !firstCount { byte(UInt8(ascii: ",")) }
            firstCount = false
            string(name)
            byte(UInt8(ascii: ":"))
            integer(Int64(count))
            try drainIfFull()
        }
        byte(UInt8(ascii: "}"))
        key("meetings", &first)
        try array(state.meetings) { try $0.meeting($1) }
        key("nextMeetingID", &first)
        integer(state.nextMeetingID)
        key("tokensIssued", &first)
        integer(Int64(state.tokensIssued))
        key("users", &first)
        array(state.users) { $0.user($1) }
        byte(UInt8(ascii: "}"))
    }

    private mutating func user(_ user: StoredUser) {
        byte(UInt8(ascii: "{"))
        var first = true
        key("createdAt", &first)
        date(user.createdAt)
        key("email", &first)
        string(user.email)
        key("firstName", &first)
        string(user.firstName)
        key("id", &first)
        string(user.id)
        key("lastName", &first)
        string(user.lastName)
        key("timezone", &first)
        string(user.timezone)
        key("type", &first)
        integer(Int64(user.type))
        key("webinar", &first)
        boolean(user.webinar)
        byte(UInt8(ascii: "}"))
    }

    private mutating func meeting(_ meeting: StoredMeeting) throws {
        byte(UInt8(ascii: "{"))
        var first = true
        if let agenda = meeting.agenda {
            key("agenda", &first)
            string(agenda)
        }
        key("createdAt", &first)
        date(meeting.createdAt)
        key("duration", &first)
        integer(Int64(meeting.duration))
        key("hostEmail", &first)
        string(meeting.hostEmail)
        key("hostID", &first)
        string(meeting.hostID)
        key("id", &first)
        integer(meeting.id)
        key("isWebinar", &first)
        boolean(meeting.isWebinar)
        key("joinToken", &first)
        string(meeting.joinToken)
        key("occurrences", &first)
        array(meeting.occurrences) { $0.occurrence($1) }
        key("password", &first)
        string(meeting.password)
        if let recurrence = meeting.recurrence {
            key("recurrence", &first)
            self.recurrence(recurrence)
        }
        key("registrants", &first)
        try array(meeting.registrants) { writer, registrant in
            writer.registrant(registrant)
            try writer.drainIfFull()
        }
        key("registrationToken", &first)
        string(meeting.registrationToken)
        key("settingsJSON", &first)
        string(meeting.settingsJSON)
        key("startTime", &first)
        date(meeting.startTime)
        key("timezone", &first)
        string(meeting.timezone)
        key("topic", &first)
        string(meeting.topic)
        key("type", &first)
        integer(Int64(meeting.type))
        key("uuid", &first)
        string(meeting.uuid)
        byte(UInt8(ascii: "}"))
        try drainIfFull()
    }

    private mutating func occurrence(_ occurrence: StoredOccurrence) {
        byte(UInt8(ascii: "{"))
        var first = true
        key("duration", &first)
        integer(Int64(occurrence.duration))
        key("id", &first)
        string(occurrence.id)
        key("start", &first)
        date(occurrence.start)
        key("status", &first)
        string(occurrence.status)
        byte(UInt8(ascii: "}"))
    }

    private mutating func recurrence(_ recurrence: StoredRecurrence) {
        byte(UInt8(ascii: "{"))
        var first = true
        if let end = recurrence.endDateTime {
            key("endDateTime", &first)
            date(end)
        }
        if let times = recurrence.endTimes {
            key("endTimes", &first)
            integer(Int64(times))
        }
        if let day = recurrence.monthlyDay {
            key("monthlyDay", &first)
            integer(Int64(day))
        }
        if let week = recurrence.monthlyWeek {
            key("monthlyWeek", &first)
            integer(Int64(week))
        }
        if let weekday = recurrence.monthlyWeekDay {
            key("monthlyWeekDay", &first)
            integer(Int64(weekday))
        }
        key("repeatInterval", &first)
        integer(Int64(recurrence.repeatInterval))
        key("type", &first)
        integer(Int64(recurrence.type))
        if let days = recurrence.weeklyDays {
            key("weeklyDays", &first)
            array(days) { $0.integer(Int64($1)) }
        }
        byte(UInt8(ascii: "}"))
    }

    private mutating func registrant(_ registrant: StoredRegistrant) {
        byte(UInt8(ascii: "{"))
        var first = true
        key("createTime", &first)
        date(registrant.createTime)
        key("email", &first)
        string(registrant.email)
        if let extra = registrant.extraJSON {
            key("extraJSON", &first)
            string(extra)
        }
        key("firstName", &first)
        string(registrant.firstName)
        key("id", &first)
        string(registrant.id)
        key("joinURL", &first)
        string(registrant.joinURL)
        if let last = registrant.lastName {
            key("lastName", &first)
            string(last)
        }
        key("status", &first)
        string(registrant.status)
        byte(UInt8(ascii: "}"))
    }

    // MARK: JSON pieces

    private mutating func drainIfFull() throws {
        guard buffer.count >= Self.chunkSize else { return }
        try drain(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func byte(_ value: UInt8) { buffer.append(value) }

    /// `[a,b,…]`, each element written by `element`.
    private mutating func array<C: Collection>(_ items: C, _ element: (inout StateJSONWriter, C.Element) throws -> Void)
        rethrows
    {
        byte(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            try element(&self, item)
        }
        byte(UInt8(ascii: "]"))
    }

    /// `"name":`, preceded by a comma unless it is the object's first key.
    private mutating func key(_ name: StaticString, _ first: inout Bool) {
        if !first { byte(UInt8(ascii: ",")) }
        first = false
        byte(UInt8(ascii: "\""))
        name.withUTF8Buffer { buffer.append(contentsOf: $0) }
        byte(UInt8(ascii: "\""))
        byte(UInt8(ascii: ":"))
    }

    private mutating func boolean(_ value: Bool) {
        if value { buffer.append(contentsOf: "true".utf8) } else { buffer.append(contentsOf: "false".utf8) }
    }

    private mutating func integer(_ value: Int64) {
        buffer.append(contentsOf: String(value).utf8)  // a small string: no allocation
    }

    /// JSONEncoder's `.millisecondsSince1970`: the Double's shortest form, without a trailing ".0".
    private mutating func date(_ value: Date) {
        let text = (value.timeIntervalSince1970 * 1000).description
        if text.hasSuffix(".0") {
            buffer.append(contentsOf: text.utf8.dropLast(2))
        } else {
            buffer.append(contentsOf: text.utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// JSONEncoder's escaping: quote, backslash and slash; \b \f \n \r \t; other control
    /// characters as \u00xx; everything else (all non-ASCII included) as it is.
    private mutating func string(_ value: String) {
        byte(UInt8(ascii: "\""))
        for unit in value.utf8 {
            switch unit {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                byte(UInt8(ascii: "\\"))
                byte(unit)
            case 0x08:
                byte(UInt8(ascii: "\\"))
                byte(UInt8(ascii: "b"))
            case 0x0C:
                byte(UInt8(ascii: "\\"))
                byte(UInt8(ascii: "f"))
            case 0x0A:
                byte(UInt8(ascii: "\\"))
                byte(UInt8(ascii: "n"))
            case 0x0D:
                byte(UInt8(ascii: "\\"))
                byte(UInt8(ascii: "r"))
            case 0x09:
                byte(UInt8(ascii: "\\"))
                byte(UInt8(ascii: "t"))
            case 0..<0x20:
                buffer.append(contentsOf: "\\u00".utf8)
                byte(Self.hexDigits[Int(unit >> 4)])
                byte(Self.hexDigits[Int(unit & 0x0F)])
            default:
                byte(unit)
            }
        }
        byte(UInt8(ascii: "\""))
    }
}
