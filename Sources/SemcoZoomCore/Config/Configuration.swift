import Foundation

/// What a run is configured with: the config file, then the environment, then the
/// command line (each wins over the one before). Defaults are the spec's.
public struct Configuration: Sendable, Codable, Equatable {
    /// The Veranstaltungsorte that make a course a Zoom course (compared case-insensitively,
    /// ignoring surrounding blanks). `zoom_room` takes one name or a list.
    public var zoomRooms: [String] = ["Zoom Meeting Room"]
    /// The configured room name(s) as an admin reads them in a message ("A" or "A" / "B").
    public var zoomRoom: String {
        get { zoomRooms.joined(separator: "\" / \"") }
        set { zoomRooms = [newValue] }
    }
    /// IANA zone the course times are wall-clock times in.
    public var timeZone: String = "Europe/Berlin"
    /// Licence size used for the capacity warning when a course has no `Max. TN`.
    public var licence: Licence = .pro
    /// Sync every eligible Zoom course when the export has no `Zoom synchronisieren` column.
    public var autoSync: Bool = true
    /// Booking statuses whose participants are registered in Zoom.
    public var registeringStatuses: [BookingStatus] = [.confirmed, .running]
    public var drift: DriftPolicy = .semco
    /// Whether Zoom e-mails registrants (confirmation on add, notice on cancel/delete).
    public var notifyRegistrants: Bool = false
    public var massCancel: MassCancelThresholds = .init()
    /// Header aliases: customer's header name → the spec's header name, per export kind or for all.
    public var columnAliases: [String: String] = [:]
    /// `zoom.kind` (formerly the top-level `kind`): Zoom meetings with registration or webinars.
    public var kind: ZoomKind = .meeting
    /// `alternative_hosts`: whether the course's co-trainers become the meeting's alternative hosts.
    public var alternativeHosts: AlternativeHostsOption = .none
    /// Zoom plan that sizes the per-second rate limits.
    public var ratePlan: RatePlan = .pro
    /// Write the header row in Zoom import CSVs (Zoom's importer handling of it is undocumented).
    public var zoomImportHeader: Bool = true
    public var language: Language = .de
    public var paths: Paths = .init()
    public var zoom: ZoomSettings = .init()
    /// Warnings about the file itself (a deprecated key), shown with the run's diagnostics.
    public var notices: [Diagnostic] = []
    /// How long personal data is kept (docs/privacy.md).
    public var retention: Retention = .init()

    public init() {}

    /// Whether a Veranstaltungsort is one of the configured Zoom rooms.
    public func isZoomRoom(_ venue: String) -> Bool {
        let venue = TextTrim.whitespaces(venue)
        for room in zoomRooms {
            let room = TextTrim.whitespaces(room)
            if venue.utf8.elementsEqual(room.utf8) || venue.caseInsensitiveCompare(room) == .orderedSame { return true }
        }
        return false
    }

    public enum Licence: String, Sendable, Codable, CaseIterable {
        case pro, business, enterprise
        public var participants: Int {
            switch self {
            case .pro: return 100
            case .business: return 300
            case .enterprise: return 500
            }
        }
    }

    public enum DriftPolicy: String, Sendable, Codable {
        /// SEMCO wins: fields changed in Zoom are set back.
        case semco
        /// Only report what changed in Zoom.
        case report
    }

    public enum ZoomKind: String, Sendable, Codable {
        case meeting
        case webinar
    }

    public enum RatePlan: String, Sendable, Codable, CaseIterable {
        case pro
        case business
    }

    /// Refuse a snapshot that would cancel more than this.
    public struct MassCancelThresholds: Sendable, Codable, Equatable {
        /// A course trips the guard when it would cancel more than `courseMinimum` registrants
        /// and more than `coursePercent` of them.
        public var courseMinimum: Int = 10
        public var coursePercent: Double = 20
        /// A run trips the guard when it would cancel more than this many in all.
        public var runMaximum: Int = 50
        public init() {}
    }

    public struct Paths: Sendable, Codable, Equatable {
        public var drop: String?
        public var state: String?
        public var out: String?
        /// `--metrics-file`: Prometheus text written at the end of every `sync` and `plan` run.
        public var metricsFile: String?
        public init() {}
    }

    public struct ZoomSettings: Sendable, Codable, Equatable {
        public var apiURL: String = "https://api.zoom.us/v2"
        public var oauthURL: String = "https://zoom.us/oauth/token"
        public var accountID: String?
        public var clientID: String?
        /// A file that holds the client secret (never the secret itself in the config).
        public var clientSecretFile: String?
        public init() {}
    }

    /// Days after which run folders, archived and rejected exports and the state's closed
    /// courses are removed (docs/privacy.md); nil keeps them for good (`0` or `forever`).
    public struct Retention: Sendable, Codable, Equatable {
        public static let defaultDays = 90
        /// `runs/<run-id>/` folders (reports, Zoom import and SEMCO write-back files).
        public var runsDays: Int? = Retention.defaultDays
        /// `archive/<run-id>/` folders of the drop directory (SEMCO's exports).
        public var archiveDays: Int? = Retention.defaultDays
        /// `rejected/<run-id>/` folders of the drop directory.
        public var rejectedDays: Int? = Retention.defaultDays
        /// Closed and cancelled courses in the state file: their registrants are forgotten.
        public var stateDays: Int? = Retention.defaultDays
        public init() {}
    }
}
