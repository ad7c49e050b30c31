import Foundation

/// One occurrence of a meeting as Zoom computes it from the series (or as Zoom lists it).
public struct SeriesOccurrence: Sendable, Hashable {
    /// The occurrence's original start: Zoom's `occurrence_id` is this instant in epoch ms.
    public var originalStart: Date
    /// Where the occurrence is now (equal to `originalStart` unless it was moved).
    public var start: Date
    /// Minutes.
    public var duration: Int

    public var end: Date { start.addingTimeInterval(TimeInterval(duration * 60)) }
}

extension SeriesOccurrence {
    public init(start: Date, duration: Int) {
        self.init(originalStart: start, start: start, duration: duration)
    }
}

/// A local wall-clock date-time, Zoom's `start_time` without `Z`: `yyyy-MM-ddTHH:mm:ss`.
public struct LocalDateTime: Sendable, Hashable, CustomStringConvertible {
    public var day: CalendarDay
    public var time: LocalTime

    public var description: String { "\(day)T\(time):00" }

    /// The instant in `timeZone` (wall-clock stays across daylight-saving changes).
    public func instant(in timeZone: TimeZone) -> Date? { Session.instant(day, time, timeZone) }
}

extension LocalDateTime {
    /// Parses `yyyy-MM-ddTHH:mm:ss` (seconds must be 00) and `yyyy-MM-ddTHH:mm`.
    public init?(_ text: String) {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let day = CalendarDay(iso: String(parts[0])), let time = LocalTime(String(parts[1]))
        else { return nil }
        self.init(day: day, time: time)
    }

    /// The wall-clock form of `date` in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        self.init(
            day: CalendarDay(year: c.year!, month: c.month!, day: c.day!),
            time: LocalTime(hour: c.hour!, minute: c.minute!))
    }
}

/// Zoom's rule for the occurrences of a meeting, written once and used by both the desired-state
/// builder (to choose `end_times` and the fixes of a new series) and the planner (to know what a
/// series PATCH makes of the occurrences). Matches the simulator's documented rule: occurrence k of
/// a weekly series is the k-th day on or after the start day whose weekday is in `weekly_days`, at
/// the start's wall-clock time in the meeting's time zone (so the instant moves across a
/// daylight-saving change, the wall-clock time does not).
public enum OccurrenceRule {
    /// Zoom's limit of occurrences per series.
    public static let maximumOccurrences = 50

    /// The days of a weekly series (`repeat_interval` 1) from `startDay`, `count` of them.
    public static func weeklyDays(from startDay: CalendarDay, weekdays: Set<Weekday>, count: Int) -> [CalendarDay] {
        guard !weekdays.isEmpty, count > 0 else { return [] }
        var result: [CalendarDay] = []
        var day = startDay
        while result.count < count {
            if weekdays.contains(day.weekday) { result.append(day) }
            day = day.adding(days: 1)
        }
        return result
    }

    /// How many occurrences a weekly series from `startDay` has up to and including `lastDay`.
    public static func weeklyCount(from startDay: CalendarDay, through lastDay: CalendarDay, weekdays: Set<Weekday>)
        -> Int
    {
        guard startDay <= lastDay, !weekdays.isEmpty else { return 0 }
        var count = 0
        var day = startDay
        while day <= lastDay {
            if weekdays.contains(day.weekday) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    /// The occurrences Zoom computes for a meeting of `kind` starting at `start` (local to
    /// `timeZone`): one for a meeting or webinar on one day, the weekly series for a series (a
    /// weekly recurrence, `repeat_interval` 1, `end_times`). Nil for anything this tool does not
    /// create (daily/monthly, intervals, `end_date_time`).
    public static func occurrences(
        kind: MeetingKind, start: LocalDateTime, duration: Int, recurrence: MeetingRecurrence?,
        timeZone: TimeZone
    ) -> [SeriesOccurrence]? {
        switch kind {
        case .meeting, .webinar:
            guard let instant = start.instant(in: timeZone) else { return nil }
            return [SeriesOccurrence(start: instant, duration: duration)]
        case .meetingSeries, .webinarSeries:
            guard let recurrence, recurrence.frequency == .weekly, (recurrence.repeatInterval ?? 1) == 1,
                let weekdays = recurrence.weekdays, !weekdays.isEmpty,
                let count = recurrence.endTimes, count > 0
            else { return nil }
            var result: [SeriesOccurrence] = []
            for day in weeklyDays(from: start.day, weekdays: weekdays, count: count) {
                guard let instant = Session.instant(day, start.time, timeZone) else { return nil }
                result.append(SeriesOccurrence(start: instant, duration: duration))
            }
            return result
        case .other:
            return nil
        }
    }

    /// The occurrences of a meeting spec as Zoom computes them right after it is created or
    /// after its series is PATCHed (per-occurrence edits are lost then).
    public static func occurrences(of spec: MeetingSpec) -> [SeriesOccurrence]? {
        guard let zone = TimeZone(identifier: spec.timezone), let start = LocalDateTime(spec.startTime) else {
            return nil
        }
        return occurrences(
            kind: spec.kind, start: start, duration: spec.duration, recurrence: spec.recurrence, timeZone: zone)
    }

    /// What to do with occurrences so that the available ones equal `sessions`.
    public struct Fixes: Sendable, Equatable {
        /// Occurrences on days without a session.
        public var deletions: [SeriesOccurrence] = []
        /// Occurrences on a session day whose start or length differs, with the session they must become.
        public var moves: [Move] = []
        /// Sessions without an available occurrence on their day (only a series PATCH brings one back).
        public var missing: [Session] = []

        public struct Move: Sendable, Equatable {
            public var occurrence: SeriesOccurrence
            public var session: Session
        }

        public var isEmpty: Bool { deletions.isEmpty && moves.isEmpty && missing.isEmpty }
    }

    /// Compares available occurrences with sessions, day by day in `timeZone`. Only what lies
    /// after `now` is touched: past occurrences cannot be changed in Zoom.
    public static func fixes(occurrences: [SeriesOccurrence], sessions: [Session], timeZone: TimeZone, after now: Date?)
        -> Fixes
    {
        var fixes = Fixes()
        var sessionByDay: [CalendarDay: Session] = [:]
        for session in sessions where sessionByDay[session.day] == nil { sessionByDay[session.day] = session }
        var coveredDays: Set<CalendarDay> = []
        for occurrence in occurrences.sorted(by: { $0.start < $1.start }) {
            let day = CalendarDay(occurrence.start, in: timeZone)
            let isPast = now.map { occurrence.start <= $0 } ?? false
            if let session = sessionByDay[day], !coveredDays.contains(day) {
                coveredDays.insert(day)
                if isPast { continue }
                if occurrence.start != session.start || occurrence.duration != session.durationMinutes {
                    fixes.moves.append(.init(occurrence: occurrence, session: session))
                }
            } else if !isPast {
                fixes.deletions.append(occurrence)
            }
        }
        for session in sessions where !coveredDays.contains(session.day) {
            if let now, session.start <= now { continue }
            fixes.missing.append(session)
        }
        return fixes
    }
}
