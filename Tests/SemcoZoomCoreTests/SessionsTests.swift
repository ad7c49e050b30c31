import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// `Course.sessions(in:)` across the last Sunday of March (2027-03-28, Europe/Berlin goes
/// from UTC+1 to UTC+2): wall-clock times stay, the UTC instants move by an hour.
@Suite struct SessionsTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func course(weekly: [WeeklyTime] = [], dates: [ScheduledDate] = []) -> Course {
        Course(
            number: "10058", title: "Brandschutz", status: .confirmed, venue: "Zoom Meeting Room",
            startDay: CalendarDay(year: 2027, month: 3, day: 22), endDay: CalendarDay(year: 2027, month: 4, day: 2),
            moderatorRole: .trainer, weeklyTimes: weekly, scheduledDates: dates,
            source: SourceLocation(file: "kurse.csv", line: 2))
    }

    @Test func weeklyTimesKeepLocalTimeAcrossTheMarchChange() {
        let sixteen = LocalTime(hour: 16, minute: 0)
        let sessions = course(weekly: [WeeklyTime(weekday: .friday, from: sixteen, to: LocalTime(hour: 18, minute: 30))]
        ).sessions(in: berlin)
        #expect(
            sessions.map(\.day) == [
                CalendarDay(year: 2027, month: 3, day: 26), CalendarDay(year: 2027, month: 4, day: 2),
            ])
        #expect(sessions.allSatisfy { $0.from == sixteen && $0.durationMinutes == 150 })
        #expect(sessions[0].start == utc("2027-03-26T15:00:00Z"))
        #expect(sessions[1].start == utc("2027-04-02T14:00:00Z"))
        #expect(sessions[1].end == utc("2027-04-02T16:30:00Z"))
    }

    @Test func einzeltermineReplaceWeeklyTimesAndCrossTheChange() {
        let dates = [
            ScheduledDate(
                day: CalendarDay(year: 2027, month: 3, day: 31), from: LocalTime(hour: 13, minute: 0),
                to: LocalTime(hour: 16, minute: 30)),
            ScheduledDate(
                day: CalendarDay(year: 2027, month: 3, day: 24), from: LocalTime(hour: 9, minute: 0),
                to: LocalTime(hour: 12, minute: 0)),
        ]
        let weekly = [
            WeeklyTime(weekday: .monday, from: LocalTime(hour: 8, minute: 0), to: LocalTime(hour: 9, minute: 0))
        ]
        let sessions = course(weekly: weekly, dates: dates).sessions(in: berlin)
        #expect(sessions.count == 2)
        #expect(sessions[0].start == utc("2027-03-24T08:00:00Z"))
        #expect(sessions[1].start == utc("2027-03-31T11:00:00Z"))
        #expect(sessions[1].durationMinutes == 210)
    }

    @Test func theSampleEinzeltermineCourseReadFromCSV() throws {
        let selection = try DropDirectory.select(in: InputFixtures.samplesDirectory.appendingPathComponent("drop"))
        let snapshot = try SnapshotReader.read(selection, configuration: Configuration())
        let refresher = try #require(snapshot.courses.first { $0.number == "10063" })
        let sessions = refresher.sessions(in: berlin)
        #expect(
            sessions.map(\.start) == [
                utc("2027-03-24T08:00:00Z"), utc("2027-03-31T11:00:00Z"), utc("2027-04-14T07:00:00Z"),
            ])
        let evening = try #require(snapshot.courses.first { $0.number == "10062" })
        #expect(
            evening.sessions(in: berlin).map(\.start) == [
                utc("2027-04-12T14:00:00Z"), utc("2027-04-14T14:00:00Z"), utc("2027-04-16T14:00:00Z"),
            ])
    }

    @Test func aSessionEndingBeforeItStartsIsLeftOut() {
        let sessions = course(weekly: [
            WeeklyTime(weekday: .monday, from: LocalTime(hour: 14, minute: 0), to: LocalTime(hour: 12, minute: 0))
        ]).sessions(in: berlin)
        #expect(sessions.isEmpty)
    }
}
