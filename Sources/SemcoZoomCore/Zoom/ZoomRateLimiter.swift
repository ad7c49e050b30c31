import Foundation

/// Zoom's per-second rate-limit labels.
public enum ZoomRateLabel: String, Sendable, Codable, CaseIterable {
    case light = "Light"
    case medium = "Medium"
    case heavy = "Heavy"

    /// Requests per second the plan allows for this label (account-wide).
    public func perSecond(_ plan: Configuration.RatePlan) -> Int {
        switch (plan, self) {
        case (.pro, .light): return 30
        case (.pro, .medium): return 20
        case (.pro, .heavy): return 10
        case (.business, .light): return 80
        case (.business, .medium): return 60
        case (.business, .heavy): return 40
        }
    }
}

/// A client-side limiter shared by all concurrent work on one client: at most `limit` requests
/// per label in any window of `window` seconds (a sliding window over the granted start times).
///
/// `reserve` hands out start times in order; since the times it returns never decrease, the
/// n-th grant is at least one window after the (n - limit)-th, so no window holds more than
/// `limit` starts.
///
/// Grants are also paced, at least `window / limit` apart. Without pacing a busy client gets
/// its whole second's budget at once, every second on the second; the requests then reach Zoom
/// with varying delays (connection set-up, scheduling, the network), and the stragglers of one
/// burst land in the same second of Zoom's window as the next burst: 429s although the client
/// kept to its rate (118 of 3,914 calls in the S benchmark, BENCHMARKS.md). Evenly spaced
/// starts tolerate a delay spread of several intervals. An idle client still starts at once.
///
/// A granted time is a plan: a task that sleeps until it may wake late, when the process is
/// starved of cpu, and the tasks whose times fell into the stall then all wake together, next to
/// those granted after it. So a woken task is admitted only if the last window holds fewer than
/// `limit` actual starts; otherwise it waits for the window to move (`admit`). Without this a
/// loaded machine sent 84 calls in one second on an 80/s label (`aBurstOf500StaysWithinThePlansRates`).
actor ZoomRateLimiter {
    private let limits: [ZoomRateLabel: Int]
    private let window: TimeInterval
    private var granted: [ZoomRateLabel: GrantTimes] = [:]
    /// The actual start times, as admitted.
    private var started: [ZoomRateLabel: GrantTimes] = [:]

    /// The last `capacity` granted start times, oldest first, in a ring: a grant costs the
    /// same whatever the limit (the benchmarks run with limits in the tens of thousands).
    struct GrantTimes: Sendable {
        private var times: [Duration] = []
        /// Once full: the position of the oldest time, where the next one goes.
        private var oldestIndex = 0
        let capacity: Int

        init(capacity: Int) { self.capacity = capacity }

        var isFull: Bool { times.count == capacity }
        var oldest: Duration? { isFull ? times[oldestIndex] : times.first }
        var last: Duration? {
            guard !times.isEmpty else { return nil }
            return isFull ? times[(oldestIndex + capacity - 1) % capacity] : times[times.count - 1]
        }

        /// The next start time: not before `now`, at least `window / capacity` after the last
        /// grant, and one `window` after the grant `capacity` grants ago; recorded.
        mutating func grant(now: Duration, window: TimeInterval) -> Duration {
            var start = now
            if let last {
                start = max(start, last + .seconds(window / Double(capacity)))
            }
            if isFull, let oldest {
                start = max(start, oldest + .seconds(window))
            }
            append(start)
            return start
        }

        mutating func append(_ time: Duration) {
            if isFull {
                times[oldestIndex] = time
                oldestIndex = (oldestIndex + 1) % capacity
            } else {
                times.append(time)
            }
        }
    }

    /// Grants and starts are times on this clock's `uptime()`; every wait is its `sleep`.
    private let clock: any WallClock

    init(plan: Configuration.RatePlan, headroom: Double, window: TimeInterval = 1, clock: any WallClock = SystemClock())
    {
        self.clock = clock
        var limits: [ZoomRateLabel: Int] = [:]
        for label in ZoomRateLabel.allCases {
            limits[label] = max(1, Int((Double(label.perSecond(plan)) * headroom).rounded(.down)))
        }
        self.limits = limits
        self.window = window
        for label in ZoomRateLabel.allCases {
            granted[label] = GrantTimes(capacity: limits[label] ?? 1)
            started[label] = GrantTimes(capacity: limits[label] ?? 1)
        }
    }

    func limit(_ label: ZoomRateLabel) -> Int { limits[label] ?? 1 }

    /// The instant at which the caller may start its request (now or later).
    func reserve(_ label: ZoomRateLabel) -> Duration {
        let now = clock.uptime()
        let limit = limits[label] ?? 1
        return granted[label, default: GrantTimes(capacity: limit)].grant(now: now, window: window)
    }

    /// Records a start of `label` at `now`, unless the window before `now` already holds `limit`
    /// starts: then nothing is recorded and the answer is when the oldest of them leaves it.
    func admit(_ label: ZoomRateLabel, now: Duration? = nil) -> Duration? {
        let now = now ?? clock.uptime()
        let limit = limits[label] ?? 1
        var times = started[label] ?? GrantTimes(capacity: limit)
        if times.isFull, let oldest = times.oldest {
            let free = oldest + .seconds(window)
            if free > now { return free }
        }
        times.append(now)
        started[label] = times
        return nil
    }

    /// Waits until the next slot of `label`, and until the last window has room for the start.
    /// The time spent asleep counts in `waits` as time held back by Zoom's limits.
    nonisolated func acquire(_ label: ZoomRateLabel, waits: ZoomCallStatistics? = nil) async {
        var start = await reserve(label)
        while true {
            if start > clock.uptime() {
                if let waits {
                    await waits.waiting { try? await clock.sleep(until: start) }
                } else {
                    try? await clock.sleep(until: start)
                }
            }
            guard let later = await admit(label) else { return }
            start = later
        }
    }
}

