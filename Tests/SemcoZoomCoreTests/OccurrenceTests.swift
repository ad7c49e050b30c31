import Foundation
import Testing
@testable import SemcoZoomCore

/// Sessions → Zoom meeting mapping and the weekly occurrence rule.
@Suite struct OccurrenceTests {
    /// Creates the course in the test Zoom and returns the available occurrences as (start, minutes).
    func createdOccurrences(_ course: Course, now: Date = Fx.now) -> (Plan, [ZoomOccurrence]) {
        let (_, plan) = Fx.run(Snapshot(courses: [course]), now: now)
        var zoom = TestZoom()
        zoom.apply(plan)
        let id = zoom.created[course.number]!
        return (plan, zoom.meetings[id]!.occurrences.filter(\.isAvailable))
    }

    @Test func weeklyRuleOfTheGuideCourse() {
        let occurrences = OccurrenceRule.occurrences(type: 8, start: LocalDateTime("2027-04-12T16:00:00")!, duration: 300,
                                                     recurrence: ZoomRecurrence(type: 2, repeatInterval: 1, weeklyDays: "2,4,6", endTimes: 3),
                                                     timeZone: Fx.berlin)
        #expect(occurrences?.map(\.start) == [Fx.at("2027-04-12T16:00"), Fx.at("2027-04-14T16:00"), Fx.at("2027-04-16T16:00")])
        #expect(occurrences?.allSatisfy { $0.duration == 300 } == true)
    }

    @Test func weeklyDaysTextAndParseRoundTrip() {
        #expect(OccurrenceRule.weeklyDaysText([.friday, .monday, .wednesday]) == "2,4,6")
        #expect(OccurrenceRule.weeklyDaysText([.sunday, .saturday]) == "1,7")
        #expect(OccurrenceRule.weekdays(fromZoom: "2,4,6") == [.monday, .wednesday, .friday])
        #expect(OccurrenceRule.weekdays(fromZoom: "1") == [.sunday])
        #expect(OccurrenceRule.weekdays(fromZoom: "0,2") == nil)
        #expect(OccurrenceRule.weekdays(fromZoom: "") == nil)
    }

    @Test func ruleStartsOnTheFirstMatchingDayOnOrAfterTheStart() {
        // A Tuesday start with weekly_days Monday: the first occurrence is the following Monday.
        let days = OccurrenceRule.weeklyDays(from: Fx.day("2027-04-13"), weekdays: [.monday], count: 2)
        #expect(days == [Fx.day("2027-04-19"), Fx.day("2027-04-26")])
    }

