import Foundation
import Testing

@testable import SemcoZoomCore

@Suite struct PlanRegistrantTests {
    let snapshot = Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings())

    func kinds(_ plan: Plan) -> [ActionKind] { plan.actions.map(\.kind) }

    @Test func newBookingAfterTheSyncIsAdded() {
        let synced = Synced(snapshot)
        var changed = snapshot
        changed.bookings.append(Fx.booking("BN27-00170", first: "Neu", last: "Person", email: "neu@x.de"))
        let (_, plan) = synced.next(changed)
        #expect(
            kinds(plan) == [
                .addRegistrant(
                    .existing(synced.meetingID),
                    request: ZoomRegistrantRequest(email: "neu@x.de", firstName: "Neu", lastName: "Person")),
                .refreshRegistrants(.existing(synced.meetingID)),
            ])
        #expect(plan.actions.first?.booking == "BN27-00170")
        #expect(plan.actions.first?.email == "neu@x.de")
    }

    @Test func cancelledBookingCancelsTheRegistrant() {
        var synced = Synced(snapshot)
        var changed = snapshot
        changed.bookings[0].status = .cancelled
        let (desired, plan) = synced.next(changed)
        let zoomEntry = synced.zoom.meetings[synced.meetingID]!.registrants.first { $0.email == "doro@semcoft.com" }!
        #expect(
            kinds(plan) == [
                .cancelRegistrant(
                    .existing(synced.meetingID),
                    registrant: ZoomRegistrantReference(id: zoomEntry.id, email: "doro@semcoft.com"))
            ])
        #expect(plan.actions.first?.booking == "BN27-00159")
        synced.apply(desired, plan)
        #expect(synced.next(changed).1.actions.isEmpty)
    }

    @Test func vanishedBookingCancelsTheRegistrantButBeendetChangesNothing() {
        let synced = Synced(snapshot)
        var vanished = snapshot
        vanished.bookings.remove(at: 1)
        let (_, plan) = synced.next(vanished)
        #expect(plan.actions.map(\.booking) == ["BN27-00158"])
        #expect(
            plan.actions.first.map { if case .cancelRegistrant = $0.kind { return true } else { return false } } == true
        )
        var finished = snapshot
        finished.bookings[1].status = .finished
        #expect(synced.next(finished).1.actions.isEmpty)
        var request = snapshot
        request.bookings[1].status = .request
        #expect(synced.next(request).1.actions.isEmpty)
    }

    @Test func reBookingAfterCancellationIsApprovedNotAdded() {
        var synced = Synced(snapshot)
        var cancelled = snapshot
        cancelled.bookings[0].status = .cancelled
        let (desired, plan) = synced.next(cancelled)
        synced.apply(desired, plan)
        #expect(synced.state[course: "10062"]?.registrants["doro@semcoft.com"]?.status == .cancelled)
        // Booked again under a new number next to the cancelled one.
        var rebooked = cancelled
        rebooked.bookings.append(Fx.booking("BN27-00199", first: "Rita", last: "Doro", email: "Doro@semcoft.com"))
        let (desired2, again) = synced.next(rebooked)
        let zoomEntry = synced.zoom.meetings[synced.meetingID]!.registrants.first { $0.email == "doro@semcoft.com" }!
        #expect(zoomEntry.status == .denied)
        #expect(
            kinds(again) == [
                .approveRegistrant(
                    .existing(synced.meetingID),
                    registrant: ZoomRegistrantReference(id: zoomEntry.id, email: zoomEntry.email)),
                .refreshRegistrants(.existing(synced.meetingID)),
            ])
        #expect(again.actions.first?.booking == "BN27-00199")
        #expect(again.actions.first?.reason.en.contains("brought back") == true)
        synced.apply(desired2, again)
        #expect(synced.next(rebooked).1.actions.isEmpty)
    }

    @Test func deniedInZoomWhileTheBookingIsActiveIsBroughtBackAndReported() {
        var synced = Synced(snapshot)
        let id = synced.meetingID
        let index = synced.zoom.meetings[id]!.registrants.firstIndex { $0.email == "s.miller@semcosoft.com" }!
        synced.zoom.meetings[id]!.registrants[index].status = .denied
        let (_, plan) = synced.next()
        #expect(
            plan.actions.first.map {
                if case .approveRegistrant(.existing(id), let who) = $0.kind {
                    return who.email == "s.miller@semcosoft.com"
                } else {
                    return false
                }
            } == true)
        #expect(Fx.codes(plan.diagnostics) == ["zoom.registrant-denied-in-zoom"])
    }

    @Test func removedInZoomWhileTheBookingIsActiveIsAddedAgain() {
        var synced = Synced(snapshot)
        synced.zoom.meetings[synced.meetingID]!.registrants.removeAll { $0.email == "s.miller@semcosoft.com" }
        let (_, plan) = synced.next()
        #expect(
            plan.actions.first.map {
                if case .addRegistrant(_, let r) = $0.kind {
                    return r.email == "s.miller@semcosoft.com"
                } else {
                    return false
                }
            } == true)
        #expect(Fx.codes(plan.diagnostics) == ["zoom.registrant-denied-in-zoom"])
    }

    @Test func registrantAddedDirectlyInZoomIsLeftAloneAndListed() {
        var synced = Synced(snapshot)
        synced.zoom.meetings[synced.meetingID]!.registrants.append(
            ZoomRegistrant(
                id: "zz", email: "guest@partner.de", firstName: "Gast", lastName: "Extern", status: .approved))
        let (_, plan) = synced.next()
        #expect(plan.actions.isEmpty)
        let diagnostic = plan.diagnostics.first { $0.code == "zoom.registrant-added-in-zoom" }
        #expect(diagnostic?.severity == .info)
        #expect(diagnostic?.message.en.contains("Gast Extern <guest@partner.de>") == true)
    }

    @Test func handedToImportCausesNoCallsUntilZoomListsItApproved() {
        var synced = Synced(snapshot)
        let id = synced.meetingID
        // Doro was refused by Zoom and handed to the import CSV; Zoom lists her denied.
        let index = synced.zoom.meetings[id]!.registrants.firstIndex { $0.email == "doro@semcoft.com" }!
        synced.zoom.meetings[id]!.registrants[index].status = .denied
        synced.state[course: "10062"]!.registrants["doro@semcoft.com"]!.status = .handedToImport
        let (_, plan) = synced.next()
        #expect(plan.actions.isEmpty)
        // Once the admin imported her, Zoom lists her approved: recorded as registered, no call.
        synced.zoom.meetings[id]!.registrants[index].status = .approved
        let (_, later) = synced.next()
        #expect(later.actions.isEmpty)
        #expect(later.stateUpdates["10062"]?.registrants["doro@semcoft.com"]?.status == .registered)
    }
}

