import Foundation

/// Writes `SyncState` exactly as `StateStore.encoder()` (JSONEncoder: pretty printed, keys sorted
/// by their UTF-8 bytes, `/` unescaped, `.iso8601` dates) would, byte for byte, into a
/// `ByteOutput` that goes to the file as it fills: the 163 MB of a size-L file are never built
/// whole in memory, and no encoder tree is built at all.
///
/// The fields of each struct are written in the order JSONEncoder's sorting gives them (nil
/// optionals left out, as the synthesized `encodeIfPresent` does); dictionaries are sorted by
/// their keys' UTF-8 bytes. Tests compare the output with JSONEncoder's on states with every
/// field, optional and enum case.
struct StateFileWriter {
    private var out: ByteOutput
    private var level = 0
    /// Per open container: whether a member has been written yet.
    private var started: [Bool] = []

    private init(out: ByteOutput) { self.out = out }

    /// Writes `state` into `out`.
    static func write(_ state: SyncState, to out: inout ByteOutput) {
        var writer = StateFileWriter(out: out)
        out = ByteOutput()  // `writer` owns the buffer while it writes
        writer.document(state)
        out = writer.out
    }

    /// The bytes JSONEncoder would give (tests, small states).
    static func data(_ state: SyncState) -> [UInt8] {
        var out = ByteOutput()
        write(state, to: &out)
        return out.bytes
    }

    // MARK: - The model, fields in sorted order

    private mutating func document(_ state: SyncState) {
        openObject()
        field("courses")
        openObject()
        for number in sortedKeys(state.courses) {
            key(number)
            course(state.courses[number]!)
        }
        closeObject()
        if let ledger = state.dailyWrites {
            field("dailyWrites")
            openObject()
            field("day")
            day(ledger.day)
            field("perHost")
            openObject()
            for host in sortedKeys(ledger.perHost) {
                key(host)
                int(ledger.perHost[host]!)
            }
            closeObject()
            closeObject()
        }
        field("format")
        int(state.format)
        field("lineage")
        string(state.lineage)
        field("serial")
        int(state.serial)
        if let updatedAt = state.updatedAt {
            field("updatedAt")
            date(updatedAt)
        }
        closeObject()
    }

    private mutating func course(_ course: ManagedCourse) {
        openObject()
        if let hosts = course.alternativeHosts {
            field("alternativeHosts")
            openArray()
            for host in hosts {
                element()
                string(host)
            }
            closeArray()
        }
        if let closedAt = course.closedAt {
            field("closedAt")
            date(closedAt)
        }
        if let goneSince = course.goneSince {
            field("goneSince")
            date(goneSince)
        }
        field("host")
        string(course.host)
        if let changed = course.hostChangedInZoom {
            field("hostChangedInZoom")
            date(changed)
        }
        if let joinURL = course.joinURL {
            field("joinURL")
            string(joinURL)
        }
        if let spec = course.lastSent {
            field("lastSent")
            meetingSpec(spec)
        }
        if let meetingID = course.meetingID {
            field("meetingID")
            int(meetingID)
        }
        field("number")
        string(course.number.rawValue)
        if let pending = course.pendingCreate {
            field("pendingCreate")
            openObject()
            field("host")
            string(pending.host)
            field("marker")
            string(pending.marker)
            field("recordedAt")
            date(pending.recordedAt)
            closeObject()
        }
        field("phase")
        string(course.phase.rawValue)
        field("registrants")
        openObject()
        for email in sortedKeys(course.registrants) {
            key(email)
            registrant(course.registrants[email]!)
        }
        closeObject()
        if let registrationURL = course.registrationURL {
            field("registrationURL")
            string(registrationURL)
        }
        closeObject()
    }

    private mutating func registrant(_ registrant: ManagedRegistrant) {
        openObject()
        field("bookings")
        openArray()
        for booking in registrant.bookings {
            element()
            string(booking)
        }
        closeArray()
        field("email")
        string(registrant.email)
        field("firstName")
        string(registrant.firstName)
        if let joinURL = registrant.joinURL {
            field("joinURL")
            string(joinURL)
        }
        field("lastName")
        string(registrant.lastName)
        if let registrantID = registrant.registrantID {
            field("registrantID")
            string(registrantID)
        }
        field("status")
        string(registrant.status.rawValue)
        closeObject()
    }

