import Foundation

/// One HTTP request as the Zoom client builds it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// Seconds to wait for an answer.
    public var timeout: TimeInterval
    /// False for requests that must never be sent twice by the transport itself (writes): the
    /// transport then uses a fresh connection, so that a transport-level "connection died,
    /// resend" (libcurl does that on reused connections) cannot repeat it behind our back.
    public var mayReuseConnection: Bool

    public init(
        method: String, url: URL, headers: [String: String] = [:], body: Data? = nil,
        timeout: TimeInterval = 30, mayReuseConnection: Bool = true
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.mayReuseConnection = mayReuseConnection
    }
}

/// One HTTP answer. Header names are matched case-insensitively.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.key.lowercased() == wanted }?.value
    }
}

/// Why a request got no HTTP answer. The distinction decides whether a create may be repeated.
public enum HTTPTransportError: Error, Sendable, Equatable {
    /// The request certainly did not reach the server (connection refused, host not found).
    case notSent(String)
    /// The request may have reached the server, but no answer came (timeout, connection closed).
    case noAnswer(String)

    public var reason: String {
        switch self {
        case .notSent(let reason), .noAnswer(let reason): return reason
        }
    }
}

/// The one thing the Zoom client needs from HTTP, so that a transport swap stays cheap.
public protocol HTTPTransport: Sendable {
    /// Sends the request; throws `HTTPTransportError` only.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
