import Foundation

/// `ZoomClient` over HTTP: Server-to-Server OAuth, retries with backoff, client-side rate
/// limits, the per-host daily write counter and one `api-calls.jsonl` line per attempt.
///
/// One instance is meant to serve a whole run: its token, rate limiter and daily counter are
/// shared by all concurrent work on it.
public final class HTTPZoomClient: ZoomClient {
    public let settings: ZoomClientSettings
    private let transport: any HTTPTransport
    private let log: any APICallLog
    private let clock: any WallClock
    private let limiter: ZoomRateLimiter
    private let writes: ZoomDailyWriteCounter
    private let hosts: MeetingHosts
    private let tokens: ZoomTokenStore
    private let gate: ZoomConcurrencyGate
    /// What this client did (attempts, retries, 429s, time held back by rate limits), for the metrics file.
    public let statistics: ZoomCallStatistics

    /// `transport` nil: libcurl with `settings.maxConcurrentRequests` connections.
    public init(
        settings: ZoomClientSettings, transport: (any HTTPTransport)? = nil,
        log: any APICallLog = NoAPICallLog(), clock: any WallClock = SystemClock(),
        statistics: ZoomCallStatistics? = nil
    ) {
        self.settings = settings
        let statistics = statistics ?? ZoomCallStatistics(clock: clock)
        self.statistics = statistics
        let transport = transport ?? CurlTransport(maxConnections: settings.maxConcurrentRequests)
        self.transport = transport
        gate = ZoomConcurrencyGate(permits: settings.maxConcurrentRequests)
        self.log = log
        self.clock = clock
        limiter = ZoomRateLimiter(plan: settings.ratePlan, headroom: settings.rateHeadroom, clock: clock)
        writes = ZoomDailyWriteCounter(seed: settings.dailyWrites, limit: settings.dailyWriteLimit, clock: clock)
        hosts = MeetingHosts()
        tokens = ZoomTokenStore(clock: clock) { [settings, transport, log, clock, statistics] in
            try await TokenFetcher(
                settings: settings, transport: transport, log: log, clock: clock, statistics: statistics
            ).fetch()
        }
    }

    // MARK: - Paths

    private var isWebinar: Bool { settings.kind == .webinar }
    private var collection: String { isWebinar ? "webinars" : "meetings" }

