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
    /// Holds the webinar add-on (`feature.webinar`); data files written before it read as false.
    var webinar: Bool = false
}

extension StoredUser {
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        email = try container.decode(String.self, forKey: .email)
        type = try container.decode(Int.self, forKey: .type)
        firstName = try container.decode(String.self, forKey: .firstName)
        lastName = try container.decode(String.self, forKey: .lastName)
        timezone = try container.decode(String.self, forKey: .timezone)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        webinar = try container.decodeIfPresent(Bool.self, forKey: .webinar) ?? false
    }
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
            let ends = occurrences.filter { $0.status == "available" }.map {
                $0.start.addingTimeInterval(TimeInterval($0.duration * 60))
            }
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
    var users = UserList()
    var meetings = MeetingList()
    var nextMeetingID: Int64 = 80_000_000_000 + Int64.random(in: 0..<1_000_000_000)
    var tokensIssued: Int = 0
    /// Daily counters, keyed `kind|yyyy-MM-dd|subject`.
    var dailyCounts: [String: Int] = [:]

    func meetingIndex(_ id: Int64) -> Int? { meetings.position(of: id) }
    /// The first user (in creation order) whose e-mail (any case) or id is `userID`.
    func user(matching userID: String) -> StoredUser? {
        let positions = [users.position(email: userID), users.position(id: userID)].compactMap { $0 }
        return positions.min().map { users[$0] }
    }
}

/// The account's meetings or users in creation order, with a key → position index kept in
/// step (a lookup was a scan of the whole list, per call). Stored as a plain JSON array, as
/// before. The first item with a key wins (keys are unique; a hand-edited file may repeat one).
struct IndexedList<Element: Codable & Sendable & ListKeyed>: RandomAccessCollection, Codable, Sendable {
    private var items: [Element] = []
    private var positions: [Element.Key: Int] = [:]

    init() {}

    init(_ elements: [Element]) {
        for element in elements { append(element) }
    }

    init(from decoder: any Decoder) throws {
        self.init(try [Element](from: decoder))
    }

    func encode(to encoder: any Encoder) throws { try items.encode(to: encoder) }

    var startIndex: Int { items.startIndex }
    var endIndex: Int { items.endIndex }

    /// Changes an item in place; its keys must stay (the index is keyed by them).
    subscript(position: Int) -> Element {
        get { items[position] }
        _modify {
            let keys = items[position].listKeys
            yield &items[position]
            precondition(items[position].listKeys == keys, "a stored \(Element.self) keeps its keys")
        }
    }

    func position(of key: Element.Key) -> Int? { positions[key] }

    mutating func append(_ element: Element) {
        for key in element.listKeys where positions[key] == nil { positions[key] = items.count }
        items.append(element)
    }

    /// Removes an item; the positions after it move, so the index is rebuilt (as costly as the
    /// array's own move; whole items are rarely deleted).
    mutating func remove(at position: Int) {
        items.remove(at: position)
        positions = Dictionary(minimumCapacity: items.count)
        for (position, element) in items.enumerated() {
            for key in element.listKeys where positions[key] == nil { positions[key] = position }
        }
    }
}

/// What an `IndexedList` finds its items by.
protocol ListKeyed {
    associatedtype Key: Hashable & Sendable
    var listKeys: [Key] { get }
}

typealias MeetingList = IndexedList<StoredMeeting>
typealias UserList = IndexedList<StoredUser>

extension StoredMeeting: ListKeyed {
    var listKeys: [Int64] { [id] }
}

extension StoredUser: ListKeyed {
    /// A user is found by e-mail in any case, and by id.
    enum Key: Hashable, Sendable {
        case email(String)
        case id(String)
    }

    var listKeys: [Key] { [.email(email.lowercased()), .id(id)] }
}

extension IndexedList where Element == StoredUser {
    /// The first user whose e-mail equals `email` in any case.
    func position(email: String) -> Int? { position(of: .email(email.lowercased())) }
    func position(id: String) -> Int? { position(of: .id(id)) }
}

