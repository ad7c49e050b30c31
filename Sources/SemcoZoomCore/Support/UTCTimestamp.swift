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
        if milliseconds < 0 { milliseconds += 1000; seconds -= 1 }
        return format(seconds: seconds, milliseconds: Int(milliseconds))
    }

    private static func format(seconds: Int64, milliseconds: Int?) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let day = CalendarDay(dayNumber: Int(days))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(day.year, 4); bytes.append(UInt8(ascii: "-"))
        digits(day.month, 2); bytes.append(UInt8(ascii: "-"))
        digits(day.day, 2); bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2); bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        if let milliseconds {
            bytes.append(UInt8(ascii: "."))
            digits(milliseconds, 3)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
