import Foundation

/// A Server-to-Server OAuth access token. `description` never shows the token.
struct ZoomAccessToken: Sendable, CustomStringConvertible {
    var value: String
    var expiresAt: Date
    /// When to fetch the next one (a few minutes before expiry).
    var renewAt: Date
    var scopes: [String]

    var description: String { "ZoomAccessToken(expiresAt: \(expiresAt), scopes: \(scopes))" }
}

/// One token per client, fetched under a single flight: however many calls need a token at
/// once, one request goes to the token endpoint and all of them wait for its answer.
/// A refusal by the token endpoint sticks: the credentials will not get better within a run,
/// so no further token request is made.
actor ZoomTokenStore {
    typealias Fetch = @Sendable () async throws -> ZoomAccessToken

    private let fetch: Fetch
    private let clock: any WallClock
    private var current: ZoomAccessToken?
    private var inflight: Task<ZoomAccessToken, any Error>?
    private var refusal: ZoomError?

    init(clock: any WallClock, fetch: @escaping Fetch) {
        self.clock = clock
        self.fetch = fetch
    }

    /// A valid token; `stale` names a token Zoom just refused, which is then not handed out again.
    func token(replacing stale: String? = nil) async throws -> ZoomAccessToken {
        if let refusal { throw refusal }
        if let current, current.value != stale, clock.now() < current.renewAt { return current }
        let task: Task<ZoomAccessToken, any Error>
        if let inflight {
            task = inflight
        } else {
            task = Task { try await fetch() }
            inflight = task
        }
        // Every waiter adopts the answer: whichever of them resumes first must not find the
        // refused token still current.
        do {
            let token = try await task.value
            if current.map({ $0.value != token.value && $0.expiresAt <= token.expiresAt }) ?? true { current = token }
            if inflight == task { inflight = nil }
            return token
        } catch {
            if inflight == task { inflight = nil }
            if let zoomError = error as? ZoomError, case .authenticationFailed = zoomError { refusal = zoomError }
            throw error
        }
    }
}
