import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One parsed HTTP/1.1 request.
struct HTTPRequest: Sendable {
    var method: String
    /// Percent-decoded path without the query, e.g. `/v2/users/a@b.de/meetings`.
    var path: String
    /// The raw query string (without `?`), if any.
    var rawQuery: String?
    /// Header names lower-cased.
    var headers: [String: String]
    var body: Data

    /// Query parameters, percent-decoded (`+` as space); the last value wins.
    var query: [String: String] { HTTPRequest.parseForm(rawQuery ?? "") }

    static func parseForm(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(String(parts[0]).replacingOccurrences(of: "+", with: " "))
            let value = parts.count > 1 ? percentDecode(String(parts[1]).replacingOccurrences(of: "+", with: " ")) : ""
            result[name] = value
        }
        return result
    }

    static func percentDecode(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }
}

struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: Data = Data()

    static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/json;charset=UTF-8")] + headers,
            body: value.serializedData())
    }

    static func empty(_ status: Int, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data())
    }
}

enum HTTPOutcome: Sendable {
    case respond(HTTPResponse)
    /// Close the connection without answering.
    case drop
}

enum HTTPServerError: Error, CustomStringConvertible {
    case socket(String, Int32)
    var description: String {
        switch self {
        case .socket(let what, let code): return "simulator socket \(what) failed: \(String(cString: strerror(code)))"
        }
    }
}

/// A small HTTP/1.1 server on POSIX sockets: one thread per connection, keep-alive,
/// Content-Length bodies. Binds 127.0.0.1 only.
final class HTTPServer: @unchecked Sendable {
    let port: Int
    private let listenFD: Int32
    private let handler: @Sendable (HTTPRequest) -> HTTPOutcome
    private let lock = NSLock()
    private var connections: Set<Int32> = []
    private var stopped = false
    private let acceptDone = DispatchSemaphore(value: 0)
    private let allClosed = DispatchGroup()

    init(port: Int, handler: @escaping @Sendable (HTTPRequest) -> HTTPOutcome) throws {
        self.handler = handler
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw HTTPServerError.socket("socket", errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let e = errno
            close(fd)
            throw HTTPServerError.socket("bind 127.0.0.1:\(port)", e)
        }
        guard listen(fd, 128) == 0 else {
            let e = errno
            close(fd)
            throw HTTPServerError.socket("listen", e)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.listenFD = fd
    }

    func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "zoom-sim-accept"
        thread.start()
    }

    private func acceptLoop() {
        defer { acceptDone.signal() }
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            lock.lock()
            if stopped {
                lock.unlock()
                close(client)
                return
            }
            connections.insert(client)
            allClosed.enter()
            lock.unlock()
            var yes: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in
                serve(client)
                lock.lock()
                connections.remove(client)
                lock.unlock()
                close(client)
                allClosed.leave()
            }
            thread.name = "zoom-sim-conn"
            thread.start()
        }
    }

    /// Closes the listener and every open connection, and waits for their threads.
    func stop() {
        lock.lock()
        if stopped {
            lock.unlock()
            return
        }
        stopped = true
        shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
        lock.unlock()
        acceptDone.wait()
        close(listenFD)
        _ = allClosed.wait(timeout: .now() + 5)
    }

    // MARK: connection

    private func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        while true {
            guard let (request, keepAlive) = readRequest(fd, &buffer) else { return }
            switch handler(request) {
            case .drop:
                // Reset rather than a clean close: the peer sees the connection die mid-request.
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                return
            case .respond(let response):
                if !write(fd, response, method: request.method, keepAlive: keepAlive) { return }
            }
            if !keepAlive { return }
            lock.lock()
            let isStopped = stopped
            lock.unlock()
            if isStopped { return }
        }
    }

    private func fill(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n < 0 && errno == EINTR { continue }
            return false
        }
    }

    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> (HTTPRequest, Bool)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = find(separator, in: buffer)
            if headerEnd == nil {
                if buffer.count > 65536 {
                    respondAndClose(fd, 431)
                    return nil
                }
                guard fill(fd, &buffer) else { return nil }
            }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else {
            respondAndClose(fd, 400)
            return nil
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = value
        }
        if headers["transfer-encoding"] != nil {
            respondAndClose(fd, 411)
            return nil
        }
        let length = Int(headers["content-length"] ?? "0") ?? -1
        guard length >= 0, length <= 10_000_000 else {
            respondAndClose(fd, 413)
            return nil
        }
        let bodyStart = headerEnd! + 4
        if length > 0, buffer.count < bodyStart + length, headers["expect"]?.lowercased() == "100-continue" {
            let interim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
            _ = interim.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, HTTPServer.sendFlags) }
        }
        while buffer.count < bodyStart + length {
            guard fill(fd, &buffer) else { return nil }
        }
        let body = Data(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        let target = String(requestLine[1])
        var rawPath = target
        var rawQuery: String?
        if let q = target.firstIndex(of: "?") {
            rawPath = String(target[..<q])
            rawQuery = String(target[target.index(after: q)...])
        }
        let version = String(requestLine[2])
        let connection = headers["connection"]?.lowercased() ?? ""
        let keepAlive = version == "HTTP/1.0" ? connection == "keep-alive" : connection != "close"
        let request = HTTPRequest(
            method: String(requestLine[0]).uppercased(), path: HTTPRequest.percentDecode(rawPath),
            rawQuery: rawQuery, headers: headers, body: body)
        return (request, keepAlive)
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<i + needle.count]) == needle { return i }
        }
        return nil
    }

    private func respondAndClose(_ fd: Int32, _ status: Int) {
        _ = write(fd, HTTPResponse.empty(status), method: "GET", keepAlive: false)
    }

    private func write(_ fd: Int32, _ response: HTTPResponse, method: String, keepAlive: Bool) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(HTTPServer.reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\n"
        head += "Date: \(HTTPServer.httpDate(Date()))\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
        head += "\r\n"
        var bytes = [UInt8](head.utf8)
        if method != "HEAD" { bytes.append(contentsOf: response.body) }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, HTTPServer.sendFlags) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    #if canImport(Glibc)
        static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
        static let sendFlags: Int32 = 0
    #endif

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 413: return "Payload Too Large"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status"
        }
    }

    /// RFC 9110 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`. By hand: a DateFormatter per
    /// answer (ICU) cost a tenth of a no-change night's CPU with the embedded simulator.
    static func httpDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "Thu, 01 Jan 1970 00:00:00 GMT" }
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(weekdays[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
