import Foundation

/// What the Zoom client did in one run, for the metrics file (`--metrics-file`): HTTP attempts by
/// rate label and status, retries, 429 answers, and how long the run was held back by Zoom's
/// per-second limits. Safe under concurrency; one instance per client.
///
/// The wait is measured on the run's clock as the time during which at least one call was held back, either
/// by the client's own pacing (`ZoomRateLimiter`) or by the pause after a per-second 429. Calls
/// run concurrently (16 courses at once), so a sum of every call's wait would exceed the run's
/// length; the union says how much of the run Zoom's limits set the pace.
public final class ZoomCallStatistics: @unchecked Sendable {
    /// The rate label of the token endpoint, which has none of Zoom's per-second labels.
    public static let oauthLabel = "oauth"

    private let lock = NSLock()
    private var requests: [ZoomCallFigures.RequestKey: Int] = [:]
    private var retries = 0
    private var rateLimitedPerSecond = 0
    private var rateLimitedDaily = 0
    private var waiters = 0
    private var waitStarted: Duration?
    private var waited: Duration = .zero
    /// The run's clock: waits are measured on it (on a test's manual clock, exactly).
    private let clock: any WallClock

    public init(clock: any WallClock = SystemClock()) { self.clock = clock }

    /// One HTTP attempt, as `api-calls.jsonl` lists it (`status` nil: no answer came).
    func attempt(label: String, status: Int?, attempt: Int) {
        lock.lock()
        defer { lock.unlock() }
        requests[ZoomCallFigures.RequestKey(rateLabel: label, status: status), default: 0] += 1
        if attempt > 1 { retries += 1 }
    }

    /// A 429 answer: `daily` when Zoom's daily limit was reached, else a per-second limit.
    func rateLimited(daily: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if daily { rateLimitedDaily += 1 } else { rateLimitedPerSecond += 1 }
    }

    /// Runs `body` (a sleep that a rate limit imposes) as time the run waited on Zoom's limits.
    func waiting<T>(_ body: () async throws -> T) async rethrows -> T {
        beginWait()
        defer { endWait() }
        return try await body()
    }

    private func beginWait() {
        lock.lock()
        defer { lock.unlock() }
        if waiters == 0 { waitStarted = clock.uptime() }
        waiters += 1
    }

    private func endWait() {
        lock.lock()
        defer { lock.unlock() }
        waiters -= 1
        if waiters == 0, let started = waitStarted {
            waited += clock.uptime() - started
            waitStarted = nil
        }
    }

    /// The figures so far (a wait still going on counts up to now).
    public func figures() -> ZoomCallFigures {
        lock.lock()
        defer { lock.unlock() }
        var total = waited
        if let started = waitStarted { total += clock.uptime() - started }
        return ZoomCallFigures(
            requests: requests, retries: retries, rateLimitedPerSecond: rateLimitedPerSecond,
            rateLimitedDaily: rateLimitedDaily, rateLimitWaitSeconds: total.inSeconds)
    }
}

/// A snapshot of `ZoomCallStatistics`.
public struct ZoomCallFigures: Sendable, Equatable {
    public struct RequestKey: Sendable, Hashable, Comparable {
        /// `light`, `medium`, `heavy` (Zoom's labels, lower-case) or `oauth`.
        public var rateLabel: String
        /// The HTTP status; nil when no answer came.
        public var status: Int?

        public static func < (a: RequestKey, b: RequestKey) -> Bool {
            (a.rateLabel, a.status ?? 0) < (b.rateLabel, b.status ?? 0)
        }
    }

    /// HTTP attempts (every line of `api-calls.jsonl`).
    public var requests: [RequestKey: Int] = [:]
    /// Attempts after a call's first (`attempt` > 1 in `api-calls.jsonl`).
    public var retries = 0
    public var rateLimitedPerSecond = 0
    public var rateLimitedDaily = 0
    /// Seconds of the run during which at least one call waited for a per-second limit.
    public var rateLimitWaitSeconds = 0.0

    public init(
        requests: [RequestKey: Int] = [:], retries: Int = 0, rateLimitedPerSecond: Int = 0, rateLimitedDaily: Int = 0,
        rateLimitWaitSeconds: Double = 0
    ) {
        self.requests = requests
        self.retries = retries
        self.rateLimitedPerSecond = rateLimitedPerSecond
        self.rateLimitedDaily = rateLimitedDaily
        self.rateLimitWaitSeconds = rateLimitWaitSeconds
    }
}
