import Foundation

// The Zoom edge of a series' weekdays: Zoom's `recurrence.weekly_days` is a comma list of
// numbers, 1 = Sunday … 7 = Saturday (`"2,4,6"` for Monday, Wednesday, Friday). The plan and the
// desired state speak of `Weekday`s; the text is made and read here only. The state file keeps
// the text it always had (`"weeklyDays":"2,4,6"`), so a series' last-sent recurrence reads the
// same before and after.

extension Weekday {
    /// Zoom's `weekly_days` number: 1 = Sunday … 7 = Saturday.
    var zoomNumber: Int { self == .sunday ? 1 : rawValue + 1 }

    /// The weekday of Zoom's number; nil outside 1…7.
    init?(zoomNumber: Int) {
        guard (1...7).contains(zoomNumber) else { return nil }
        self = zoomNumber == 1 ? .sunday : Weekday(rawValue: zoomNumber - 1)!
    }
}

/// Zoom's `weekly_days` text of a set of weekdays, and back.
enum ZoomWeeklyDays {
    /// `"2,4,6"` for Monday, Wednesday, Friday: Zoom's numbers, ascending; `""` for none.
    static func text(_ days: Set<Weekday>) -> String {
        days.map(\.zoomNumber).sorted().map(String.init).joined(separator: ",")
    }

    /// The weekdays of a `weekly_days` text; `[]` for `""`; nil when it is not a comma list of
    /// 1…7 (spaces around a number are allowed).
    static func weekdays(_ text: String) -> Set<Weekday>? {
        if text.isEmpty { return [] }
        var result: Set<Weekday> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)), let day = Weekday(zoomNumber: n) else {
                return nil
            }
            result.insert(day)
        }
        return result
    }
}

/// The recurrence as the state file keeps it: `type` as Zoom's number, `weeklyDays` as Zoom's
/// text, absent values left out (JSONEncoder's synthesized form, which the file always had).
extension MeetingRecurrence {
    enum CodingKeys: String, CodingKey {
        case frequency = "type"
        case repeatInterval, weeklyDays, endTimes, endDateTime
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        frequency = try container.decode(RecurrenceFrequency.self, forKey: .frequency)
        repeatInterval = try container.decodeIfPresent(Int.self, forKey: .repeatInterval)
        if let text = try container.decodeIfPresent(String.self, forKey: .weeklyDays) {
            guard let days = ZoomWeeklyDays.weekdays(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .weeklyDays, in: container,
                    debugDescription:
                        "\"\(text)\" is not a comma list of Zoom's weekday numbers 1 (Sunday) … 7 (Saturday)")
            }
            weekdays = days
        } else {
            weekdays = nil
        }
        endTimes = try container.decodeIfPresent(Int.self, forKey: .endTimes)
        endDateTime = try container.decodeIfPresent(Date.self, forKey: .endDateTime)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(frequency, forKey: .frequency)
        try container.encodeIfPresent(repeatInterval, forKey: .repeatInterval)
        try container.encodeIfPresent(weekdays.map(ZoomWeeklyDays.text), forKey: .weeklyDays)
        try container.encodeIfPresent(endTimes, forKey: .endTimes)
        try container.encodeIfPresent(endDateTime, forKey: .endDateTime)
    }
}
