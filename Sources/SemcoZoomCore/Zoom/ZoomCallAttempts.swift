import Foundation

// One call to Zoom and its attempts: the token, the daily write budget, the rate limiter,
// retries with back-off, `Retry-After`, and one `api-calls.jsonl` line per attempt.

extension HTTPZoomClient {
    func perform(_ endpoint: Endpoint, context: CallContext) async throws -> HTTPResponse {
        do {
            return try await attempts(endpoint, context: context)
        } catch {
            throw Self.zoomError(error, method: endpoint.method, path: endpoint.logPath(settings.apiURL))
        }
    }

    static func zoomError(_ error: any Error, method: String, path: String) -> ZoomError {
        if let zoomError = error as? ZoomError { return zoomError }
        if error is CancellationError {
            return .unavailable(method: method, path: path, attempts: 0, reason: "cancelled")
        }
        return .unavailable(method: method, path: path, attempts: 0, reason: String(describing: error))
    }

    private func attempts(_ endpoint: Endpoint, context: CallContext) async throws -> HTTPResponse {
        let policy = settings.retry
        let url = endpoint.url(settings.apiURL)
        let logPath = APICallRecord.redactedPath(url.path)
        let logQuery = APICallRecord.loggableQuery(endpoint.query)
        var attempt = 0
        var transientFailures = 0
        var rateLimitRetries = 0
        var renewedAfter: String?
        var renewedToken: ZoomAccessToken?
        var lastReason = ""

        /// `sent`: when the request went out (the line's `time`) and the uptime then.
        func record(_ status: Int?, _ code: Int?, _ sent: (date: Date, uptime: Duration), _ error: String? = nil) {
            log.record(
                APICallRecord(
                    time: sent.date, method: endpoint.method, path: logPath, query: logQuery,
                    status: status, zoomCode: code, durationMs: APICallRecord.milliseconds(since: sent.uptime, clock),
                    attempt: attempt,
                    course: context.course?.rawValue, booking: context.booking, error: error))
            statistics.attempt(label: endpoint.label.rawValue.lowercased(), status: status, attempt: attempt)
        }
        func unavailable() -> ZoomError {
            .unavailable(method: endpoint.method, path: logPath, attempts: attempt, reason: lastReason)
        }
        /// Waits before the next try after a transient failure, or gives up.
        func backOff() async throws {
            transientFailures += 1
            guard transientFailures < policy.maxAttempts else { throw unavailable() }
            try await clock.sleep(
                seconds: Self.fullJitter(attempt: transientFailures, base: policy.baseDelay, cap: policy.maxDelay))
        }

        while true {
            try Task.checkCancellation()
            let token: ZoomAccessToken
            if let renewed = renewedToken {
                token = renewed
                renewedToken = nil
            } else {
                token = try await tokens.token()
            }
            // Refused here, without a call (so not in api-calls.jsonl, which lists HTTP calls).
            if let host = endpoint.hostWrite, let until = await writes.take(host: host) {
                throw ZoomError.dailyLimit(
                    until: until, category: "host", limitType: ZoomError.clientHostDailyLimitType)
            }
            await gate.acquire()
            await limiter.acquire(endpoint.label, waits: statistics)
            attempt += 1
            let request = endpoint.request(url: url, token: token.value, timeout: policy.requestTimeout)
            let started = (date: clock.now(), uptime: clock.uptime())
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
                await gate.release()
            } catch {
                await gate.release()
                let failure = (error as? HTTPTransportError) ?? .noAnswer(String(describing: error))
                record(nil, nil, started, failure.reason)
                lastReason = failure.reason
                switch failure {
                case .notSent:
                    if let host = endpoint.hostWrite { await writes.giveBack(host: host) }
                case .noAnswer(let reason):
                    if !endpoint.repeatable {
                        throw ZoomError.outcomeUnknown(method: endpoint.method, path: logPath, reason: reason)
                    }
                }
                try await backOff()
                continue
            }

            let body = Self.errorBody(response)
            let code = body?.code
            record(response.status, code, started)
            let message = body?.message ?? HTTPURLResponseText.text(response.status)

            if (200..<300).contains(response.status) { return response }

            if let code, code == 4700 || code == 4711 {
                throw ZoomError.missingScope(code: code, message: message)
            }
            if response.status == 401 || code == 124 {
                if let host = endpoint.hostWrite { await writes.giveBack(host: host) }
                if renewedAfter == nil {
                    renewedAfter = token.value
                    renewedToken = try await tokens.token(replacing: token.value)
                    continue
                }
                throw ZoomError.api(
                    status: response.status, code: code, message: message, fieldErrors: Self.fieldErrors(body))
            }
            if response.status == 429 {
                let limitType = response.header("X-RateLimit-Type")
                let category = response.header("X-RateLimit-Category")
                let retryAfter = response.header("Retry-After").flatMap { Self.parseRetryAfter($0, now: clock.now()) }
                let daily = Self.isDaily(limitType: limitType, message: body?.message)
                statistics.rateLimited(daily: daily)
                if daily {
                    if let host = endpoint.hostWrite { await writes.exhaust(host: host) }
                    throw ZoomError.dailyLimit(until: retryAfter, category: category, limitType: limitType ?? "daily")
                }
                if let host = endpoint.hostWrite { await writes.giveBack(host: host) }
                rateLimitRetries += 1
                lastReason = "HTTP 429 (per-second rate limit)"
                guard rateLimitRetries <= policy.maxRateLimitRetries else { throw unavailable() }
                let jitter = Self.fullJitter(attempt: rateLimitRetries, base: policy.baseDelay, cap: policy.maxDelay)
                var wait = jitter
                if let retryAfter {
                    wait = min(policy.maxRateLimitWait, max(0, retryAfter.timeIntervalSince(clock.now()))) + jitter / 4
                }
                try await statistics.waiting { try await clock.sleep(seconds: wait) }
                continue
            }
            if response.status >= 500 {
                lastReason = "HTTP \(response.status)" + (body?.message.map { ": \($0)" } ?? "")
                // A create answered with 500/502/504 may have been carried out; only 503 says it was not.
                if !endpoint.repeatable && response.status != 503 {
                    throw ZoomError.outcomeUnknown(method: endpoint.method, path: logPath, reason: lastReason)
                }
                try await backOff()
                continue
            }
            throw ZoomError.api(
                status: response.status, code: code, message: message, fieldErrors: Self.fieldErrors(body))
        }
    }

    /// Full jitter: a random wait between 0 and min(cap, base · 2^(attempt-1)).
    static func fullJitter(attempt: Int, base: TimeInterval, cap: TimeInterval) -> TimeInterval {
        let ceiling = min(cap, base * pow(2, Double(max(0, attempt - 1))))
        return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
    }

    /// `X-RateLimit-Type` `QPS` (or none) is per second; anything else is a daily limit.
    static func isDaily(limitType: String?, message: String?) -> Bool {
        if let limitType = limitType?.trimmingCharacters(in: .whitespaces), !limitType.isEmpty {
            return limitType.lowercased() != "qps"
        }
        let text = (message ?? "").lowercased()
        return text.contains("daily") || text.contains("per day") || text.contains("today")
    }

    /// `Retry-After` as Zoom sends it (an absolute UTC time, ISO 8601), as an HTTP-date, or as seconds.
    static func parseRetryAfter(_ value: String, now: Date) -> Date? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let date = ZoomJSON.parseDate(text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in [
            "EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy",
            "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss",
        ] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        if let seconds = Double(text), seconds >= 0 { return now.addingTimeInterval(seconds) }
        return nil
    }
}

enum HTTPURLResponseText {
    static func text(_ status: Int) -> String { "HTTP \(status)" }
}
