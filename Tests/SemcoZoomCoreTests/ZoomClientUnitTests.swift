import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

@Suite struct ZoomSettingsTests {
    @Test func environmentWinsOverConfiguration() throws {
        var configuration = Configuration()
        configuration.zoom.accountID = "cfg-account"
        configuration.zoom.clientID = "cfg-client"
        let settings = try ZoomClientSettings.resolve(
            configuration: configuration,
            environment: [
                "ZOOM_ACCOUNT_ID": "env-account", "ZOOM_CLIENT_SECRET": "env-secret",
                "ZOOM_API_URL": "http://127.0.0.1:9999/v2", "ZOOM_OAUTH_URL": "http://127.0.0.1:9999/oauth/token",
            ])
        #expect(settings.credentials.accountID == "env-account")
        #expect(settings.credentials.clientID == "cfg-client")
        #expect(settings.credentials.clientSecret == "env-secret")
        #expect(settings.apiURL.absoluteString == "http://127.0.0.1:9999/v2")
        #expect(settings.oauthURL.absoluteString == "http://127.0.0.1:9999/oauth/token")
        #expect(!String(describing: settings.credentials).contains("env-secret"))
    }

    @Test func defaultsToZoomsEndpoints() throws {
        let settings = try ZoomClientSettings.resolve(
            configuration: Configuration(),
            environment: [
                "ZOOM_ACCOUNT_ID": "a", "ZOOM_CLIENT_ID": "c", "ZOOM_CLIENT_SECRET": "s",
            ])
        #expect(settings.apiURL.absoluteString == "https://api.zoom.us/v2")
        #expect(settings.oauthURL.absoluteString == "https://zoom.us/oauth/token")
    }

    @Test func readsTheSecretFileAndRefusesOneEveryoneCanRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("secret", "  file-secret\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        var configuration = Configuration()
        configuration.zoom.accountID = "a"
        configuration.zoom.clientID = "c"
        configuration.zoom.clientSecretFile = file.path
        let settings = try ZoomClientSettings.resolve(configuration: configuration, environment: [:])
        #expect(settings.credentials.clientSecret == "file-secret")
        #expect(settings.warnings.isEmpty)

        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let grouped = try ZoomClientSettings.resolve(configuration: configuration, environment: [:])
        #expect(grouped.warnings.count == 1)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        configuration.language = .en
        #expect {
            _ = try ZoomClientSettings.resolve(configuration: configuration, environment: [:])
        } throws: { error in
            guard case ZoomError.notConfigured(let message) = error else { return false }
            return message.contains("readable by every user") && message.contains("chmod 600")
                && !message.contains("file-secret")
        }
    }

    @Test func namesEveryMissingCredentialInTheChosenLanguage() {
        #expect {
            _ = try ZoomClientSettings.resolve(configuration: Configuration(), environment: ["ZOOM_CLIENT_ID": "c"])
        } throws: { error in
            guard case ZoomError.notConfigured(let message) = error else { return false }
            return message.contains("Zoom-Zugangsdaten fehlen") && message.contains("ZOOM_ACCOUNT_ID")
                && message.contains("ZOOM_CLIENT_SECRET") && !message.contains("ZOOM_CLIENT_ID /")
        }
        var english = Configuration()
        english.language = .en
        #expect {
            _ = try ZoomClientSettings.resolve(
                configuration: english,
                environment: [
                    "ZOOM_ACCOUNT_ID": "a", "ZOOM_CLIENT_ID": "c", "ZOOM_CLIENT_SECRET": "s",
                    "ZOOM_API_URL": "api.zoom.us",
                ])
        } throws: { error in
            guard case ZoomError.notConfigured(let message) = error else { return false }
            return message.contains("ZOOM_API_URL") && message.contains("not a valid")
        }
    }
}

