import Foundation
import Testing
@testable import SemcoZoomCore

@Suite struct CalendarDayTests {
    @Test func weekdayOfKnownDays() {
        #expect(CalendarDay(year: 2027, month: 4, day: 12).weekday == .monday)
        #expect(CalendarDay(year: 2027, month: 3, day: 28).weekday == .sunday)
        #expect(CalendarDay(year: 1970, month: 1, day: 1).weekday == .thursday)
    }

    @Test func dayNumberRoundTrips() {
        for n in stride(from: -1000, through: 40000, by: 37) {
            #expect(CalendarDay(dayNumber: n).dayNumber == n)
        }
        #expect(CalendarDay(year: 2024, month: 2, day: 28).adding(days: 1) == CalendarDay(year: 2024, month: 2, day: 29))
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
    }
}
