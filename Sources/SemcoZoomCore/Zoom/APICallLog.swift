import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One HTTP attempt to Zoom, as written to `api-calls.jsonl`. Holds no token, secret,
/// Authorization header or e-mail address: a host address in a path is `{userId}`.
public struct APICallRecord: Sendable, Codable, Hashable {
    /// When the request was sent, on the run's clock.
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

    enum CodingKeys: String, CodingKey {
        case time, method, path, query, status
        case zoomCode = "zoom_code"
        case durationMs = "duration_ms"
        case attempt, course, booking, error
    }

    /// The record as one JSON line (without the newline), by JSONEncoder: keys sorted, `/`
    /// unescaped, absent values left out, the time as ISO 8601 UTC with milliseconds.
    public func jsonLine() -> String {
        // Every field is a string, integer or date: encoding cannot fail.
        String(decoding: (try? Self.encoder().encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The encoder of `api-calls.jsonl` lines.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(UTCTimestamp.milliseconds(date))
        }
        return encoder
    }

    /// An attempt's `duration_ms`: the whole milliseconds on `clock` since `start` (its uptime
    /// when the request went out).
    static func milliseconds(since start: Duration, _ clock: any WallClock) -> Int {
        let elapsed = (clock.uptime() - start).components
        return Int(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000)
    }

    /// A path with every segment that looks like an e-mail address replaced by `{userId}`.
    public static func redactedPath(_ path: String) -> String {
        // Without `@` or `%` no segment is or decodes to an address: the path stays as it is
        // (the usual case, once per HTTP attempt).
        if !path.utf8.contains(where: { $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "%") }) { return path }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            let decoded = String(segment).removingPercentEncoding ?? String(segment)
            return decoded.contains("@") ? "{userId}" : String(segment)
        }.joined(separator: "/")
    }

    /// Query parameters that may be logged; everything else (and any value holding an `@`) is left out.
    public static let loggableQueryKeys: Set<String> = [
        "type", "status", "page_size", "occurrence_id", "cancel_meeting_reminder", "cancel_webinar_reminder",
        "show_previous_occurrences",
    ]

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
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true,
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