@Suite struct ZoomWireTests {
    @Test func handWrittenUTCDatesAgreeWithFoundation() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime]
        reference.timeZone = TimeZone(identifier: "UTC")
        // Every ~37 hours over 60 years, across leap days and DST dates (UTC has none).
        var seconds = -86_400.0 * 3
        while seconds < 60 * 365.25 * 86_400 {
            let date = Date(timeIntervalSince1970: seconds.rounded())
            let text = reference.string(from: date)
            #expect(ZoomJSON.formatUTC(date) == text)
            #expect(ZoomJSON.parseUTC(text) == reference.date(from: text))
            seconds += 133_337
        }
        #expect(ZoomJSON.parseUTC("2027-04-12T14:00:00.250Z") == Date(timeIntervalSince1970: 1_807_538_400.25))
        #expect(ZoomJSON.parseDate("2027-04-12T16:00:00+02:00") == Date(timeIntervalSince1970: 1_807_538_400))
        for bad in [
            "2027-02-30T10:00:00Z", "2027-04-12T24:00:00Z", "2027-04-12 14:00:00Z", "2027-04-12T14:00:00",
            "2027-04-12T14:00:00.Z",
        ] {
            #expect(ZoomJSON.parseUTC(bad) == nil, "\(bad)")
        }
    }

    @Test func decodesLargeIdsStringOccurrenceIdsAndBothDateForms() throws {
        let json = """
            {"id": 89123456789012, "uuid": "u==", "host_id": "h1", "host_email": "host@example.org", "topic": "Kurs",
             "type": 8, "start_time": "2027-04-12T07:00:00Z", "duration": 90, "timezone": "Europe/Berlin",
             "start_url": "https://zoom.us/s/89123456789012?zak=SECRET", "join_url": "https://zoom.us/j/89123456789012",
             "registration_url": "https://zoom.us/meeting/register/x",
             "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "2,4", "end_date_time": "2027-05-01T21:59:59.000Z"},
             "occurrences": [{"occurrence_id": "1807513200000", "start_time": "2027-04-12T07:00:00.000Z", "duration": 90, "status": "available"},
                             {"occurrence_id": 1807686000000, "start_time": "2027-04-14T07:00:00Z", "duration": 90, "status": "deleted"}],
             "settings": {"approval_type": 0, "registration_type": 1, "registrants_email_notification": false}}
            """
        let meeting = try ZoomJSON.decoder().decode(WireMeeting.self, from: Data(json.utf8)).model
        #expect(meeting.id == 89_123_456_789_012)
        #expect(meeting.occurrences?.map(\.occurrenceID) == ["1807513200000", "1807686000000"])
        #expect(meeting.occurrences?.last?.isAvailable == false)
        #expect(meeting.startTime == Date(timeIntervalSince1970: 1_807_513_200))
        #expect(meeting.occurrences?.first?.startTime == Date(timeIntervalSince1970: 1_807_513_200))
        #expect(meeting.recurrence?.endDateTime == Date(timeIntervalSince1970: 1_809_208_799))
        #expect(meeting.settings?.approval == .automatic)
        #expect(meeting.joinURL == "https://zoom.us/j/89123456789012")
        // start_url is a host login: nothing of it survives decoding.
        #expect(!String(describing: meeting).contains("zak="))

        let beyondDouble = try ZoomJSON.decoder().decode(
            WireMeetingSummary.self,
            from: Data(#"{"id": 9007199254740993, "topic": "x", "type": 2}"#.utf8))
        #expect(beyondDouble.model.id == 9_007_199_254_740_993)
    }

    @Test func encodesOnlySetFieldsSnakeCasedWithLocalStartTime() throws {
        let request = MeetingChange(
            topic: "Kurs 4711", kind: .meetingSeries, startTime: "2027-04-12T09:00:00", timezone: "Europe/Berlin",
            duration: 90,
            recurrence: MeetingRecurrence(
                frequency: .weekly, repeatInterval: 1, weekdays: [.monday, .wednesday],
                endDateTime: Date(timeIntervalSince1970: 1_809_208_799)),
            settings: MeetingSettings(approval: .automatic, registration: .onceForAllSessions))
        let text = String(decoding: try ZoomJSON.encoder().encode(WireMeetingRequest(request)), as: UTF8.self)
        #expect(text.contains(#""start_time":"2027-04-12T09:00:00""#))
        #expect(text.contains(#""end_date_time":"2027-05-01T21:59:59Z""#))
        #expect(text.contains(#""weekly_days":"2,4""#))
        #expect(text.contains(#""approval_type":0"#))
        #expect(!text.contains("agenda"))
        #expect(!text.contains("registrants_email_notification"))

        let patch = String(
            decoding: try ZoomJSON.encoder().encode(WireMeetingRequest(MeetingChange(topic: "neu"))), as: UTF8.self
        )
        #expect(patch == #"{"topic":"neu"}"#)

        let webinarRegistrant = String(
            decoding: try ZoomJSON.encoder().encode(
                WireRegistrantRequest(ZoomRegistrantRequest(email: "a@b.de", firstName: "A"), webinar: true)),
            as: UTF8.self)
        #expect(!webinarRegistrant.contains("auto_approve"))
    }

    @Test func parsesRetryAfterInZoomsAndHTTPsForms() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(
            HTTPZoomClient.parseRetryAfter("2027-01-15T00:00:00Z", now: now)
                == ZoomJSON.parseDate("2027-01-15T00:00:00Z"))
        #expect(
            HTTPZoomClient.parseRetryAfter("2027-01-15T00:00:00.250Z", now: now)
                == ZoomJSON.parseDate("2027-01-15T00:00:00Z")!.addingTimeInterval(0.25))
        #expect(
            HTTPZoomClient.parseRetryAfter("Fri, 15 Jan 2027 00:00:00 GMT", now: now)
                == ZoomJSON.parseDate("2027-01-15T00:00:00Z"))
        #expect(HTTPZoomClient.parseRetryAfter("3", now: now) == now.addingTimeInterval(3))
        #expect(HTTPZoomClient.parseRetryAfter("soon", now: now) == nil)
    }

    @Test func tellsDailyFromPerSecondLimits() {
        #expect(!HTTPZoomClient.isDaily(limitType: "QPS", message: nil))
        #expect(!HTTPZoomClient.isDaily(limitType: "qps", message: "You have reached the maximum daily rate limit"))
        #expect(!HTTPZoomClient.isDaily(limitType: nil, message: "Too many requests"))
        #expect(HTTPZoomClient.isDaily(limitType: "Daily-limit", message: nil))
        #expect(
            HTTPZoomClient.isDaily(
                limitType: nil, message: "You have reached the maximum daily rate limit for this API"))
    }

    @Test func errorTextsSayWhatToDoInBothLanguages() {
        let auth = ZoomError.authenticationFailed(status: 400, reason: "invalid_client").text
        #expect(auth.de.contains("ZOOM_CLIENT_ID") && auth.en.contains("ZOOM_CLIENT_ID"))
        let scope = ZoomError.missingScope(code: 4711, message: "no scope").text
        #expect(scope.de.contains("meeting:write:admin") && scope.en.contains("meeting:write:admin"))
        let daily = ZoomError.dailyLimit(
            until: ZoomJSON.parseDate("2030-01-02T00:00:00Z"), category: "Light", limitType: "Daily-limit"
        ).text
        #expect(daily.de.contains("2030-01-02T00:00:00Z") && daily.en.contains("later run"))
        let licence = ZoomError.api(status: 400, code: 3161, message: "not allowed", fieldErrors: []).text
        #expect(licence.de.contains("Lizenz") && licence.en.contains("licence"))
    }

    @Test func logPathsHideAddressesAndPersonalQueryValues() {
        #expect(
            APICallRecord.redactedPath("/v2/users/anna.meier%2Bx@example.org/meetings") == "/v2/users/{userId}/meetings"
        )
        #expect(
            APICallRecord.redactedPath("/v2/meetings/89123456789012/registrants")
                == "/v2/meetings/89123456789012/registrants")
        let query = APICallRecord.loggableQuery([
            URLQueryItem(name: "status", value: "approved"), URLQueryItem(name: "email", value: "a@b.de"),
            URLQueryItem(name: "next_page_token", value: "tok"),
            URLQueryItem(name: "occurrence_id", value: "1807513200000"),
        ])
        #expect(query == ["status": "approved", "next_page_token": "…", "occurrence_id": "1807513200000"])
    }
}