enum Persistence {
    /// Atomic, owner-only write: a temp file (0600) beside the target, then rename. The JSON
    /// is streamed into the temp file by `StateJSONWriter` (the format JSONEncoder wrote).
    static func save(_ state: SimState, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let descriptor = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temp.path])
        }
        var failure: (any Error)?
        do {
            guard fchmod(descriptor, 0o600) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temp.path])
            }
            try StateJSONWriter.write(state) { bytes in
                try bytes.withUnsafeBytes { chunk in
                    var offset = 0
                    while offset < chunk.count {
                        let count = write(descriptor, chunk.baseAddress! + offset, chunk.count - offset)
                        if count < 0 && errno == EINTR { continue }
                        guard count > 0 else {
                            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temp.path])
                        }
                        offset += count
                    }
                }
            }
        } catch {
            failure = error
        }
        if close(descriptor) != 0 && failure == nil {
            failure = CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temp.path])
        }
        if let failure {
            try? FileManager.default.removeItem(at: temp)
            throw failure
        }
        if rename(temp.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// Fails as `save` would: every save writes a temporary file beside `url` and renames it.
    static func checkWritable(_ url: URL) throws {
        let temp = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
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

/// Writes the state file off the request path. A change is only counted (`changed`, under the
/// engine's lock, O(1)); the writer thread takes its own snapshot of the engine's state when
/// it is ready for the next write. (It used to be handed a copy of the state per change: the
/// engine's next change then copied every meeting and counter, and each handed-over copy was
/// freed again, so a first sync cost grew with the square of the account.) Changes arriving
/// during a write are coalesced into the next one. Each write rewrites the whole file, so
/// after a write that took t seconds the thread waits 2t before the next: persisting costs at
/// most about a third of a core whatever the account's size. `flush()` writes whatever is not
/// yet on disk in the caller's thread, so it never waits for a pause.
final class PersistenceWriter: @unchecked Sendable {
    let url: URL
    /// The engine's state and change count, read together under the engine's lock; nil once
    /// the engine is gone.
    private let snapshot: @Sendable () -> (state: SimState, generation: Int)?
    /// Guards `changes`, `written`, `idle`, `stopped` and `lastError`.
    private let condition = NSCondition()
    /// One save at a time, so an older snapshot never replaces a newer file.
    private let saving = NSLock()
    /// The engine's change count as last reported.
    private var changes = 0
    /// The change count the file holds (or whose write failed last).
    private var written = 0
    /// The writer thread waits for changes (only then does a change wake it).
    private var idle = false
    private var stopped = false
    private var lastError: String?

    init(url: URL, snapshot: @escaping @Sendable () -> (state: SimState, generation: Int)?) {
        self.url = url
        self.snapshot = snapshot
        let thread = Thread { [self] in run() }
        thread.name = "zoom-sim-persist"
        thread.start()
    }

    /// The engine's state changed; `generation` is its change count (it only grows).
    func changed(_ generation: Int) {
        condition.lock()
        changes = generation
        if idle { condition.signal() }
        condition.unlock()
    }

    /// The last write error, if the most recent write failed.
    var failure: String? {
        condition.lock()
        defer { condition.unlock() }
        return lastError
    }

    /// Writes `state` (the engine's current state, change count `generation`) now unless a
    /// write of that count has already happened; returns this write's error. Call it under
    /// the engine's lock, so `state` is the latest.
    @discardableResult
    func flush(current state: SimState, generation: Int) -> String? {
        save(state, generation: generation)
    }

    /// Returns once every change reported before the call is written (or failed). Call it
    /// without holding the engine's lock (it takes it for the snapshot).
    func flush() {
        condition.lock()
        let pending = written < changes
        condition.unlock()
        guard pending, let (state, generation) = snapshot() else { return }
        save(state, generation: generation)
    }

    /// Flushes, then ends the writer thread.
    func stop() {
        flush()
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    @discardableResult
    private func save(_ state: SimState, generation: Int) -> String? {
        saving.lock()
        defer { saving.unlock() }
        condition.lock()
        let done = written >= generation
        condition.unlock()
        if done { return nil }
        var error: String?
        do { try Persistence.save(state, to: url) } catch let failure { error = String(describing: failure) }
        condition.lock()
        written = generation
        lastError = error
        condition.broadcast()
        condition.unlock()
        if let error {
            FileHandle.standardError.write(Data("zoom simulator: cannot write \(url.path): \(error)\n".utf8))
        }
        return error
    }

    private func run() {
        while true {
            condition.lock()
            idle = true
            while !stopped && written >= changes { condition.wait() }
            idle = false
            let stop = stopped
            condition.unlock()
            guard !stop, let (state, generation) = snapshot() else { return }
            let started = Date()
            let error = save(state, generation: generation)
            // Pause twice as long as the write took, unless it failed (then each change is
            // written before its answer anyway) or the writer stops.
            let resume = Date().addingTimeInterval(2 * Date().timeIntervalSince(started))
            condition.lock()
            while !stopped && error == nil && Date() < resume { _ = condition.wait(until: resume) }
            condition.unlock()
        }
    }
}