    private mutating func meetingSpec(_ spec: MeetingSpec) {
        openObject()
        field("agenda")
        string(spec.agenda)
        field("duration")
        int(spec.duration)
        if let recurrence = spec.recurrence {
            field("recurrence")
            openObject()
            if let endDateTime = recurrence.endDateTime {
                field("endDateTime")
                date(endDateTime)
            }
            if let endTimes = recurrence.endTimes {
                field("endTimes")
                int(endTimes)
            }
            if let repeatInterval = recurrence.repeatInterval {
                field("repeatInterval")
                int(repeatInterval)
            }
            field("type")
            int(recurrence.type)
            if let weeklyDays = recurrence.weeklyDays {
                field("weeklyDays")
                string(weeklyDays)
            }
            closeObject()
        }
        field("sessions")
        openArray()
        for session in spec.sessions {
            element()
            openObject()
            field("day")
            day(session.day)
            field("end")
            date(session.end)
            field("from")
            time(session.from)
            field("start")
            date(session.start)
            field("to")
            time(session.to)
            closeObject()
        }
        closeArray()
        field("settings")
        openObject()
        let settings = spec.settings
        if let approvalType = settings.approvalType {
            field("approvalType")
            int(approvalType)
        }
        if let confirmation = settings.registrantsConfirmationEmail {
            field("registrantsConfirmationEmail")
            bool(confirmation)
        }
        if let notification = settings.registrantsEmailNotification {
            field("registrantsEmailNotification")
            bool(notification)
        }
        if let registrationType = settings.registrationType {
            field("registrationType")
            int(registrationType)
        }
        closeObject()
        field("startTime")
        string(spec.startTime)
        field("timezone")
        string(spec.timezone)
        field("topic")
        string(spec.topic)
        field("type")
        int(spec.type)
        closeObject()
    }

    // MARK: - Values

    /// JSONEncoder's `.sortedKeys` order: the keys' UTF-8 bytes.
    private func sortedKeys<Value>(_ dictionary: [String: Value]) -> [String] {
        dictionary.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private mutating func string(_ text: String) {
        out.append(UInt8(ascii: "\""))
        out.appendJSONEscaped(text)
        out.append(UInt8(ascii: "\""))
    }

    private mutating func int<I: BinaryInteger>(_ value: I) {
        out.append(decimal: value)
    }

    private mutating func bool(_ value: Bool) {
        out.append(value ? "true" : "false")
    }

    /// `.iso8601`: UTC, whole seconds rounded down; outside the years 1600–9999 (calendar
    /// reforms, five-digit years) JSONEncoder itself writes the rare date.
    private mutating func date(_ date: Date) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= -11_676_096_000, seconds < 253_402_300_800 else {
            let data = (try? StateStore.encoder().encode([date])) ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            string(String(text.filter { $0 != "\"" && $0 != "[" && $0 != "]" && !$0.isWhitespace }))
            return
        }
        string(UTCTimestamp.text(date))
    }

    /// `CalendarDay`'s own encoding (`yyyy-MM-dd`), by hand for the usual four-digit years.
    private mutating func day(_ day: CalendarDay) {
        guard (0...9999).contains(day.year), (0...99).contains(day.month), (0...99).contains(day.day) else {
            string(day.description)
            return
        }
        out.append(UInt8(ascii: "\""))
        out.append(digits: day.year, width: 4)
        out.append(UInt8(ascii: "-"))
        out.append(digits: day.month, width: 2)
        out.append(UInt8(ascii: "-"))
        out.append(digits: day.day, width: 2)
        out.append(UInt8(ascii: "\""))
    }

    /// `LocalTime`'s own encoding (`HH:mm`), by hand for two-digit hours.
    private mutating func time(_ time: LocalTime) {
        guard (0..<6000).contains(time.minutes) else {
            string(time.description)
            return
        }
        out.append(UInt8(ascii: "\""))
        out.append(digits: time.hour, width: 2)
        out.append(UInt8(ascii: ":"))
        out.append(digits: time.minute, width: 2)
        out.append(UInt8(ascii: "\""))
    }

    // MARK: - Layout (JSONEncoder's `.prettyPrinted`)

    private mutating func indent() {
        for _ in 0..<level { out.append("  ") }
    }

    private mutating func openObject() { open(UInt8(ascii: "{")) }
    private mutating func closeObject() { close(UInt8(ascii: "}")) }
    private mutating func openArray() { open(UInt8(ascii: "[")) }
    private mutating func closeArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        out.append(bracket)
        out.append(UInt8(ascii: "\n"))
        level += 1
        started.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        started.removeLast()
        level -= 1
        out.append(UInt8(ascii: "\n"))
        indent()
        out.append(bracket)
    }

    /// `"name" : ` for a struct's field (plain ASCII), after the separator from the member before.
    private mutating func field(_ name: StaticString) {
        separate()
        out.append(UInt8(ascii: "\""))
        out.append(name)
        out.append("\" : ")
    }

    /// `"key" : ` for a dictionary's key (any text).
    private mutating func key(_ text: String) {
        separate()
        string(text)
        out.append(" : ")
    }

    /// Before an array's element.
    private mutating func element() {
        separate()
    }

    private mutating func separate() {
        if started[started.count - 1] {
            out.append(",\n")
        }
        started[started.count - 1] = true
        indent()
    }
}
