import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Simulator HTTP server")
struct SimulatorHTTPServerTests {
    @Test("binds 127.0.0.1 on a free port and reports it in baseURL")
    func bindsLoopback() async throws {
        let simulator = try await ZoomSimulator.start(Fixture.configuration())
        defer { Task { await simulator.stop() } }
        #expect(simulator.baseURL.host == "127.0.0.1")
        #expect(simulator.port > 0)
        #expect(simulator.apiURL.absoluteString == "http://127.0.0.1:\(simulator.port)/v2")
        #expect(simulator.oauthURL.absoluteString == "http://127.0.0.1:\(simulator.port)/oauth/token")
    }

    @Test("keeps a connection alive across requests and closes it on Connection: close")
    func keepAliveAndClose() async throws {
        let simulator = try await ZoomSimulator.start(Fixture.configuration())
        let connection = try RawConnection(port: simulator.port)
        connection.write("GET /_sim/tokens HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try #require(connection.readResponse())
        #expect(first.head.hasPrefix("HTTP/1.1 200"))
        #expect(first.body.contains("\"issued\":0"))
        connection.write("GET /_sim/clock HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let second = try #require(connection.readResponse())
        #expect(second.head.hasPrefix("HTTP/1.1 200"))
        #expect(second.head.lowercased().contains("connection: close"))
        #expect(connection.isClosedByServer())
        await simulator.stop()
    }

    @Test("every answer carries an RFC 9110 Date header with the current time")
    func dateHeader() async throws {
        let simulator = try await ZoomSimulator.start(Fixture.configuration())
        let connection = try RawConnection(port: simulator.port)
        let before = Date()
        connection.write("GET /_sim/clock HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let response = try #require(connection.readResponse())
        await simulator.stop()
        let line = try #require(response.head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("date: ") })
        let value = String(line.dropFirst("Date: ".count))
        #expect(
            value.wholeMatch(
                of:
                    /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT/
            ) != nil,
            "Date header: \(value)")
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(identifier: "GMT")
        parser.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = try #require(parser.date(from: value))
        #expect(parser.string(from: date) == value, "weekday and fields as ICU writes them")
        // Whole seconds: the header's second is the one the answer was sent in.
        #expect(date >= before.addingTimeInterval(-1) && date <= Date())
    }

    @Test("reads a Content-Length body, query strings and percent-encoded paths")
    func bodiesQueriesAndPercentDecoding() async throws {
        let (simulator, client, token) = try await Fixture.start()
        defer { Task { await simulator.stop() } }
        // %40 in the path is the host's '@'.
        let url = URL(string: simulator.apiURL.absoluteString + "/users/host%40example.com")!
        let user = try await client.send("GET", url: url, headers: ["Authorization": "Bearer \(token)"])
        #expect(user.status == 200)
        #expect(user.json?["email"]?.stringValue == Fixture.host)
        // The OAuth form body and the account id in the query string both work.
        #expect(try await client.tokenRequest(inQuery: true).status == 200)
        #expect(try await client.tokenRequest(inQuery: false).status == 200)
    }

    @Test("stop() closes the listener and open connections")
    func stopCloses() async throws {
        let simulator = try await ZoomSimulator.start(Fixture.configuration())
        let port = simulator.port
        let idle = try RawConnection(port: port)
        idle.write("GET /_sim/clock HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle.readResponse() != nil)
        await simulator.stop()
        #expect(idle.isClosedByServer())
        #expect(throws: (any Error).self) { _ = try RawConnection(port: port) }
    }
}

@Suite("Simulator OAuth")
struct SimulatorOAuthTests {
    @Test("issues a bearer token with expires_in, scope and api_url")
    func issuesToken() async throws {
        let simulator = try await ZoomSimulator.start(Fixture.configuration { $0.tokenLifetime = 1234 })
        defer { Task { await simulator.stop() } }
        let answer = try await SimClient(simulator).tokenRequest()
        #expect(answer.status == 200)
        let json = try #require(answer.json)
        #expect(json["token_type"]?.stringValue == "bearer")
        #expect(json["expires_in"]?.intValue == 1234)
        #expect(json["api_url"]?.stringValue == simulator.baseURL.absoluteString)
        let scopes = try #require(json["scope"]?.stringValue).split(separator: " ").map(String.init)
        #expect(
            scopes.contains("meeting:read:admin") && scopes.contains("meeting:write:admin")
                && scopes.contains("user:read:admin"))
        #expect(json["refresh_token"] == nil)
        #expect(await simulator.tokensIssued() == 1)
    }

    @Test("a wrong secret, client id or account id is refused like Zoom does")
    func wrongCredentials() async throws {
        let simulator = try await ZoomSimulator.start(Fixture.configuration())
        defer { Task { await simulator.stop() } }
        let client = SimClient(simulator)
        let wrongSecret = try await client.tokenRequest(secret: "nope")
        #expect(wrongSecret.status == 400)
        #expect(wrongSecret.json == ["reason": "Invalid client_id or client_secret", "error": "invalid_client"])
        let wrongClient = try await SimClient(simulator, client: "other").tokenRequest()
        #expect(wrongClient.json?["error"]?.stringValue == "invalid_client")
        let wrongAccount = try await client.tokenRequest(account: "elsewhere")
        #expect(wrongAccount.status == 400)
        #expect(wrongAccount.json?["error"]?.stringValue == "invalid_request")
        // The secret never appears in an answer.
        #expect(!String(decoding: wrongSecret.body + wrongAccount.body, as: UTF8.self).contains("sim-secret"))
        #expect(await simulator.tokensIssued() == 0)
    }

    @Test("missing, unknown, expired and revoked tokens answer 401 with code 124")
    func tokenFailures() async throws {
        let (simulator, client, token) = try await Fixture.start { $0.tokenLifetime = 60 }
        defer { Task { await simulator.stop() } }
        let path = "/users/\(Fixture.host)"
        #expect(try await client.api("GET", path, token: token).status == 200)
        let missing = try await client.api("GET", path, token: nil)
        #expect(missing.status == 401 && missing.code == 124)
        let unknown = try await client.api("GET", path, token: "forged")
        #expect(unknown.status == 401 && unknown.code == 124)
        await simulator.advanceClock(by: 61)
        let expired = try await client.api("GET", path, token: token)
        #expect(expired.status == 401 && expired.code == 124)
        #expect(expired.json?["message"]?.stringValue == "Access token is expired.")
        let fresh = try await client.token()
        #expect(try await client.api("GET", path, token: fresh).status == 200)
        await simulator.expireAllTokens()
        let revoked = try await client.api("GET", path, token: fresh)
        #expect(revoked.status == 401 && revoked.code == 124)
        #expect(await simulator.tokensIssued() == 2)
    }

    @Test("a token without the needed scope answers 4711")
    func missingScope() async throws {
        let simulator = try await ZoomSimulator.start(Fixture.configuration { $0.scopes = ["meeting:read:admin"] })
        defer { Task { await simulator.stop() } }
        let client = SimClient(simulator)
        let token = try await client.token()
        let user = try await client.api("GET", "/users/\(Fixture.host)", token: token)
        #expect(user.code == 4711)
        let create = try await client.api(
            "POST", "/users/\(Fixture.host)/meetings", body: Fixture.meetingBody(), token: token)
        #expect(create.code == 4711)
        #expect(try await client.api("GET", "/users/\(Fixture.host)/meetings", token: token).status == 200)
        // Granted later: only tokens issued afterwards carry the new scopes.
        await simulator.grantScopes(["meeting:write:meeting:admin", "user:read:user:admin"])
        #expect(
            try await client.api("POST", "/users/\(Fixture.host)/meetings", body: Fixture.meetingBody(), token: token)
                .code == 4711)
        let newer = try await client.token()
        #expect(
            try await client.api("POST", "/users/\(Fixture.host)/meetings", body: Fixture.meetingBody(), token: newer)
                .status == 201)
    }
}

