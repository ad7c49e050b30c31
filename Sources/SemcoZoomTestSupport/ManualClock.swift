import Foundation
import SemcoZoomCore

/// A run clock that moves only when a test moves it: token renewal, daily limits, deferrals,
/// rate limits and back-off are tested at exact instants instead of with real sleeps.
///
/// A `sleep` suspends until `advance` reaches its deadline, and every deadline asked for is
/// kept (`deadlines`), so a test asserts the schedule itself. `waitForSleepers(_:)` lets a
/// test advance only once the work under test has gone to sleep. With `sleepsMoveTheClock`,
/// a sleep instead moves the clock to its deadline at once (for tests about something else
/// than waits, e.g. token renewal, whose calls the rate limiter still spaces out).
public final class ManualClock: WallClock, @unchecked Sendable {
    private struct Sleeper {
        var id: Int
        var deadline: Duration
        var continuation: CheckedContinuation<Void, any Error>?
        var cancelled = false
    }

    private let lock = NSLock()
    private let start: Date
    private var elapsed: Duration = .zero
    private var sleepers: [Sleeper] = []
    private var nextID = 0
    private var recorded: [Duration] = []
    private var sleeperWaits: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    private let sleepsMoveTheClock: Bool

    public init(_ start: Date, sleepsMoveTheClock: Bool = false) {
        self.start = start
        self.sleepsMoveTheClock = sleepsMoveTheClock
    }

    public func now() -> Date {
        lock.withLock { start.addingTimeInterval(elapsed.inSeconds) }
    }

    public func uptime() -> Duration { lock.withLock { elapsed } }

    /// Every deadline a `sleep` asked for, in the order asked (as `uptime()` values).
    public var deadlines: [Duration] { lock.withLock { recorded } }

    /// How many tasks are asleep on this clock now.
    public var sleeperCount: Int { lock.withLock { sleepers.filter { $0.continuation != nil }.count } }

    /// The earliest deadline of the tasks asleep on this clock.
    public var nextDeadline: Duration? {
        lock.withLock { sleepers.filter { $0.continuation != nil }.map(\.deadline).min() }
    }

    public func sleep(until deadline: Duration) async throws {
        try Task.checkCancellation()
        let id: Int = lock.withLock {
            recorded.append(deadline)
            nextID += 1
            return nextID
        }
        if sleepsMoveTheClock { return advance(to: deadline) }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume: CheckedContinuation<Void, any Error>? = lock.withLock {
                    if deadline <= elapsed { return continuation }
                    if sleepers.contains(where: { $0.id == id && $0.cancelled }) {
                        sleepers.removeAll { $0.id == id }
                        continuation.resume(throwing: CancellationError())
                        return nil
                    }
                    sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    wakeSleeperWaits()
                    return nil
                }
                resume?.resume()
            }
        } onCancel: {
            let cancelled: CheckedContinuation<Void, any Error>? = lock.withLock {
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else {
                    // Not registered yet: leave a mark so that the registration throws.
                    sleepers.append(Sleeper(id: id, deadline: .zero, continuation: nil, cancelled: true))
                    return nil
                }
                guard let continuation = sleepers[index].continuation else { return nil }
                sleepers.remove(at: index)
                return continuation
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock on and wakes every sleeper whose deadline it reaches.
    public func advance(by seconds: TimeInterval) {
        advance(by: .seconds(seconds))
    }

    /// Moves the clock on and wakes every sleeper whose deadline it reaches.
    public func advance(by duration: Duration) {
        let due: [CheckedContinuation<Void, any Error>] = lock.withLock {
            elapsed += duration
            let due = sleepers.filter { $0.continuation != nil && $0.deadline <= elapsed }
            sleepers.removeAll { $0.continuation != nil && $0.deadline <= elapsed }
            return due.compactMap(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    /// Moves the clock to `deadline` (if later) and wakes the sleepers due by then.
    public func advance(to deadline: Duration) {
        let step = lock.withLock { max(.zero, deadline - elapsed) }
        advance(by: step)
    }

    /// Returns once at least `count` tasks are asleep on this clock.
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready: Bool = lock.withLock {
                if sleepers.filter({ $0.continuation != nil }).count >= count { return true }
                sleeperWaits.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Under the lock: resumes the `waitForSleepers` calls whose count is reached.
    private func wakeSleeperWaits() {
        let asleep = sleepers.filter { $0.continuation != nil }.count
        let ready = sleeperWaits.filter { $0.count <= asleep }
        sleeperWaits.removeAll { $0.count <= asleep }
        for wait in ready { wait.continuation.resume() }
    }
}
