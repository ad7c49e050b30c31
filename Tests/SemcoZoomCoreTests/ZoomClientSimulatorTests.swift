import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// The client against the simulator over real HTTP on loopback.
enum SimHarness {
    static let host = "trainer.one@example.org"
    static let secondHost = "trainer.two@example.org"

    static func configuration(_ change: (inout SimulatorConfiguration) -> Void = { _ in }) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.clientSecret = "sim-secret-\(UUID().uuidString)"
        configuration.users = [
            SimulatedUser(email: host, type: 2, firstName: "Tina", lastName: "Trainer", webinar: true),
            SimulatedUser(email: secondHost, type: 2, firstName: "Tom", lastName: "Trainer"),
        ]
        change(&configuration)
        return configuration
    }

    static func settings(
        _ sim: ZoomSimulator, _ simConfiguration: SimulatorConfiguration,
        secret: String? = nil, kind: Configuration.ZoomKind = .meeting,
        plan: Configuration.RatePlan = .pro, headroom: Double = 0.9,
        retry: ZoomRetryPolicy = ZoomRetryPolicy(
            maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05,
            maxRateLimitRetries: 6, maxRateLimitWait: 1, requestTimeout: 5),
        dailyWrites: DailyWriteLedger? = nil
    ) -> ZoomClientSettings {
        ZoomClientSettings(
            apiURL: sim.apiURL, oauthURL: sim.oauthURL,
            credentials: ZoomCredentials(
                accountID: simConfiguration.accountID, clientID: simConfiguration.clientID,
                clientSecret: secret ?? simConfiguration.clientSecret),
            kind: kind, ratePlan: plan, rateHeadroom: headroom, retry: retry, dailyWrites: dailyWrites)
    }

    static func meetingRequest(_ topic: String = "Kurs 4711 Excel") -> MeetingChange {
        MeetingChange(
            topic: topic, kind: .meeting, startTime: "2030-05-06T09:00:00", timezone: "Europe/Berlin", duration: 90,
            agenda: "semco-zoom:4711",
            settings: MeetingSettings(
                approval: .automatic, registration: .onceForAllSessions,
                registrantsEmailNotification: false, registrantsConfirmationEmail: false))
    }

    static func served(_ sim: ZoomSimulator, _ method: String, prefix: String) async -> [ServedCall] {
        await sim.servedCalls().filter { $0.method == method && $0.path.hasPrefix(prefix) }
    }
}

@Suite(.serialized) struct ZoomClientSimulatorTests {
    // MARK: OAuth

