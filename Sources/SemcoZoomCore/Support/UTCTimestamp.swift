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
        var out = ByteOutput()
        out.append(digits: day.year, width: 4); out.append(UInt8(ascii: "-"))
        out.append(digits: day.month, width: 2); out.append(UInt8(ascii: "-"))
        out.append(digits: day.day, width: 2); out.append(UInt8(ascii: "T"))
        out.append(digits: secondOfDay / 3600, width: 2); out.append(UInt8(ascii: ":"))
        out.append(digits: secondOfDay / 60 % 60, width: 2); out.append(UInt8(ascii: ":"))
        out.append(digits: secondOfDay % 60, width: 2)
        if let milliseconds {
            out.append(UInt8(ascii: "."))
            out.append(digits: milliseconds, width: 3)
        }
        out.append(UInt8(ascii: "Z"))
        return out.text
    }
}
