import Foundation

/// A wire type with a hand reader for its answers, tried before JSONDecoder (`HTTPZoomClient.decode`).
///
/// The rule for every reader: when it returns a value, JSONDecoder (`ZoomJSON.decoder()`) gives
/// the equal value for the same bytes. Anything else — a type it does not expect, a key seen
/// twice, invalid JSON anywhere — is nil, and JSONDecoder decodes the answer as before, so its
/// errors and their messages are unchanged.
protocol ZoomHandReadable {
    /// `itemsKey`: the key of a list page's items (`WirePage`'s userInfo); nil for other answers.
    static func handRead(_ body: Data, itemsKey: String?) -> Self?
}

/// The no-change night reads every managed meeting and its registrant lists: ~52,000 answers
/// at size L, three of four of them registrant pages. JSONDecoder cost ~15 % of that night's CPU.
extension WirePage: ZoomHandReadable where Item == WireRegistrant {
    static func handRead(_ body: Data, itemsKey: String?) -> WirePage<WireRegistrant>? {
        let itemsKey = itemsKey ?? "items"
        guard itemsKey != "next_page_token" else { return nil }
        return JSONByteScanner.read(body, rules: .zoomAnswers) {
            (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) in
            var seen = Seen()
            var token: String?
            var items: [WireRegistrant]?
            if try s.objectStart() {
                repeat {
                    let key = try s.fieldName()
                    if Seen.is(key, "next_page_token") {
                        try seen.first(0)
                        token = try s.optionalString()
                    } else if Seen.is(key, itemsKey) {
                        try seen.first(1)
                        if try !s.null() {
                            var list: [WireRegistrant] = []
                            if try s.arrayStart() {
                                repeat { list.append(try WireRegistrant.read(&s)) } while try s.arrayNext()
                            }
                            items = list
                        }
                    } else {
                        try s.skipValue()
                    }
                } while try s.objectNext()
            }
            return WirePage(nextPageToken: token, items: items ?? [])
        }
    }
}

extension WireRegistrant {
    static func read(_ s: inout JSONByteScanner) throws(JSONByteScanner.Declined) -> WireRegistrant {
        var seen = Seen()
        var id: String?
        var email: String?
        var firstName: String?
        var lastName: String?
        var org: String?
        var status: String?
        var joinURL: String?
        var createTime: Date?
        if try s.objectStart() {
            repeat {
                let key = try s.fieldName()
                if Seen.is(key, "id") {
                    try seen.first(0)
                    id = try s.string()
                } else if Seen.is(key, "email") {
                    try seen.first(1)
                    email = try s.string()
                } else if Seen.is(key, "first_name") {
                    try seen.first(2)
                    firstName = try s.optionalString()
                } else if Seen.is(key, "last_name") {
                    try seen.first(3)
                    lastName = try s.optionalString()
                } else if Seen.is(key, "org") {
                    try seen.first(4)
                    org = try s.optionalString()
                } else if Seen.is(key, "status") {
                    try seen.first(5)
                    status = try s.optionalString()
                } else if Seen.is(key, "join_url") {
                    try seen.first(6)
                    joinURL = try s.optionalString()
                } else if Seen.is(key, "create_time") {
                    try seen.first(7)
                    createTime = try s.optionalDate()
                } else {
                    try s.skipValue()
                }
            } while try s.objectNext()
        }
        guard let id, let email else { throw JSONByteScanner.Declined() }
        return WireRegistrant(
            id: id, email: email, first_name: firstName, last_name: lastName, org: org, status: status,
            join_url: joinURL, create_time: createTime)
    }
}

extension WireMeeting: ZoomHandReadable {
    static func handRead(_ body: Data, itemsKey: String?) -> WireMeeting? {
        JSONByteScanner.read(body, rules: .zoomAnswers) { (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) in
            try read(&s)
        }
    }

