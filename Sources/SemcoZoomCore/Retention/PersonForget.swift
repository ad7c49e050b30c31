import Foundation

// `semco-zoom forget --email ADDRESS` (DSGVO Art. 17), the pure part: what the state, a run
// folder's files and a report hold of one person, and the same without it. The effects (lock,
// state writes, files) are in ForgetRun.swift.

/// What identifies one person in the tool's files: the address, and what the state stored with it.
public struct ForgottenPerson: Sendable, Equatable {
    /// The address as given, lower-cased (the state's key).
    public var email: String
    /// `Vorname Nachname` as the state held it (the reports name registrants so).
    public var names: Set<String> = []
    /// The bookings behind the person's registrations.
    public var bookings: Set<String> = []
    /// The person's personal join links.
    public var joinURLs: Set<String> = []
    /// Course → registrations removed from the state.
    public var removed: [CourseNumber: Int] = [:]
    /// Courses still active (kept in step with Zoom) that held the person.
    public var activeCourses: [CourseNumber] = []
    /// Active courses the address hosts: the host stays (the meeting needs it).
    public var hostOf: [CourseNumber] = []

    public init(email: String) { self.email = ForgetText.lower(email) }

    /// Texts that must not stay in a file: the address and the join links.
    var needles: [String] { [email] + joinURLs.sorted() }
}

public enum PersonForget {
    /// The state without the person: every registration under the address goes with the names,
    /// bookings and join link stored with it; a closed course's host field too. Pure.
    public static func forget(_ email: String, in state: SyncState) -> (state: SyncState, person: ForgottenPerson) {
        var person = ForgottenPerson(email: email)
        var result = state
        for key in state.courses.keys.sorted() {
            guard var course = state.courses[key] else { continue }
            let matching = course.registrants.filter {
                ForgetText.lower($0.key) == person.email || ForgetText.lower($0.value.email) == person.email
            }
            for (registrantKey, registrant) in matching {
                let name = [registrant.firstName, registrant.lastName].filter { !$0.isEmpty }.joined(separator: " ")
                if !name.isEmpty { person.names.insert(name) }
                person.bookings.formUnion(registrant.bookings)
                if let url = registrant.joinURL, !url.isEmpty { person.joinURLs.insert(url) }
                course.registrants[registrantKey] = nil
            }
            if !matching.isEmpty {
                person.removed[course.number] = matching.count
                if course.phase == .active { person.activeCourses.append(course.number) }
            }
            if ForgetText.lower(course.host) == person.email {
                if course.phase == .active { person.hostOf.append(course.number) } else { course.host = "" }
            }
            if let pending = course.pendingCreate, ForgetText.lower(pending.host) == person.email,
                course.phase != .active
            {
                course.pendingCreate = nil
            }
            result.courses[key] = course
        }
        return (result, person)
    }

    /// A report without the person: their registrant actions and booking diagnostics go, and
    /// any other text naming them is redacted. Pure.
    public static func redact(_ report: ReportDocument, person: ForgottenPerson) -> ReportDocument {
        var result = report
        let placeholder = report.language == .de ? "[entfernt]" : "[removed]"
        func clean(_ text: String) -> String { ForgetText.redact(text, person: person, placeholder: placeholder) }
        func mentions(_ text: String?) -> Bool { text.map { ForgetText.mentions($0, person: person) } ?? false }
        result.actions = report.actions.filter { action in
            !(action.booking.map(person.bookings.contains) ?? false)
                && !(action.participant.map(person.names.contains) ?? false)
                && !mentions(action.reason) && !mentions(action.error) && !mentions(action.note)
        }
        result.diagnostics = report.diagnostics.filter { diagnostic in
            !(diagnostic.booking.map(person.bookings.contains) ?? false)
        }.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.message = clean(diagnostic.message)
            diagnostic.hint = diagnostic.hint.map(clean)
            return diagnostic
        }
        result.inbox = report.inbox.map { entry in
            var entry = entry
            entry.message = clean(entry.message)
            entry.lastError = clean(entry.lastError)
            entry.hint = entry.hint.map(clean)
            entry.errors = entry.errors.map(clean)
            entry.hints = entry.hints.map { $0.map(clean) }
            return entry
        }
        result.fatal = report.fatal.map(clean)
        return result
    }

    /// A text file (CSV, JSON lines, REASON.txt …) without the lines that name the person: the
    /// address, a join link, or (`bookingColumn`) one of their bookings in the first field.
    /// Nil when nothing names them. Pure.
    public static func withoutPerson(_ data: Data, person: ForgottenPerson, bookingDelimiter: UInt8? = nil) -> Data? {
        let lowered = ForgetText.asciiLower(data)
        guard
            person.needles.contains(where: { lowered.range(of: Data(ForgetText.lower($0).utf8)) != nil })
                || (bookingDelimiter != nil && !person.bookings.isEmpty)
        else { return nil }
        var output = Data()
        var changed = false
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A).map { $0 + 1 } ?? data.endIndex
            let line = data[start..<end]
            let lowerLine = lowered[start..<end]
            var drop = person.needles.contains { lowerLine.range(of: Data(ForgetText.lower($0).utf8)) != nil }
            if !drop, let delimiter = bookingDelimiter {
                var first = line.prefix { $0 != delimiter && $0 != 0x0A && $0 != 0x0D }
                if first.starts(with: [0xEF, 0xBB, 0xBF]) { first = first.dropFirst(3) }
                let field = String(decoding: first, as: UTF8.self).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
                drop = person.bookings.contains(field)
            }
            if drop { changed = true } else { output.append(line) }
            start = end
        }
        return changed ? output : nil
    }
}

extension PersonForget {
    /// `api-calls.jsonl` without the person's bookings: each `"booking":"…"` of theirs becomes
    /// `"booking":"[removed]"`, so the log keeps one line per call. Nil when none is there. Pure.
    public static func withoutBookings(_ data: Data, person: ForgottenPerson) -> Data? {
        var result = data
        for booking in person.bookings.sorted() {
            guard let pattern = try? JSONEncoder().encode(["booking": booking]) else { continue }
            let needle = Data(pattern.dropFirst().dropLast())  // "booking":"…"
            let replacement = Data(#""booking":"[removed]""#.utf8)
            while let range = result.range(of: needle) { result.replaceSubrange(range, with: replacement) }
        }
        return result == data ? nil : result
    }
}

/// Case-insensitive matching of the person's address and names in texts and bytes.
enum ForgetText {
    static func lower(_ text: String) -> String { text.lowercased() }

    /// ASCII letters lower-cased, every other byte as it is (same length as `data`).
    static func asciiLower(_ data: Data) -> Data {
        Data(data.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
    }

    static func mentions(_ text: String, person: ForgottenPerson) -> Bool {
        let lowered = text.lowercased()
        return person.needles.contains { lowered.contains(lower($0)) } || person.names.contains { text.contains($0) }
    }

    static func redact(_ text: String, person: ForgottenPerson, placeholder: String) -> String {
        var result = text
        for needle in person.needles + person.names.sorted(by: { $0.count > $1.count }) where !needle.isEmpty {
            result = result.replacingOccurrences(of: needle, with: placeholder, options: [.caseInsensitive])
        }
        return result
    }

    /// True when `data` holds the address (ASCII case ignored).
    static func contains(_ data: Data, address: String) -> Bool {
        asciiLower(data).range(of: Data(lower(address).utf8)) != nil
    }
}
