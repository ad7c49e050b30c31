import Foundation

/// The current time, passed in so that the core can be tested at any date.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The machine's clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that always says the same time (tests, reproducible plans).
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