@Suite struct ZoomLimiterTests {
    static let start = Date(timeIntervalSince1970: 1_807_513_200)  // 2027-04-12 07:00 UTC

    /// The grants a limit of `limit` per second makes from an idle start: each 1/limit s after
    /// the one before, and at least a second after the one `limit` grants before it (which
    /// the sum of the steps, in floating point, can miss by an ulp). Added up as the limiter
    /// adds them, so the comparison is exact, not within a tolerance.
    static func paced(_ count: Int, limit: Int) -> [Duration] {
        var times: [Duration] = [.zero]
        while times.count < count {
            var next = times.last! + .seconds(1 / Double(limit))
            if times.count >= limit { next = max(next, times[times.count - limit] + .seconds(1)) }
            times.append(next)
        }
        return times
    }

    @Test func grantsArePacedEvenlyAndNoWindowOfOneSecondHoldsMoreThanTheLimit() async {
        let clock = ManualClock(Self.start)
        let limiter = ZoomRateLimiter(plan: .pro, headroom: 0.9, clock: clock)
        #expect(await limiter.limit(.light) == 27)
        #expect(await limiter.limit(.medium) == 18)
        var starts: [Duration] = []
        for _ in 0..<200 { starts.append(await limiter.reserve(.light)) }
        // Exactly 1/27 s apart from the first, which is now: no burst of 27 at once.
        #expect(starts == Self.paced(200, limit: 27))
        for (index, start) in starts.enumerated() where index + 27 < starts.count {
            #expect(starts[index + 27] - start >= .seconds(1))  // the 28th start after it, a second later
        }
        // Medium has its own budget and an idle label starts at once, not behind Light's.
        #expect(await limiter.reserve(.medium) == .zero)
        #expect(await limiter.reserve(.heavy) == .zero)
        let business = ZoomRateLimiter(plan: .business, headroom: 0.9, clock: clock)
        #expect(await business.limit(.light) == 72)
        #expect(await business.limit(.heavy) == 36)
    }