    @Test func oneTokenForFiftyConcurrentCalls() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration))
        let users = try await withThrowingTaskGroup(of: ZoomUser.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try await client.getUser(
                        id: index % 2 == 0 ? SimHarness.host : SimHarness.secondHost, context: .none)
                }
            }
            return try await group.reduce(into: [ZoomUser]()) { $0.append($1) }
        }
        #expect(users.count == 50)
        #expect(users.allSatisfy { $0.isLicensed })
        #expect(await sim.tokensIssued() == 1)
        #expect(await SimHarness.served(sim, "POST", prefix: "/oauth/token").count == 1)
        #expect(try await client.grantedScopes() == SimulatorConfiguration.defaultScopes)
        #expect(await sim.tokensIssued() == 1)
    }

    @Test func renewsTheTokenBeforeItExpires() async throws {
        let configuration = SimHarness.configuration { $0.tokenLifetime = 2 }
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        // Zoom's clock and the client's move together, by hand: a real sleep made this depend
        // on how busy the machine was (the window between renewal and expiry is half a second).
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        await sim.freezeClock(at: start)
        let clock = ManualClock(start, sleepsMoveTheClock: true)  // the limiter's 1/27 s between the calls
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration), clock: clock)
        _ = try await client.getUser(id: SimHarness.host, context: .none)
        #expect(await sim.tokensIssued() == 1)
        _ = try await client.getUser(id: SimHarness.host, context: .none)
        #expect(await sim.tokensIssued() == 1, "a fresh token is reused")
        // Renewal is due a quarter of the lifetime before expiry (1.5 s); at 1.7 s the token is still valid.
        clock.advance(by: 1.7)
        await sim.advanceClock(by: 1.7)
        _ = try await client.getUser(id: SimHarness.host, context: .none)
        #expect(await sim.tokensIssued() == 2)
        #expect(await sim.servedCalls().allSatisfy { $0.status != 401 })
    }

    @Test func renewsOnceAndRetriesAfterTokensExpire() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let log = InMemoryAPICallLog()
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration), log: log)
        _ = try await client.getUser(id: SimHarness.host, context: .none)
        await sim.expireAllTokens()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { _ = try await client.getUser(id: SimHarness.host, context: .none) } }
            try await group.waitForAll()
        }
        #expect(await sim.tokensIssued() == 2)
        let refused = await sim.servedCalls().filter { $0.status == 401 }
        #expect(!refused.isEmpty)
        #expect(refused.count <= 20)
        // Every refused attempt was followed by exactly one retry (attempt 2) that succeeded.
        let retried = log.records.filter { $0.attempt == 2 }
        #expect(retried.count == refused.count)
        #expect(retried.allSatisfy { $0.status == 200 })
    }

    @Test func wrongSecretIsOneClearAuthenticationError() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let log = InMemoryAPICallLog()
        let client = HTTPZoomClient.overCurl(
            settings: SimHarness.settings(sim, configuration, secret: "wrong-secret"), log: log)
        let errors = await withTaskGroup(of: ZoomError?.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await client.getUser(id: SimHarness.host, context: .none)
                        return nil
                    } catch { return error as? ZoomError }
                }
            }
            return await group.reduce(into: [ZoomError?]()) { $0.append($1) }
        }
        for error in errors {
            guard case .authenticationFailed(let status, let reason)? = error else {
                Issue.record("expected authenticationFailed, got \(String(describing: error))")
                continue
            }
            #expect((400..<500).contains(status))
            #expect(reason.contains("ZOOM_CLIENT_ID"))
        }
        await #expect(throws: ZoomError.self) { _ = try await client.grantedScopes() }
        #expect(await SimHarness.served(sim, "POST", prefix: "/oauth/token").count == 1)
        #expect(await SimHarness.served(sim, "GET", prefix: "/v2/").isEmpty)
        #expect(!log.jsonLines.contains("wrong-secret"))
    }

    @Test func missingScopeIsItsOwnError() async throws {
        let configuration = SimHarness.configuration { $0.scopes = ["user:read:admin"] }
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration))
        #expect(try await client.grantedScopes() == ["user:read:admin"])
        await #expect {
            _ = try await client.listMeetings(host: SimHarness.host, context: .none)
        } throws: { error in
            guard case ZoomError.missingScope(let code, _) = error else { return false }
            return code == 4711 || code == 4700
        }
        // Not retried: one call.
        #expect(await SimHarness.served(sim, "GET", prefix: "/v2/users/").count == 1)
    }

    // MARK: Retries

    @Test func retriesServerErrorsAndDroppedConnections() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let log = InMemoryAPICallLog()
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration), log: log)
        let created = try await client.createMeeting(host: SimHarness.host, SimHarness.meetingRequest(), context: .none)

        await sim.inject(
            SimulatedFault(
                method: "GET", pathPrefix: "/v2/meetings/", count: 2,
                action: .respond(status: 502, body: #"{"code":502,"message":"Bad gateway"}"#, headers: [:])))
        let fetched = try await client.getMeeting(id: created.id, context: CallContext(course: "4711"))
        #expect(fetched.id == created.id)
        #expect(log.records.filter { $0.method == "GET" }.map(\.attempt) == [1, 2, 3])
        #expect(log.records.filter { $0.method == "GET" }.map(\.status) == [502, 502, 200])

        await sim.inject(SimulatedFault(method: "GET", pathPrefix: "/v2/meetings/", count: 2, action: .dropConnection))
        #expect(try await client.getMeeting(id: created.id, context: .none).id == created.id)

        // An idempotent PATCH survives a dropped answer too.
        await sim.inject(
            SimulatedFault(method: "PATCH", pathPrefix: "/v2/meetings/", count: 1, action: .dropAfterProcessing))
        try await client.updateMeeting(
            id: created.id, occurrenceID: nil, MeetingChange(topic: "Kurs 4711 neu"), context: .none)
        #expect(try await client.getMeeting(id: created.id, context: .none).topic == "Kurs 4711 neu")
        // Each write attempt went out once, on its own connection, and is in the log.
        #expect(await SimHarness.served(sim, "PATCH", prefix: "/v2/meetings/").map(\.status) == [204, 204])
        let patches = log.records.filter { $0.method == "PATCH" }
        #expect(patches.map(\.attempt) == [1, 2])
        #expect(patches.map(\.status) == [nil, 204])
        #expect(patches.first?.error != nil)
    }

    @Test func persistentServerErrorEndsUnavailableAfterTheBoundedAttempts() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration))
        await sim.inject(
            SimulatedFault(
                method: "GET", pathPrefix: "/v2/users/", count: 1000,
                action: .respond(status: 503, body: #"{"code":503,"message":"down"}"#, headers: [:])))
        await #expect {
            _ = try await client.getUser(id: SimHarness.host, context: .none)
        } throws: { error in
            guard case ZoomError.unavailable(let method, let path, let attempts, _) = error else { return false }
            return method == "GET" && path == "/v2/users/{userId}" && attempts == 4
        }
        #expect(await SimHarness.served(sim, "GET", prefix: "/v2/users/").count == 4)
    }

    @Test func createWithoutAnAnswerIsOutcomeUnknownAndNeverRepeated() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration))
        _ = try await client.getUser(id: SimHarness.host, context: .none)  // warm connection + token
        await sim.inject(
            SimulatedFault(method: "POST", pathPrefix: "/v2/users/", count: 1, action: .dropAfterProcessing))
        await #expect {
            _ = try await client.createMeeting(
                host: SimHarness.host, SimHarness.meetingRequest(), context: CallContext(course: "4711"))
        } throws: { error in
            guard case ZoomError.outcomeUnknown(let method, let path, _) = error else { return false }
            return method == "POST" && path == "/v2/users/{userId}/meetings"
        }
        #expect(await SimHarness.served(sim, "POST", prefix: "/v2/users/").count == 1)
        #expect(await sim.snapshot().meetings.count == 1)
        #expect(await client.remainingDailyWrites(host: SimHarness.host) == 99)
    }

    @Test func createRefusedBeforeProcessingWith503IsRetried() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration))
        await sim.inject(
            SimulatedFault(
                method: "POST", pathPrefix: "/v2/users/", count: 1,
                action: .respond(status: 503, body: #"{"code":503,"message":"busy"}"#, headers: [:])))
        _ = try await client.createMeeting(host: SimHarness.host, SimHarness.meetingRequest(), context: .none)
        #expect(await sim.snapshot().meetings.count == 1)
        #expect(await SimHarness.served(sim, "POST", prefix: "/v2/users/").count == 2)
    }

    // MARK: Rate limits

    @Test func perSecondRateLimitAnswersAreAbsorbed() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration))
        let retryAt = ZoomJSON.formatUTC(Date().addingTimeInterval(1))
        await sim.inject(
            SimulatedFault(
                method: "GET", pathPrefix: "/v2/users/", count: 2,
                action: .respond(
                    status: 429,
                    body: #"{"code":429,"message":"You have reached the maximum per-second rate limit for this API."}"#,
                    headers: ["x-ratelimit-type": "QPS", "X-RateLimit-Category": "Light", "retry-after": retryAt])))
        #expect(try await client.getUser(id: SimHarness.host, context: .none).email == SimHarness.host)
        #expect(await SimHarness.served(sim, "GET", prefix: "/v2/users/").map(\.status) == [429, 429, 200])
    }

    @Test func dailyLimitAnswerStopsWithItsTime() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration))
        let until = ZoomJSON.parseDate("2030-01-02T00:00:00Z")!
        await sim.inject(
            SimulatedFault(
                method: "POST", pathPrefix: "/v2/users/", count: 1,
                action: .respond(
                    status: 429,
                    body: #"{"code":429,"message":"You have reached the maximum daily rate limit for this API."}"#,
                    headers: [
                        "X-RateLimit-Type": "Daily-limit", "X-RateLimit-Category": "Light",
                        "Retry-After": "2030-01-02T00:00:00Z",
                    ])))
        await #expect {
            _ = try await client.createMeeting(host: SimHarness.host, SimHarness.meetingRequest(), context: .none)
        } throws: { error in
            error as? ZoomError == .dailyLimit(until: until, category: "Light", limitType: "Daily-limit")
        }
        #expect(await SimHarness.served(sim, "POST", prefix: "/v2/users/").count == 1)
        #expect(await client.remainingDailyWrites(host: SimHarness.host) == 0)
        #expect(await client.remainingDailyWrites(host: SimHarness.secondHost) == 100)
        #expect(await client.dailyWriteLedger().perHost[SimHarness.host] == 100)
    }

    @Test func seededLedgerStopsTheHundredAndFirstWriteWithoutACall() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let ledger = DailyWriteLedger(day: DailyWriteLedger.utcDay(of: Date()), perHost: [SimHarness.host: 98])
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration, dailyWrites: ledger))
        #expect(await client.remainingDailyWrites(host: SimHarness.host) == 2)
        let meeting = try await client.createMeeting(host: SimHarness.host, SimHarness.meetingRequest(), context: .none)
        try await client.updateMeeting(
            id: meeting.id, occurrenceID: nil, MeetingChange(duration: 60), context: .none)
        #expect(await client.remainingDailyWrites(host: SimHarness.host) == 0)
        await #expect {
            try await client.updateMeeting(
                id: meeting.id, occurrenceID: nil, MeetingChange(duration: 45), context: .none)
        } throws: { error in
            guard case ZoomError.dailyLimit(let until?, _, _) = error else { return false }
            return until > Date() && until.timeIntervalSinceNow <= 86_400
        }
        #expect(await SimHarness.served(sim, "PATCH", prefix: "/v2/meetings/").count == 1)
        #expect(await client.dailyWriteLedger().perHost[SimHarness.host] == 100)
    }

    /// 500 calls at once from 500 tasks, on a clock the test moves: the client's own schedule
    /// is what is checked, exactly, so a loaded machine cannot bend it. (The simulator's
    /// per-second limits, on its real clock, are off: its 429s are tested in RateLimitTests.)
    @Test func aBurstOf500StaysWithinThePlansRates() async throws {
        let configuration = SimHarness.configuration {
            $0.plan = .business
            $0.enforceRateLimits = false
        }
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let log = InMemoryAPICallLog()
        let settings = SimHarness.settings(sim, configuration, plan: .business)
        let client = HTTPZoomClient.overCurl(settings: settings, log: log, clock: clock)
        let meeting = try await client.createMeeting(host: SimHarness.host, SimHarness.meetingRequest(), context: .none)
        let finished = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<500 {
                group.addTask {
                    if index % 5 == 0 {
                        _ = try await client.listRegistrants(meetingID: meeting.id, status: .approved, context: .none)
                    } else {
                        _ = try await client.getMeeting(id: meeting.id, context: .none)
                    }
                    finished.add()
                }
            }
            // Time moves only when every call that holds one of the client's connections is
            // asleep on the clock: then to the earliest wake-up. No call is under way then, so
            // each call's logged time is the instant the limiter let it go.
            while finished.value < 500 {
                let holders = min(settings.maxConcurrentRequests, 500 - finished.value)
                if clock.sleeperCount >= holders, let next = clock.nextDeadline {
                    clock.advance(to: next)
                } else {
                    await Task.yield()
                }
            }
            try await group.waitForAll()
        }
        let records = log.records.filter { $0.path.contains("/meetings") }
        #expect(!records.contains { $0.status != 200 && $0.status != 201 })
        let light = records.filter { !$0.path.hasSuffix("/registrants") }.map(\.time).sorted()
        let medium = records.filter { $0.path.hasSuffix("/registrants") }.map(\.time).sorted()
        #expect(light.count == 401)  // the create and 400 GETs
        #expect(medium.count == 100)
        // Light is the busy label: its calls go exactly 1/72 s apart (80 per second less 10 %).
        let gaps = zip(light, light.dropFirst()).map { $1.timeIntervalSince($0) }
        #expect(gaps.allSatisfy { abs($0 - 1 / 72.0) < 1e-6 })  // so no second holds more than 72
        // Medium is called less often than its 54 per second: never two closer than 1/54 s.
        #expect(zip(medium, medium.dropFirst()).allSatisfy { $1.timeIntervalSince($0) >= 1 / 54.0 - 1e-6 })
        #expect(Self.busiestSecond(medium) <= 54)
        #expect(await sim.servedCalls().filter { $0.path.contains("/meetings") }.count == 501)
    }

    /// A count shared by concurrent tasks.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    /// The most calls in any window of one second.
    static func busiestSecond(_ times: [Date]) -> Int {
        var most = 0
        var first = 0
        for (index, time) in times.enumerated() {
            while time.timeIntervalSince(times[first]) >= 1 { first += 1 }
            most = max(most, index - first + 1)
        }
        return most
    }

    // MARK: The API-call log

    @Test func logsEveryAttemptWithoutSecretsTokensOrAddresses() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.url.appendingPathComponent("api-calls.jsonl")
        let client = HTTPZoomClient.overCurl(
            settings: SimHarness.settings(sim, configuration), log: try FileAPICallLog(url: file))
        let context = CallContext(course: "4711", booking: "B-17")
        let meeting = try await client.createMeeting(
            host: SimHarness.host, SimHarness.meetingRequest(), context: context)
        await sim.inject(
            SimulatedFault(
                method: "POST", pathPrefix: "/v2/meetings/", count: 1,
                action: .respond(status: 500, body: #"{"code":500,"message":"oops"}"#, headers: [:])))
        let added = try await client.addRegistrant(
            meetingID: meeting.id,
            ZoomRegistrantRequest(email: "anna.meier@example.net", firstName: "Anna", lastName: "Meier"),
            context: context)
        let registrants = try await client.listRegistrants(meetingID: meeting.id, status: .approved, context: context)
        #expect(registrants.map(\.email) == ["anna.meier@example.net"])
        #expect(registrants.first?.id == added.registrantID)
        _ = try await client.listMeetings(host: SimHarness.host, context: .none)
        _ = try await client.getUser(id: SimHarness.host, context: .none)

        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == (await sim.servedCalls()).count)
        for forbidden in [
            configuration.clientSecret, "@", "Bearer", "Basic ", "access_token", "Authorization", "start_url",
        ] {
            #expect(!text.contains(forbidden), "api-calls.jsonl contains \(forbidden)")
        }
        let objects = try lines.map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.first?["path"] as? String == "/oauth/token")
        #expect(
            objects.contains {
                $0["path"] as? String == "/v2/users/{userId}/meetings" && $0["method"] as? String == "POST"
            })
        let registrantAttempts = objects.filter {
            $0["method"] as? String == "POST" && ($0["path"] as? String)?.hasSuffix("/registrants") == true
        }
        #expect(registrantAttempts.map { $0["attempt"] as? Int } == [1, 2])
        #expect(registrantAttempts.map { $0["status"] as? Int } == [500, 201])
        #expect(
            registrantAttempts.allSatisfy { $0["course"] as? String == "4711" && $0["booking"] as? String == "B-17" })
        #expect(objects.allSatisfy { $0["duration_ms"] is Int && $0["time"] is String })
        // Nothing but these fields: no header, body or token has a place to go.
        let fields: Set<String> = [
            "time", "method", "path", "query", "status", "zoom_code", "duration_ms", "attempt", "course", "booking",
            "error",
        ]
        #expect(objects.allSatisfy { Set($0.keys).isSubset(of: fields) })
        // The file is owner-only.
        let mode = (try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?
            .intValue
        #expect(mode == 0o600)
    }

    // MARK: Shapes

    @Test func webinarsUseTheWebinarPaths() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration, kind: .webinar))
        var request = SimHarness.meetingRequest("Webinar 4712")
        request.kind = .webinar
        let webinar = try await client.createMeeting(host: SimHarness.host, request, context: .none)
        #expect(webinar.kind == .webinar)
        #expect(try await client.getMeeting(id: webinar.id, context: .none).topic == "Webinar 4712")
        #expect(try await client.listMeetings(host: SimHarness.host, context: .none).map(\.id) == [webinar.id])
        _ = try await client.addRegistrant(
            meetingID: webinar.id, ZoomRegistrantRequest(email: "b@example.net", firstName: "B"), context: .none)
        #expect(try await client.listRegistrants(meetingID: webinar.id, status: .approved, context: .none).count == 1)
        #expect(await sim.snapshot().meetings.first?.isWebinar == true)
        try await client.deleteMeeting(id: webinar.id, occurrenceID: nil, notifyRegistrants: false, context: .none)
        #expect(await sim.snapshot().meetings.isEmpty)
        let paths = await sim.servedCalls().filter { $0.path.hasPrefix("/v2/") }.map { "\($0.method) \($0.path)" }
        #expect(paths.contains("POST /v2/users/\(SimHarness.host)/webinars"))
        #expect(paths.contains("GET /v2/webinars/\(webinar.id)"))
        #expect(paths.contains("GET /v2/users/\(SimHarness.host)/webinars"))
        #expect(paths.contains("POST /v2/webinars/\(webinar.id)/registrants"))
        #expect(paths.contains("DELETE /v2/webinars/\(webinar.id)"))
        #expect(!paths.contains { $0.contains("/meetings") })
    }

    @Test func pagesThroughEveryPageAndRestartsOnceOnAnExpiredPageToken() async throws {
        let configuration = SimHarness.configuration {
            $0.enforceRateLimits = false
            // Long enough for a page to follow the one before on a busy machine, short enough for a test.
            $0.pageTokenLifetime = 1
        }
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        // The limiter is not under test here: let the 350 adds through quickly.
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration, headroom: 20))
        let meeting = try await client.createMeeting(host: SimHarness.host, SimHarness.meetingRequest(), context: .none)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<350 {
                group.addTask {
                    _ = try await client.addRegistrant(
                        meetingID: meeting.id,
                        ZoomRegistrantRequest(
                            email: "p\(index)@example.net", firstName: "P\(index)"), context: .none)
                }
            }
            try await group.waitForAll()
        }
        let all = try await client.listRegistrants(meetingID: meeting.id, status: .approved, context: .none)
        #expect(all.count == 350)
        #expect(Set(all.map(\.email)).count == 350)
        let firstListing = await SimHarness.served(sim, "GET", prefix: "/v2/meetings/\(meeting.id)/registrants")
        #expect(firstListing.count == 2)
        #expect(firstListing.allSatisfy { $0.query?.contains("page_size=300") == true })

        // The second page comes too late: its token has expired (400 / 300); the list starts over once.
        await sim.inject(
            SimulatedFault(
                method: "GET", pathPrefix: "/v2/meetings/\(meeting.id)/registrants", count: 2,
                action: .delay(1.2)))
        let again = try await client.listRegistrants(meetingID: meeting.id, status: .approved, context: .none)
        #expect(Set(again.map(\.id)) == Set(all.map(\.id)))
        let secondListing = await SimHarness.served(sim, "GET", prefix: "/v2/meetings/\(meeting.id)/registrants")
            .dropFirst(2)
        #expect(secondListing.map(\.status) == [200, 400, 200, 200])
        #expect(secondListing.map(\.zoomCode)[1] == 300)
    }

    @Test func meetingIdsAboveTenDigitsRoundTrip() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration))
        let meeting = try await client.createMeeting(host: SimHarness.host, SimHarness.meetingRequest(), context: .none)
        #expect(meeting.id > 9_999_999_999)
        #expect(await sim.snapshot().meetings.map(\.id) == [meeting.id])
        #expect(try await client.getMeeting(id: meeting.id, context: .none).id == meeting.id)
        await #expect {
            _ = try await client.getMeeting(id: meeting.id + 1, context: .none)
        } throws: { error in
            (error as? ZoomError)?.isMeetingGone == true
        }
    }
}
