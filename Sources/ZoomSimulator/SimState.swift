import Foundation

// The simulator's persisted state: plain Codable values, written atomically to
// `dataFile` after every mutation and reloaded on start.

struct StoredUser: Codable, Sendable {
    var id: String
    var email: String
    var type: Int
    var firstName: String
    var lastName: String
    var timezone: String
    var createdAt: Date
}

struct StoredRecurrence: Codable, Sendable, Equatable {
    /// 1 daily, 2 weekly, 3 monthly.
    var type: Int
    var repeatInterval: Int
    /// 1 = Sunday … 7 = Saturday.
    var weeklyDays: [Int]?
    var monthlyDay: Int?
    var monthlyWeek: Int?
    var monthlyWeekDay: Int?
    var endTimes: Int?
    var endDateTime: Date?
}

struct StoredOccurrence: Codable, Sendable {
    /// Epoch milliseconds of the occurrence's original start, as a string.
    var id: String
    var start: Date
    var duration: Int
    /// available | deleted
    var status: String
}

struct StoredRegistrant: Codable, Sendable {
    var id: String
    var email: String
    var firstName: String
    var lastName: String?
    /// The add request's other fields (org, address, …), stored as JSON text.
    var extraJSON: String?
    /// approved | pending | denied
    var status: String
    var joinURL: String
    var createTime: Date
}

struct StoredMeeting: Codable, Sendable {
    var id: Int64
    var uuid: String
    var isWebinar: Bool
    var hostID: String
    var hostEmail: String
    var topic: String
    var type: Int
    var agenda: String?
    var timezone: String
    /// The series' (or single meeting's) start.
    var startTime: Date
    var duration: Int
    var createdAt: Date
    var recurrence: StoredRecurrence?
    /// The meeting's settings object as JSON text (defaults merged with what was sent).
    var settingsJSON: String
    var password: String
    var joinToken: String
    var registrationToken: String
    var occurrences: [StoredOccurrence]
    var registrants: [StoredRegistrant]

    var settings: [String: JSONValue] {
        get { (try? JSONValue.parse(settingsJSON))?.objectValue ?? [:] }
        set { settingsJSON = JSONValue.object(newValue).serialized() }
    }

    var approvalType: Int { Int(settings["approval_type"]?.intValue ?? 2) }
    var registrationType: Int { Int(settings["registration_type"]?.intValue ?? 1) }
    var isRecurring: Bool { type == 8 || type == 9 }

    /// The end of the last available occurrence (or of the single meeting).
    var lastEnd: Date {
        if isRecurring {
            let ends = occurrences.filter { $0.status == "available" }.map { $0.start.addingTimeInterval(TimeInterval($0.duration * 60)) }
            return ends.max() ?? startTime
        }
        return startTime.addingTimeInterval(TimeInterval(duration * 60))
    }
}

struct StoredToken: Codable, Sendable {
    var token: String
    var expires: Date
    var scopes: [String]
    var revoked: Bool
}

struct SimState: Codable, Sendable {
    var users: [StoredUser] = []
    var meetings: [StoredMeeting] = []
    var nextMeetingID: Int64 = 80_000_000_000 + Int64.random(in: 0..<1_000_000_000)
    var tokensIssued: Int = 0
    /// Daily counters, keyed `kind|yyyy-MM-dd|subject`.
    var dailyCounts: [String: Int] = [:]

    func meetingIndex(_ id: Int64) -> Int? { meetings.firstIndex { $0.id == id } }
    func user(matching userID: String) -> StoredUser? {
        let key = userID.lowercased()
        return users.first { $0.email.lowercased() == key || $0.id == userID }
    }
}

enum Persistence {
    /// Atomic, owner-only write: a temp file (0600) beside the target, then rename.
    static func save(_ state: SimState, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(state)
        let directory = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temp.path])
        }
        if rename(temp.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// Fails as `save` would: every save writes a temporary file beside `url` and renames it.
    static func checkWritable(_ url: URL) throws {
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temp.path])
        }
        try? FileManager.default.removeItem(at: temp)
    }

    static func load(from url: URL) throws -> SimState? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        do {
            return try decoder.decode(SimState.self, from: Data(contentsOf: url))
        } catch {
            throw SimulatorDataFileError(path: url.path, reason: String(describing: error))
        }
    }
}

/// The data file exists but cannot be read as simulator state; it is left untouched.
public struct SimulatorDataFileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String {
        "Simulator data file \(path) cannot be read (\(reason)). It was left untouched: move it away or pass another --data file."
    }
}

/// Writes the state file off the request path: every change is submitted, a writer thread
/// saves the latest submitted state (changes arriving while it writes are coalesced into
/// the next write), and `flush()` waits until everything submitted so far is on disk.
/// A large state then costs one write per batch of changes instead of one per change.
final class PersistenceWriter: @unchecked Sendable {
    let url: URL
    private let condition = NSCondition()
    private var pending: SimState?
    private var submitted = 0
    private var written = 0
    private var stopped = false
    /// Callers blocked in `flush()`: the writer does not pause while someone waits.
    private var flushing = 0
    private(set) var lastError: String?

    init(url: URL) {
        self.url = url
        let thread = Thread { [self] in run() }
        thread.name = "zoom-sim-persist"
        thread.start()
    }

    func submit(_ state: SimState) {
        condition.lock()
        pending = state
        submitted += 1
        condition.signal()
        condition.unlock()
    }

    /// The last write error, if the most recent write failed.
    var failure: String? {
        condition.lock()
        defer { condition.unlock() }
        return lastError
    }

    /// Blocks until every state submitted before the call is written (or failed).
    func flush() {
        condition.lock()
        let target = submitted
        flushing += 1
        condition.broadcast()
        while written < target { condition.wait() }
        flushing -= 1
        condition.unlock()
    }

    /// Flushes, then ends the writer thread.
    func stop() {
        flush()
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while pending == nil && !stopped { condition.wait() }
            guard let state = pending else { condition.unlock(); return }
            pending = nil
            let generation = submitted
            condition.unlock()
            var error: String?
            let started = Date()
            do { try Persistence.save(state, to: url) } catch let failure { error = String(describing: failure) }
            let took = Date().timeIntervalSince(started)
            condition.lock()
            written = generation
            lastError = error
            condition.broadcast()
            // Each write rewrites the whole file: pause twice as long as it took (at most a
            // second) unless someone flushes, so a busy run is not spent rewriting the file.
            let resume = Date().addingTimeInterval(min(1, 2 * took))
            while flushing == 0 && !stopped && error == nil && Date() < resume { _ = condition.wait(until: resume) }
            condition.unlock()
            if let error { FileHandle.standardError.write(Data("zoom simulator: cannot write \(url.path): \(error)\n".utf8)) }
        }
    }
}
