import Foundation
import Testing

@testable import SemcoZoomCore

/// A state in which `number` is synced with meeting `id` on `host`.
func syncedState(
    _ number: CourseNumber = "10062", id: ZoomMeetingID = 99, host: String = Fx.supervisorHost,
    registrants: [String: ManagedRegistrant] = [:]
) -> SyncState {
    var state = SyncState(lineage: "t")
    state[course: number] = ManagedCourse(number: number, host: host, meetingID: id, registrants: registrants)
    return state
}

@Suite struct DesiredCourseTableTests {
    @Test func plannedCourseGetsNoMeeting() {
        let (desired, plan) = Fx.run(Snapshot(courses: [Fx.course(status: .planned)], bookings: Fx.guideBookings()))
        guard case .leaveAlone? = Fx.intent(desired, "10062") else {
            Issue.record("expected leaveAlone")
            return
        }
        #expect(desired.diagnostics.isEmpty)
        #expect(plan.actions.isEmpty)
    }

    @Test func plannedCourseWithAMeetingIsLeftAloneAndReported() {
        let state = syncedState()
        let (desired, plan) = Fx.run(Snapshot(courses: [Fx.course(status: .planned)]), state: state)
        #expect(Fx.codes(desired.diagnostics) == ["plan.planned-left-alone"])
        #expect(desired.diagnostics.first?.severity == .info)
        #expect(plan.actions.isEmpty)
    }

    @Test func confirmedAndRunningCoursesSync() {
        for status in [CourseStatus.confirmed, .running] {
            let (desired, plan) = Fx.run(Snapshot(courses: [Fx.course(status: status)]))
            #expect(Fx.intent(desired, "10062").map { if case .sync = $0 { true } else { false } } == true)
            #expect(plan.actions.count == 1)
        }
    }

    @Test func cancelledCourseDeletesItsMeeting() {
        let state = syncedState(id: 4711)
        let (desired, plan) = Fx.run(
            Snapshot(courses: [Fx.course(status: .cancelled)]), state: state,
            zoom: ZoomObservation(meetings: [
                "10062": .present(ZoomMeeting(id: 4711, topic: "x", kind: .meetingSeries), registrants: [])
            ]))
        #expect(Fx.intent(desired, "10062") == .delete)
        #expect(plan.actions.map(\.kind) == [.deleteMeeting(4711)])
    }

    @Test func cancelledCourseWithoutMeetingDoesNothing() {
        let (desired, plan) = Fx.run(Snapshot(courses: [Fx.course(status: .cancelled)]))
        guard case .leaveAlone? = Fx.intent(desired, "10062") else {
            Issue.record("expected leaveAlone")
            return
        }
        #expect(plan.actions.isEmpty)
    }

    @Test func finishedCourseIsClosed() {
        let (desired, plan) = Fx.run(Snapshot(courses: [Fx.course(status: .finished)]), state: syncedState())
        #expect(desired.courses.first?.finished == true)
        #expect(plan.actions.map(\.kind) == [.closeCourse])
    }

    @Test func courseWhoseSessionsAreAllOverIsClosed() {
        // Sessions 12.–16.04.2027, now is the evening of the 16th after the last one.
        let (desired, plan) = Fx.run(
            Snapshot(courses: [Fx.course()]), state: syncedState(), now: Fx.at("2027-04-16T22:00"))
        #expect(desired.courses.first?.finished == true)
        #expect(plan.actions.map(\.kind) == [.closeCourse])
        // An already closed course stays closed without further actions.
        var closed = syncedState()
        closed[course: "10062"]?.phase = .closed
        let (_, again) = Fx.run(Snapshot(courses: [Fx.course()]), state: closed, now: Fx.at("2027-04-16T22:00"))
        #expect(again.actions.isEmpty)
    }

    @Test func courseMissingFromTheExportIsLeftAloneWithAWarning() {
        let (desired, plan) = Fx.run(Snapshot(courses: []), state: syncedState())
        guard case .leaveAlone? = Fx.intent(desired, "10062") else {
            Issue.record("expected leaveAlone")
            return
        }
        #expect(Fx.codes(desired.diagnostics) == ["plan.course-missing"])
        #expect(desired.diagnostics.first?.severity == .warning)
        #expect(plan.actions.isEmpty)
    }

    @Test func courseEndingInThePastIsNotEligible() {
        let (desired, plan) = Fx.run(Snapshot(courses: [Fx.course(start: "2027-03-01", end: "2027-03-05")]))
        guard case .leaveAlone? = Fx.intent(desired, "10062") else {
            Issue.record("expected leaveAlone")
            return
        }
        #expect(plan.actions.isEmpty)
    }