@Suite struct PlanSafetyTests {
    /// One course with `count` registered participants, synced.
    func bigCourse(_ number: CourseNumber, count: Int, start: String = "2027-04-12") -> (Snapshot, [Booking]) {
        let bookings = (0..<count).map {
            Fx.booking(
                "B\(number.rawValue)-\(1000 + $0)", course: number, first: "P\($0)", last: "X",
                email: "p\($0)@\(number.rawValue).example.com")
        }
        let course = Fx.course(number, start: start, end: start, host: "host\(number.rawValue)@example.com")
        return (Snapshot(courses: [course], bookings: bookings), bookings)
    }

    @Test func cancellingFortyOfFortyTripsTheGuard() {
        let (snapshot, _) = bigCourse("10062", count: 40)
        let synced = Synced(snapshot)
        var emptied = snapshot
        emptied.bookings = []
        let (_, plan) = synced.next(emptied)
        #expect(plan.massCancel.tripped)
        #expect(plan.massCancel.totalCancels == 40)
        #expect(plan.massCancel.courses["10062"] == MassCancelCount(cancels: 40, registrants: 40))
        #expect(plan.diagnostics.contains { $0.code == "plan.mass-cancel" && $0.severity == .error })
        // The full plan is still there to show.
        #expect(plan.actions.count == 40)
        let (_, allowed) = synced.next(emptied, allowMassCancel: true)
        #expect(!allowed.massCancel.tripped)
        #expect(
            allowed.actions.filter { if case .cancelRegistrant = $0.kind { return true } else { return false } }.count
                == 40)
        #expect(allowed.diagnostics.contains { $0.code == "plan.mass-cancel" && $0.severity == .warning })
    }

    @Test func courseThresholdNeedsBothTheMinimumAndThePercentage() {
        let (snapshot, _) = bigCourse("10062", count: 100)
        let synced = Synced(snapshot)
        var eleven = snapshot
        eleven.bookings.removeFirst(11)  // 11 > 10 but 11 % of 100 is not > 20 %
        #expect(!synced.next(eleven).1.massCancel.tripped)
        var many = snapshot
        many.bookings.removeFirst(21)  // 21 > 10 and 21 % > 20 %
        #expect(synced.next(many).1.massCancel.tripped)
        let (small, _) = bigCourse("10062", count: 10)
        let smallSynced = Synced(small)
        var all = small
        all.bookings = []  // 10 of 10: not more than 10
        #expect(!smallSynced.next(all).1.massCancel.tripped)
    }

    @Test func runMaximumTripsAcrossCourses() {
        var snapshot = Snapshot()
        for (i, n) in ["201", "202", "203", "204", "205", "206"].enumerated() {
            let (part, _) = bigCourse(
                CourseNumber(n), count: 100, start: Fx.day("2027-05-03").adding(days: 7 * i).description)
            snapshot.courses += part.courses
            snapshot.bookings += part.bookings
        }
        var zoom = TestZoom()
        let (desired, first) = Fx.run(snapshot)
        zoom.apply(first)
        let state = zoom.record(first, desired: desired, into: SyncState(lineage: "t"))
        var fewer = snapshot
        // Ten cancels per course: no course trips, but 60 > 50 in the run.
        fewer.bookings = snapshot.bookings.filter { !$0.number.hasSuffix("-1000") && !($0.number.suffix(4) < "1010") }
        let (_, plan) = Fx.run(fewer, state: state, zoom: zoom.observe(state))
        #expect(plan.massCancel.totalCancels == 60)
        #expect(plan.massCancel.courses.isEmpty)
        #expect(plan.massCancel.tripped)
    }

    @Test func dailyBudgetPlansTheSoonestHundredAndDefersTheRest() {
        // 120 one-session courses of one host, on 120 different days, each with one participant.
        var snapshot = Snapshot()
        for i in 0..<120 {
            let day = Fx.day("2027-05-01").adding(days: 119 - i)  // higher numbers start sooner
            snapshot.courses.append(
                Fx.course(
                    CourseNumber("\(20000 + i)"), start: day.description, end: day.description,
                    weekly: [.init(weekday: day.weekday, from: Fx.time("09:00"), to: Fx.time("10:00"))]))
            snapshot.bookings.append(Fx.booking("B\(i)", course: CourseNumber("\(20000 + i)"), email: "p\(i)@x.de"))
        }
        let (desired, plan) = Fx.run(snapshot, zoom: ZoomObservation(remainingDailyWrites: [Fx.supervisorHost: 100]))
        #expect(desired.diagnostics.isEmpty)
        let creates = plan.actions.filter { if case .createMeeting = $0.kind { return true } else { return false } }
        #expect(creates.count == 100)
        // The soonest hundred: courses 20020…20119.
        #expect(Set(creates.map(\.course)) == Set((20020..<20120).map { CourseNumber("\($0)") }))
        let deferredCreates = plan.deferred.filter {
            if case .createMeeting? = $0.action { return true } else { return false }
        }
        #expect(deferredCreates.count == 20)
        #expect(Set(plan.deferred.map(\.course)) == Set((20000..<20020).map { CourseNumber("\($0)") }))
        // Their registrant work waits with them.
        #expect(plan.deferred.count == 60)
        #expect(!plan.actions.contains { $0.course < "20020" })
        #expect(plan.deferred.allSatisfy { $0.notBefore == Fx.at("2027-04-02T00:00", Fx.utc) })
        #expect(plan.diagnostics.filter { $0.code == "plan.deferred-budget" }.count == 20)
    }

    @Test func budgetAlreadySpentTodayDefersEverythingOfThatHost() {
        let (_, plan) = Fx.run(
            Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings()),
            zoom: ZoomObservation(remainingDailyWrites: [Fx.supervisorHost: 0]))
        #expect(plan.actions.isEmpty)
        #expect(plan.deferred.count == 5)
    }

    @Test func budgetRunningOutMidCourseDefersTheRestOfItsMeetingWorkOnly() {
        let irregular = Snapshot(
            courses: [
                Fx.course(
                    dates: Fx.dates([
                        ("2027-05-03", "09:00", "12:00"), ("2027-05-05", "13:00", "17:00"),
                        ("2027-05-10", "14:00", "16:00"),
                    ]))
            ],
            bookings: Fx.guideBookings())
        // Create + two moves needed; only two writes left.
        let (_, plan) = Fx.run(irregular, zoom: ZoomObservation(remainingDailyWrites: [Fx.supervisorHost: 2]))
        #expect(plan.actions.filter(\.kind.costsHostDailyWrite).count == 2)
        #expect(plan.deferred.count == 1)
        #expect(
            plan.actions.filter { if case .addRegistrant = $0.kind { return true } else { return false } }.count == 3)
    }
}

