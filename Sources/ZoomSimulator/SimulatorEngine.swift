import Foundation

/// An answer of the simulated API before it becomes HTTP.
struct APIAnswer: Sendable {
    var status: Int
    var body: JSONValue?
    var headers: [(String, String)] = []

    var zoomCode: Int? { status >= 400 ? body?["code"]?.intValue.map { Int($0) } : nil }

    static func ok(_ status: Int, _ body: JSONValue? = nil) -> APIAnswer { APIAnswer(status: status, body: body) }

    static func error(
        _ status: Int, _ code: Int, _ message: String, fields: [(String, String)] = [],
        headers: [(String, String)] = []
    ) -> APIAnswer {
        var body: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
        if !fields.isEmpty {
            body["errors"] = .array(fields.map { ["field": .string($0.0), "message": .string($0.1)] })
        }
        return APIAnswer(status: status, body: .object(body), headers: headers)
    }

    var http: HTTPResponse {
        if let body { return .json(status, body, headers: headers) }
        return .empty(status, headers: headers)
    }
}

/// A cursor behind a `next_page_token`.
struct PageCursor: Sendable {
    var key: String
    var offset: Int
    var created: Date
}

/// Zoom's rate-limit labels.
enum RateLabel: String, Sendable {
    case light = "Light"
    case medium = "Medium"
    case heavy = "Heavy"

    func perSecond(_ plan: SimulatedPlan) -> Int {
        switch (plan, self) {
        case (.pro, .light): return 30
        case (.pro, .medium): return 20
        case (.pro, .heavy): return 10
        case (.business, .light): return 80
        case (.business, .medium): return 60
        case (.business, .heavy): return 40
        }
    }
}

/// The simulator's state and logic behind one lock. Every HTTP request runs `handle` on its
/// connection's thread; state changes happen under the lock and are persisted before the
/// answer is sent.
final class SimulatorEngine: @unchecked Sendable {
    let lock = NSLock()
    var state: SimState
    var configuration: SimulatorConfiguration
    var baseURL = "http://127.0.0.1:0"
    var clockOffset: TimeInterval = 0
    /// When set, the clock stands still at this time (plus `clockOffset`): deterministic tests.
    var frozenAt: Date?
    var latency: TimeInterval
    var faults: [SimulatedFault] = []
    /// Kill points at served writes (ServedWriteHook.swift).
    var writeHooks: [ServedWriteHook] = []
    var calls: [ServedCall] = []
    var qpsWindows: [RateLabel: [Date]] = [:]
    var pageCursors: [String: PageCursor] = [:]
    var grantedScopes: [String]
    /// Answer rewrites, holds and the exchange recording (AnswerRewrites.swift); own lock.
    let interceptors = AnswerInterceptors()
    /// Issued access tokens: in memory only, never written to the data file (after a restart
    /// clients get 401/124 and fetch a new token, as after a token invalidation at Zoom).
    var tokens: [StoredToken] = []
    var lastPrunedDay = ""
    /// The served-call log keeps the most recent calls only.
    static let callLogLimit = 200_000
    /// Writes `dataFile` behind the request path; nil without a data file.
    private(set) var writer: PersistenceWriter? = nil
    /// Counts the changes handed to `writer` (its snapshots name the count they hold).
    private var changeCount = 0

