import Foundation

/// Counts finished courses for the progress line.
actor CourseCounter {
    private var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}

/// Shared by the course workers of one run: a stop for everyone, and hosts whose daily
/// create/update budget Zoom declared used up.
actor ExecutionControl {
    private(set) var fatal: LocalizedText?
    private var blockedHosts: [String: Date?] = [:]

    func stop(_ message: LocalizedText) { if fatal == nil { fatal = message } }
    var isStopped: Bool { fatal != nil }

    func block(host: String, until: Date?) { blockedHosts[host.lowercased()] = .some(until) }
    /// nil when not blocked; `.some(until)` when blocked.
    func blocked(host: String) -> Date?? { blockedHosts[host.lowercased()] }
}

/// The UTC day of Zoom's per-host daily budget (`SyncState.countDailyWrite`).
enum DailyWriteLedgerCounting {
    static func utcDay(_ date: Date) -> CalendarDay { CalendarDay(date, in: TimeZone(identifier: "UTC")!) }
}
