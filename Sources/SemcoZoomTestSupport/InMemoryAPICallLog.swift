import Foundation
import SemcoZoomCore

/// An `APICallLog` that keeps the records in memory, for assertions.
public final class InMemoryAPICallLog: APICallLog, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [APICallRecord] = []

    public init() {}

    public func record(_ record: APICallRecord) {
        lock.lock()
        storage.append(record)
        lock.unlock()
    }

    public var records: [APICallRecord] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    /// The records as `api-calls.jsonl` would hold them.
    public var jsonLines: String {
        records.map { $0.jsonLine() + "\n" }.joined()
    }
}
