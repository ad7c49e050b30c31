import Foundation

/// ISO 8601 timestamps in UTC with `Z`, written by hand: they go out once per report entry,
/// API call and Zoom request, where a Foundation formatter (ICU) per date cost a large share
/// of a run. Years 1600–9999 (the callers that may see others check first).
enum UTCTimestamp {
    /// `2027-04-06T08:46:40Z`: whole seconds, rounded down.
    static func text(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        return format(seconds: seconds, milliseconds: nil)
    }

    /// `2027-04-06T08:46:40.125Z`: to the nearest millisecond, as ISO8601DateFormatter rounds.
    static func milliseconds(_ date: Date) -> String {
        let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = total / 1000
        var milliseconds = total % 1000
        if milliseconds < 0 {
            milliseconds += 1000
            seconds -= 1
        }
        return format(seconds: seconds, milliseconds: Int(milliseconds))
    }

    private static func format(seconds: Int64, milliseconds: Int?) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let day = CalendarDay(dayNumber: Int(days))
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int, then separator: Character?) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
            if let separator { out.append(separator.asciiValue!) }
        }
        digits(day.year, 4, then: "-")
        digits(day.month, 2, then: "-")
        digits(day.day, 2, then: "T")
        digits(secondOfDay / 3600, 2, then: ":")
        digits(secondOfDay / 60 % 60, 2, then: ":")
        digits(secondOfDay % 60, 2, then: milliseconds == nil ? "Z" : ".")
        if let milliseconds { digits(milliseconds, 3, then: "Z") }
        return String(decoding: out, as: UTF8.self)
    }

    /// The fields of `yyyy-MM-ddTHH:mm:ss[.f…]Z` on UTF-8 bytes: the shape, digits and a real
    /// calendar day are checked here; each reader applies its own limits to the rest (the state
    /// file takes JSONDecoder's `.iso8601`, Zoom's answers the client's own strategy).
    struct Fields {
        var year, month, day, hour, minute, second: Int
        /// The decimal fraction of the second (0 without one).
        var fraction: Double

        /// The instant, counting the fraction.
        var date: Date {
            let days = CalendarDay(year: year, month: month, day: day).dayNumber
            return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second) + fraction)
        }
    }

    static func fields(_ b: UnsafeBufferPointer<UInt8>) -> Fields? {
        guard b.count >= 20, b.last == UInt8(ascii: "Z"), b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            CalendarDay.isValid(year: year, month: month, day: day)
        else { return nil }
        var fraction = 0.0
        if b.count > 20 {
            guard b[19] == UInt8(ascii: "."), b.count > 21 else { return nil }
            var scale = 0.1
            for i in 20..<(b.count - 1) {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                fraction += Double(d) * scale
                scale /= 10
            }
        }
        return Fields(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            fraction: fraction)
    }
}