    @Test("a client idle for a while starts at once; pacing resumes from then")
    func anIdleClientStartsAtOnce() async {
        let clock = ManualClock(Self.start)
        let limiter = ZoomRateLimiter(plan: .pro, headroom: 0.9, clock: clock)  // Heavy: 9 per second
        for _ in 0..<3 { _ = await limiter.reserve(.heavy) }
        clock.advance(by: 10)
        #expect(await limiter.reserve(.heavy) == .seconds(10))
        #expect(await limiter.reserve(.heavy) == .seconds(10) + .seconds(1 / 9.0))
    }

    @Test("acquire sleeps on the run's clock until each grant: the exact schedule, no real wait")
    func acquireSleepsOnTheRunsClockUntilEachGrant() async {
        let clock = ManualClock(Self.start)
        let limiter = ZoomRateLimiter(plan: .pro, headroom: 0.9, clock: clock)  // Heavy: 9 per second
        let statistics = ZoomCallStatistics(clock: clock)
        let acquired = Task {
            var at: [Duration] = []
            for _ in 0..<12 {
                await limiter.acquire(.heavy, waits: statistics)
                at.append(clock.uptime())
            }
            return at
        }
        // Each time the acquiring task sleeps, move the clock to its deadline.
        for _ in 1..<12 {
            await clock.waitForSleepers(1)
            clock.advance(to: clock.nextDeadline!)
        }
        let expected = Self.paced(12, limit: 9)
        #expect(await acquired.value == expected)
        #expect(clock.deadlines == Array(expected.dropFirst()))  // the first start needed no sleep
        // The time held back by the limit is the time the clock moved while a call waited.
        #expect(statistics.figures().rateLimitWaitSeconds == expected.last!.inSeconds)
    }

