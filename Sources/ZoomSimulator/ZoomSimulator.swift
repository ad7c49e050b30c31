import Foundation

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
        /// Serve the call (state changes), then hold the answer back for this long: the window in
        /// which a client has been served but has not heard so (a crash there must not duplicate).
        case delayAfterProcessing(TimeInterval)
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

/// One request the simulator served, for assertions. `status` 0: the connection was dropped
/// without an answer.
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
    /// `settings.alternative_hosts` as stored (nil: never set).
    public var alternativeHosts: String? = nil
}

public struct SimulatorSnapshot: Codable, Sendable {
    public var meetings: [SimMeetingState]

    public func meeting(_ id: Int64) -> SimMeetingState? { meetings.first { $0.id == id } }
}

/// The Zoom simulator: a real HTTP/1.1 server on 127.0.0.1 serving Zoom's OAuth and the
/// `/v2` calls of docs/SIMULATOR.md, plus the `/_sim/…` admin API. The standalone
/// `semco-zoom simulator` command runs exactly this.
public final class ZoomSimulator: Sendable {
    public let baseURL: URL
    let engine: SimulatorEngine
    let server: HTTPServer

    init(baseURL: URL, engine: SimulatorEngine, server: HTTPServer) {
        self.baseURL = baseURL
        self.engine = engine
        self.server = server
    }

    /// Starts serving on 127.0.0.1 (`configuration.port`, 0 = a free port).
    public static func start(_ configuration: SimulatorConfiguration) async throws -> ZoomSimulator {
        let engine = try SimulatorEngine(configuration: configuration)
        let server = try HTTPServer(port: configuration.port) { request in engine.handle(request) }
        let base = "http://127.0.0.1:\(server.port)"
        engine.withLock { engine.baseURL = base }
        server.start()
        return ZoomSimulator(baseURL: URL(string: base)!, engine: engine, server: server)
    }

    /// `http://127.0.0.1:PORT/v2`
    public var apiURL: URL { baseURL.appendingPathComponent("v2") }
    /// `http://127.0.0.1:PORT/oauth/token`
    public var oauthURL: URL { baseURL.appendingPathComponent("oauth").appendingPathComponent("token") }
    public var port: Int { server.port }

    /// Closes the listener and all connections, then waits until the data file holds the
    /// last state.
    public func stop() async {
        let server = self.server
        let writer = engine.writer
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                server.stop()
                writer?.stop()
                continuation.resume()
            }
        }
    }

    /// Waits until every change so far is written to `dataFile` (writes happen right after
    /// each change, off the request path; changes that arrive during a write are coalesced).
    public func flush() async {
        guard let writer = engine.writer else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                writer.flush()
                continuation.resume()
            }
        }
    }

    public func inject(_ fault: SimulatedFault) async { engine.withLock { engine.faults.append(fault) } }
    public func clearFaults() async { engine.withLock { engine.faults.removeAll() } }
    public func setLatency(_ seconds: TimeInterval) async { engine.withLock { engine.latency = max(0, seconds) } }
    /// Every token issued so far stops working (Zoom answers 401 / 124).
    public func expireAllTokens() async { engine.withLock { engine.expireAllTokens() } }
    public func tokensIssued() async -> Int { engine.withLock { engine.state.tokensIssued } }
    public func servedCalls() async -> [ServedCall] { engine.withLock { engine.calls } }
    public func snapshot() async -> SimulatorSnapshot { engine.withLock { engine.snapshot() } }
    /// Changes made "directly in Zoom" by a person, not through the API under test.
    public func deleteMeetingDirectly(id: Int64) async { engine.withLock { _ = engine.deleteMeetingDirectly(id: id) } }
    public func editMeetingDirectly(id: Int64, topic: String) async {
        engine.withLock { _ = engine.editMeetingDirectly(id: id, topic: topic) }
    }
    public func denyRegistrantDirectly(meetingID: Int64, email: String) async {
        engine.withLock { _ = engine.setRegistrantStatusDirectly(meetingID: meetingID, email: email, status: "denied") }
    }

    // Additions beyond the first contract.

    /// Moves the simulator's clock (token expiry, page-token expiry, daily limits, "meeting is over").
    public func advanceClock(by seconds: TimeInterval) async { engine.withLock { engine.clockOffset += seconds } }
    /// Stops the simulator's clock at `date` (later `advanceClock` calls move it): per-second
    /// windows, page-token expiry and daily resets become deterministic.
    public func freezeClock(at date: Date) async {
        engine.withLock {
            engine.frozenAt = date
            engine.clockOffset = 0
        }
    }
    /// The simulator's current time (wall clock plus `advanceClock`).
    public func now() async -> Date { engine.withLock { engine.now() } }
    /// Scopes for tokens issued from now on (a missing scope answers 4711).
    public func grantScopes(_ scopes: [String]) async { engine.withLock { engine.grantedScopes = scopes } }
    /// Adds a user or changes an existing one's type (1 basic, 2 licensed).
    public func addUser(_ user: SimulatedUser) async {
        engine.withLock {
            engine.upsertUser(user)
            _ = engine.persistOrFail()
        }
    }
    public func setUserType(email: String, type: Int) async {
        engine.withLock {
            if let index = engine.state.users.position(email: email) {
                engine.state.users[index].type = type
                _ = engine.persistOrFail()
            }
        }
    }
    public func editMeetingDirectly(id: Int64, topic: String?, agenda: String?, startTime: Date?, duration: Int?) async
    {
        engine.withLock {
            _ = engine.editMeetingDirectly(
                id: id, topic: topic, agenda: agenda, startTime: startTime, duration: duration)
        }
    }
    /// An admin gives the meeting another host in Zoom's web portal (a user of the account);
    /// false when there is no such meeting or user.
    @discardableResult
    public func changeHostDirectly(id: Int64, hostEmail: String) async -> Bool {
        engine.withLock { engine.editMeetingDirectly(id: id, topic: nil, hostEmail: hostEmail) }
    }
    public func deleteOccurrenceDirectly(id: Int64, occurrenceID: String) async {
        engine.withLock { _ = engine.deleteOccurrenceDirectly(id: id, occurrenceID: occurrenceID) }
    }
    public func setRegistrantStatusDirectly(meetingID: Int64, email: String, status: String) async {
        engine.withLock { _ = engine.setRegistrantStatusDirectly(meetingID: meetingID, email: email, status: status) }
    }
}
