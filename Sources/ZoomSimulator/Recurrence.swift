import Foundation

/// Zoom's time formats and occurrence arithmetic, pure functions.
enum ZoomTime {
    static let maxOccurrences = 50

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` (UTC), the form Zoom answers with.
    static func format(_ date: Date) -> String {
        let c = calendar(TimeZone(identifier: "UTC")!).dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func utcDay(_ date: Date) -> String { String(format(date).prefix(10)) }

    /// The next 00:00 UTC after `date`.
    static func nextUTCMidnight(after date: Date) -> Date {
        let utc = calendar(TimeZone(identifier: "UTC")!)
        return utc.date(byAdding: .day, value: 1, to: utc.startOfDay(for: date))!
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss` (local to `zone`), with an optional fraction and an
    /// optional `Z` or `±HH:mm` suffix (then that offset wins over `zone`).
    static func parse(_ text: String, zone: TimeZone) -> Date? {
        let chars = Array(text)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            return Int(String(chars[from..<from + count]))
        }
        guard chars.count >= 19, chars[4] == "-", chars[7] == "-", chars[10] == "T" || chars[10] == "t",
            chars[13] == ":", chars[16] == ":",
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var rest = chars[19...]
        if rest.first == "." {
            rest = rest.dropFirst()
            while let c = rest.first, c.isNumber { rest = rest.dropFirst() }
        }
        var effectiveZone = zone
        if rest.first == "Z" || rest.first == "z" {
            effectiveZone = TimeZone(identifier: "UTC")!
            rest = rest.dropFirst()
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            let offset = Array(rest.dropFirst())
            guard offset.count == 5, offset[2] == ":", let h = Int(String(offset[0..<2])),
                let m = Int(String(offset[3..<5]))
            else { return nil }
            let seconds = (h * 3600 + m * 60) * (sign == "-" ? -1 : 1)
            effectiveZone = TimeZone(secondsFromGMT: seconds)!
            rest = []
        }
        guard rest.isEmpty else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        let cal = calendar(effectiveZone)
        guard let date = cal.date(from: components) else { return nil }
        // Reject impossible days such as 2027-02-30 (Calendar would roll them over).
        guard cal.component(.day, from: date) == day || cal.component(.hour, from: date) != hour else { return nil }
        return date
    }

    /// Occurrence starts of a recurring meeting, computed in the meeting's time zone:
    /// the local wall-clock time of `start` is kept across DST changes. At most 50.
    static func occurrences(start: Date, zone: TimeZone, recurrence: StoredRecurrence) -> [Date] {
        let cal = calendar(zone)
        let time = cal.dateComponents([.hour, .minute, .second], from: start)
        let firstDay = cal.startOfDay(for: start)
        let limit = min(recurrence.endTimes ?? (recurrence.endDateTime == nil ? 1 : maxOccurrences), maxOccurrences)
        let interval = max(recurrence.repeatInterval, 1)
        var result: [Date] = []

        func at(_ day: Date) -> Date? {
            cal.date(bySettingHour: time.hour ?? 0, minute: time.minute ?? 0, second: time.second ?? 0, of: day)
        }
        func accept(_ date: Date) -> Bool {
            if date < start { return true }  // before the series start: skip, keep going
            if let end = recurrence.endDateTime, date > end { return false }
            result.append(date)
            return result.count < limit
        }

        switch recurrence.type {
        case 1, 2:
            let startWeekday = cal.component(.weekday, from: firstDay)  // 1 = Sunday
            let days = Set(recurrence.weeklyDays ?? [])
            for offset in 0..<(366 * 12) {
                guard let day = cal.date(byAdding: .day, value: offset, to: firstDay) else { break }
                let include: Bool
                if recurrence.type == 1 {
                    include = offset % interval == 0
                } else {
                    let week = (offset + startWeekday - 1) / 7
                    include = week % interval == 0 && days.contains(cal.component(.weekday, from: day))
                }
                if include, let date = at(day), !accept(date) { break }
            }
        case 3:
            let comps = cal.dateComponents([.year, .month], from: firstDay)
            guard let monthStart = cal.date(from: comps) else { return [] }
            for m in stride(from: 0, to: 12 * 20, by: interval) {
                guard let month = cal.date(byAdding: .month, value: m, to: monthStart) else { break }
                var day: Date?
                if let dayOfMonth = recurrence.monthlyDay {
                    let range = cal.range(of: .day, in: .month, for: month)!
                    if range.contains(dayOfMonth) { day = cal.date(byAdding: .day, value: dayOfMonth - 1, to: month) }
                } else if let week = recurrence.monthlyWeek, let weekday = recurrence.monthlyWeekDay {
                    let range = cal.range(of: .day, in: .month, for: month)!
                    let matching = range.compactMap { d -> Date? in
                        let date = cal.date(byAdding: .day, value: d - 1, to: month)!
                        return cal.component(.weekday, from: date) == weekday ? date : nil
                    }
                    if week == -1 {
                        day = matching.last
                    } else if week >= 1 && week <= matching.count {
                        day = matching[week - 1]
                    }
                }
                if let day, let date = at(day), !accept(date) { break }
            }
        default:
            break
        }
        return result
    }

    static func occurrenceID(_ date: Date) -> String { String(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
}
