import Foundation

/// The run's clock: the date (what day it is, when a token expires, what the API-call log
/// says) and the only way the core waits (rate limits, back-off, `Retry-After`, token
/// renewal). Passed in, so that a test runs on a clock it moves by hand and asserts exact
/// schedules instead of wall-clock bounds (`ManualClock` in the test support).
public protocol WallClock: Sendable {
    func now() -> Date
    /// Monotonic time since an arbitrary origin, for waits and intervals (rate windows, call
    /// durations): unlike `now()` it never jumps when the machine's date is set.
    func uptime() -> Duration
    /// Suspends until `uptime()` reaches `deadline` (returns at once when it has); throws
    /// `CancellationError` when the task is cancelled.
    func sleep(until deadline: Duration) async throws
}

/// The clocks that tick with the machine (`SystemClock`, `FixedClock`, `OffsetClock`) wait in
/// real time, on the monotonic clock.
extension WallClock {
    public func uptime() -> Duration { ContinuousClock.now - MachineUptime.origin }

    public func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: MachineUptime.origin.advanced(by: deadline), clock: .continuous)
    }

    /// Waits `seconds` on this clock (only checks for cancellation when `seconds` ≤ 0).
    public func sleep(seconds: TimeInterval) async throws {
        guard seconds > 0 else { return try Task.checkCancellation() }
        try await sleep(until: uptime() + .seconds(seconds))
    }
}

/// The origin of the machine clocks' `uptime()`: the first use in this process.
enum MachineUptime {
    static let origin = ContinuousClock.now
}

extension Duration {
    /// The duration in seconds, as a `Double` (for logs and metrics).
    public var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// The machine's clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that always says the same date (tests, reproducible plans); it waits in real time.
public struct FixedClock: WallClock {
    public let date: Date
    public init(_ date: Date) { self.date = date }
    public func now() -> Date { date }
}

/// A clock that starts at a given instant and then ticks with the machine's clock: a run
/// "at" another date (the soak's simulated nights) that still measures waits in real time.
public struct OffsetClock: WallClock {
    public let offset: TimeInterval
    public init(startingAt start: Date, realNow: Date = Date()) { offset = start.timeIntervalSince(realNow) }
    public func now() -> Date { Date().addingTimeInterval(offset) }
}

/// Test hook: `SEMCO_ZOOM_TEST_NOW` (ISO 8601 with `Z`, e.g. `2027-03-01T22:00:00Z`) makes a run
/// start at that instant (an `OffsetClock`); unset or empty, the machine's clock. Only the soak
/// and end-to-end tests set it, so that "today", the daily write ledger and token lifetimes
/// follow the simulated Zoom's clock.
public enum ClockOverride {
    public static let environmentKey = "SEMCO_ZOOM_TEST_NOW"

    public static func clock(environment: [String: String]) -> any WallClock {
        guard let text = environment[environmentKey]?.trimmingCharacters(in: .whitespaces), !text.isEmpty,
            let start = ISO8601DateFormatter().date(from: text)
        else { return SystemClock() }
        return OffsetClock(startingAt: start)
    }
}
