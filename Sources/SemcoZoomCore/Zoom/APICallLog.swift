import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP attempt to Zoom, as written to `api-calls.jsonl`. Holds no token, secret,
/// Authorization header or e-mail address: a host address in a path is `{userId}`.
public struct APICallRecord: Sendable, Codable, Hashable {
    public var time: Date
    public var method: String
    /// The path below the API base (`/meetings/123/registrants`) or `/oauth/token`.
    public var path: String
    /// Query parameters that carry no personal data (`type`, `status`, `occurrence_id`, …).
    public var query: [String: String]?
    /// HTTP status; nil when no answer came.
    public var status: Int?
    public var zoomCode: Int?
    public var durationMs: Int
    /// 1 for the first attempt of a call, 2 for its first retry, …
    public var attempt: Int
    public var course: String?
    public var booking: String?
    /// Why the attempt got no answer (timeout, connection lost, refused by the client itself).
    public var error: String?

    public init(time: Date, method: String, path: String, query: [String: String]? = nil, status: Int?, zoomCode: Int?,
                durationMs: Int, attempt: Int, course: String?, booking: String?, error: String? = nil) {
        self.time = time
        self.method = method
        self.path = path
        self.query = query
        self.status = status
        self.zoomCode = zoomCode
        self.durationMs = durationMs
        self.attempt = attempt
        self.course = course
        self.booking = booking
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case time, method, path, query, status
        case zoomCode = "zoom_code"
        case durationMs = "duration_ms"
        case attempt, course, booking, error
    }

    /// The record as one JSON line (without the newline): keys sorted, `/` unescaped, the time
    /// as ISO 8601 UTC with milliseconds — what `JSONEncoder` with `.sortedKeys` wrote, by hand,
    /// as the run writes one line per HTTP attempt (the encoder plus an ICU formatter per line
    /// cost a tenth of a no-change night's CPU).
    public func jsonLine() -> String {
        var line = "{"
        var first = true
        func key(_ name: String) {
            line += first ? "\"" : ",\""
            first = false
            line += name
            line += "\":"
        }
        func string(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONText.appendString(value, to: &line)
        }
        func int(_ name: String, _ value: Int?) {
            guard let value else { return }
            key(name)
            line += String(value)
        }
        int("attempt", attempt)
        string("booking", booking)
        string("course", course)
        int("duration_ms", durationMs)
        string("error", error)
        string("method", method)
        string("path", path)
        if let query {
            key("query")
            line += "{"
            for (index, name) in query.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                JSONText.appendString(name, to: &line)
                line += ":"
                JSONText.appendString(query[name]!, to: &line)
            }
            line += "}"
        }
        int("status", status)
        key("time")
        line += "\""
        line += JSONText.utcMilliseconds(time)
        line += "\""
        int("zoom_code", zoomCode)
        line += "}"
        return line
    }

    /// A path with every segment that looks like an e-mail address replaced by `{userId}`.
    public static func redactedPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            let decoded = String(segment).removingPercentEncoding ?? String(segment)
            return decoded.contains("@") ? "{userId}" : String(segment)
        }.joined(separator: "/")
    }

    /// Query parameters that may be logged; everything else (and any value holding an `@`) is left out.
    public static let loggableQueryKeys: Set<String> = ["type", "status", "page_size", "occurrence_id", "cancel_meeting_reminder", "cancel_webinar_reminder", "show_previous_occurrences"]

    public static func loggableQuery(_ items: [URLQueryItem]) -> [String: String]? {
        var result: [String: String] = [:]
        for item in items where loggableQueryKeys.contains(item.name) {
            guard let value = item.value, !value.contains("@") else { continue }
            result[item.name] = value
        }
        if items.contains(where: { $0.name == "next_page_token" }) { result["next_page_token"] = "…" }
        return result.isEmpty ? nil : result
    }
}

/// Where the client writes its attempts. Implementations must be safe under concurrency.
public protocol APICallLog: Sendable {
    func record(_ record: APICallRecord)
}

/// Logs nothing.
public struct NoAPICallLog: APICallLog {
    public init() {}
    public func record(_ record: APICallRecord) {}
}

public enum APICallLogError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open the API call log \(path): \(reason)"
        }
    }
}

/// Appends one JSON line per attempt to a file created owner-only (0600; a missing folder 0700).
/// Each line is one `write(2)` on an `O_APPEND` descriptor, under a lock, so concurrent
/// attempts never interleave.
public final class FileAPICallLog: APICallLog, @unchecked Sendable {
    public let url: URL
    private let lock = NSLock()
    private let descriptor: Int32

    public init(url: URL) throws {
        self.url = url
        let directory = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw APICallLogError.cannotOpen(path: url.path, reason: String(cString: strerror(errno)))
        }
        _ = fchmod(fd, 0o600)
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    public func record(_ record: APICallRecord) {
        let bytes = Array((record.jsonLine() + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        // The log must never break a run: a failed write (a full disk) shows up elsewhere.
        _ = POSIXWrite.all(descriptor, bytes)
    }
}

/// Small JSON writing helpers for lines written once per HTTP attempt.
enum JSONText {
    /// Appends `value` as a JSON string: quote and backslash escaped, control characters as
    /// short escapes or `\u00XX`, everything else (including `/` and non-ASCII) as it is.
    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        var needsEscaping = false
        for byte in value.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            needsEscaping = true
            break
        }
        if !needsEscaping {
            out += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `2026-11-29T06:20:02.123Z`: UTC, to the nearest millisecond (as ISO8601DateFormatter rounds).
    static func utcMilliseconds(_ date: Date) -> String {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = totalMilliseconds / 1000
        var milliseconds = totalMilliseconds % 1000
        if milliseconds < 0 { milliseconds += 1000; seconds -= 1 }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = Int(seconds - days * 86_400)
        let day = CalendarDay(dayNumber: Int(days))
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(day.year, 4))-\(pad(day.month, 2))-\(pad(day.day, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):"
            + "\(pad(rest % 60, 2)).\(pad(Int(milliseconds), 3))Z"
    }
}