/// Counts creates + updates per host for the current UTC day (Zoom allows 100).
actor ZoomDailyWriteCounter {
    private var ledger: DailyWriteLedger
    private let limit: Int
    private let clock: any WallClock

    init(seed: DailyWriteLedger?, limit: Int, clock: any WallClock) {
        self.clock = clock
        self.limit = limit
        let now = clock.now()
        ledger = (seed ?? DailyWriteLedger(day: DailyWriteLedger.utcDay(of: now))).current(at: now)
    }

    private func rollOver() {
        ledger = ledger.current(at: clock.now())
    }

    static func key(_ host: String) -> String { host.lowercased() }

    func remaining(host: String) -> Int {
        rollOver()
        return max(0, limit - (ledger.perHost[Self.key(host)] ?? 0))
    }

    /// Takes one write for `host`, or says when the day ends if none is left.
    func take(host: String) -> Date? {
        rollOver()
        let key = Self.key(host)
        let used = ledger.perHost[key] ?? 0
        if used >= limit { return nextMidnightUTC() }
        ledger.perHost[key] = used + 1
        return nil
    }

    /// Gives a write back that certainly never reached Zoom.
    func giveBack(host: String) {
        let key = Self.key(host)
        if let used = ledger.perHost[key], used > 0 { ledger.perHost[key] = used - 1 }
    }

    /// Zoom said the host's daily limit is reached.
    func exhaust(host: String) {
        rollOver()
        ledger.perHost[Self.key(host)] = max(limit, ledger.perHost[Self.key(host)] ?? 0)
    }

    func snapshot() -> DailyWriteLedger {
        rollOver()
        return ledger
    }

    func nextMidnightUTC() -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let now = clock.now()
        let start = calendar.startOfDay(for: now)
        return calendar.date(byAdding: .day, value: 1, to: start) ?? now.addingTimeInterval(86_400)
    }
}

/// At most `permits` requests in flight. The rate limiter's slot is taken only after a permit,
/// so that a granted request goes out at once instead of queueing inside the transport (where
/// queued requests would later leave in a burst and break the per-second rate).
actor ZoomConcurrencyGate {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) {
        available = max(1, permits)
    }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