    init(configuration: SimulatorConfiguration) throws {
        self.configuration = configuration
        self.latency = configuration.latency
        self.grantedScopes = configuration.scopes
        var loadedFromFile = false
        if let file = configuration.dataFile, let loaded = try Persistence.load(from: file) {
            state = loaded
            loadedFromFile = true
        } else {
            state = SimState()
        }
        var usersChanged = false
        for user in configuration.users { usersChanged = upsertUser(user) || usersChanged }
        // The first write is synchronous, so an unwritable location fails the start. A data file
        // read back unchanged is only checked for writing: rewriting an account of thousands of
        // meetings on every start cost a run with the embedded simulator seconds.
        if let file = configuration.dataFile {
            if loadedFromFile && !usersChanged {
                try Persistence.checkWritable(file)
            } else {
                try Persistence.save(state, to: file)
            }
        }
        writer = configuration.dataFile.map { url in
            PersistenceWriter(url: url) { [weak self] in
                guard let self else { return nil }
                return self.withLock { (self.state, self.changeCount) }
            }
        }
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The simulator's clock: the wall clock (or the frozen time) plus what tests advanced it by.
    func now() -> Date { (frozenAt ?? Date()).addingTimeInterval(clockOffset) }

    /// Hands the changed state to the writer. After a failed write, each change is written
    /// before answering, and answers 500 while writing still fails (the change stays in
    /// memory), so a broken data file is never silent.
    func persistOrFail() -> APIAnswer? {
        guard let writer else { return nil }
        let hadFailed = writer.failure != nil
        changeCount += 1
        writer.changed(changeCount)
        guard hadFailed else { return nil }
        if let failure = writer.flush(current: state, generation: changeCount) {
            return .error(500, 500, "Simulator could not write its data file \(writer.url.path): \(failure)")
        }
        return nil
    }

    /// Writes every change so far now. Runs under the engine lock (no change can come in between).
    func flushUnderLock() {
        writer?.flush(current: state, generation: changeCount)
    }

    /// Adds the user or updates its type and names; true when anything changed.
    @discardableResult
    func upsertUser(_ user: SimulatedUser) -> Bool {
        if let index = state.users.position(email: user.email) {
            let stored = state.users[index]
            guard
                stored.type != user.type || stored.firstName != user.firstName || stored.lastName != user.lastName
                    || stored.webinar != user.webinar
            else { return false }
            state.users[index].type = user.type
            state.users[index].webinar = user.webinar
            state.users[index].firstName = user.firstName
            state.users[index].lastName = user.lastName
        } else {
            state.users.append(
                StoredUser(
                    id: SimIDs.userID(), email: user.email, type: user.type, firstName: user.firstName,
                    lastName: user.lastName, timezone: "UTC", createdAt: now(), webinar: user.webinar))
        }
        return true
    }

    // MARK: request entry point

    func handle(_ request: HTTPRequest) -> HTTPOutcome {
        if request.path == "/_sim" || request.path.hasPrefix("/_sim/") {
            return .respond(withLock { admin(request) }.http)
        }
        let rewrite = interceptors.intercept(request)
        let (fault, delay) = withLock { () -> (SimulatedFault.Action?, TimeInterval) in
            (takeFault(for: request), latency)
        }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        switch fault {
        case .respond(let status, let body, let headers)?:
            var response = HTTPResponse(
                status: status, headers: headers.map { ($0.key, $0.value) }, body: Data(body.utf8))
            if !body.isEmpty && !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                response.headers.append(("Content-Type", "application/json;charset=UTF-8"))
            }
            withLock {
                record(request, status: status, code: (try? JSONValue.parse(body))?["code"]?.intValue.map { Int($0) })
            }
            return .respond(response)
        case .dropConnection?:
            withLock { record(request, status: 0, code: nil) }
            return .drop
        case .delay(let seconds)?:
            Thread.sleep(forTimeInterval: seconds)
        case .dropAfterProcessing?, .delayAfterProcessing?, nil:
            break
        }
        let (answer, hook) = withLock { () -> (APIAnswer, ServedWriteHook?) in
            let write = writeHooks.isEmpty ? nil : servedWrite(request)
            let answer = serve(request)
            record(request, status: answer.status, code: answer.zoomCode)
            return (answer, firedHook(for: write, status: answer.status))
        }
        if let hook {
            hook.action()
            return .drop
        }
        if case .dropAfterProcessing? = fault { return .drop }
        if case .delayAfterProcessing(let seconds)? = fault { Thread.sleep(forTimeInterval: seconds) }
        return .respond(interceptors.finish(request, answer, rewrite: rewrite).http)
    }

    private func takeFault(for request: HTTPRequest) -> SimulatedFault.Action? {
        guard
            let index = faults.firstIndex(where: { fault in
                fault.count > 0
                    && (fault.method == nil || fault.method!.uppercased() == request.method)
                    && (fault.pathPrefix == nil || request.path.hasPrefix(fault.pathPrefix!))
            })
        else { return nil }
        faults[index].count -= 1
        let action = faults[index].action
        if faults[index].count <= 0 { faults.remove(at: index) }
        return action
    }

    private func record(_ request: HTTPRequest, status: Int, code: Int?) {
        calls.append(
            ServedCall(
                time: now(), method: request.method, path: request.path, query: request.rawQuery,
                status: status, zoomCode: code))
        if calls.count > Self.callLogLimit { calls.removeFirst(calls.count - Self.callLogLimit / 2) }
    }

    private func serve(_ request: HTTPRequest) -> APIAnswer {
        if request.path == "/oauth/token" {
            return request.method == "POST" ? issueToken(request) : .error(405, 405, "Method not allowed.")
        }
        guard request.path.hasPrefix("/v2/") else {
            return .error(404, 404, "Not found: \(request.path)")
        }
        guard let route = Route(method: request.method, path: request.path) else {
            return .error(404, 404, "Not found: \(request.method) \(request.path)")
        }
        if let denied = authorize(request, route: route) { return denied }
        if let limited = checkPerSecond(route.label) { return limited }
        return dispatch(route, request)
    }

    // MARK: OAuth