    private static func segment(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@+!$&'()*,;=:")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    // MARK: - ZoomClient

    public func createMeeting(host: String, _ request: ZoomMeetingRequest, context: CallContext) async throws
        -> ZoomMeeting
    {
        let body = try encode(WireMeetingRequest(request))
        // Not repeatable: a create that was sent and got no answer may exist in Zoom.
        let endpoint = Endpoint(
            method: "POST", path: "/users/\(Self.segment(host))/\(collection)", label: .light,
            repeatable: false, hostWrite: host, body: body)
        let response = try await perform(endpoint, context: context)
        let meeting: WireMeeting = try decode(response, endpoint)
        await hosts.note(host, for: meeting.id.value)
        return meeting.model
    }

    public func getMeeting(id: ZoomMeetingID, context: CallContext) async throws -> ZoomMeeting {
        let endpoint = Endpoint(
            method: "GET", path: "/\(collection)/\(id)",
            query: [URLQueryItem(name: "show_previous_occurrences", value: "true")], label: .light)
        let response = try await perform(endpoint, context: context)
        let meeting: WireMeeting = try decode(response, endpoint)
        if let email = meeting.host_email { await hosts.note(email, for: id) }
        return meeting.model
    }

    public func updateMeeting(
        id: ZoomMeetingID, occurrenceID: String?, _ request: ZoomMeetingRequest, context: CallContext
    ) async throws {
        // An empty PATCH changes nothing but would spend one of the host's 100 daily writes.
        if request.isEmpty { return }
        let body = try encode(WireMeetingRequest(request))
        var query: [URLQueryItem] = []
        if let occurrenceID { query.append(URLQueryItem(name: "occurrence_id", value: occurrenceID)) }
        let endpoint = Endpoint(
            method: "PATCH", path: "/\(collection)/\(id)", query: query, label: .light,
            hostWrite: await hosts.host(for: id), body: body)
        _ = try await perform(endpoint, context: context)
    }

    public func deleteMeeting(id: ZoomMeetingID, occurrenceID: String?, notifyRegistrants: Bool, context: CallContext)
        async throws
    {
        var query: [URLQueryItem] = []
        if let occurrenceID { query.append(URLQueryItem(name: "occurrence_id", value: occurrenceID)) }
        query.append(
            URLQueryItem(
                name: isWebinar ? "cancel_webinar_reminder" : "cancel_meeting_reminder",
                value: notifyRegistrants ? "true" : "false"))
        let endpoint = Endpoint(method: "DELETE", path: "/\(collection)/\(id)", query: query, label: .light)
        _ = try await perform(endpoint, context: context)
    }

    public func listMeetings(host: String, context: CallContext) async throws -> [ZoomMeetingSummary] {
        let items: [WireMeetingSummary] = try await listAll(
            path: "/users/\(Self.segment(host))/\(collection)", query: [URLQueryItem(name: "type", value: "upcoming")],
            itemsKey: collection, label: .medium, context: context)
        for item in items { await hosts.note(host, for: item.id.value) }
        return items.map(\.model)
    }

    public func listRegistrants(meetingID: ZoomMeetingID, status: ZoomRegistrantStatus, context: CallContext)
        async throws -> [ZoomRegistrant]
    {
        let items: [WireRegistrant] = try await listAll(
            path: "/\(collection)/\(meetingID)/registrants",
            query: [URLQueryItem(name: "status", value: status.rawValue)],
            itemsKey: "registrants", label: .medium, context: context)
        return items.map(\.model)
    }

    public func addRegistrant(meetingID: ZoomMeetingID, _ request: ZoomRegistrantRequest, context: CallContext)
        async throws -> ZoomRegistrantCreated
    {
        let body = try encode(WireRegistrantRequest(request, webinar: isWebinar))
        // Repeatable although a POST: adding an address that is already an active registrant
        // returns the existing registration (it costs one of the three daily adds, no duplicate).
        let endpoint = Endpoint(
            method: "POST", path: "/\(collection)/\(meetingID)/registrants", label: .light,
            repeatable: true, body: body)
        let response = try await perform(endpoint, context: context)
        let created: WireRegistrantCreated = try decode(response, endpoint)
        return created.model
    }

    public func addRegistrants(
        meetingID: ZoomMeetingID, _ requests: [ZoomRegistrantRequest], autoApprove: Bool,
        confirmationEmail: Bool?, context: CallContext
    ) async throws -> [ZoomBatchRegistrant] {
        // At most 30 per call; larger lists go in batches, one after the other (never parallel
        // writes to one meeting).
        var added: [ZoomBatchRegistrant] = []
        var start = 0
        while start < requests.count {
            let batch = requests[start..<min(start + ZoomBatchLimits.registrantsPerCall, requests.count)]
            start += ZoomBatchLimits.registrantsPerCall
            let body = try encode(
                WireBatchRegistrants(
                    auto_approve: autoApprove, registrants_confirmation_email: isWebinar ? nil : confirmationEmail,
                    registrants: batch.map { .init(email: $0.email, first_name: $0.firstName, last_name: $0.lastName) })
            )
            // Repeatable like the single add: an address that is already registered answers its
            // existing registration, no duplicate.
            let endpoint = Endpoint(
                method: "POST", path: "/\(collection)/\(meetingID)/batch_registrants", label: .heavy,
                repeatable: true, body: body)
            let response = try await perform(endpoint, context: context)
            let answer: WireBatchAnswer = try decode(response, endpoint)
            added += (answer.registrants ?? []).map {
                ZoomBatchRegistrant(email: $0.email, registrantID: $0.registrant_id, joinURL: $0.join_url)
            }
        }
        return added
    }

    public func updateRegistrantStatus(
        meetingID: ZoomMeetingID, action: ZoomRegistrantAction,
        registrants: [ZoomRegistrantReference], context: CallContext
    ) async throws {
        // Zoom takes at most 30 per call; larger lists go in batches, one after the other
        // (never parallel writes to one meeting).
        var start = 0
        while start < registrants.count {
            let batch = registrants[start..<min(start + 30, registrants.count)]
            start += 30
            let body = try encode(
                WireStatusUpdate(
                    action: action.rawValue,
                    registrants: batch.map { .init(id: $0.id, email: $0.email) }))
            let endpoint = Endpoint(
                method: "PUT", path: "/\(collection)/\(meetingID)/registrants/status", label: .medium, body: body)
            _ = try await perform(endpoint, context: context)
        }
    }

    public func deleteRegistrant(meetingID: ZoomMeetingID, registrantID: String, context: CallContext) async throws {
        let endpoint = Endpoint(
            method: "DELETE", path: "/\(collection)/\(meetingID)/registrants/\(Self.segment(registrantID))",
            label: .light)
        _ = try await perform(endpoint, context: context)
    }

    public func getUser(id: String, context: CallContext) async throws -> ZoomUser {
        let endpoint = Endpoint(method: "GET", path: "/users/\(Self.segment(id))", label: .light)
        let response = try await perform(endpoint, context: context)
        let user: WireUser = try decode(response, endpoint)
        return user.model
    }

    public func getUserFeatures(id: String, context: CallContext) async throws -> ZoomUserFeatures {
        let endpoint = Endpoint(method: "GET", path: "/users/\(Self.segment(id))/settings", label: .medium)
        let response = try await perform(endpoint, context: context)
        let settings: WireUserSettings = try decode(response, endpoint)
        return settings.model
    }

    public func remainingDailyWrites(host: String) async -> Int {
        await writes.remaining(host: host)
    }

    public func grantedScopes() async throws -> [String] {
        do {
            return try await tokens.token().scopes
        } catch {
            throw Self.zoomError(error, method: "POST", path: "/oauth/token")
        }
    }

    public func dailyWriteLedger() async -> DailyWriteLedger {
        await writes.snapshot()
    }

    public func noteHost(_ host: String, forMeeting id: ZoomMeetingID) async {
        await hosts.note(host, for: id)
    }

    // MARK: - Paging

    /// Every page of a list, `page_size=300`, following `next_page_token`. When Zoom refuses a
    /// later page's token (expired: 400 / 300, or 401 / 124 that survives a token renewal),
    /// the list starts over from the first page, once.
    private func listAll<Item: Decodable>(
        path: String, query: [URLQueryItem], itemsKey: String, label: ZoomRateLabel,
        context: CallContext
    ) async throws -> [Item] {
        var restarted = false
        restart: while true {
            var items: [Item] = []
            var pageToken: String?
            var seenTokens: Set<String> = []
            repeat {
                var pageQuery = query + [URLQueryItem(name: "page_size", value: "300")]
                if let pageToken { pageQuery.append(URLQueryItem(name: "next_page_token", value: pageToken)) }
                let endpoint = Endpoint(method: "GET", path: path, query: pageQuery, label: label)
                let response: HTTPResponse
                do {
                    response = try await perform(endpoint, context: context)
                } catch let error as ZoomError {
                    if pageToken != nil, !restarted, Self.isExpiredPageToken(error) {
                        restarted = true
                        continue restart
                    }
                    throw error
                }
                let page: WirePage<Item> = try decode(
                    response, endpoint, userInfo: [WirePage<Item>.itemsKeyInfo: itemsKey])
                items.append(contentsOf: page.items)
                pageToken = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
                if let token = pageToken {
                    guard seenTokens.insert(token).inserted else {
                        throw ZoomError.invalidResponse(
                            method: "GET", path: endpoint.logPath(settings.apiURL),
                            reason: "next_page_token repeats; paging does not end")
                    }
                }
            } while pageToken != nil
            return items
        }
    }

    private static func isExpiredPageToken(_ error: ZoomError) -> Bool {
        switch error {
        case .api(400, 300, _, _), .api(401, 124, _, _): return true
        default: return false
        }
    }

    // MARK: - Coding

    private func encode<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try ZoomJSON.encoder().encode(value)
        } catch {
            throw ZoomError.invalidResponse(method: "-", path: "-", reason: "request body cannot be encoded: \(error)")
        }
    }

    private func decode<T: Decodable>(
        _ response: HTTPResponse, _ endpoint: Endpoint, userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws -> T {
        // The hot answers (registrant pages, meetings) by hand; whatever the hand reader
        // declines, JSONDecoder decodes (and reports) as before.
        if let handReadable = T.self as? any ZoomHandReadable.Type,
            let value = handReadable.handRead(
                response.body, itemsKey: userInfo[WirePage<WireRegistrant>.itemsKeyInfo] as? String) as? T
        {
            return value
        }
        let decoder = ZoomJSON.decoder()
        decoder.userInfo = userInfo
        do {
            return try decoder.decode(T.self, from: response.body)
        } catch {
            throw ZoomError.invalidResponse(
                method: endpoint.method, path: endpoint.logPath(settings.apiURL),
                reason: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "field \(Self.codingPath(context.codingPath + [key])) is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field \(Self.codingPath(context.codingPath)) has an unexpected type: \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return "\(Self.codingPath(context.codingPath)): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }

    private static func codingPath(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "(body)" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    // MARK: - The attempt loop

    struct Endpoint: Sendable {
        var method: String
        /// Below the API base, percent-encoded, starting with `/`.
        var path: String
        var query: [URLQueryItem] = []
        var label: ZoomRateLabel
        /// Safe to send again after it may have reached Zoom without an answer.
        var repeatable: Bool = true
        /// The host whose daily create/update budget this call spends.
        var hostWrite: String?
        var body: Data?

        func url(_ base: URL) -> URL {
            var text = base.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            text += path
            if !query.isEmpty {
                text +=
                    "?"
                    + query.map { item in "\(item.name)=\(Self.queryValue(item.value ?? ""))" }.joined(separator: "&")
            }
            return URL(string: text)!
        }

        /// A query value percent-encoded (all but letters, digits and `-._~`). The values the
        /// client sends are nearly always plain ASCII (`true`, `approved`, `300`, page tokens),
        /// which need no encoding: building the character set for each call cost more CPU on a
        /// no-change night than decoding the answers.
        static func queryValue(_ value: String) -> String {
            if value.utf8.allSatisfy(isUnreserved) { return value }
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }

        /// ASCII letters, digits and `-._~`: what `queryValue` leaves as it is.
        private static func isUnreserved(_ c: UInt8) -> Bool {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                return true
            default:
                return false
            }
        }

        func logPath(_ base: URL) -> String {
            APICallRecord.redactedPath(url(base).path)
        }
    }

    private func perform(_ endpoint: Endpoint, context: CallContext) async throws -> HTTPResponse {
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
            let elapsed = clock.uptime() - sent.uptime
            let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            log.record(
                APICallRecord(
                    time: sent.date, method: endpoint.method, path: logPath, query: logQuery,
                    status: status, zoomCode: code, durationMs: ms, attempt: attempt,
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
            var headers = ["Authorization": "Bearer \(token.value)", "Accept": "application/json"]
            if endpoint.body != nil { headers["Content-Type"] = "application/json" }
            let request = HTTPRequest(
                method: endpoint.method, url: url, headers: headers, body: endpoint.body,
                timeout: policy.requestTimeout,
                // A write goes out on a fresh connection: sent once per logged attempt.
                mayReuseConnection: endpoint.body == nil)
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

            let body =
                response.status >= 300 ? try? ZoomJSON.decoder().decode(WireErrorBody.self, from: response.body) : nil
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

    static func fieldErrors(_ body: WireErrorBody?) -> [ZoomFieldError] {
        (body?.errors ?? []).map { ZoomFieldError(field: $0.field ?? "", message: $0.message ?? "") }
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

/// Which host a meeting belongs to, learnt from creates, gets and lists (and the sync engine's
/// state), so that an update spends the right host's daily budget.
actor MeetingHosts {
    private var hosts: [ZoomMeetingID: String] = [:]
    func note(_ host: String, for id: ZoomMeetingID) { hosts[id] = host.lowercased() }
    func host(for id: ZoomMeetingID) -> String? { hosts[id] }
}

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
                let elapsed = clock.uptime() - started
                let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                log.record(
                    APICallRecord(
                        time: sentAt, method: "POST", path: path, status: status, zoomCode: nil,
                        durationMs: ms, attempt: attempt, course: nil, booking: nil, error: error))
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
