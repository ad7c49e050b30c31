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

    public init(email: String, type: Int = 2, firstName: String = "", lastName: String = "") {
        self.email = email
        self.type = type
        self.firstName = firstName
        self.lastName = lastName
    }

    enum CodingKeys: String, CodingKey {
        case email, type
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
    /// Where state is persisted and reloaded from; nil keeps it in memory.
    public var dataFile: URL?
    /// Latency added to every answer.
    public var latency: TimeInterval = 0
    /// Whether per-second rate limits are enforced.
    public var enforceRateLimits: Bool = true

    public init() {}
}
