import Foundation
import Testing
import ZoomSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// One HTTP answer as the tests see it.
struct HTTPResult: Sendable {
    var status: Int
    var body: Data
    var headers: [String: String]

    var json: JSONValue? { body.isEmpty ? nil : try? JSONValue.parse(body) }
    var code: Int? { json?["code"]?.intValue.map { Int($0) } }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// One request/answer pair, kept for the OpenAPI conformance check.
struct Exchange: Sendable {
    var method: String
    var path: String
    var requestBody: JSONValue?
    var status: Int
    var responseBody: JSONValue?
}

actor ExchangeLog {
    private(set) var exchanges: [Exchange] = []
    func add(_ exchange: Exchange) { exchanges.append(exchange) }
}

/// A URLSession client for the simulator: real HTTP over loopback.
final class SimClient: Sendable {
    let simulator: ZoomSimulator
    let session: URLSession
    let log = ExchangeLog()
    let credentials: (client: String, secret: String, account: String)

    init(
        _ simulator: ZoomSimulator, client: String = "sim-client", secret: String = "sim-secret",
        account: String = "sim-account"
    ) {
        self.simulator = simulator
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 20
        self.session = URLSession(configuration: configuration)
        self.credentials = (client, secret, account)
    }

    func send(_ method: String, url: URL, headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPResult
    {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var lowered: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { lowered[name.lowercased()] = value }
        }
        return HTTPResult(status: http.statusCode, body: data, headers: lowered)
    }

    /// `POST /oauth/token` with HTTP Basic credentials; account_id in the form body.
    func tokenRequest(secret: String? = nil, account: String? = nil, inQuery: Bool = false) async throws -> HTTPResult {
        let basic = Data("\(credentials.client):\(secret ?? credentials.secret)".utf8).base64EncodedString()
        let form = "grant_type=account_credentials&account_id=\(account ?? credentials.account)"
        if inQuery {
            let url = URL(string: simulator.oauthURL.absoluteString + "?" + form)!
            return try await send("POST", url: url, headers: ["Authorization": "Basic \(basic)"])
        }
        return try await send(
            "POST", url: simulator.oauthURL,
            headers: ["Authorization": "Basic \(basic)", "Content-Type": "application/x-www-form-urlencoded"],
            body: Data(form.utf8))
    }

    func token() async throws -> String {
        let answer = try await tokenRequest()
        #expect(answer.status == 200)
        return try #require(answer.json?["access_token"]?.stringValue)
    }

    /// A `/v2` call. `path` like `/users/host@example.com/meetings`, query appended raw.
    @discardableResult
    func api(_ method: String, _ path: String, query: String? = nil, body: JSONValue? = nil, token: String?)
        async throws -> HTTPResult
    {
        let encodedPath =
            path.addingPercentEncoding(
                withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "@"))) ?? path
        let url = URL(string: simulator.apiURL.absoluteString + encodedPath + (query.map { "?" + $0 } ?? ""))!
        var headers: [String: String] = [:]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if body != nil { headers["Content-Type"] = "application/json" }
        let result = try await send(method, url: url, headers: headers, body: body?.serializedData())
        await log.add(
            Exchange(method: method, path: path, requestBody: body, status: result.status, responseBody: result.json))
        return result
    }

    /// `/_sim/…` admin call.
    @discardableResult
    func admin(_ method: String, _ path: String, body: JSONValue? = nil) async throws -> HTTPResult {
        let url = URL(string: simulator.baseURL.absoluteString + path)!
        return try await send(
            method, url: url, headers: body == nil ? [:] : ["Content-Type": "application/json"],
            body: body?.serializedData())
    }
}

enum Fixture {
    static let host = "host@example.com"
    static let basicUser = "basic@example.com"
    /// The simulator's clock in most tests: Monday 2027-01-04 09:00 UTC, frozen.
    static let pinnedNow = Date(timeIntervalSince1970: 1_799_053_200)