    @Test func otherVenuesAreNotZoomCourses() {
        let (desired, _) = Fx.run(
            Snapshot(courses: [Fx.course(venue: "Seminarraum 1"), Fx.course("10063", venue: "zoom meeting room")]))
        #expect(desired.courses.map(\.number) == ["10063"])
    }
}

@Suite struct DesiredTriggerTests {
    @Test func syncColumnJaTriggersAndNeinDoesNot() {
        let (yes, _) = Fx.run(Snapshot(courses: [Fx.course(syncRequested: true)]))
        let (no, plan) = Fx.run(Snapshot(courses: [Fx.course(syncRequested: false)]))
        #expect(yes.courses.first?.meetingSpec != nil)
        #expect(no.courses.first?.meetingSpec == nil)
        #expect(plan.actions.isEmpty)
    }

    @Test func withoutTheColumnAutoSyncDecides() {
        var configuration = Configuration()
        configuration.autoSync = false
        let (off, _) = Fx.run(Snapshot(courses: [Fx.course(syncRequested: nil)]), configuration: configuration)
        let (on, _) = Fx.run(Snapshot(courses: [Fx.course(syncRequested: nil)]))
        #expect(off.courses.first?.meetingSpec == nil)
        #expect(on.courses.first?.meetingSpec != nil)
    }

    @Test func courseOptionTriggersAndLimitsTheRun() {
        let courses = [
            Fx.course("10062", syncRequested: false),
            Fx.course("10063", start: "2027-05-03", end: "2027-05-07", syncRequested: true),
        ]
        let (desired, plan) = Fx.run(Snapshot(courses: courses), courses: ["10062"])
        #expect(desired.courses.map(\.number) == ["10062"])
        #expect(desired.courses.first?.meetingSpec != nil)
        #expect(Set(plan.actions.map(\.course)) == ["10062"])
    }

    @Test func courseOptionNamingAnUnknownCourseWarns() {
        let (desired, _) = Fx.run(Snapshot(courses: [Fx.course()]), courses: ["999"])
        #expect(Fx.codes(desired.diagnostics) == ["plan.course-unknown"])
        #expect(desired.courses.isEmpty)
    }

    @Test func onceManagedAlwaysManaged() {
        let (desired, _) = Fx.run(Snapshot(courses: [Fx.course(syncRequested: false)]), state: syncedState())
        #expect(desired.courses.first?.meetingSpec != nil)
    }

    @Test func validatorErrorBlocksWithoutANewDiagnostic() {
        let validator = Diagnostic(
            code: "course.no-times", severity: .error, course: "10062", message: .init(de: "x", en: "x"))
        let (desired, plan) = Fx.run(Snapshot(courses: [Fx.course(weekly: [])]), diagnostics: [validator])
        #expect(Fx.intent(desired, "10062") == .blocked)
        #expect(desired.diagnostics.isEmpty)
        #expect(plan.actions.isEmpty)
        // A warning does not block.
        let warning = Diagnostic(
            code: "booking.duplicate", severity: .warning, course: "10062", message: .init(de: "x", en: "x"))
        let (fine, _) = Fx.run(Snapshot(courses: [Fx.course()]), diagnostics: [warning])
        #expect(fine.courses.first?.meetingSpec != nil)
    }

    @Test func aBookingsErrorDoesNotBlockItsCourse() {
        let bookingError = Diagnostic(
            code: "booking.email-umlaut", severity: .error, course: "10062", booking: "BN27-1",
            message: .init(de: "x", en: "x"))
        let (desired, plan) = Fx.run(Snapshot(courses: [Fx.course()]), diagnostics: [bookingError])
        #expect(desired.courses.first?.meetingSpec != nil)
        #expect(plan.actions.contains { if case .createMeeting = $0.kind { return true } else { return false } })
    }

    @Test func noSessionsBlocksAndSaysSoWhenTheValidatorDidNot() {
        let (desired, _) = Fx.run(Snapshot(courses: [Fx.course(weekly: [])]))
        #expect(Fx.intent(desired, "10062") == .blocked)
        #expect(Fx.codes(desired.diagnostics) == ["plan.no-sessions"])
    }
}

@Suite struct DesiredMeetingTests {
    @Test func topicIsCutTo200WithAWarning() {
        let title = String(repeating: "Ä", count: 230)
        let (desired, _) = Fx.run(Snapshot(courses: [Fx.course(title: title)]))
        let spec = desired.courses.first?.meetingSpec
        #expect(spec?.topic.count == 200)
        #expect(spec?.agenda.hasPrefix("[SEMCO 10062]\n") == true)
        #expect((spec?.agenda.count ?? 9999) <= 2000)
        #expect(Fx.codes(desired.diagnostics) == ["plan.topic-cut"])
    }

