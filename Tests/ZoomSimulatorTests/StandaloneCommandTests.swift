import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// `semco-zoom simulator …` as a child process: reads the first stdout line (the base URL)
/// while the process keeps running, then stops it with a signal.
final class RunningSimulatorProcess: @unchecked Sendable {
    let process = Process()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private(set) var firstLine = ""

    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = CLIRunner.executableURL
        process.arguments = arguments
        var env: [String: String] = [:]
        for key in ["PATH", "HOME", "TMPDIR", "LANG"] {
            if let value = ProcessInfo.processInfo.environment[key] { env[key] = value }
        }
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read byte by byte up to the first newline (blocking; the command flushes at once).
        var bytes: [UInt8] = []
        let handle = stdout.fileHandleForReading
        while true {
            let chunk = handle.readData(ofLength: 1)
            if chunk.isEmpty || chunk.first == 10 { break }
            bytes.append(contentsOf: chunk)
        }
        firstLine = String(decoding: bytes, as: UTF8.self)
    }

    /// Sends `signal`, waits for the exit and returns (status, rest of stdout, stderr).
    func stop(signal: Int32 = SIGTERM) -> (status: Int32, stdout: String, stderr: String) {
        kill(process.processIdentifier, signal)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}

@Suite("semco-zoom simulator (standalone process)")
struct SimulatorStandaloneCommandTests {
    static let environment = [
        "ZOOM_ACCOUNT_ID": "acct-1", "ZOOM_CLIENT_ID": "client-1", "ZOOM_CLIENT_SECRET": "very-secret-value",
    ]