    static func read(_ s: inout JSONByteScanner) throws(JSONByteScanner.Declined) -> WireMeeting {
        var seen = Seen()
        var id: Int64?
        var uuid: String?
        var hostID: String?
        var hostEmail: String?
        var topic: String?
        var type: Int?
        var startTime: Date?
        var duration: Int?
        var timezone: String?
        var agenda: String?
        var joinURL: String?
        var registrationURL: String?
        var recurrence: WireRecurrence?
        var occurrences: [WireOccurrence]?
        var settings: WireSettings?
        if try s.objectStart() {
            repeat {
                let key = try s.fieldName()
                if Seen.is(key, "id") {
                    try seen.first(0)
                    id = try s.flexibleInt64()
                } else if Seen.is(key, "uuid") {
                    try seen.first(1)
                    uuid = try s.optionalString()
                } else if Seen.is(key, "host_id") {
                    try seen.first(2)
                    hostID = try s.optionalString()
                } else if Seen.is(key, "host_email") {
                    try seen.first(3)
                    hostEmail = try s.optionalString()
                } else if Seen.is(key, "topic") {
                    try seen.first(4)
                    topic = try s.optionalString()
                } else if Seen.is(key, "type") {
                    try seen.first(5)
                    type = try s.int()
                } else if Seen.is(key, "start_time") {
                    try seen.first(6)
                    startTime = try s.optionalDate()
                } else if Seen.is(key, "duration") {
                    try seen.first(7)
                    duration = try s.optionalInt()
                } else if Seen.is(key, "timezone") {
                    try seen.first(8)
                    timezone = try s.optionalString()
                } else if Seen.is(key, "agenda") {
                    try seen.first(9)
                    agenda = try s.optionalString()
                } else if Seen.is(key, "join_url") {
                    try seen.first(10)
                    joinURL = try s.optionalString()
                } else if Seen.is(key, "registration_url") {
                    try seen.first(11)
                    registrationURL = try s.optionalString()
                } else if Seen.is(key, "recurrence") {
                    try seen.first(12)
                    recurrence = try s.null() ? nil : try WireRecurrence.read(&s)
                } else if Seen.is(key, "occurrences") {
                    try seen.first(13)
                    if try !s.null() {
                        var list: [WireOccurrence] = []
                        if try s.arrayStart() {
                            repeat { list.append(try WireOccurrence.read(&s)) } while try s.arrayNext()
                        }
                        occurrences = list
                    }
                } else if Seen.is(key, "settings") {
                    try seen.first(14)
                    settings = try s.null() ? nil : try WireSettings.read(&s)
                } else {
                    try s.skipValue()
                }
            } while try s.objectNext()
        }
        guard let id, let type else { throw JSONByteScanner.Declined() }
        return WireMeeting(
            id: FlexibleInt64(value: id), uuid: uuid, host_id: hostID, host_email: hostEmail, topic: topic, type: type,
            start_time: startTime, duration: duration, timezone: timezone, agenda: agenda, join_url: joinURL,
            registration_url: registrationURL, recurrence: recurrence, occurrences: occurrences, settings: settings)
    }
}

extension WireRecurrence {
    static func read(_ s: inout JSONByteScanner) throws(JSONByteScanner.Declined) -> WireRecurrence {
        var seen = Seen()
        var type: Int?
        var repeatInterval: Int?
        var weeklyDays: String?
        var endTimes: Int?
        var endDateTime: Date?
        if try s.objectStart() {
            repeat {
                let key = try s.fieldName()
                if Seen.is(key, "type") {
                    try seen.first(0)
                    type = try s.int()
                } else if Seen.is(key, "repeat_interval") {
                    try seen.first(1)
                    repeatInterval = try s.optionalInt()
                } else if Seen.is(key, "weekly_days") {
                    try seen.first(2)
                    weeklyDays = try s.optionalString()
                } else if Seen.is(key, "end_times") {
                    try seen.first(3)
                    endTimes = try s.optionalInt()
                } else if Seen.is(key, "end_date_time") {
                    try seen.first(4)
                    endDateTime = try s.optionalDate()
                } else {
                    try s.skipValue()
                }
            } while try s.objectNext()
        }
        guard let type else { throw JSONByteScanner.Declined() }
        return WireRecurrence(
            type: type, repeat_interval: repeatInterval, weekly_days: weeklyDays, end_times: endTimes,
            end_date_time: endDateTime)
    }
}