    @Test func trainerModeratorHostsWhenTickedWithUserAndActiveLogin() {
        let course = Fx.course(moderator: .trainer)
        let trainers = [
            TrainerAssignment(
                courseNumber: "10062", shortCode: "A", firstName: "Ann", lastName: "A", zoomUser: "ann@x.de",
                isModerator: false, source: Fx.src),
            TrainerAssignment(
                courseNumber: "10062", shortCode: "B", firstName: "Bob", lastName: "B", zoomUser: "bob@x.de",
                isModerator: true,
                loginActive: false, source: Fx.src),
            TrainerAssignment(
                courseNumber: "10062", shortCode: "C", firstName: "Cy", lastName: "C", zoomUser: "Cy@X.de",
                isModerator: true, source: Fx.src),
        ]
        let (desired, _) = Fx.run(Snapshot(courses: [course], trainers: trainers))
        #expect(desired.courses.first?.host == "cy@x.de")
        let (none, _) = Fx.run(Snapshot(courses: [course], trainers: Array(trainers.prefix(2))))
        #expect(Fx.intent(none, "10062") == .blocked)
        #expect(Fx.codes(none.diagnostics) == ["plan.no-host"])
        #expect(
            none.diagnostics.first?.message.de
                == "Moderator des Webinars ist auf Trainer eingestellt, es gibt jedoch keinen Trainer im Kurs, bei dem Moderator angekreuzt ist."
        )
    }

    @Test func supervisorWithoutZoomUserBlocks() {
        let (desired, _) = Fx.run(Snapshot(courses: [Fx.course(host: nil)]))
        #expect(Fx.intent(desired, "10062") == .blocked)
        #expect(Fx.codes(desired.diagnostics) == ["plan.no-host"])
    }

    @Test func settingsFollowTheNotifyConfiguration() {
        var configuration = Configuration()
        configuration.notifyRegistrants = true
        let (desired, _) = Fx.run(Snapshot(courses: [Fx.course()]), configuration: configuration)
        #expect(
            desired.courses.first?.meetingSpec?.settings
                == MeetingSettings(
                    approval: .manual, registration: .onceForAllSessions,
                    registrantsEmailNotification: true,
                    registrantsConfirmationEmail: true))
    }

    @Test func hostChangeAfterSyncKeepsTheStateHostAndWarns() {
        let (desired, plan) = Fx.run(
            Snapshot(courses: [Fx.course(host: "new@semcosoft.com")]), state: syncedState(host: "old@semcosoft.com"),
            zoom: ZoomObservation(meetings: ["10062": .gone]))
        #expect(desired.courses.first?.host == "old@semcosoft.com")
        let diagnostic = desired.diagnostics.first { $0.code == "plan.host-changed" }
        #expect(diagnostic?.severity == .warning)
        #expect(
            diagnostic?.message.de.hasPrefix(
                "Ein Moderatorenwechsel ist nicht mehr möglich, sobald der Kurs synchronisiert wurde") == true)
        #expect(plan.stateUpdates["10062"]?.host == "old@semcosoft.com")
    }

    @Test func hostOverlapBetweenTwoNewCoursesLowerNumberWins() {
        let a = Fx.course("10070")
        let b = Fx.course(
            "10069", start: "2027-04-14", end: "2027-04-14",
            weekly: [.init(weekday: .wednesday, from: Fx.time("20:00"), to: Fx.time("22:00"))])
        let (desired, plan) = Fx.run(Snapshot(courses: [a, b]))
        #expect(desired.courses.first { $0.number == "10069" }?.meetingSpec != nil)
        #expect(Fx.intent(desired, "10070") == .blocked)
        let diagnostic = desired.diagnostics.first { $0.code == "plan.host-overlap" }
        #expect(diagnostic?.course == "10070")
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.message.en.contains("10069") == true)
        #expect(Set(plan.actions.map(\.course)) == ["10069"])
        // Touching sessions (one ends when the other starts) do not overlap.
        let c = Fx.course(
            "10071", start: "2027-04-14", end: "2027-04-14",
            weekly: [.init(weekday: .wednesday, from: Fx.time("21:00"), to: Fx.time("22:00"))])
        let (touching, _) = Fx.run(Snapshot(courses: [a, c]))
        #expect(touching.diagnostics.isEmpty)
    }

    @Test func hostOverlapTheSyncedCourseKeepsItsSlot() {
        let a = Fx.course("10070")
        let b = Fx.course(
            "10069", start: "2027-04-14", end: "2027-04-14",
            weekly: [.init(weekday: .wednesday, from: Fx.time("20:00"), to: Fx.time("22:00"))])
        let (desired, _) = Fx.run(
            Snapshot(courses: [a, b]), state: syncedState("10070"),
            zoom: ZoomObservation(meetings: [
                "10070": .unavailable(.unavailable(method: "GET", path: "/x", attempts: 3, reason: "t"))
            ]))
        #expect(Fx.intent(desired, "10069") == .blocked)
        #expect(desired.courses.first { $0.number == "10070" }?.meetingSpec != nil)
        #expect(desired.diagnostics.first { $0.code == "plan.host-overlap" }?.course == "10069")
    }
}

