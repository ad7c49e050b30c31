import Foundation

extension Course {
    /// The course's concrete sessions in `timeZone`, in time order: its Einzeltermine when
    /// it has them, otherwise every day from `startDay` to `endDay` whose weekday has
    /// course times. Wall-clock times stay as given across daylight-saving changes.
    /// A session whose end is not after its start is left out (validation reports it).
    public func sessions(in timeZone: TimeZone) -> [Session] {
        var result: [Session] = []
        if !scheduledDates.isEmpty {
            for date in scheduledDates {
                if let session = Session(day: date.day, from: date.from, to: date.to, in: timeZone) { result.append(session) }
            }
        } else if !weeklyTimes.isEmpty, startDay <= endDay {
            var byWeekday: [Weekday: [WeeklyTime]] = [:]
            for time in weeklyTimes { byWeekday[time.weekday, default: []].append(time) }
            var day = startDay
            while day <= endDay {
                for time in byWeekday[day.weekday] ?? [] {
                    if let session = Session(day: day, from: time.from, to: time.to, in: timeZone) { result.append(session) }
                }
                day = day.adding(days: 1)
            }
        }
        return result.sorted()
    }
}

extension Session {
    /// A session on `day` from `from` to `to`, wall-clock in `timeZone`; nil when `to` is not after `from`.
    public init?(day: CalendarDay, from: LocalTime, to: LocalTime, in timeZone: TimeZone) {
        guard to > from, let start = Session.instant(day, from, timeZone), let end = Session.instant(day, to, timeZone) else { return nil }
        self.init(day: day, from: from, to: to, start: start, end: end)
    }

    /// The instant of a wall-clock time in a zone. A time that does not exist (the hour
    /// skipped in spring) resolves to the instant after the gap, as Foundation does.
    public static func instant(_ day: CalendarDay, _ time: LocalTime, _ timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute))
    }
}
