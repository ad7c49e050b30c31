import Foundation

/// The fields of a meeting to set, only those that change: all of them for a create, what differs
/// for an update. The plan's actions carry it; the Zoom client sends it as the body of
/// `POST /users/{userId}/meetings` or `PATCH /meetings/{id}` (`WireMeetingRequest`, built at the
/// Zoom edge, where the kind becomes Zoom's `type` number). Recorded in report.json under Zoom's
/// field names and numbers, as before.
public struct MeetingChange: Hashable, Sendable, Codable {
    public var topic: String?
    public var kind: MeetingKind?
    /// Local wall-clock start `yyyy-MM-ddTHH:mm:ss` in `timezone` (no `Z`).
    public var startTime: String?
    public var timezone: String?
    public var duration: Int?
    public var agenda: String?
    public var recurrence: MeetingRecurrence?
    public var settings: MeetingSettings?

    enum CodingKeys: String, CodingKey {
        case topic
        case kind = "type"
        case startTime, timezone, duration, agenda, recurrence, settings
    }

    public var isEmpty: Bool {
        topic == nil && kind == nil && startTime == nil && timezone == nil && duration == nil
            && agenda == nil && recurrence == nil && settings == nil
    }
}