    @Test func dstAcrossTheLastSundayOfMarchKeepsTheWallClock() throws {
        // Thursdays 18:00–20:00 from 18.03.2027 to 08.04.2027; Berlin switches on Sunday 28.03.2027.
        let course = Fx.course(start: "2027-03-18", end: "2027-04-08",
                               weekly: [.init(weekday: .thursday, from: Fx.time("18:00"), to: Fx.time("20:00"))])
        let early = Fx.at("2027-03-01T08:00")
        let (plan, occurrences) = createdOccurrences(course, now: early)
        guard case .createMeeting(_, let request)? = plan.actions.first?.kind else {
            Issue.record("no create")
            return
        }
        #expect(request.type == 8)
        #expect(request.startTime == "2027-03-18T18:00:00")
        #expect(request.recurrence?.weeklyDays == "5")
        #expect(request.recurrence?.endTimes == 4)
        // No occurrence fixes: the wall clock stays 18:00, the instant moves by an hour.
        #expect(!plan.actions.contains { if case .moveOccurrence = $0.kind { return true } else { return false } })
        let utcStarts = occurrences.map { LocalDateTime($0.startTime, in: Fx.utc).description }
        #expect(utcStarts == ["2027-03-18T17:00:00", "2027-03-25T17:00:00", "2027-04-01T16:00:00", "2027-04-08T16:00:00"])
        let rule = try #require(OccurrenceRule.occurrences(type: 8, start: LocalDateTime("2027-03-18T18:00:00")!, duration: 120,
                                                           recurrence: request.recurrence, timeZone: Fx.berlin))
        #expect(rule.map(\.start) == occurrences.map(\.startTime))
    }

    @Test func oneSessionIsAScheduledMeeting() throws {
        let course = Fx.course(dates: Fx.dates([("2027-04-20", "09:30", "12:00")]))
        let (_, plan) = Fx.run(Snapshot(courses: [course]))
        guard case .createMeeting(_, let request)? = plan.actions.first?.kind else {
            Issue.record("no create")
            return
        }
        #expect(request.type == 2)
        #expect(request.startTime == "2027-04-20T09:30:00")
        #expect(request.duration == 150)
        #expect(request.recurrence == nil)
        #expect(request.settings?.registrationType == nil)
        #expect(request.settings?.approvalType == 1)
        #expect(plan.actions.count == 1)
    }

    @Test func webinarKindUsesWebinarTypes() {
        var configuration = Configuration()
        configuration.kind = .webinar
        let (one, _) = Fx.run(Snapshot(courses: [Fx.course(dates: Fx.dates([("2027-04-20", "09:30", "12:00")]))]), configuration: configuration)
        let (series, _) = Fx.run(Snapshot(courses: [Fx.course()]), configuration: configuration)
        #expect(one.courses.first?.meetingSpec?.type == 5)
        #expect(series.courses.first?.meetingSpec?.type == 9)
    }

    @Test func differingTimesAndGapsBecomeSeriesPlusExactFixes() {
        // Mon 09–12, Wed 13–17, Mon 09–12, then a gap, Thu 09–12.
        let course = Fx.course(dates: Fx.dates([("2027-05-03", "09:00", "12:00"), ("2027-05-05", "13:00", "17:00"),
                                                ("2027-05-10", "09:00", "12:00"), ("2027-05-20", "09:00", "12:00")]))
        let (plan, occurrences) = createdOccurrences(course)
        guard case .createMeeting(_, let request)? = plan.actions.first?.kind else {
            Issue.record("no create")
            return
        }
        #expect(request.type == 8)
        #expect(request.recurrence?.weeklyDays == "2,4,5")
        #expect(request.recurrence?.endTimes == 9)
        #expect(request.startTime == "2027-05-03T09:00:00")
        #expect(request.duration == 180)
        let deletes = plan.actions.filter { if case .deleteOccurrence(.created("10062"), _) = $0.kind { return true } else { return false } }
        let moves = plan.actions.filter { if case .moveOccurrence(.created("10062"), _, _, _) = $0.kind { return true } else { return false } }
        #expect(deletes.count == 5)
        #expect(moves.count == 1)
        #expect(moves.first?.kind == .moveOccurrence(.created("10062"), occurrenceStart: Fx.at("2027-05-05T09:00"),
                                                     startTime: "2027-05-05T13:00:00", duration: 240))
        let sessions = course.sessions(in: Fx.berlin)
        #expect(occurrences.map(\.startTime) == sessions.map(\.start))
        #expect(occurrences.map(\.duration) == sessions.map(\.durationMinutes))
    }

    @Test func generatedSessionListsAlwaysEndUpExactlyInZoom() {
        // A deterministic spread of irregular session lists: the created meeting must equal them.
        var seed: UInt64 = 0x5EC0
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for round in 0..<40 {
            var day = Fx.day("2027-06-01").adding(days: next(7))
            var items: [(String, String, String)] = []
            for _ in 0..<(1 + next(8)) {
                let from = 8 * 60 + 30 * next(16)
                let to = from + 30 * (1 + next(8))
                items.append((day.description, LocalTime(minutes: from).description, LocalTime(minutes: to).description))
                day = day.adding(days: 1 + next(9))
            }
            let course = Fx.course(dates: Fx.dates(items))
            let (_, occurrences) = createdOccurrences(course)
            let sessions = course.sessions(in: Fx.berlin)
            if sessions.count == 1 { continue }  // type 2 has no occurrence list
            #expect(occurrences.map(\.startTime) == sessions.map(\.start), "round \(round): \(items)")
            #expect(occurrences.map(\.duration) == sessions.map(\.durationMinutes), "round \(round)")
        }
    }

    @Test func moreThanFiftyOccurrencesIsBlocked() {
        // Monday to Friday for eleven weeks: 55 occurrences.
        let weekly = [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
            WeeklyTime(weekday: $0, from: Fx.time("09:00"), to: Fx.time("10:00"))
        }
        let (desired, plan) = Fx.run(Snapshot(courses: [Fx.course(start: "2027-05-03", end: "2027-07-16", weekly: weekly)]))
        #expect(Fx.intent(desired, "10062") == .blocked)
        let diagnostic = desired.diagnostics.first { $0.code == "course.too-many-occurrences" }
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.course == "10062")
        #expect(diagnostic?.message.en.contains("55") == true)
        #expect(plan.actions.isEmpty)
        // Fifty is still fine: ten weeks.
        let (fine, _) = Fx.run(Snapshot(courses: [Fx.course(start: "2027-05-03", end: "2027-07-09", weekly: weekly)]))
        #expect(fine.courses.first?.meetingSpec?.recurrence?.endTimes == 50)
    }

    @Test func twoSessionsOnOneDayAreBlocked() {
        let weekly = [WeeklyTime(weekday: .monday, from: Fx.time("09:00"), to: Fx.time("10:00")),
                      WeeklyTime(weekday: .monday, from: Fx.time("14:00"), to: Fx.time("15:00"))]
        let (desired, _) = Fx.run(Snapshot(courses: [Fx.course(start: "2027-05-03", end: "2027-05-10", weekly: weekly)]))
        #expect(Fx.intent(desired, "10062") == .blocked)
        #expect(Fx.codes(desired.diagnostics) == ["plan.two-sessions-one-day"])
    }
}