    private func issueToken(_ request: HTTPRequest) -> APIAnswer {
        var params = request.query
        let contentType = request.headers["content-type"]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            params.merge(HTTPRequest.parseForm(String(decoding: request.body, as: UTF8.self))) { _, form in form }
        }
        func oauthError(_ status: Int, _ error: String, _ reason: String) -> APIAnswer {
            APIAnswer(status: status, body: ["reason": .string(reason), "error": .string(error)])
        }
        guard let auth = request.headers["authorization"], auth.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(auth.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":")
        else {
            return oauthError(400, "invalid_request", "Client ID or client secret is missing")
        }
        let clientID = String(pair[..<colon])
        let secret = String(pair[pair.index(after: colon)...])
        guard clientID == configuration.clientID, secret == configuration.clientSecret else {
            return oauthError(400, "invalid_client", "Invalid client_id or client_secret")
        }
        guard let grant = params["grant_type"] else {
            return oauthError(400, "invalid_request", "Missing grant type")
        }
        guard grant == "account_credentials" else {
            return oauthError(400, "unsupported_grant_type", "Unsupported grant type")
        }
        guard let account = params["account_id"], !account.isEmpty else {
            return oauthError(400, "invalid_request", "Missing account_id")
        }
        guard account == configuration.accountID else {
            return oauthError(400, "invalid_request", "Invalid account_id")
        }
        let token = SimIDs.token()
        let lifetime = configuration.tokenLifetime
        // Tokens long expired are forgotten (then answer "Invalid access token.").
        tokens.removeAll { now().timeIntervalSince($0.expires) > 86_400 }
        tokens.append(
            StoredToken(
                token: token, expires: now().addingTimeInterval(lifetime), scopes: grantedScopes, revoked: false))
        // Counted, not persisted on its own: a token changes nothing in the account, and
        // rewriting the whole data file for it cost every run's start (the count is saved
        // with the next change).
        state.tokensIssued += 1
        return .ok(
            200,
            [
                "access_token": .string(token),
                "token_type": "bearer",
                "expires_in": .int(Int64(lifetime.rounded())),
                "scope": .string(grantedScopes.joined(separator: " ")),
                "api_url": .string(baseURL),
            ])
    }

    private func authorize(_ request: HTTPRequest, route: Route) -> APIAnswer? {
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("bearer ") else {
            return .error(401, 124, "Invalid access token.")
        }
        let presented = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let token = tokens.first(where: { $0.token == presented }), !token.revoked else {
            return .error(401, 124, "Invalid access token.")
        }
        guard token.expires > now() else { return .error(401, 124, "Access token is expired.") }
        let accepted = route.acceptedScopes
        guard token.scopes.contains(where: accepted.contains) else {
            return .error(
                400, 4711, "Invalid access token, does not contain scopes:[\(accepted.joined(separator: ", "))].")
        }
        return nil
    }

    // MARK: limits

    private func checkPerSecond(_ label: RateLabel) -> APIAnswer? {
        guard configuration.enforceRateLimits else { return nil }
        let current = now()
        var window = qpsWindows[label, default: []].filter { current.timeIntervalSince($0) < 1 }
        let limit = label.perSecond(configuration.plan)
        if window.count >= limit {
            qpsWindows[label] = window
            let retry = Date(timeIntervalSince1970: (window[0].timeIntervalSince1970 + 1).rounded(.up))
            return .error(
                429, 429, "You have reached the maximum per-second rate limit for this API. Try again later.",
                headers: rateHeaders(label: label, type: "QPS", limit: limit, retry: retry))
        }
        window.append(current)
        qpsWindows[label] = window
        return nil
    }

    func rateHeaders(label: RateLabel, type: String, limit: Int, retry: Date) -> [(String, String)] {
        [
            ("X-RateLimit-Category", label.rawValue), ("X-RateLimit-Type", type), ("X-RateLimit-Limit", String(limit)),
            ("X-RateLimit-Remaining", "0"), ("Retry-After", ZoomTime.format(retry)),
        ]
    }

    func dailyKey(_ kind: String, _ subject: String) -> String {
        "\(kind)|\(ZoomTime.utcDay(now()))|\(subject.lowercased())"
    }

    /// A daily 429 when `key` has reached `limit` today, else nil.
    func dailyLimitExceeded(_ key: String, limit: Int, label: RateLabel, message: String) -> APIAnswer? {
        guard state.dailyCounts[key, default: 0] >= limit else { return nil }
        return .error(
            429, 429, message,
            headers: rateHeaders(
                label: label, type: "Daily-limit", limit: limit, retry: ZoomTime.nextUTCMidnight(after: now())))
    }

    func countDaily(_ key: String) {
        let today = ZoomTime.utcDay(now())
        if today != lastPrunedDay {
            // Forget counters of earlier days (once per day) so the file does not grow forever.
            state.dailyCounts = state.dailyCounts.filter {
                ($0.key.split(separator: "|").dropFirst().first.map(String.init) ?? today) >= today
            }
            lastPrunedDay = today
        }
        state.dailyCounts[key, default: 0] += 1
    }
}

enum SimIDs {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    static func random(_ length: Int, alphabet: [Character] = alphabet) -> String {
        String((0..<length).map { _ in alphabet.randomElement()! })
    }
    static func userID() -> String { random(22) }
    static func registrantID() -> String { random(22) }
    static func token() -> String { "sim." + random(48) }
    static func uuid() -> String { Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString() }
}
