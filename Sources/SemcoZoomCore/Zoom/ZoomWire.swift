// swift-format-ignore-file: AlwaysUseLowerCamelCase
// (the wire types keep Zoom's field names, so that they read like Zoom's OpenAPI documents)

import Foundation

// Zoom's JSON shapes (snake_case), mapped to and from the contract types in ZoomModels.swift and
// the meeting values the plan carries (Plan/MeetingChange.swift, Plan/MeetingSettings.swift).
// Zoom's numbers (`type`, `approval_type`, …) become kinds and enums here, by the one mapping per
// value in ZoomMeetingKind.swift.
// Only the fields semco-zoom uses are declared: `start_url` (a host login) is never decoded.

enum ZoomJSON {
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not an ISO 8601 UTC time: \(text)")
            }
            return date
        }
        return decoder
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatUTC(date))
        }
        return encoder
    }

    /// `2026-05-04T08:00:00Z`, `2026-05-04T08:00:00.123Z`, `…+02:00`.
    /// Zoom's own form (UTC with `Z`) is read by hand — it is in every meeting and registrant,
    /// and a Foundation formatter per date cost a third of a no-change night's CPU; anything
    /// else goes to Foundation's ISO 8601 parser.
    static func parseDate(_ text: String) -> Date? {
        if let date = parseUTC(text) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// `yyyy-MM-ddTHH:mm:ss[.f…]Z` only; nil for anything else.
    static func parseUTC(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parseUTC($0) }
    }

    /// `parseUTC` on the UTF-8 bytes of the text (the hand readers' dates, without a String).
    static func parseUTC(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let f = UTCTimestamp.fields(b), f.hour < 24, f.minute < 60, f.second < 61 else { return nil }
        return f.date
    }

    /// `2026-05-04T08:00:00Z` (whole seconds, UTC).
    static func formatUTC(_ date: Date) -> String { UTCTimestamp.text(date) }
}

/// Decodes an int64 that arrives as a JSON number (or, defensively, as a string of digits).
struct FlexibleInt64: Decodable, Equatable {
    var value: Int64
    init(value: Int64) { self.value = value }
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Int64(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an int64 id")
        }
    }
}

/// Decodes a string that may arrive as a JSON number (occurrence ids are strings, but be lenient).
struct FlexibleString: Decodable, Equatable {
    var value: String
    init(value: String) { self.value = value }
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a string id")
        }
    }
}

struct WireRecurrence: Codable, Equatable {
    var type: Int
    var repeat_interval: Int?
    var weekly_days: String?
    var end_times: Int?
    var end_date_time: Date?

    init(_ value: MeetingRecurrence) {
        type = value.frequency.zoomType
        repeat_interval = value.repeatInterval
        weekly_days = value.weekdays.map(ZoomWeeklyDays.text)
        end_times = value.endTimes
        end_date_time = value.endDateTime
    }

    var model: MeetingRecurrence {
        MeetingRecurrence(
            frequency: RecurrenceFrequency(zoomType: type), repeatInterval: repeat_interval,
            weekdays: weekly_days.flatMap(ZoomWeeklyDays.weekdays),
            endTimes: end_times,
            endDateTime: end_date_time)
    }
}

struct WireSettings: Codable, Equatable {
    var approval_type: Int?
    var registration_type: Int?
    var registrants_email_notification: Bool?
    var registrants_confirmation_email: Bool?
    var alternative_hosts: String?

    init(_ value: MeetingSettings) {
        approval_type = value.approval?.zoomType
        registration_type = value.registration?.zoomType
        registrants_email_notification = value.registrantsEmailNotification
        registrants_confirmation_email = value.registrantsConfirmationEmail
        alternative_hosts = value.alternativeHosts
    }

    var model: MeetingSettings {
        MeetingSettings(
            approval: approval_type.map(RegistrationApproval.init(zoomType:)),
            registration: registration_type.map(SeriesRegistration.init(zoomType:)),
            registrantsEmailNotification: registrants_email_notification,
            registrantsConfirmationEmail: registrants_confirmation_email, alternativeHosts: alternative_hosts)
    }
}

struct WireOccurrence: Decodable, Equatable {
    var occurrence_id: FlexibleString
    var start_time: Date
    var duration: Int?
    var status: String?

    var model: ZoomOccurrence {
        ZoomOccurrence(
            occurrenceID: occurrence_id.value, startTime: start_time, duration: duration ?? 0,
            status: status ?? "available")
    }
}

struct WireMeeting: Decodable, Equatable {
    var id: FlexibleInt64
    var uuid: String?
    var host_id: String?
    var host_email: String?
    var topic: String?
    var type: Int
    var start_time: Date?
    var duration: Int?
    var timezone: String?
    var agenda: String?
    var join_url: String?
    var registration_url: String?
    var recurrence: WireRecurrence?
    var occurrences: [WireOccurrence]?
    var settings: WireSettings?

    var model: ZoomMeeting {
        ZoomMeeting(
            id: id.value, uuid: uuid, hostID: host_id, hostEmail: host_email, topic: topic ?? "",
            kind: MeetingKind(zoomType: type), startTime: start_time, duration: duration, timezone: timezone,
            agenda: agenda, joinURL: join_url,
            registrationURL: registration_url, recurrence: recurrence?.model,
            occurrences: occurrences?.map(\.model), settings: settings?.model)
    }
}