    @Test("slots that a stall lets go together are admitted only while the last second has room")
    func aStallDoesNotReleaseABurst() async {
        let clock = ManualClock(Self.start)
        let limiter = ZoomRateLimiter(plan: .pro, headroom: 0.9, clock: clock)  // Heavy: 9 per second
        // 18 slots planned over two seconds; the process stalls and all 18 tasks wake at once.
        for _ in 0..<18 { _ = await limiter.reserve(.heavy) }
        clock.advance(by: 2)
        let woke = clock.uptime()
        var admitted = 0
        var retry: [Duration] = []
        for _ in 0..<18 {
            if let later = await limiter.admit(.heavy) { retry.append(later) } else { admitted += 1 }
        }
        #expect(admitted == 9)
        #expect(retry == Array(repeating: woke + .seconds(1), count: 9))
        // A second on, the window has moved: the next nine go.
        clock.advance(by: 1)
        for _ in 0..<9 { #expect(await limiter.admit(.heavy) == nil) }
        #expect(await limiter.admit(.heavy) == woke + .seconds(2))
        // Another label has its own window.
        #expect(await limiter.admit(.light) == nil)
    }

    @Test func dailyWriteCounterSeedsRollsOverAndRefuses() async throws {
        let day = Date(timeIntervalSince1970: 1_807_513_200)  // 2027-04-12 07:00 UTC
        let seed = DailyWriteLedger(day: DailyWriteLedger.utcDay(of: day), perHost: ["host@example.org": 98])
        let counter = ZoomDailyWriteCounter(seed: seed, limit: 100, clock: FixedClock(day))
        #expect(await counter.remaining(host: "HOST@example.org") == 2)
        #expect(await counter.take(host: "host@example.org") == nil)
        #expect(await counter.take(host: "host@example.org") == nil)
        let refusal = try #require(await counter.take(host: "host@example.org"))
        #expect(refusal == ZoomJSON.parseDate("2027-04-13T00:00:00Z"))
        await counter.giveBack(host: "host@example.org")
        #expect(await counter.remaining(host: "host@example.org") == 1)
        await counter.exhaust(host: "other@example.org")
        #expect(await counter.remaining(host: "other@example.org") == 0)
        #expect(await counter.snapshot().perHost == ["host@example.org": 99, "other@example.org": 100])

        let nextDay = ZoomDailyWriteCounter(seed: seed, limit: 100, clock: FixedClock(day.addingTimeInterval(86_400)))
        #expect(await nextDay.remaining(host: "host@example.org") == 100)
        #expect(await nextDay.snapshot().day == CalendarDay(year: 2027, month: 4, day: 13))
    }
}

@Suite struct ZoomCallLogFileTests {
    @Test func appendsOwnerOnlyOneLinePerRecordUnderConcurrency() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("run/api-calls.jsonl")
        let log = try FileAPICallLog(url: url)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    log.record(
                        APICallRecord(
                            time: Date(), method: "GET", path: "/v2/meetings/\(index)", status: 200, zoomCode: nil,
                            durationMs: index, attempt: 1, course: "4711", booking: "B\(index)"))
                }
            }
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: url.deletingLastPathComponent().path)
        #expect((dirAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 200)
        var paths: Set<String> = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            paths.insert(try #require(object["path"] as? String))
            #expect(object["duration_ms"] is Int)
            #expect(object["course"] as? String == "4711")
        }
        #expect(paths.count == 200)
        // A second log on the same file appends.
        try FileAPICallLog(url: url).record(
            APICallRecord(
                time: Date(), method: "GET", path: "/x", status: nil, zoomCode: nil,
                durationMs: 0, attempt: 1, course: nil, booking: nil))
        #expect(try String(contentsOf: url, encoding: .utf8).split(separator: "\n").count == 201)
    }
}

