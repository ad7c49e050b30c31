import Foundation

// The public surface of the simulator, used by the CLI (`semco-zoom simulator`,
// `--zoom simulator`) and by tests. The implementation fills these in; the shape is the
// contract other parts are written against.

/// A user of the simulated Zoom account.
public struct SimulatedUser: Codable, Hashable, Sendable {
    public var email: String
    /// 1 basic, 2 licensed.
    public var type: Int
    public var firstName: String
    public var lastName: String
    /// Holds Zoom's webinar add-on (sold separately): `feature.webinar` in the user's settings,
    /// and only such a user can host a webinar.
    public var webinar: Bool

    public init(email: String, type: Int = 2, firstName: String = "", lastName: String = "", webinar: Bool = false) {
        self.email = email
        self.type = type
        self.firstName = firstName
        self.lastName = lastName
        self.webinar = webinar
    }

    enum CodingKeys: String, CodingKey {
        case email, type, webinar
        case firstName = "first_name"
        case lastName = "last_name"
    }
}

public enum SimulatedPlan: String, Codable, Sendable, CaseIterable {
    case pro
    case business
}

public struct SimulatorConfiguration: Sendable {
    /// 0 picks a free port. The simulator binds 127.0.0.1 only.
    public var port: Int = 0
    public var accountID: String = "sim-account"
    public var clientID: String = "sim-client"
    public var clientSecret: String = "sim-secret"
    /// Seconds a token lives (Zoom: 3600).
    public var tokenLifetime: TimeInterval = 3600
    public var plan: SimulatedPlan = .pro
    public var users: [SimulatedUser] = []
    /// When true, any e-mail used as a host is an existing licensed user (the embedded demo).
    public var autoCreateUsers: Bool = false
    /// Whether users made by `autoCreateUsers` hold the webinar add-on (the embedded demo with
    /// `zoom.kind: webinar`).
    public var autoCreatedUsersHoldWebinar: Bool = false
    /// Where state is persisted and reloaded from; nil keeps it in memory.
    public var dataFile: URL?
    /// Latency added to every answer.
    public var latency: TimeInterval = 0
    /// Whether per-second rate limits are enforced.
    public var enforceRateLimits: Bool = true
    /// Scopes granted to tokens issued from now on (space-separated in the token answer).
    public var scopes: [String] = SimulatorConfiguration.defaultScopes
    /// Registrants (approved + pending) a meeting takes before 3043 (Zoom: 4,999).
    public var registrantCapacity: Int = 4999
    /// Meeting creates + updates per host per UTC day (Zoom: 100).
    public var hostDailyCreateUpdateLimit: Int = 100
    /// Adds per registrant address per meeting per UTC day (Zoom: 3).
    public var registrantDailyAddLimit: Int = 3
    /// Status changes per registrant per meeting per UTC day (reported: 10).
    public var registrantDailyStatusLimit: Int = 10
    /// How long a `next_page_token` stays valid (Zoom: 15 minutes).
    public var pageTokenLifetime: TimeInterval = 15 * 60

    public static let defaultScopes = [
        "meeting:read:admin", "meeting:write:admin", "webinar:read:admin", "webinar:write:admin", "user:read:admin",
    ]

    public init() {}
}
