import Foundation

extension Course {
    /// The course's concrete sessions in `timeZone`, in time order: its Einzeltermine when
    /// it has them, otherwise every day from `startDay` to `endDay` whose weekday has
    /// course times. Wall-clock times stay as given across daylight-saving changes.
    /// A session whose end is not after its start is left out (validation reports it).
    public func sessions(in timeZone: TimeZone) -> [Session] {
        // One calendar for all sessions of the course (making one per instant was most of the cost).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var result: [Session] = []
        if !scheduledDates.isEmpty {
            for date in scheduledDates {
                if let session = Session(day: date.day, from: date.from, to: date.to, calendar: calendar) {
                    result.append(session)
                }
            }
        } else if !weeklyTimes.isEmpty, startDay <= endDay {
            var byWeekday: [[WeeklyTime]] = Array(repeating: [], count: 8)
            for time in weeklyTimes { byWeekday[time.weekday.rawValue].append(time) }
            var day = startDay
            while day <= endDay {
                for time in byWeekday[day.weekday.rawValue] {
                    if let session = Session(day: day, from: time.from, to: time.to, calendar: calendar) {
                        result.append(session)
                    }
                }
                day = day.adding(days: 1)
            }
        }
        return result.sorted()
    }

    /// How many sessions `sessions(in:)` yields, counted without computing instants
    /// (validation needs only the number). Einzeltermine count when they end after they
    /// start; otherwise each course time counts once per day of its weekday in the range.
    func sessionCount() -> Int {
        if !scheduledDates.isEmpty { return scheduledDates.reduce(0) { $0 + ($1.to > $1.from ? 1 : 0) } }
        guard !weeklyTimes.isEmpty, startDay <= endDay else { return 0 }
        let first = startDay.dayNumber
        let last = endDay.dayNumber
        let firstIndex = startDay.weekday.rawValue - 1  // 0 = Monday
        var total = 0
        for time in weeklyTimes where time.to > time.from {
            let delta = ((time.weekday.rawValue - 1) - firstIndex + 7) % 7
            let firstDay = first + delta
            if firstDay <= last { total += (last - firstDay) / 7 + 1 }
        }
        return total
    }
}

extension Session {
    /// A session on `day` from `from` to `to`, wall-clock in `timeZone`; nil when `to` is not after `from`.
    public init?(day: CalendarDay, from: LocalTime, to: LocalTime, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.init(day: day, from: from, to: to, calendar: calendar)
    }

    /// Like `init(day:from:to:in:)` with a Gregorian calendar already set to the zone.
    init?(day: CalendarDay, from: LocalTime, to: LocalTime, calendar: Calendar) {
        guard to > from, let start = Session.instant(day, from, calendar), let end = Session.instant(day, to, calendar)
        else { return nil }
        self.init(day: day, from: from, to: to, start: start, end: end)
    }

    /// The instant of a wall-clock time in a zone. A time that does not exist (the hour
    /// skipped in spring) resolves to the instant after the gap, as Foundation does.
    public static func instant(_ day: CalendarDay, _ time: LocalTime, _ timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return instant(day, time, calendar)
    }

    static func instant(_ day: CalendarDay, _ time: LocalTime, _ calendar: Calendar) -> Date? {
        calendar.date(
            from: DateComponents(year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute))
    }
}
