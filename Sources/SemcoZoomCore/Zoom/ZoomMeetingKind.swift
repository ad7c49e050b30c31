import Foundation

// The Zoom edge of `MeetingKind`: Zoom's meeting and webinar `type` numbers, in one place.

extension MeetingKind {
    /// The kind of Zoom's `type`: 2 scheduled meeting, 8 recurring meeting with fixed time,
    /// 5 webinar, 9 recurring webinar with fixed time; any other number is kept as it is.
    public init(zoomType: Int) {
        switch zoomType {
        case 2: self = .meeting
        case 8: self = .meetingSeries
        case 5: self = .webinar
        case 9: self = .webinarSeries
        default: self = .other(zoomType: zoomType)
        }
    }

    /// Zoom's `type` for the kind.
    public var zoomType: Int {
        switch self {
        case .meeting: return 2
        case .meetingSeries: return 8
        case .webinar: return 5
        case .webinarSeries: return 9
        case .other(let zoomType): return zoomType
        }
    }

    /// Whether Zoom takes batch registration (`POST …/batch_registrants`) for the kind.
    public var takesBatchRegistration: Bool { ZoomBatchLimits.meetingTypes.contains(zoomType) }
}

extension ZoomMeeting {
    /// The meeting's kind, from Zoom's `type`.
    public var kind: MeetingKind { MeetingKind(zoomType: type) }
}

extension MeetingSpec {
    /// The kind the spec asks for (it keeps Zoom's `type`, as the state file records it).
    public var kind: MeetingKind { MeetingKind(zoomType: type) }
}
