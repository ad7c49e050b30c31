import Foundation

/// Fetches a token: `POST {oauth}?grant_type=account_credentials&account_id=…` with HTTP Basic.
/// Transport failures and 5xx/429 are retried with backoff; any other refusal is
/// `.authenticationFailed` at once.
struct TokenFetcher: Sendable {
    var settings: ZoomClientSettings
    var transport: any HTTPTransport
    var log: any APICallLog
    var clock: any WallClock
    var statistics: ZoomCallStatistics

    func fetch() async throws -> ZoomAccessToken {
        var components = URLComponents(url: settings.oauthURL, resolvingAgainstBaseURL: false)
        components?.queryItems = [
            URLQueryItem(name: "grant_type", value: "account_credentials"),
            URLQueryItem(name: "account_id", value: settings.credentials.accountID),
        ]
        guard let url = components?.url else {
            throw ZoomError.notConfigured("ZOOM_OAUTH_URL: \(settings.oauthURL)")
        }
        let basic = Data("\(settings.credentials.clientID):\(settings.credentials.clientSecret)".utf8)
            .base64EncodedString()
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: ["Authorization": "Basic \(basic)", "Accept": "application/json"],
            timeout: settings.retry.requestTimeout)
        let path = APICallRecord.redactedPath(settings.oauthURL.path)
        let policy = settings.retry
        var attempt = 0
        var lastReason = ""
        while true {
            try Task.checkCancellation()
            attempt += 1
            let sentAt = clock.now()
            let started = clock.uptime()
            func record(_ status: Int?, _ error: String?) {
                log.record(
                    APICallRecord(
                        time: sentAt, method: "POST", path: path, status: status, zoomCode: nil,
                        durationMs: APICallRecord.milliseconds(since: started, clock), attempt: attempt, course: nil,
                        booking: nil, error: error))
                statistics.attempt(label: ZoomCallStatistics.oauthLabel, status: status, attempt: attempt)
                if status == 429 { statistics.rateLimited(daily: false) }
            }
            do {
                let response = try await transport.send(request)
                record(response.status, nil)
                if (200..<300).contains(response.status) {
                    guard let token = try? ZoomJSON.decoder().decode(WireToken.self, from: response.body),
                        !token.access_token.isEmpty
                    else {
                        throw ZoomError.invalidResponse(
                            method: "POST", path: path, reason: "the token answer has no access_token")
                    }
                    let now = clock.now()
                    let lifetime = max(1, token.expires_in ?? 3600)
                    let margin = min(settings.tokenRenewalMargin, lifetime / 4)
                    return ZoomAccessToken(
                        value: token.access_token, expiresAt: now.addingTimeInterval(lifetime),
                        renewAt: now.addingTimeInterval(lifetime - margin),
                        scopes: (token.scope ?? "").split(separator: " ").map(String.init))
                }
                if response.status >= 500 || response.status == 429 {
                    lastReason = "HTTP \(response.status) from the token endpoint"
                } else {
                    let detail =
                        (try? ZoomJSON.decoder().decode(WireTokenError.self, from: response.body))
                        .flatMap { $0.reason ?? $0.error_description ?? $0.message ?? $0.error }
                        ?? "HTTP \(response.status)"
                    throw ZoomError.authenticationFailed(
                        status: response.status,
                        reason:
                            "Zoom refused the credentials (\(detail)); check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and the client secret of the Server-to-Server OAuth app"
                    )
                }
            } catch let error as HTTPTransportError {
                record(nil, error.reason)
                lastReason = error.reason
            }
            guard attempt < policy.maxAttempts else {
                throw ZoomError.unavailable(method: "POST", path: path, attempts: attempt, reason: lastReason)
            }
            let wait = HTTPZoomClient.fullJitter(attempt: attempt, base: policy.baseDelay, cap: policy.maxDelay)
            try await clock.sleep(seconds: wait)
        }
    }
}
