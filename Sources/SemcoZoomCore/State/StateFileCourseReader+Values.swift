import Foundation

// The values and the rules for members of `StateFileCourseReader`: each either reads what
// JSONDecoder reads to the equal value, or declines (`Unsupported`) and leaves it to JSONDecoder.

extension StateFileCourseReader {
    /// A key seen twice in one object: JSONDecoder decides what that means.
    @inline(__always)
    func once(_ firstTime: Bool) throws(Unsupported) {
        if !firstTime { throw Unsupported() }
    }

    func insert<Value>(_ value: Value, for key: String, into dictionary: inout [String: Value])
        throws(Unsupported)
    {
        // A key seen twice (also two spellings Swift's String considers equal) goes to JSONDecoder.
        if dictionary.updateValue(value, forKey: key) != nil { throw Unsupported() }
    }

    /// Reads a member into `slot`, which must still be empty: a key given twice goes to
    /// JSONDecoder (which decides which one wins). (`read` throws untyped so that a plain
    /// `{ try $0.… }` fits; everything this reader throws is `Unsupported`.)
    @inline(__always)
    mutating func member<T>(_ slot: inout T?, _ read: (inout Self) throws -> T) throws(Unsupported) {
        try once(slot == nil)
        do { slot = try read(&self) } catch { throw Unsupported() }
    }

    /// Reads a member that may be `null` into `slot` (`.some(nil)` for null, so that a repeat is
    /// still seen).
    @inline(__always)
    mutating func nullableMember<T>(_ slot: inout T??, _ read: (inout Self) throws -> T) throws(Unsupported) {
        try once(slot == nil)
        do { slot = .some(try s.null() ? nil : try read(&self)) } catch { throw Unsupported() }
    }

    /// A JSON array, each element read by `element`.
    @inline(__always)
    mutating func array<T>(_ element: (inout Self) throws -> T) throws -> [T] {
        var list: [T] = []
        if try s.opens(.array) {
            repeat { list.append(try element(&self)) } while try s.continues(.array)
        }
        return list
    }

    /// A string that must be one of `E`'s raw values.
    @inline(__always)
    mutating func rawValue<E: RawRepresentable>(_: E.Type) throws(Unsupported) -> E where E.RawValue == String {
        guard let value = E(rawValue: try s.string()) else { throw Unsupported() }
        return value
    }

    @inline(__always)
    func eq(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        JSONByteScanner.equal(key, name)
    }

    /// The ASCII names of a struct's unknown fields so far; one seen twice goes to JSONDecoder.
    /// (Field names are ASCII here, `asciiFieldName()`: equal as bytes is equal as Strings.)
    struct UnknownKeys {
        var names: [[UInt8]] = []
    }

    mutating func skipUnknown(_ key: UnsafeBufferPointer<UInt8>, _ unknown: inout UnknownKeys) throws(Unsupported) {
        let name = Array(key)
        if unknown.names.contains(name) { throw Unsupported() }
        unknown.names.append(name)
        try s.skipValue()
    }

    /// `yyyy-MM-ddTHH:mm:ssZ`, what `.iso8601` writes; other forms go to JSONDecoder.
    mutating func date() throws(Unsupported) -> Date {
        // Whole seconds only, as the writer writes them; years before 1601 would meet the Julian
        // calendar of Foundation's Gregorian calendar.
        let t = try s.stringBytes()
        guard t.count == 20, let f = UTCTimestamp.fields(t), f.year >= 1601, f.hour <= 23, f.minute <= 59,
            f.second <= 59
        else {
            throw Unsupported()
        }
        return f.date
    }

    /// A `yyyy-MM-dd` day, read as `CalendarDay`'s own decoding reads it.
    mutating func calendarDay() throws(Unsupported) -> CalendarDay {
        let t = try s.stringBytes()
        if t.count == 10, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"),
            let year = try? digits(t, 0, 4), let month = try? digits(t, 5, 2), let day = try? digits(t, 8, 2)
        {
            guard CalendarDay.isValid(year: year, month: month, day: day) else { throw Unsupported() }
            return CalendarDay(year: year, month: month, day: day)
        }
        guard let day = CalendarDay(iso: String(decoding: t, as: UTF8.self)) else { throw Unsupported() }
        return day
    }

    /// A time as `LocalTime`'s own decoding reads it.
    mutating func localTime() throws(Unsupported) -> LocalTime {
        guard let time = LocalTime(try s.string()) else { throw Unsupported() }
        return time
    }

    @inline(__always)
    func digits(_ t: UnsafeBufferPointer<UInt8>, _ from: Int, _ n: Int) throws(Unsupported) -> Int {
        var value = 0
        for i in from..<from + n {
            let c = t[i]
            guard c >= 0x30, c <= 0x39 else { throw Unsupported() }
            value = value * 10 + Int(c - 0x30)
        }
        return value
    }
}