@Suite("Simulator under concurrent clients")
struct SimulatorConcurrencyTests {
    @Test("parallel creates from several sessions get distinct ids and all land in the state")
    func parallelCreates() async throws {
        try await Fixture.run { simulator, _, token in
            let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<5 {
                    group.addTask {
                        let client = SimClient(simulator)
                        var mine: [Int64] = []
                        for n in 0..<10 {
                            let body = Fixture.meetingBody(topic: "W\(worker)-\(n)")
                            let answer = try await client.api(
                                "POST", "/users/\(Fixture.host)/meetings", body: body, token: token)
                            if let id = answer.json?["id"]?.intValue { mine.append(id) }
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(ids.count == 50)
            #expect(Set(ids).count == 50)
            #expect(await simulator.snapshot().meetings.count == 50)
        }
    }
}

@Suite("Simulator HTTP details")
struct SimulatorHTTPDetailTests {
    @Test("answers Expect: 100-continue before reading the body")
    func expectContinue() async throws {
        try await Fixture.run { simulator, _, token in
            let body = Fixture.meetingBody(agenda: String(repeating: "z", count: 1500)).serialized()
            let connection = try RawConnection(port: simulator.port)
            connection.write(
                "POST /v2/users/\(Fixture.host)/meetings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
            )
            let interim = try #require(connection.readResponse())
            #expect(interim.head == "HTTP/1.1 100 Continue")
            connection.write(body)
            let final = try #require(connection.readResponse())
            #expect(final.head.hasPrefix("HTTP/1.1 201"))
        }
    }

    @Test("tokens are not written to the data file and do not survive a restart")
    func tokensNotPersisted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = Fixture.configuration()
        configuration.dataFile = directory.url.appendingPathComponent("sim.json")
        let first = try await ZoomSimulator.start(configuration)
        let token = try await SimClient(first).token()
        await first.stop()
        #expect(try !String(contentsOf: configuration.dataFile!, encoding: .utf8).contains(token))
        let second = try await ZoomSimulator.start(configuration)
        let answer = try await SimClient(second).api("GET", "/users/\(Fixture.host)", token: token)
        #expect(answer.status == 401 && answer.code == 124)
        await second.stop()
    }
}
