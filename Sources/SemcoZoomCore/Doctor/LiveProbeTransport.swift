import Foundation

/// One HTTP exchange of `doctor --live`, as the transport saw it. Kept in memory only; what
/// reaches `zoom-contract.json` is redacted (`LiveProbeRedaction`).
struct ProbeExchange: Sendable {
    var method: String
    var url: URL
    var requestBody: Data?
    /// nil: no answer (transport failure or cancelled).
    var status: Int?
    var headers: [String: String]
    var responseBody: Data

    func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.key.lowercased() == wanted }?.value
    }

    /// Zoom's `code` and `message` of an error answer.
    var zoomError: (code: Int?, message: String?) {
        guard let status, status >= 300,
            let object = (try? JSONSerialization.jsonObject(with: responseBody)) as? [String: Any]
        else { return (nil, nil) }
        return ((object["code"] as? NSNumber)?.intValue, object["message"] as? String)
    }

    var isTokenCall: Bool { url.path.hasSuffix("/oauth/token") }
}

/// The transport of `doctor --live`: sends through the ordinary transport (libcurl), records
/// every exchange for the contract, and gives up waiting when its task is cancelled (Ctrl-C,
/// SIGTERM), so that cleanup can start at once; the abandoned request finishes in the
/// background and its answer is dropped.
final class ProbeRecordingTransport: HTTPTransport, @unchecked Sendable {
    private let inner: any HTTPTransport
    private let lock = NSLock()
    private var exchanges: [ProbeExchange] = []

    init(inner: any HTTPTransport) { self.inner = inner }

    /// The exchanges since the last call, in order.
    func drain() -> [ProbeExchange] {
        lock.lock()
        defer { lock.unlock() }
        let taken = exchanges
        exchanges.removeAll()
        return taken
    }

    /// The latest exchange, left in place.
    func last() -> ProbeExchange? {
        lock.lock()
        defer { lock.unlock() }
        return exchanges.last
    }

    private func append(_ exchange: ProbeExchange) {
        lock.lock()
        exchanges.append(exchange)
        lock.unlock()
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let outcome = OnceContinuation()
        let inner = self.inner
        let response: HTTPResponse
        do {
            response = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation {
                    (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                    guard outcome.install(continuation) else { return }
                    Task.detached {
                        do { outcome.resume(.success(try await inner.send(request))) } catch {
                            outcome.resume(.failure(error))
                        }
                    }
                }
            } onCancel: {
                outcome.resume(.failure(HTTPTransportError.noAnswer("cancelled (doctor --live interrupted)")))
            }
        } catch {
            append(
                ProbeExchange(
                    method: request.method, url: request.url, requestBody: request.body, status: nil, headers: [:],
                    responseBody: Data()))
            throw error
        }
        append(
            ProbeExchange(
                method: request.method, url: request.url, requestBody: request.body, status: response.status,
                headers: response.headers, responseBody: response.body))
        return response
    }
}

/// A continuation resumed exactly once, by whichever comes first: the answer or cancellation.
fileprivate final class OnceContinuation: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var early: Result<HTTPResponse, any Error>?
    private var done = false

    /// False when the outcome was decided before the continuation existed (it is resumed here).
    func install(_ continuation: CheckedContinuation<HTTPResponse, any Error>) -> Bool {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(with: early)
            return false
        }
        self.continuation = continuation
        lock.unlock()
        return true
    }

    func resume(_ result: Result<HTTPResponse, any Error>) {
        lock.lock()
        guard !done else {
            lock.unlock()
            return
        }
        done = true
        if let continuation {
            self.continuation = nil
            lock.unlock()
            continuation.resume(with: result)
        } else {
            early = result
            lock.unlock()
        }
    }
}

/// Calls the probe sends without the Zoom client, because the client would hide what they test
/// (a retry with a renewed token, a page token it never sends invalid): the raw answer is the
/// point. Same transport, so they are recorded like every other call.
struct ProbeRawCalls: Sendable {
    var settings: ZoomClientSettings
    var transport: ProbeRecordingTransport

    /// `POST {oauth}?grant_type=account_credentials&account_id=…` with HTTP Basic: the raw answer.
    func token(accountID: String) async throws -> HTTPResponse {
        var components = URLComponents(url: settings.oauthURL, resolvingAgainstBaseURL: false)
        components?.queryItems = [
            URLQueryItem(name: "grant_type", value: "account_credentials"),
            URLQueryItem(name: "account_id", value: accountID),
        ]
        guard let url = components?.url else { throw ZoomError.notConfigured("ZOOM_OAUTH_URL: \(settings.oauthURL)") }
        let basic = Data("\(settings.credentials.clientID):\(settings.credentials.clientSecret)".utf8)
            .base64EncodedString()
        return try await transport.send(
            HTTPRequest(
                method: "POST", url: url,
                headers: ["Authorization": "Basic \(basic)", "Accept": "application/json"],
                timeout: settings.retry.requestTimeout))
    }

    /// `GET {api}{path}?{query}` with a bearer token, once, no retry.
    func get(_ path: String, query: [URLQueryItem] = [], token: String) async throws -> HTTPResponse {
        var text = settings.apiURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        var components = URLComponents(string: text + path)
        if !query.isEmpty { components?.queryItems = query }
        guard let url = components?.url else { throw ZoomError.notConfigured("ZOOM_API_URL: \(settings.apiURL)") }
        return try await transport.send(
            HTTPRequest(
                method: "GET", url: url,
                headers: ["Authorization": "Bearer \(token)", "Accept": "application/json"],
                timeout: settings.retry.requestTimeout))
    }
}