    static func configuration(_ adjust: (inout SimulatorConfiguration) -> Void = { _ in }) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.users = [
            SimulatedUser(email: host, type: 2, firstName: "Hanna", lastName: "Host", webinar: true),
            SimulatedUser(email: basicUser, type: 1, firstName: "Bea", lastName: "Basic"),
        ]
        configuration.enforceRateLimits = false
        adjust(&configuration)
        return configuration
    }

    /// Starts a simulator with a frozen clock, a client and a token; the caller stops it.
    static func start(_ adjust: (inout SimulatorConfiguration) -> Void = { _ in }, freeze: Bool = true) async throws
        -> (ZoomSimulator, SimClient, String)
    {
        let simulator = try await ZoomSimulator.start(configuration(adjust))
        if freeze { await simulator.freezeClock(at: pinnedNow) }
        let client = SimClient(simulator)
        let token = try await client.token()
        return (simulator, client, token)
    }

    /// Runs `body` against a fresh simulator and always stops it afterwards.
    static func run<T>(
        _ adjust: (inout SimulatorConfiguration) -> Void = { _ in }, freeze: Bool = true,
        _ body: (ZoomSimulator, SimClient, String) async throws -> T
    ) async throws -> T {
        let (simulator, client, token) = try await start(adjust, freeze: freeze)
        do {
            let result = try await body(simulator, client, token)
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    static func meetingBody(
        topic: String = "Excel Grundlagen", type: Int = 2, start: String = "2027-02-01T16:00:00",
        timezone: String = "Europe/Berlin", duration: Int = 300, approval: Int = 0,
        recurrence: JSONValue? = nil, agenda: String? = nil
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "topic": .string(topic), "type": .int(Int64(type)), "start_time": .string(start),
            "timezone": .string(timezone),
            "duration": .int(Int64(duration)),
            "settings": [
                "approval_type": .int(Int64(approval)), "registration_type": 1,
                "registrants_email_notification": false, "registrants_confirmation_email": false,
            ],
        ]
        if let recurrence { object["recurrence"] = recurrence }
        if let agenda { object["agenda"] = .string(agenda) }
        return .object(object)
    }

    /// Creates a meeting (or webinar) and returns its answer; expects 201.
    static func create(
        _ client: SimClient, _ token: String, _ body: JSONValue, webinar: Bool = false, host: String = host
    ) async throws -> JSONValue {
        let answer = try await client.api(
            "POST", "/users/\(host)/\(webinar ? "webinars" : "meetings")", body: body, token: token)
        #expect(
            answer.status == 201, "create answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
        return try #require(answer.json)
    }

    static func registrant(_ email: String, first: String = "Max", last: String = "Muster", autoApprove: Bool? = nil)
        -> JSONValue
    {
        var object: [String: JSONValue] = [
            "email": .string(email), "first_name": .string(first), "last_name": .string(last),
        ]
        if let autoApprove { object["auto_approve"] = .bool(autoApprove) }
        return .object(object)
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }
}

/// A raw-socket HTTP client for what URLSession hides: dropped connections, keep-alive reuse.
final class RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw CocoaError(.fileReadUnknown)
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads one response (head + Content-Length body); nil when the server closed without answering.
    func readResponse() -> (head: String, body: String)? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = find(buffer) {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                let length =
                    head.split(separator: "\r\n").compactMap { line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        return parts.count == 2 && parts[0].lowercased() == "content-length"
                            ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
                    }.first ?? 0
                while buffer.count < end + 4 + length {
                    let n = receive(&chunk)
                    if n <= 0 { return nil }
                    buffer.append(contentsOf: chunk[0..<n])
                }
                return (head, String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self))
            }
            let n = receive(&chunk)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// True when the server closed the connection (EOF).
    func isClosedByServer() -> Bool {
        var byte = [UInt8](repeating: 0, count: 1)
        return receive(&byte) == 0
    }

    /// `recv` that outlasts what a loaded test machine does to it: a signal arriving while the
    /// socket has a receive timeout makes `recv` fail with EINTR even under SA_RESTART (signal(7)),
    /// and the soak tests beside this one make child processes whose SIGCHLD can land on this
    /// thread; a receive timeout (EAGAIN) is retried until `patience` seconds have passed in all.
    /// Returns the byte count, 0 at the peer's EOF, -1 on a real error or when patience ran out.
    private func receive(_ chunk: inout [UInt8], patience: TimeInterval = 60) -> Int {
        let deadline = Date().addingTimeInterval(patience)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n >= 0 { return n }
            let error = errno
            if error == EINTR { continue }
            if (error == EAGAIN || error == EWOULDBLOCK) && Date() < deadline { continue }
            return -1
        }
    }

    private func find(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4)
        where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }
}