struct WireMeetingSummary: Decodable {
    var id: FlexibleInt64
    var host_id: String?
    var topic: String?
    var type: Int
    var start_time: Date?
    var duration: Int?
    var timezone: String?
    var agenda: String?
    var join_url: String?

    var model: ZoomMeetingSummary {
        ZoomMeetingSummary(
            id: id.value, hostID: host_id, topic: topic ?? "", kind: MeetingKind(zoomType: type), startTime: start_time,
            duration: duration, timezone: timezone, agenda: agenda, joinURL: join_url)
    }
}

struct WireMeetingRequest: Encodable {
    var topic: String?
    var type: Int?
    var start_time: String?
    var timezone: String?
    var duration: Int?
    var agenda: String?
    var recurrence: WireRecurrence?
    var settings: WireSettings?

    init(_ value: MeetingChange) {
        topic = value.topic
        type = value.kind?.zoomType
        start_time = value.startTime
        timezone = value.timezone
        duration = value.duration
        agenda = value.agenda
        recurrence = value.recurrence.map(WireRecurrence.init)
        settings = value.settings.map(WireSettings.init)
    }
}

struct WireRegistrant: Decodable, Equatable {
    var id: String
    var email: String
    var first_name: String?
    var last_name: String?
    var org: String?
    var status: String?
    var join_url: String?
    var create_time: Date?

    var model: ZoomRegistrant {
        ZoomRegistrant(
            id: id, email: email, firstName: first_name ?? "", lastName: last_name, org: org,
            status: status.flatMap(ZoomRegistrantStatus.init(rawValue:)), joinURL: join_url, createTime: create_time)
    }
}

struct WireRegistrantRequest: Encodable {
    var email: String
    var first_name: String
    var last_name: String?
    var org: String?
    var auto_approve: Bool?

    init(_ value: ZoomRegistrantRequest, webinar: Bool) {
        email = value.email
        first_name = value.firstName
        last_name = value.lastName
        org = value.org
        // Webinar registrations have no `auto_approve` field.
        auto_approve = webinar ? nil : value.autoApprove
    }
}

/// Body of `POST /meetings/{id}/batch_registrants`: e-mail and names only (Zoom's schema has no `org`).
struct WireBatchRegistrants: Encodable {
    struct Entry: Encodable {
        var email: String
        var first_name: String
        var last_name: String?
    }
    var auto_approve: Bool
    /// Meetings only: Zoom's webinar schema has no such field.
    var registrants_confirmation_email: Bool?
    var registrants: [Entry]
}

struct WireBatchAnswer: Decodable {
    struct Entry: Decodable {
        var email: String
        var registrant_id: String
        var join_url: String?
    }
    var registrants: [Entry]?
}

struct WireRegistrantCreated: Decodable {
    var id: FlexibleInt64?
    var registrant_id: String
    var join_url: String?
    var occurrences: [WireOccurrence]?

    var model: ZoomRegistrantCreated {
        ZoomRegistrantCreated(
            id: id?.value, registrantID: registrant_id, joinURL: join_url, occurrences: occurrences?.map(\.model))
    }
}

struct WireStatusUpdate: Encodable {
    struct Entry: Encodable {
        var id: String?
        var email: String
    }
    var action: String
    var registrants: [Entry]
}

struct WireUser: Decodable {
    var id: String
    var email: String
    var type: Int
    var first_name: String?
    var last_name: String?
    var status: String?

    var model: ZoomUser {
        ZoomUser(
            id: id, email: email, licence: UserLicence(zoomType: type), firstName: first_name, lastName: last_name,
            status: status)
    }
}

/// `GET /users/{userId}/settings`: only `feature.webinar` and `feature.webinar_capacity`.
struct WireUserSettings: Decodable {
    struct Feature: Decodable {
        var webinar: Bool?
        var webinar_capacity: Int?
    }
    var feature: Feature?

    var model: ZoomUserFeatures {
        ZoomUserFeatures(webinar: feature?.webinar ?? false, webinarCapacity: feature?.webinar_capacity)
    }
}

struct WireErrorBody: Decodable {
    struct FieldError: Decodable {
        var field: String?
        var message: String?
    }
    var code: Int?
    var message: String?
    var errors: [FieldError]?
}

struct WireToken: Decodable {
    var access_token: String
    var token_type: String?
    var expires_in: Double?
    var scope: String?
    var api_url: String?
}

struct WireTokenError: Decodable {
    var reason: String?
    var error: String?
    var error_description: String?
    var message: String?
}

/// The decoder's userInfo key that names a list page's items (`registrants`, `meetings`, …).
enum WirePageItems {
    static let key = CodingUserInfoKey(rawValue: "semco.itemsKey")!
}

/// One page of a list answer: `next_page_token` and the items under `key`.
struct WirePage<Item: Decodable>: Decodable {
    var nextPageToken: String?
    var items: [Item]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(nextPageToken: String?, items: [Item]) {
        self.nextPageToken = nextPageToken
        self.items = items
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let key = decoder.userInfo[WirePageItems.key] as? String ?? "items"
        nextPageToken = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "next_page_token"))
        items = try container.decodeIfPresent([Item].self, forKey: Key(stringValue: key)) ?? []
    }
}

extension WirePage: Equatable where Item: Equatable {}
