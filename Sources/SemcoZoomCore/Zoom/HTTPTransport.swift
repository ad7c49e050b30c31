import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil,
                timeout: TimeInterval = 30, mayReuseConnection: Bool = true) {
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

/// `HTTPTransport` on (Foundation­Networking's) URLSession.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    /// For requests that must not be resent by libcurl: each carries `Connection: close`, so no
    /// connection of this session is ever used twice (libcurl silently resends a request whose
    /// reused connection died, and cannot rewind a body to do it).
    private let oneShotSession: URLSession
    private let maxConnections: Int

    /// `maxConnections`: connections per host (the Zoom client keeps no more requests in flight).
    public init(maxConnections: Int = 8) {
        self.maxConnections = max(1, maxConnections)
        session = URLSession(configuration: Self.configuration(maxConnections: self.maxConnections))
        oneShotSession = URLSession(configuration: Self.configuration(maxConnections: self.maxConnections))
    }

    private static func configuration(maxConnections: Int) -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnections
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return configuration
    }

    deinit {
        session.finishTasksAndInvalidate()
        oneShotSession.finishTasksAndInvalidate()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = request.timeout
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body

        let session: URLSession
        if request.mayReuseConnection {
            session = self.session
        } else {
            session = oneShotSession
            urlRequest.setValue("close", forHTTPHeaderField: "Connection")
        }

        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw HTTPTransportError.noAnswer("no HTTP answer")
            }
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                if let key = key as? String, let value = value as? String { headers[key] = value }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as HTTPTransportError {
            throw error
        } catch let error as URLError {
            throw Self.classify(error)
        } catch {
            throw HTTPTransportError.noAnswer(String(describing: error))
        }
    }

    /// Only failures that happen before a byte of the request can have left count as "not sent".
    static func classify(_ error: URLError) -> HTTPTransportError {
        switch error.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
             .badURL, .unsupportedURL, .secureConnectionFailed, .serverCertificateUntrusted,
             .serverCertificateHasBadDate, .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot,
             .clientCertificateRejected, .clientCertificateRequired:
            return .notSent("\(describe(error.code)) (URLError \(error.code.rawValue))")
        default:
            return .noAnswer("\(describe(error.code)) (URLError \(error.code.rawValue))")
        }
    }

    private static func describe(_ code: URLError.Code) -> String {
        switch code {
        case .timedOut: return "timed out"
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .networkConnectionLost: return "connection lost"
        case .badServerResponse: return "connection closed without an answer"
        case .notConnectedToInternet: return "no network"
        case .cancelled: return "cancelled"
        case .secureConnectionFailed: return "TLS handshake failed"
        default: return "network error"
        }
    }
}
