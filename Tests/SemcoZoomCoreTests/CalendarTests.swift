import Foundation
import Testing

@testable import SemcoZoomCore

@Suite struct CalendarDayTests {
    @Test("days and times are written as String(format:) writes them, for every value they can hold")
    func zeroPaddingEqualsStringFormat() {
        for value in Array(-10_050...10_050) + [Int.max, Int.min + 1, 123_456_789, -987_654] {
            for width in [2, 4] {
                #expect(
                    zeroPadded(value, width: width) == String(format: "%0\(width)ld", value), "\(value) width \(width)")
            }
        }
        for dayNumber in stride(from: -800_000, through: 3_000_000, by: 997) {
            let day = CalendarDay(dayNumber: dayNumber)
            #expect(day.description == String(format: "%04d-%02d-%02d", day.year, day.month, day.day))
            #expect(day.german == String(format: "%02d.%02d.%04d", day.day, day.month, day.year))
        }
        for minutes in 0..<1440 {
            let time = LocalTime(minutes: minutes)
            #expect(time.description == String(format: "%02d:%02d", time.hour, time.minute))
        }
    }

    @Test func weekdayOfKnownDays() {
        #expect(CalendarDay(year: 2027, month: 4, day: 12).weekday == .monday)
        #expect(CalendarDay(year: 2027, month: 3, day: 28).weekday == .sunday)
        #expect(CalendarDay(year: 1970, month: 1, day: 1).weekday == .thursday)
    }

    @Test func dayNumberRoundTrips() {
        for n in stride(from: -1000, through: 40000, by: 37) {
            #expect(CalendarDay(dayNumber: n).dayNumber == n)
        }
        #expect(
            CalendarDay(year: 2024, month: 2, day: 28).adding(days: 1) == CalendarDay(year: 2024, month: 2, day: 29))
    }

    @Test func rejectsImpossibleDays() {
        #expect(CalendarDay(iso: "2027-02-29") == nil)
        #expect(CalendarDay(iso: "2028-02-29") != nil)
        #expect(LocalTime("24:00") == nil)
        #expect(LocalTime("16:00")?.minutes == 960)
    }

    @Test func zoomWeekdayNumbers() {
        #expect(Weekday.sunday.zoomNumber == 1)
        #expect(Weekday.monday.zoomNumber == 2)
        #expect(Weekday.saturday.zoomNumber == 7)
        #expect(Weekday(zoomNumber: 1) == .sunday)
        #expect(Weekday(zoomNumber: 2) == .monday)
        #expect(Weekday(zoomNumber: 7) == .saturday)
        #expect(Weekday(zoomNumber: 0) == nil)
        #expect(Weekday(zoomNumber: 8) == nil)
    }
}
