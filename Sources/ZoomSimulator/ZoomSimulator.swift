import Foundation

// CONTRACT STUB: the simulator issue replaces the bodies. Signatures here are what the
// CLI, the client's tests and the sync engine's tests are written against: keep them
// (adding is fine; renaming or removing is not).

/// A fault to inject: applies to the next `count` requests matching `method` and `pathPrefix`.
public struct SimulatedFault: Sendable {
    public enum Action: Sendable {
        /// Answer with this status, JSON body and headers instead of serving the call.
        case respond(status: Int, body: String, headers: [String: String])
        /// Close the connection without answering, before the call is served.
        case dropConnection
        /// Serve the call (state changes), then close the connection without answering.
        case dropAfterProcessing
        /// Serve the call after this extra delay.
        case delay(TimeInterval)
    }

    public var method: String?
    /// Matched against the request path, e.g. `/v2/users/` or `/oauth/token`.
    public var pathPrefix: String?
    public var count: Int
    public var action: Action

    public init(method: String? = nil, pathPrefix: String? = nil, count: Int = 1, action: Action) {
        self.method = method
        self.pathPrefix = pathPrefix
        self.count = count
        self.action = action
    }
}

/// One request the simulator served, for assertions.
public struct ServedCall: Codable, Sendable, Hashable {
    public var time: Date
    public var method: String
    public var path: String
    public var query: String?
    public var status: Int
    public var zoomCode: Int?
}

public struct SimOccurrenceState: Codable, Sendable, Hashable {
    public var occurrenceID: String
    public var startTime: Date
    public var duration: Int
    public var status: String
}

public struct SimRegistrantState: Codable, Sendable, Hashable {
    public var id: String
    public var email: String
    public var firstName: String
    public var lastName: String?
    public var org: String?
    public var status: String
    public var joinURL: String
}

public struct SimMeetingState: Codable, Sendable, Hashable {
    public var id: Int64
    public var isWebinar: Bool
    public var hostEmail: String
    public var topic: String
    public var type: Int
    public var agenda: String?
    public var timezone: String?
    public var startTime: Date?
    public var duration: Int?
    public var approvalType: Int
    public var registrationType: Int?
    public var occurrences: [SimOccurrenceState]
    public var registrants: [SimRegistrantState]
}

public struct SimulatorSnapshot: Codable, Sendable {
    public var meetings: [SimMeetingState]
}

public final class ZoomSimulator: Sendable {
    public let baseURL: URL

    init(baseURL: URL) { self.baseURL = baseURL }

    /// Starts serving on 127.0.0.1 (`configuration.port`, 0 = a free port).
    public static func start(_ configuration: SimulatorConfiguration) async throws -> ZoomSimulator {
        fatalError("simulator not built yet")
    }

    /// `http://127.0.0.1:PORT/v2`
    public var apiURL: URL { baseURL.appendingPathComponent("v2") }
    /// `http://127.0.0.1:PORT/oauth/token`
    public var oauthURL: URL { baseURL.appendingPathComponent("oauth").appendingPathComponent("token") }

    public func stop() async {}
    public func inject(_ fault: SimulatedFault) async {}
    public func setLatency(_ seconds: TimeInterval) async {}
    /// Every token issued so far stops working (Zoom answers 401 / 124).
    public func expireAllTokens() async {}
    public func tokensIssued() async -> Int { 0 }
    public func servedCalls() async -> [ServedCall] { [] }
    public func snapshot() async -> SimulatorSnapshot { SimulatorSnapshot(meetings: []) }
    /// Changes made "directly in Zoom" by a person, not through the API under test.
    public func deleteMeetingDirectly(id: Int64) async {}
    public func editMeetingDirectly(id: Int64, topic: String) async {}
    public func denyRegistrantDirectly(meetingID: Int64, email: String) async {}
}
