import Foundation

// The Zoom edge of the meeting's kinds and enums: Zoom's numbers for `type`, `recurrence.type`,
// `settings.approval_type` and `settings.registration_type`, in one place. Each value is written
// with Zoom's number wherever it is stored (state file, report, API log), so that the files keep
// the numbers they always had; an unknown number survives as `.other(zoomType:)`.

extension MeetingKind: Codable {
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

    public init(from decoder: Decoder) throws { self.init(zoomType: try ZoomNumber.decode(decoder)) }
    public func encode(to encoder: Encoder) throws { try ZoomNumber.encode(zoomType, encoder) }
}

extension RecurrenceFrequency: Codable {
    /// Zoom's `recurrence.type`: 1 daily, 2 weekly, 3 monthly.
    public init(zoomType: Int) {
        switch zoomType {
        case 1: self = .daily
        case 2: self = .weekly
        case 3: self = .monthly
        default: self = .other(zoomType: zoomType)
        }
    }

    public var zoomType: Int {
        switch self {
        case .daily: return 1
        case .weekly: return 2
        case .monthly: return 3
        case .other(let zoomType): return zoomType
        }
    }

    public init(from decoder: Decoder) throws { self.init(zoomType: try ZoomNumber.decode(decoder)) }
    public func encode(to encoder: Encoder) throws { try ZoomNumber.encode(zoomType, encoder) }
}

extension RegistrationApproval: Codable {
    /// Zoom's `settings.approval_type`: 0 automatically approve, 1 manually approve,
    /// 2 no registration required.
    public init(zoomType: Int) {
        switch zoomType {
        case 0: self = .automatic
        case 1: self = .manual
        case 2: self = .noRegistration
        default: self = .other(zoomType: zoomType)
        }
    }

    public var zoomType: Int {
        switch self {
        case .automatic: return 0
        case .manual: return 1
        case .noRegistration: return 2
        case .other(let zoomType): return zoomType
        }
    }

    public init(from decoder: Decoder) throws { self.init(zoomType: try ZoomNumber.decode(decoder)) }
    public func encode(to encoder: Encoder) throws { try ZoomNumber.encode(zoomType, encoder) }
}

extension SeriesRegistration: Codable {
    /// Zoom's `settings.registration_type`: 1 register once and attend any occurrence,
    /// 2 register for each occurrence, 3 register once and choose occurrences.
    public init(zoomType: Int) {
        switch zoomType {
        case 1: self = .onceForAllSessions
        case 2: self = .eachSession
        case 3: self = .onceChoosingSessions
        default: self = .other(zoomType: zoomType)
        }
    }

    public var zoomType: Int {
        switch self {
        case .onceForAllSessions: return 1
        case .eachSession: return 2
        case .onceChoosingSessions: return 3
        case .other(let zoomType): return zoomType
        }
    }

    public init(from decoder: Decoder) throws { self.init(zoomType: try ZoomNumber.decode(decoder)) }
    public func encode(to encoder: Encoder) throws { try ZoomNumber.encode(zoomType, encoder) }
}

/// The one JSON form of the values above: Zoom's number, a bare JSON integer.
enum ZoomNumber {
    static func decode(_ decoder: Decoder) throws -> Int { try decoder.singleValueContainer().decode(Int.self) }

    static func encode(_ number: Int, _ encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(number)
    }
}

extension UserLicence: Codable {
    /// Zoom's user `type`: 1 Basic, 2 Licensed (4 no licence assigned, 99 none: kept as they are).
    public init(zoomType: Int) {
        switch zoomType {
        case 1: self = .basic
        case 2: self = .licensed
        default: self = .other(zoomType: zoomType)
        }
    }

    public var zoomType: Int {
        switch self {
        case .basic: return 1
        case .licensed: return 2
        case .other(let zoomType): return zoomType
        }
    }

    public init(from decoder: Decoder) throws { self.init(zoomType: try ZoomNumber.decode(decoder)) }
    public func encode(to encoder: Encoder) throws { try ZoomNumber.encode(zoomType, encoder) }
}