@Suite struct DesiredRegistrantTests {
    func registrants(_ bookings: [Booking], course: Course = Fx.course(), state: SyncState = SyncState(lineage: "t"))
        -> (registrants: [DesiredRegistrant], cancelled: [String])
    {
        let desired = Fx.build(Snapshot(courses: [course], bookings: bookings), state: state)
        guard case .sync(_, _, let registrants, let cancelled)? = Fx.intent(desired, course.number) else {
            return ([], [])
        }
        return (registrants, cancelled)
    }

    @Test func onlyRegisteringStatusesAreRegistered() {
        let result = registrants([
            Fx.booking("B1", email: "a@x.de", status: .confirmed), Fx.booking("B2", email: "b@x.de", status: .running),
            Fx.booking("B3", email: "c@x.de", status: .request), Fx.booking("B4", email: "d@x.de", status: .finished),
            Fx.booking("B5", email: "e@x.de", status: .cancelled),
        ])
        #expect(result.registrants.map(\.email) == ["a@x.de", "b@x.de"])
        #expect(result.cancelled == ["B5"])
    }

    @Test func registeringStatusesAreConfigurable() {
        var configuration = Configuration()
        configuration.registeringStatuses = [.confirmed, .request]
        let desired = Fx.build(
            Snapshot(
                courses: [Fx.course()],
                bookings: [
                    Fx.booking("B1", email: "a@x.de", status: .request),
                    Fx.booking("B2", email: "b@x.de", status: .running),
                ]), configuration: configuration)
        guard case .sync(_, _, let registrants, _)? = Fx.intent(desired, "10062") else {
            Issue.record("not synced")
            return
        }
        #expect(registrants.map(\.email) == ["a@x.de"])
    }

    @Test func unusableAddressesAndTheHostAreSkipped() {
        let result = registrants([
            Fx.booking("B1", email: nil), Fx.booking("B2", email: "müller@x.de"),
            Fx.booking("B3", email: "not-an-address"),
            Fx.booking("B4", email: "Betreuer@SemcoSoft.com"), Fx.booking("B5", email: "a@b"),
            Fx.booking("B6", email: "ok@x.de"),
        ])
        #expect(result.registrants.map(\.email) == ["ok@x.de"])
    }

    @Test func oneAddressTwiceIsOneRegistrantWithBothBookings() {
        let result = registrants([
            Fx.booking("B1", first: "Rita", email: "Doro@x.de"), Fx.booking("B2", first: "Other", email: "doro@X.de"),
        ])
        #expect(result.registrants.count == 1)
        #expect(result.registrants.first?.firstName == "Rita")
        #expect(result.registrants.first?.bookings == ["B1", "B2"])
    }

    @Test func reBookingNextToTheCancelledOneRegisters() {
        let result = registrants([
            Fx.booking("B1", email: "a@x.de", status: .cancelled), Fx.booking("B9", email: "A@x.de"),
        ])
        #expect(result.registrants.map(\.bookings) == [["B9"]])
        #expect(result.cancelled == ["B1"])
    }

    @Test func vanishedBookingsOfStateRegistrantsCountAsCancelled() {
        let state = syncedState(registrants: [
            "gone@x.de": ManagedRegistrant(
                email: "gone@x.de", firstName: "G", lastName: "G",
                bookings: ["B7"], status: .registered)
        ])
        let result = registrants([Fx.booking("B1", email: "a@x.de")], state: state)
        #expect(result.cancelled == ["B7"])
    }

    @Test func companyIsSentAsOrganisation() {
        let result = registrants([Fx.booking("B1", email: "a@x.de", company: "Klinikum Nord")])
        #expect(
            result.registrants.first?.request
                == ZoomRegistrantRequest(
                    email: "a@x.de", firstName: "Rita", lastName: "Doro",
                    org: "Klinikum Nord", autoApprove: true))
    }
}

@Suite struct DesiredAddressTests {
    @Test func acceptableAddresses() {
        for good in ["a@x.de", "s.miller@semcosoft.com", "first+tag@sub.example.co.uk", "A_B-c@X-Y.DE"] {
            #expect(RegistrantAddress.isAcceptable(good), "\(good)")
        }
        for bad in [
            "", "a", "a@b", "@x.de", "a@@x.de", "a@x@y.de", "a@.de", "a@x..de", "a@x.de.", "a b@x.de", "müller@x.de",
            "a@bücher.de", "a;b@x.de", "<a@x.de>", "a@x.de,b@x.de", "\"a\"@x.de", "a@x.de\t",
        ] {
            #expect(!RegistrantAddress.isAcceptable(bad), "\(bad)")
        }
    }
}
