import Foundation

// Zoom's own names and shapes, at the Zoom edge. JSON coding (snake_case keys, int64 ids,
// dates) is the client's business; these are the typed values the rest of the tool sees.

/// A Zoom meeting or webinar id: an int64, often more than 10 digits.
public typealias ZoomMeetingID = Int64

/// One occurrence of a recurring meeting.
public struct ZoomOccurrence: Hashable, Sendable, Codable {
    /// Epoch milliseconds as a string, e.g. `"1807365600000"`.
    public var occurrenceID: String
    public var startTime: Date
    /// Minutes.
    public var duration: Int
    /// `available` or `deleted`.
    public var status: String = "available"

    public var isAvailable: Bool { status == "available" }
}

/// A meeting (or webinar) as `GET /meetings/{id}` answers it.
/// `start_url` is deliberately not part of it: it is a host login and is never kept.
public struct ZoomMeeting: Hashable, Sendable, Codable {
    public var id: ZoomMeetingID
    public var uuid: String?
    public var hostID: String?
    public var hostEmail: String?
    public var topic: String
    /// Meeting or webinar, once or as a series (Zoom's `type`).
    public var kind: MeetingKind
    /// UTC instant of the (first) start.
    public var startTime: Date?
    public var duration: Int?
    public var timezone: String?
    public var agenda: String?
    public var joinURL: String?
    public var registrationURL: String?
    public var recurrence: MeetingRecurrence?
    public var occurrences: [ZoomOccurrence]?
    public var settings: MeetingSettings?

    enum CodingKeys: String, CodingKey {
        case id, uuid, hostID, hostEmail, topic
        case kind = "type"
        case startTime, duration, timezone, agenda, joinURL, registrationURL, recurrence, occurrences, settings
    }
}

/// An entry of `GET /users/{userId}/meetings` (the list cuts `agenda` to 250 characters).
public struct ZoomMeetingSummary: Hashable, Sendable, Codable {
    public var id: ZoomMeetingID
    public var hostID: String?
    public var topic: String
    public var kind: MeetingKind
    public var startTime: Date?
    public var duration: Int?
    public var timezone: String?
    public var agenda: String?
    public var joinURL: String?

    enum CodingKeys: String, CodingKey {
        case id, hostID, topic
        case kind = "type"
        case startTime, duration, timezone, agenda, joinURL
    }
}

public enum ZoomRegistrantStatus: String, Sendable, Codable, CaseIterable {
    case approved
    case pending
    case denied
}

/// A registrant as the registrant list answers it.
public struct ZoomRegistrant: Hashable, Sendable, Codable {
    public var id: String
    public var email: String
    public var firstName: String
    public var lastName: String?
    public var org: String?
    public var status: ZoomRegistrantStatus?
    /// The registrant's personal join link.
    public var joinURL: String?
    public var createTime: Date?
}

/// Body of `POST /meetings/{id}/registrants`.
public struct ZoomRegistrantRequest: Hashable, Sendable, Codable {
    public var email: String
    public var firstName: String
    public var lastName: String?
    public var org: String?
    public var autoApprove: Bool? = true
}

/// The answer to adding a registrant. `joinURL` is absent under manual approval.
public struct ZoomRegistrantCreated: Hashable, Sendable, Codable {
    public var id: ZoomMeetingID?
    public var registrantID: String
    public var joinURL: String?
    public var occurrences: [ZoomOccurrence]?
}

/// One registration in the answer to a batch registration (`POST /meetings/{id}/batch_registrants`).
/// `joinURL` is absent while the registration waits for approval.
public struct ZoomBatchRegistrant: Hashable, Sendable, Codable {
    public var email: String
    public var registrantID: String
    public var joinURL: String?
}

/// `PUT /meetings/{id}/registrants/status` actions.
public enum ZoomRegistrantAction: String, Sendable, Codable {
    case approve
    case cancel
    case deny
}

/// A registrant named in a status change: Zoom takes id and e-mail.
public struct ZoomRegistrantReference: Hashable, Sendable, Codable {
    public var id: String?
    public var email: String
}

/// What `GET /users/{userId}/settings` says about the user's webinar add-on.
public struct ZoomUserFeatures: Hashable, Sendable, Codable {
    /// `feature.webinar`: the user can host webinars.
    public var webinar: Bool
    /// `feature.webinar_capacity`: attendees a webinar of this user takes (100 … 10,000).
    public var webinarCapacity: Int?
}

/// A user of the Zoom account.
public struct ZoomUser: Hashable, Sendable, Codable {
    public var id: String
    public var email: String
    /// Basic or licensed (Zoom's `type`).
    public var licence: UserLicence
    public var firstName: String?
    public var lastName: String?
    public var status: String?

    /// Any user but a Basic one (`type` 2 and above).
    public var isLicensed: Bool { licence.zoomType >= 2 }

    enum CodingKeys: String, CodingKey {
        case id, email
        case licence = "type"
        case firstName, lastName, status
    }
}

/// What a call served, written to `api-calls.jsonl` (never an e-mail address).
public struct CallContext: Hashable, Sendable, Codable {
    public var course: CourseNumber?
    public var booking: String?
    public static let none = CallContext()
}
