import Foundation
import Testing

@testable import SemcoZoomCore

@Suite struct PlanMainPathTests {
    let snapshot = Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings())

    @Test func guideCourse10062CreatesOneWeeklySeriesWithThreeRegistrants() throws {
        let (desired, plan) = Fx.run(snapshot)
        #expect(desired.diagnostics.isEmpty)
        let kinds = plan.actions.map(\.kind)
        #expect(kinds.count == 5)
        guard case .createMeeting(let host, let request) = try #require(kinds.first) else {
            Issue.record("first action is not a create: \(kinds)")
            return
        }
        #expect(host == "betreuer@semcosoft.com")
        #expect(request.kind == .meetingSeries)
        #expect(request.startTime == "2027-04-12T16:00:00")
        #expect(request.timezone == "Europe/Berlin")
        #expect(request.duration == 300)
        #expect(
            request.recurrence
                == MeetingRecurrence(
                    frequency: .weekly, repeatInterval: 1, weekdays: [.monday, .wednesday, .friday], endTimes: 3))
        #expect(request.topic == "Narkose Grundsicherung - Zoom-Webinar am Abend")
        #expect(request.agenda?.hasPrefix("[SEMCO 10062]") == true)
        #expect(
            request.settings
                == MeetingSettings(
                    approval: .manual, registration: .onceForAllSessions,
                    registrantsEmailNotification: false, registrantsConfirmationEmail: false))
        let adds = kinds.compactMap { kind -> ZoomRegistrantRequest? in
            if case .addRegistrant(.created("10062"), let r) = kind { return r }
            return nil
        }
        // Sorted by booking number.
        #expect(adds.map(\.email) == ["s.miller@semcosoft.com", "doro@semcoft.com", "mweisauer@semcosoft.com"])
        #expect(adds.allSatisfy { $0.autoApprove == true })
        #expect(plan.actions.map(\.booking).compactMap { $0 } == ["BN27-00158", "BN27-00159", "BN27-00160"])
        #expect(kinds.last == .refreshRegistrants(.created("10062")))
        #expect(
            plan.stateUpdates["10062"] == ManagedCourse(number: "10062", phase: .active, host: "betreuer@semcosoft.com")
        )
        #expect(plan.actions.allSatisfy { !$0.reason.de.isEmpty && !$0.reason.en.isEmpty })
        #expect(plan.deferred.isEmpty)
        #expect(!plan.massCancel.tripped)
    }

    @Test func matchingStateAndZoomGiveAnEmptyPlan() {
        var zoom = TestZoom()
        let (desired, first) = Fx.run(snapshot)
        zoom.apply(first)
        let state = zoom.record(first, desired: desired, into: SyncState(lineage: "t"))
        #expect(state[course: "10062"]?.meetingID != nil)
        let (_, second) = Fx.run(snapshot, state: state, zoom: zoom.observe(state))
        #expect(second.actions.isEmpty, "unexpected: \(second.actions.map(\.kind))")
        #expect(second.isEmpty)
        #expect(second.diagnostics.isEmpty, "unexpected: \(second.diagnostics.map(\.code))")
    }

    @Test func agendaMarkerIsTheCourseNumberInBrackets() {
        #expect(DesiredStateBuilder.agendaMarker("10062") == "[SEMCO 10062]")
        #expect(DesiredStateBuilder.agendaMarker("A-7") == "[SEMCO A-7]")
    }

    @Test func outputIsDeterministicAndInCourseOrder() {
        let courses = ["10100", "9", "10062", "200"].map { n in
            Fx.course(
                CourseNumber(n), start: "2027-05-03", end: "2027-05-03",
                weekly: [.init(weekday: .monday, from: Fx.time("09:00"), to: Fx.time("10:00"))],
                host: "host\(n)@example.com")
        }
        let (desired, plan) = Fx.run(Snapshot(courses: courses))
        #expect(desired.courses.map(\.number.rawValue) == ["9", "200", "10062", "10100"])
        #expect(plan.actions.map(\.course.rawValue) == ["9", "200", "10062", "10100"])
        let (_, again) = Fx.run(Snapshot(courses: courses.reversed()))
        #expect(again == plan)
    }
}
