import Foundation

// The Zoom edge of the meeting's kinds and enums: Zoom's numbers for `type`, `recurrence.type`,
// `settings.approval_type`, `settings.registration_type` and the user's `type`, in one table
// each. Each value is written with Zoom's number wherever it is stored (state file, report, API
// log), so that the files keep the numbers they always had; an unknown number survives as
// `.other(zoomType:)`.

/// A value Zoom writes as a number: its known cases with Zoom's number for each, and
/// `.other(zoomType:)` for any other number, kept as it is. Its JSON form is that bare number.
public protocol ZoomNumbered: Hashable, Sendable, Codable {
    /// The known cases and Zoom's number for each.
    static var zoomNumbers: [(value: Self, zoomType: Int)] { get }
    /// A number none of the known cases has.
    static func other(zoomType: Int) -> Self
    /// The number of `.other(zoomType:)`; nil for a known case.
    var otherZoomType: Int? { get }
}

extension ZoomNumbered {
    /// The value of Zoom's number.
    public init(zoomType: Int) {
        self = Self.zoomNumbers.first { $0.zoomType == zoomType }?.value ?? .other(zoomType: zoomType)
    }

    /// Zoom's number for the value.
    public var zoomType: Int {
        otherZoomType ?? Self.zoomNumbers.first { $0.value == self }!.zoomType
    }

    public init(from decoder: Decoder) throws {
        self.init(zoomType: try decoder.singleValueContainer().decode(Int.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(zoomType)
    }
}

extension MeetingKind: ZoomNumbered {
    /// Zoom's `type`: 2 scheduled meeting, 8 recurring meeting with fixed time, 5 webinar,
    /// 9 recurring webinar with fixed time.
    public static let zoomNumbers: [(value: MeetingKind, zoomType: Int)] = [
        (.meeting, 2), (.meetingSeries, 8), (.webinar, 5), (.webinarSeries, 9),
    ]
    public var otherZoomType: Int? { if case .other(let number) = self { number } else { nil } }

    /// Whether Zoom takes batch registration (`POST …/batch_registrants`) for the kind.
    public var takesBatchRegistration: Bool { ZoomBatchLimits.meetingTypes.contains(zoomType) }
}

extension RecurrenceFrequency: ZoomNumbered {
    /// Zoom's `recurrence.type`: 1 daily, 2 weekly, 3 monthly.
    public static let zoomNumbers: [(value: RecurrenceFrequency, zoomType: Int)] = [
        (.daily, 1), (.weekly, 2), (.monthly, 3),
    ]
    public var otherZoomType: Int? { if case .other(let number) = self { number } else { nil } }
}

extension RegistrationApproval: ZoomNumbered {
    /// Zoom's `settings.approval_type`: 0 automatically approve, 1 manually approve,
    /// 2 no registration required.
    public static let zoomNumbers: [(value: RegistrationApproval, zoomType: Int)] = [
        (.automatic, 0), (.manual, 1), (.noRegistration, 2),
    ]
    public var otherZoomType: Int? { if case .other(let number) = self { number } else { nil } }
}

extension SeriesRegistration: ZoomNumbered {
    /// Zoom's `settings.registration_type`: 1 register once and attend any occurrence,
    /// 2 register for each occurrence, 3 register once and choose occurrences.
    public static let zoomNumbers: [(value: SeriesRegistration, zoomType: Int)] = [
        (.onceForAllSessions, 1), (.eachSession, 2), (.onceChoosingSessions, 3),
    ]
    public var otherZoomType: Int? { if case .other(let number) = self { number } else { nil } }
}

extension UserLicence: ZoomNumbered {
    /// Zoom's user `type`: 1 Basic, 2 Licensed (4 no licence assigned, 99 none: kept as they are).
    public static let zoomNumbers: [(value: UserLicence, zoomType: Int)] = [(.basic, 1), (.licensed, 2)]
    public var otherZoomType: Int? { if case .other(let number) = self { number } else { nil } }
}