extension WireOccurrence {
    static func read(_ s: inout JSONByteScanner) throws(JSONByteScanner.Declined) -> WireOccurrence {
        var seen = Seen()
        var occurrenceID: String?
        var startTime: Date?
        var duration: Int?
        var status: String?
        if try s.objectStart() {
            repeat {
                let key = try s.fieldName()
                if Seen.is(key, "occurrence_id") {
                    try seen.first(0)
                    occurrenceID = try s.flexibleString()
                } else if Seen.is(key, "start_time") {
                    try seen.first(1)
                    startTime = try s.date()
                } else if Seen.is(key, "duration") {
                    try seen.first(2)
                    duration = try s.optionalInt()
                } else if Seen.is(key, "status") {
                    try seen.first(3)
                    status = try s.optionalString()
                } else {
                    try s.skipValue()
                }
            } while try s.objectNext()
        }
        guard let occurrenceID, let startTime else { throw JSONByteScanner.Declined() }
        return WireOccurrence(
            occurrence_id: FlexibleString(value: occurrenceID), start_time: startTime, duration: duration,
            status: status)
    }
}

extension WireSettings {
    static func read(_ s: inout JSONByteScanner) throws(JSONByteScanner.Declined) -> WireSettings {
        var seen = Seen()
        var approvalType: Int?
        var registrationType: Int?
        var emailNotification: Bool?
        var confirmationEmail: Bool?
        var alternativeHosts: String?
        if try s.objectStart() {
            repeat {
                let key = try s.fieldName()
                if Seen.is(key, "approval_type") {
                    try seen.first(0)
                    approvalType = try s.optionalInt()
                } else if Seen.is(key, "registration_type") {
                    try seen.first(1)
                    registrationType = try s.optionalInt()
                } else if Seen.is(key, "registrants_email_notification") {
                    try seen.first(2)
                    emailNotification = try s.null() ? nil : try s.bool()
                } else if Seen.is(key, "registrants_confirmation_email") {
                    try seen.first(3)
                    confirmationEmail = try s.null() ? nil : try s.bool()
                } else if Seen.is(key, "alternative_hosts") {
                    try seen.first(4)
                    alternativeHosts = try s.optionalString()
                } else {
                    try s.skipValue()
                }
            } while try s.objectNext()
        }
        return WireSettings(
            approval_type: approvalType, registration_type: registrationType,
            registrants_email_notification: emailNotification, registrants_confirmation_email: confirmationEmail,
            alternative_hosts: alternativeHosts)
    }
}

/// Which of a type's fields were read: a field seen twice declines (JSONDecoder keeps the first
/// of duplicate keys; left to it rather than copied).
fileprivate struct Seen {
    private var bits: UInt32 = 0

    mutating func first(_ field: Int) throws(JSONByteScanner.Declined) {
        let bit: UInt32 = 1 << UInt32(field)
        if bits & bit != 0 { throw JSONByteScanner.Declined() }
        bits |= bit
    }

    static func `is`(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        JSONByteScanner.equal(key, name)
    }

    static func `is`(_ key: UnsafeBufferPointer<UInt8>, _ name: String) -> Bool {
        var name = name
        return name.withUTF8 { key.count == $0.count && memcmp(key.baseAddress!, $0.baseAddress!, key.count) == 0 }
    }
}

extension JSONByteScanner.Rules {
    /// Zoom's answers: `-0`, `\u0000`, and any JSON number in a skipped value (Zoom sends
    /// fractions in fields these readers ignore) are read; the reader's tests check each against
    /// JSONDecoder. (The state reader leaves them to JSONDecoder: `stateFile`.)
    static let zoomAnswers = Self(negativeZero: true, nulEscape: true, anyNumberInSkippedValues: true)
}

// The Wire types' value shapes, as JSONDecoder reads them with `ZoomJSON.decoder()`.
extension JSONByteScanner {
    /// `null` → nil, else an integer.
    mutating func optionalInt() throws(Declined) -> Int? {
        try null() ? nil : try int()
    }

    /// `FlexibleInt64`: an integer, or a string `Int64(_:)` reads.
    mutating func flexibleInt64() throws(Declined) -> Int64 {
        guard try atString() else { return try int64() }
        guard let value = Int64(try string()) else { throw Declined() }
        return value
    }

    /// `FlexibleString`: a string, or an integer as its decimal text.
    mutating func flexibleString() throws(Declined) -> String {
        try atString() ? try string() : String(try int64())
    }

    /// A date as the decoder's date strategy reads it: a string `ZoomJSON.parseDate` accepts.
    mutating func date() throws(Declined) -> Date {
        let text = try stringBytes()
        if let date = ZoomJSON.parseUTC(text) { return date }
        guard let date = ZoomJSON.parseDate(String(decoding: text, as: UTF8.self)) else { throw Declined() }
        return date
    }

    mutating func optionalDate() throws(Declined) -> Date? {
        try null() ? nil : try date()
    }
}
