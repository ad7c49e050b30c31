import Foundation

/// `ZoomClient` over HTTP: Server-to-Server OAuth, retries with backoff, client-side rate
/// limits, the per-host daily write counter and one `api-calls.jsonl` line per attempt.
///
/// One instance is meant to serve a whole run: its token, rate limiter and daily counter are
/// shared by all concurrent work on it.
public final class HTTPZoomClient: ZoomClient {
    public let settings: ZoomClientSettings
    let transport: any HTTPTransport
    let log: any APICallLog
    let clock: any WallClock
    let limiter: ZoomRateLimiter
    let writes: ZoomDailyWriteCounter
    let hosts: MeetingHosts
    let tokens: ZoomTokenStore
    let gate: ZoomConcurrencyGate
    /// What this client did (attempts, retries, 429s, time held back by rate limits), for the metrics file.
    public let statistics: ZoomCallStatistics

    /// `transport`: the shell's HTTP (libcurl in SemcoZoomCurl, `HTTPZoomClient.overCurl`); it
    /// should carry `settings.maxConcurrentRequests` connections.
    public init(
        settings: ZoomClientSettings, transport: any HTTPTransport,
        log: any APICallLog = NoAPICallLog(), clock: any WallClock = SystemClock(),
        statistics: ZoomCallStatistics? = nil
    ) {
        self.settings = settings
        let statistics = statistics ?? ZoomCallStatistics(clock: clock)
        self.statistics = statistics
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

    private var isWebinar: Bool { settings.kind == .webinar }
    private var collection: String { isWebinar ? "webinars" : "meetings" }

    // MARK: - ZoomClient

    public func createMeeting(host: String, _ request: MeetingChange, context: CallContext) async throws
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
        id: ZoomMeetingID, occurrenceID: String?, _ request: MeetingChange, context: CallContext
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
                let page: WirePage<Item> = try decode(response, endpoint, itemsKey: itemsKey)
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
}

/// Which host a meeting belongs to, learnt from creates, gets and lists (and the sync engine's
/// state), so that an update spends the right host's daily budget.
actor MeetingHosts {
    private var hosts: [ZoomMeetingID: String] = [:]
    func note(_ host: String, for id: ZoomMeetingID) { hosts[id] = host.lowercased() }
    func host(for id: ZoomMeetingID) -> String? { hosts[id] }
}