@Suite struct PlanStateCorrectionTests {
    let snapshot = Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings())

    @Test func registrantsZoomAlreadyListsAreRecordedWithoutCalls() {
        var synced = Synced(snapshot)
        synced.state[course: "10062"]!.registrants = [:]
        let (_, plan) = synced.next()
        #expect(plan.actions.isEmpty)
        let recorded = plan.stateUpdates["10062"]?.registrants ?? [:]
        #expect(recorded.keys.sorted() == ["doro@semcoft.com", "mweisauer@semcosoft.com", "s.miller@semcosoft.com"])
        #expect(recorded["doro@semcoft.com"]?.bookings == ["BN27-00159"])
        #expect(recorded["doro@semcoft.com"]?.status == .registered)
        #expect(recorded["doro@semcoft.com"]?.joinURL?.hasPrefix("https://zoom.example/w/") == true)
    }

    @Test func bookingsBehindAnAddressStayCurrent() {
        let synced = Synced(snapshot)
        var changed = snapshot
        changed.bookings.append(Fx.booking("BN27-00300", first: "Rita", last: "Doro", email: "doro@semcoft.com"))
        let (_, plan) = synced.next(changed)
        #expect(plan.actions.isEmpty)
        #expect(plan.stateUpdates["10062"]?.registrants["doro@semcoft.com"]?.bookings == ["BN27-00159", "BN27-00300"])
        // Cancelling one of the two bookings cancels nothing; cancelling both does.
        var state = synced.state
        state[course: "10062"] = plan.stateUpdates["10062"]
        var oneCancelled = changed
        oneCancelled.bookings[0].status = .cancelled
        let (_, one) = Fx.run(oneCancelled, state: state, zoom: synced.zoom.observe(state))
        #expect(one.actions.isEmpty)
        var bothCancelled = oneCancelled
        bothCancelled.bookings[3].status = .cancelled
        let (_, both) = Fx.run(bothCancelled, state: state, zoom: synced.zoom.observe(state))
        #expect(both.actions.map(\.email) == ["doro@semcoft.com"])
    }

    @Test func meetingFoundAgainClearsGoneSince() {
        var synced = Synced(snapshot)
        synced.state[course: "10062"]!.goneSince = Fx.at("2027-03-31T02:00")
        let (_, plan) = synced.next()
        #expect(plan.actions.isEmpty)
        #expect(plan.stateUpdates["10062"]?.goneSince == nil)
        #expect(plan.stateUpdates["10062"] != nil)
    }
}

@Suite struct DesiredHostOverlapScanTests {
    func weekly(_ number: CourseNumber, _ weekday: Weekday, _ from: String, _ to: String, end: String = "2027-06-30")
        -> Course
    {
        Fx.course(
            number, start: "2027-05-01", end: end,
            weekly: [.init(weekday: weekday, from: Fx.time(from), to: Fx.time(to))])
    }

    @Test func interleavedCoursesOnOtherDaysDoNotOverlap() {
        let (desired, _) = Fx.run(
            Snapshot(courses: [weekly("1", .monday, "09:00", "17:00"), weekly("2", .tuesday, "09:00", "17:00")]))
        #expect(desired.diagnostics.isEmpty)
    }

    @Test func aSingleLateClashIsFound() {
        let single = Fx.course(
            "3", start: "2027-06-28", end: "2027-06-28",
            weekly: [.init(weekday: .monday, from: Fx.time("16:59"), to: Fx.time("18:00"))])
        let (desired, _) = Fx.run(Snapshot(courses: [weekly("1", .monday, "09:00", "17:00"), single]))
        #expect(Fx.intent(desired, "3") == .blocked)
        #expect(desired.diagnostics.map(\.code) == ["plan.host-overlap"])
    }
}
