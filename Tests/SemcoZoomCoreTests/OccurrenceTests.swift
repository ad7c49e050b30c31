import Foundation
import Testing

@testable import SemcoZoomCore

/// Sessions → Zoom meeting mapping and the weekly occurrence rule.
@Suite struct OccurrenceTests {
    /// Creates the course in the test Zoom and returns the available occurrences as (start, minutes).
    func createdOccurrences(_ course: Course, now: Date = Fx.now) -> (Plan, [ZoomOccurrence]) {
        let (_, plan) = Fx.run(Snapshot(courses: [course]), now: now)
        var zoom = TestZoom()
        zoom.now = now
        zoom.apply(plan)
        let id = zoom.created[course.number]!
        return (plan, zoom.meetings[id]!.occurrences.filter(\.isAvailable))
    }

    @Test func weeklyRuleOfTheGuideCourse() {
        let occurrences = OccurrenceRule.occurrences(
            kind: .meetingSeries, start: LocalDateTime("2027-04-12T16:00:00")!, duration: 300,
            recurrence: MeetingRecurrence(
                frequency: .weekly, repeatInterval: 1, weekdays: [.monday, .wednesday, .friday], endTimes: 3),
            timeZone: Fx.berlin)
        #expect(
            occurrences?.map(\.start) == [
                Fx.at("2027-04-12T16:00"), Fx.at("2027-04-14T16:00"), Fx.at("2027-04-16T16:00"),
            ])
        #expect(occurrences?.allSatisfy { $0.duration == 300 } == true)
    }

    @Test func zoomWeeklyDaysTextAndParseRoundTrip() {
        #expect(ZoomWeeklyDays.text([.friday, .monday, .wednesday]) == "2,4,6")
        #expect(ZoomWeeklyDays.text([.sunday, .saturday]) == "1,7")
        #expect(ZoomWeeklyDays.text([]) == "")
        #expect(ZoomWeeklyDays.weekdays("2,4,6") == [.monday, .wednesday, .friday])
        #expect(ZoomWeeklyDays.weekdays(" 6, 2 ,4") == [.monday, .wednesday, .friday])
        #expect(ZoomWeeklyDays.weekdays("1") == [.sunday])
        #expect(ZoomWeeklyDays.weekdays("") == [])
        for text in ["0,2", "8", "2,,4", "2,", "Mo", "2;4"] {
            #expect(ZoomWeeklyDays.weekdays(text) == nil, "\(text)")
        }
        for day in Weekday.allCases {
            #expect(ZoomWeeklyDays.weekdays(ZoomWeeklyDays.text([day])) == [day])
        }
    }

    @Test func seriesWithoutWeekdaysHasNoOccurrences() {
        for weekdays: Set<Weekday>? in [nil, []] {
            let occurrences = OccurrenceRule.occurrences(
                kind: .meetingSeries, start: LocalDateTime(day: Fx.day("2027-04-12"), time: Fx.time("18:00")),
                duration: 60,
                recurrence: MeetingRecurrence(frequency: .weekly, repeatInterval: 1, weekdays: weekdays, endTimes: 3),
                timeZone: TimeZone(identifier: "Europe/Berlin")!)
            #expect(occurrences == nil)
        }
    }

    @Test func ruleStartsOnTheFirstMatchingDayOnOrAfterTheStart() {
        // A Tuesday start with weekly_days Monday: the first occurrence is the following Monday.
        let days = OccurrenceRule.weeklyDays(from: Fx.day("2027-04-13"), weekdays: [.monday], count: 2)
        #expect(days == [Fx.day("2027-04-19"), Fx.day("2027-04-26")])
    }

    @Test func dstAcrossTheLastSundayOfMarchKeepsTheWallClock() throws {
        // Thursdays 18:00–20:00 from 18.03.2027 to 08.04.2027; Berlin switches on Sunday 28.03.2027.
        let course = Fx.course(
            start: "2027-03-18", end: "2027-04-08",
            weekly: [.init(weekday: .thursday, from: Fx.time("18:00"), to: Fx.time("20:00"))])
        let early = Fx.at("2027-03-01T08:00")
        let (plan, occurrences) = createdOccurrences(course, now: early)
        guard case .createMeeting(_, let request)? = plan.actions.first?.kind else {
            Issue.record("no create")
            return
        }
        #expect(request.kind == .meetingSeries)
        #expect(request.startTime == "2027-03-18T18:00:00")
        #expect(request.recurrence?.weekdays == [.thursday])
        #expect(request.recurrence?.endTimes == 4)
        // No occurrence fixes: the wall clock stays 18:00, the instant moves by an hour.
        #expect(!plan.actions.contains { if case .moveOccurrence = $0.kind { return true } else { return false } })
        let utcStarts = occurrences.map { LocalDateTime($0.startTime, in: Fx.utc).description }
        #expect(
            utcStarts == ["2027-03-18T17:00:00", "2027-03-25T17:00:00", "2027-04-01T16:00:00", "2027-04-08T16:00:00"])
        let rule = try #require(
            OccurrenceRule.occurrences(
                kind: .meetingSeries, start: LocalDateTime("2027-03-18T18:00:00")!, duration: 120,
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
        #expect(request.kind == .meeting)
        #expect(request.startTime == "2027-04-20T09:30:00")
        #expect(request.duration == 150)
        #expect(request.recurrence == nil)
        #expect(request.settings?.registration == nil)
        #expect(request.settings?.approval == .manual)
        #expect(plan.actions.count == 1)
    }

    @Test func webinarKindUsesWebinarTypes() {
        var configuration = Configuration()
        configuration.kind = .webinar
        let (one, _) = Fx.run(
            Snapshot(courses: [Fx.course(dates: Fx.dates([("2027-04-20", "09:30", "12:00")]))]),
            configuration: configuration)
        let (series, _) = Fx.run(Snapshot(courses: [Fx.course()]), configuration: configuration)
        #expect(one.courses.first?.meetingSpec?.kind == .webinar)
        #expect(series.courses.first?.meetingSpec?.kind == .webinarSeries)
    }

    @Test func differingTimesAndGapsBecomeSeriesPlusExactFixes() {
        // Mon 09–12, Wed 13–17, Mon 09–12, then a gap, Thu 09–12.
        let course = Fx.course(
            dates: Fx.dates([
                ("2027-05-03", "09:00", "12:00"), ("2027-05-05", "13:00", "17:00"),
                ("2027-05-10", "09:00", "12:00"), ("2027-05-20", "09:00", "12:00"),
            ]))
        let (plan, occurrences) = createdOccurrences(course)
        guard case .createMeeting(_, let request)? = plan.actions.first?.kind else {
            Issue.record("no create")
            return
        }
        #expect(request.kind == .meetingSeries)
        #expect(request.recurrence?.weekdays == [.monday, .wednesday, .thursday])
        #expect(request.recurrence?.endTimes == 9)
        #expect(request.startTime == "2027-05-03T09:00:00")
        #expect(request.duration == 180)
        let deletes = plan.actions.filter {
            if case .deleteOccurrence(.created("10062"), _) = $0.kind { return true } else { return false }
        }
        let moves = plan.actions.filter {
            if case .moveOccurrence(.created("10062"), _, _, _) = $0.kind { return true } else { return false }
        }
        #expect(deletes.count == 5)
        #expect(moves.count == 1)
        #expect(
            moves.first?.kind
                == .moveOccurrence(
                    .created("10062"), occurrenceStart: Fx.at("2027-05-05T09:00"),
                    startTime: "2027-05-05T13:00:00", duration: 240))
        let sessions = course.sessions(in: Fx.berlin)
        #expect(occurrences.map(\.startTime) == sessions.map(\.start))
        #expect(occurrences.map(\.duration) == sessions.map(\.durationMinutes))
    }

    @Test func generatedSessionListsAlwaysEndUpExactlyInZoom() {
        // A deterministic spread of irregular session lists: the created meeting must equal them.
        var seed: UInt64 = 0x5EC0
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for round in 0..<40 {
            var day = Fx.day("2027-06-01").adding(days: next(7))
            var items: [(String, String, String)] = []
            for _ in 0..<(1 + next(8)) {
                let from = 8 * 60 + 30 * next(16)
                let to = from + 30 * (1 + next(8))
                items.append(
                    (day.description, LocalTime(minutes: from).description, LocalTime(minutes: to).description))
                day = day.adding(days: 1 + next(9))
            }
            let course = Fx.course(dates: Fx.dates(items))
            let (_, occurrences) = createdOccurrences(course)
            let sessions = course.sessions(in: Fx.berlin)
            // Once created, the next run finds nothing to do.
            let synced = Synced(Snapshot(courses: [course]))
            #expect(synced.next().1.actions.isEmpty, "round \(round): \(items)")
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
        let (desired, plan) = Fx.run(
            Snapshot(courses: [Fx.course(start: "2027-05-03", end: "2027-07-16", weekly: weekly)]))
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
        let weekly = [
            WeeklyTime(weekday: .monday, from: Fx.time("09:00"), to: Fx.time("10:00")),
            WeeklyTime(weekday: .monday, from: Fx.time("14:00"), to: Fx.time("15:00")),
        ]
        let (desired, _) = Fx.run(
            Snapshot(courses: [Fx.course(start: "2027-05-03", end: "2027-05-10", weekly: weekly)]))
        #expect(Fx.intent(desired, "10062") == .blocked)
        #expect(Fx.codes(desired.diagnostics) == ["plan.two-sessions-one-day"])
    }

    @Test func runningCourseCreatedMidWayStartsItsSeriesAtTheNextSession() {
        // Mon/Wed/Fri 16:00–21:00 from Monday 29.03. to Friday 09.04.2027; now is Thursday 01.04. 08:00.
        let course = Fx.course(status: .running, start: "2027-03-29", end: "2027-04-09")
        let snapshot = Snapshot(courses: [course], bookings: Fx.guideBookings())
        var synced = Synced(snapshot)
        guard case .createMeeting(_, let request)? = Fx.run(snapshot).1.actions.first?.kind else {
            Issue.record("no create")
            return
        }
        // Not the past Monday: Zoom would read a past start as "now" and put the series at 08:00.
        #expect(request.startTime == "2027-04-02T16:00:00")
        #expect(
            request.recurrence
                == MeetingRecurrence(
                    frequency: .weekly, repeatInterval: 1, weekdays: [.monday, .wednesday, .friday], endTimes: 4))
        let ahead = course.sessions(in: Fx.berlin).filter { $0.start > Fx.now }
        #expect(synced.available().map(\.startTime) == ahead.map(\.start))
        // Stable afterwards, also as time passes.
        #expect(synced.next().1.actions.isEmpty)
        synced.zoom.now = Fx.at("2027-04-06T08:00")
        #expect(synced.next(now: Fx.at("2027-04-06T08:00")).1.actions.isEmpty)
        // A change while running re-sends the series from the next session on.
        var later = snapshot
        later.courses[0].weeklyTimes = later.courses[0].weeklyTimes.map {
            WeeklyTime(weekday: $0.weekday, from: Fx.time("17:00"), to: Fx.time("21:00"))
        }
        let (desired, plan) = synced.next(later, now: Fx.at("2027-04-06T08:00"))
        #expect(
            updates(plan) == [
                MeetingChange(
                    startTime: "2027-04-07T17:00:00", timezone: "Europe/Berlin", duration: 240,
                    recurrence: MeetingRecurrence(
                        frequency: .weekly, repeatInterval: 1, weekdays: [.wednesday, .friday], endTimes: 2)
                )
            ])
        synced.apply(desired, plan)
        let laterAhead = later.courses[0].sessions(in: Fx.berlin).filter { $0.start > Fx.at("2027-04-06T08:00") }
        #expect(
            synced.available().filter { $0.startTime > Fx.at("2027-04-06T08:00") }.map(\.startTime)
                == laterAhead.map(\.start))
    }

    @Test func generatedChangesAlwaysEndUpExactlyInZoom() {
        var seed: UInt64 = 0xD1F7
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        func sessionList() -> [(String, String, String)] {
            var day = Fx.day("2027-06-01").adding(days: next(7))
            var items: [(String, String, String)] = []
            for _ in 0..<(2 + next(7)) {
                let from = 8 * 60 + 60 * next(8)
                items.append(
                    (
                        day.description, LocalTime(minutes: from).description,
                        LocalTime(minutes: from + 60 * (1 + next(3))).description
                    ))
                day = day.adding(days: 1 + next(8))
            }
            return items
        }
        for round in 0..<30 {
            let before = Fx.course(dates: Fx.dates(sessionList()))
            let after = Fx.course(
                dates: Fx.dates(
                    round % 3 == 0
                        ? Array(sessionList())
                        : before.scheduledDates.map {
                            // Often only some sessions change: shift every other one by an hour.
                            ($0.day.description, $0.from.description, $0.to.description)
                        }.enumerated().map { i, item in
                            i % 2 == 0
                                ? item
                                : (
                                    item.0, LocalTime(minutes: LocalTime(item.1)!.minutes + 60).description,
                                    LocalTime(minutes: LocalTime(item.2)!.minutes + 60).description
                                )
                        }))
            var synced = Synced(Snapshot(courses: [before]))
            let (desired, plan) = synced.next(Snapshot(courses: [after]))
            synced.apply(desired, plan)
            let sessions = after.sessions(in: Fx.berlin)
            #expect(synced.available().map(\.startTime) == sessions.map(\.start), "round \(round)")
            #expect(synced.available().map(\.duration) == sessions.map(\.durationMinutes), "round \(round)")
            #expect(synced.next(Snapshot(courses: [after])).1.actions.isEmpty, "round \(round)")
        }
    }
}