    @Test("prints its base URL first, serves OAuth and the API, stops on SIGTERM and reloads --data on restart")
    func runStopRestart() async throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: CLIRunner.executableURL.path),
            "build the semco-zoom binary first (swift build --build-tests)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let users = try directory.write(
            "users.json", #"[{"email":"trainer@example.com","type":2,"first_name":"Tom","last_name":"Trainer"}]"#)
        let data = directory.url.appendingPathComponent("sim-state.json")
        let arguments = ["simulator", "--port", "0", "--data", data.path, "--users", users.path]

        let first = try RunningSimulatorProcess(arguments, environment: Self.environment)
        let base = try #require(URL(string: first.firstLine))
        #expect(first.firstLine.hasPrefix("http://127.0.0.1:"))
        let port = try #require(base.port)
        #expect(port > 0)

        let client = StandaloneClient(base: base)
        let token = try await client.token()
        let created = try await client.call(
            "POST", "/v2/users/trainer@example.com/meetings", token: token,
            body: Fixture.meetingBody(topic: "Aus dem Prozess", start: "2031-03-03T10:00:00"))
        #expect(created.status == 201)
        let id = try #require(created.json?["id"]?.intValue)
        let stopped = first.stop()
        #expect(stopped.status == 0)
        #expect(!(stopped.stdout + stopped.stderr + first.firstLine).contains("very-secret-value"))
        #expect(stopped.stdout.contains("client_id=client-1"))

        let second = try RunningSimulatorProcess(
            arguments + ["--token-lifetime", "77", "--plan", "business", "--latency-ms", "1", "--auto-create-users"],
            environment: Self.environment)
        let client2 = StandaloneClient(base: try #require(URL(string: second.firstLine)))
        let tokenAnswer = try await client2.tokenAnswer()
        #expect(tokenAnswer.json?["expires_in"]?.intValue == 77)
        let token2 = try #require(tokenAnswer.json?["access_token"]?.stringValue)
        let again = try await client2.call("GET", "/v2/meetings/\(id)", token: token2)
        #expect(again.status == 200)
        #expect(again.json?["topic"]?.stringValue == "Aus dem Prozess")
        // --auto-create-users: an unknown host e-mail is a licensed user.
        let auto = try await client2.call(
            "POST", "/v2/users/new.trainer@example.com/meetings", token: token2,
            body: Fixture.meetingBody(start: "2031-03-04T10:00:00"))
        #expect(auto.status == 201)
        #expect(second.stop(signal: SIGINT).status == 0)
    }

    @Test("--no-rate-limits: a burst above the plan's per-second limit is served without 429s")
    func withoutRateLimits() async throws {
        // Pro allows 30 Light calls per second; 60 at once are over it either way.
        func burst(_ extra: [String]) async throws -> [Int] {
            let running = try RunningSimulatorProcess(
                ["simulator", "--port", "0", "--auto-create-users"] + extra,
                environment: Self.environment)
            defer { _ = running.stop() }
            let client = StandaloneClient(base: try #require(URL(string: running.firstLine)))
            let token = try await client.token()
            return try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<60 {
                    group.addTask { try await client.call("GET", "/v2/users/trainer@example.com", token: token).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let limited = try await burst([])
        #expect(limited.contains(429), "without the flag the plan's limit must show, or this test proves nothing")
        let unlimited = try await burst(["--no-rate-limits"])
        #expect(unlimited.allSatisfy { $0 == 200 }, "\(unlimited)")
    }

    @Test("a broken --users file stops the command with a message naming the file and entry")
    func badUsersFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let users = try directory.write(
            "users.json", #"[{"email":"ok@example.com"},{"email":"x@example.com","type":7}]"#)
        let result = try CLIRunner.run(["simulator", "--users", users.path, "--language", "en"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains(users.path))
        #expect(result.stderr.contains("entry 2"))
        let german = try CLIRunner.run(["simulator", "--users", users.path])
        #expect(german.stderr.contains("Eintrag 2"))
        let badFlag = try directory.write("flag.json", #"[{"email":"w@example.com","webinar":"ja"}]"#)
        let flag = try CLIRunner.run(["simulator", "--users", badFlag.path, "--language", "en"])
        #expect(flag.exitCode != 0)
        #expect(flag.stderr.contains("entry 1 (w@example.com): \"webinar\" must be true or false"), "\(flag.stderr)")
    }

    @Test("a users file marks who holds the webinar add-on: their settings say so, and only they can host webinars")
    func webinarAddOnFromTheUsersFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let users = try directory.write(
            "users.json", #"[{"email":"web@example.com","webinar":true},{"email":"plain@example.com"}]"#)
        let running = try RunningSimulatorProcess(
            ["simulator", "--port", "0", "--users", users.path], environment: Self.environment)
        defer { _ = running.stop() }
        let client = StandaloneClient(base: try #require(URL(string: running.firstLine)))
        let token = try await client.token()
        for (user, holds) in [("web@example.com", true), ("plain@example.com", false)] {
            let settings = try await client.call("GET", "/v2/users/\(user)/settings", token: token)
            #expect(settings.json?["feature"]?["webinar"] == .bool(holds), "\(user)")
            let created = try await client.call(
                "POST", "/v2/users/\(user)/webinars", token: token,
                body: Fixture.meetingBody(type: 5, start: "2031-03-03T10:00:00", approval: 1))
            #expect(created.status == (holds ? 201 : 400), "\(user)")
            if !holds { #expect(created.json?["code"]?.intValue == 200) }
        }
    }
}

/// URLSession calls against a standalone simulator (no in-process `ZoomSimulator` handle).
struct StandaloneClient {
    let base: URL

    func token() async throws -> String {
        let simulatorLike = try await tokenAnswer()
        #expect(simulatorLike.status == 200)
        return try #require(simulatorLike.json?["access_token"]?.stringValue)
    }

    func tokenAnswer() async throws -> HTTPResult {
        try await send(
            "POST", base.appendingPathComponent("oauth/token"),
            headers: [
                "Authorization": "Basic " + Data("client-1:very-secret-value".utf8).base64EncodedString(),
                "Content-Type": "application/x-www-form-urlencoded",
            ],
            body: Data("grant_type=account_credentials&account_id=acct-1".utf8))
    }

    func call(_ method: String, _ path: String, token: String, body: JSONValue? = nil) async throws -> HTTPResult {
        try await send(
            method, URL(string: base.absoluteString + path)!,
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
            body: body?.serializedData())
    }

    private func send(_ method: String, _ url: URL, headers: [String: String], body: Data?) async throws -> HTTPResult {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession(configuration: .ephemeral).data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return HTTPResult(status: http.statusCode, body: data, headers: [:])
    }
}
