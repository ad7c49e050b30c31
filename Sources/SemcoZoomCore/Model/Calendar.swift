import Foundation

/// A calendar day without a time zone, as SEMCO writes it (`12.04.2027`).
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO form `yyyy-MM-dd`.
    public var description: String {
        zeroPadded(year, width: 4) + "-" + zeroPadded(month, width: 2) + "-" + zeroPadded(day, width: 2)
    }

    /// German form `dd.MM.yyyy`, as admins know it from SEMCO.
    public var german: String {
        zeroPadded(day, width: 2) + "." + zeroPadded(month, width: 2) + "." + zeroPadded(year, width: 4)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = CalendarDay(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a yyyy-MM-dd day: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses `yyyy-MM-dd`; nil when the text is not a real day.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        guard CalendarDay.isValid(year: y, month: m, day: d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let days = [
            31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
            31,
        ]
        return day <= days[month - 1]
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic without a time zone.
    public var dayNumber: Int {
        // Algorithm from Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: m <= 2 ? y + 1 : y, month: m, day: d)
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
        return Weekday.allCases[index]
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: c.year!, month: c.month!, day: c.day!)
    }
}

/// A wall-clock time of day, `HH:mm`, 24 hours.
public struct LocalTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Minutes since midnight, 0..<1440.
    public var minutes: Int

    public init(minutes: Int) { self.minutes = minutes }
    public init(hour: Int, minute: Int) { self.minutes = hour * 60 + minute }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutes < rhs.minutes }

    public var description: String { zeroPadded(hour, width: 2) + ":" + zeroPadded(minute, width: 2) }

    /// Parses `HH:mm` (also `H:mm` and `HH:mm:ss` with zero seconds).
    public init?(_ text: String) {
        if let fast = Self.fastHoursAndMinutes(text) {
            self = fast
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            (1...2).contains(parts[0].count), parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        if parts.count == 3 { guard parts[2].count == 2, Int(parts[2]) == 0 else { return nil } }
        self.init(hour: h, minute: m)
    }

    /// `HH:mm` or `H:mm` of digits and in range, on bytes (what SEMCO writes; splitting the
    /// text was ~4 % of validate on L); nil sends the text down the general path.
    @inline(__always)
    static func fastHoursAndMinutes(_ text: String) -> LocalTime? {
        var text = text
        return text.withUTF8 { b -> LocalTime? in
            let n = b.count
            guard n == 4 || n == 5, b[n - 3] == 0x3A else { return nil }
            func digit(_ i: Int) -> Int? { b[i] >= 0x30 && b[i] <= 0x39 ? Int(b[i] - 0x30) : nil }
            guard let h2 = digit(n - 4), let m1 = digit(n - 2), let m2 = digit(n - 1) else { return nil }
            var h = h2
            if n == 5 {
                guard let h1 = digit(0) else { return nil }
                h += 10 * h1
            }
            let m = 10 * m1 + m2
            guard h <= 23, m <= 59 else { return nil }
            return LocalTime(hour: h, minute: m)
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = LocalTime(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a HH:mm time: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Days of the week in SEMCO's order (Montag first).
public enum Weekday: Int, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case monday = 1
    case tuesday, wednesday, thursday, friday, saturday, sunday

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The German name SEMCO uses in headers and XML (`Montag`).
    public var german: String {
        ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"][rawValue - 1]
    }

    public var english: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue - 1]
    }

    public init?(german name: String) {
        guard let match = Weekday.allCases.first(where: { $0.german.lowercased() == name.lowercased() }) else {
            return nil
        }
        self = match
    }
}

/// `String(format: "%0<width>d", value)` without Foundation's formatter: days and times are
/// written a few hundred thousand times a night (sessions, series starts, report lines).
@inline(__always)
func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = String(value.magnitude)
    let sign = value < 0 ? "-" : ""
    let padding = width - sign.utf8.count - digits.utf8.count
    return padding > 0 ? sign + String(repeating: "0", count: padding) + digits : sign + digits
}