@Suite struct APICallRecordLineTests {
    /// The line as `JSONEncoder` wrote it before `jsonLine()` was written by hand: the reference.
    static func encoderLine(_ record: APICallRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            var container = encoder.singleValueContainer()
            try container.encode(formatter.string(from: date))
        }
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    @Test("jsonLine() writes what JSONEncoder with sorted keys wrote, byte for byte")
    func sameAsEncoder() throws {
        let times: [Double] = [
            0, 1_795_939_200, 1_795_939_200.5, 1_795_939_200.125, 1_795_939_200.999, 1_795_939_200.0004,
            951_782_400.25, 4_102_444_799.75,  // 2000-02-29, 2099-12-31T23:59:59
            1_800_000_000.0625,
            1_800_000_059.9996, -0.25,
        ]
        let texts: [String?] = [
            nil, "", "plain", "Müller & Söhne / ÄÖÜß", "quote \" back\\slash", "tab\tnew\nline\rret",
            "ctl \u{01}\u{1F}\u{7F}", "emoji 🎓", "/v2/meetings/85012345678/registrants",
        ]
        var count = 0
        for (index, time) in times.enumerated() {
            for text in texts {
                let record = APICallRecord(
                    time: Date(timeIntervalSince1970: time), method: index.isMultiple(of: 2) ? "GET" : "PATCH",
                    path: text ?? "/meetings/1",
                    query: index % 3 == 0 ? nil : ["status": text ?? "approved", "page_size": "300", "a": "1"],
                    status: index.isMultiple(of: 4) ? nil : 200 + index, zoomCode: index == 3 ? 3001 : nil,
                    durationMs: index * 37,
                    attempt: 1 + index % 3, course: text, booking: index.isMultiple(of: 2) ? text : nil,
                    error: index == 5 ? text : nil)
                #expect(
                    record.jsonLine() == (try Self.encoderLine(record)),
                    "time \(time), text \(String(describing: text))")
                count += 1
            }
        }
        #expect(count == times.count * texts.count)
    }
}

@Suite struct ZoomTransportTests {
    /// A port nothing listens on: bind, read the port, close.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func refusedConnectionIsNotSentAndEndsUnavailableAfterBoundedAttempts() async throws {
        let port = try Self.closedPort()
        let transport = CurlTransport()
        await #expect(throws: HTTPTransportError.self) {
            _ = try await transport.send(
                HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(port)/v2/x")!, timeout: 5))
        }
        do {
            _ = try await transport.send(
                HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(port)/v2/x")!, timeout: 5))
        } catch let error as HTTPTransportError {
            guard case .notSent = error else {
                Issue.record("refused connection classified as \(error)")
                return
            }
        }

        let log = InMemoryAPICallLog()
        let settings = ZoomClientSettings(
            apiURL: URL(string: "http://127.0.0.1:\(port)/v2")!,
            oauthURL: URL(string: "http://127.0.0.1:\(port)/oauth/token")!,
            credentials: ZoomCredentials(accountID: "a", clientID: "c", clientSecret: "topsecret"),
            retry: ZoomRetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05))
        let client = HTTPZoomClient(settings: settings, transport: transport, log: log)
        await #expect {
            _ = try await client.getMeeting(id: 1, context: .none)
        } throws: { error in
            guard case ZoomError.unavailable(_, let path, let attempts, _) = error else { return false }
            return path == "/oauth/token" && attempts == 3
        }
        #expect(log.records.count == 3)
        #expect(log.records.map(\.attempt) == [1, 2, 3])
        #expect(!log.jsonLines.contains("topsecret"))
    }
}
