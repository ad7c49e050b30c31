import Foundation
import Testing

@testable import SemcoZoomCore

/// The state takes in what Zoom lists, whatever the plan does (issue: a run killed after Zoom
/// served a cancel or approve, before the journal recorded it; soak seed 4242).
@Suite struct PlanObservedStateTests {
    let snapshot = Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings())

    func update(_ plan: Plan) -> ManagedCourse? { plan.stateUpdates["10062"] }

    @Test func cancelServedButNotJournaledIsTakenIntoTheState() {
        // SEMCO no longer has the booking; Zoom already denied the person (the killed run's cancel).
        var synced = Synced(snapshot)
        let id = synced.meetingID
        let index = synced.zoom.meetings[id]!.registrants.firstIndex { $0.email == "doro@semcoft.com" }!
        synced.zoom.meetings[id]!.registrants[index].status = .denied
        var vanished = snapshot
        vanished.bookings.removeAll { $0.number == "BN27-00159" }
        let (_, plan) = synced.next(vanished)
        #expect(plan.actions.isEmpty)
        #expect(update(plan)?.registrants["doro@semcoft.com"]?.status == .cancelled)
        let corrected = plan.diagnostics.filter { $0.code == "zoom.registrant-state-corrected" }
        #expect(corrected.count == 1)
        #expect(corrected.first?.severity == .info)
        #expect(corrected.first?.message.en.contains("doro@semcoft.com") == true)
    }

    @Test func approveServedButNotJournaledIsTakenIntoTheStateAndCancelledWhenSEMCOLetsGo() {
        var synced = Synced(snapshot)
        var cancelled = snapshot
        cancelled.bookings[0].status = .cancelled
        let (desired, plan) = synced.next(cancelled)
        synced.apply(desired, plan)
        #expect(synced.state[course: "10062"]?.registrants["doro@semcoft.com"]?.status == .cancelled)
        // A killed run approved her again in Zoom; the journal still says cancelled.
        let id = synced.meetingID
        let index = synced.zoom.meetings[id]!.registrants.firstIndex { $0.email == "doro@semcoft.com" }!
        synced.zoom.meetings[id]!.registrants[index].status = .approved
        let entry = synced.zoom.meetings[id]!.registrants[index]
        // SEMCO still says cancelled: the person must leave Zoom again.
        let (_, again) = synced.next(cancelled)
        #expect(
            again.actions.map(\.kind) == [
                .cancelRegistrant(.existing(id), registrant: ZoomRegistrantReference(id: entry.id, email: entry.email))
            ])
        #expect(update(again)?.registrants["doro@semcoft.com"]?.status == .registered)
        #expect(again.diagnostics.contains { $0.code == "zoom.registrant-state-corrected" })
    }

    @Test func aCourseTheRunDoesNotPlanStillTakesInZoom() {
        // The course is missing from tonight's export: its meeting is left alone, its state corrected.
        var synced = Synced(snapshot)
        let id = synced.meetingID
        synced.zoom.meetings[id]!.registrants.removeAll { $0.email == "s.miller@semcosoft.com" }
        let empty = Snapshot(courses: [], bookings: [])
        let (_, plan) = synced.next(empty)
        #expect(plan.actions.isEmpty)
        #expect(update(plan)?.registrants["s.miller@semcosoft.com"]?.status == .cancelled)
        #expect(update(plan)?.meetingID == id)
    }

    @Test func aCourseInStepWritesNothing() {
        var synced = Synced(snapshot)
        let (desired, first) = synced.next()
        synced.apply(desired, first)  // the join links read once
        let (_, plan) = synced.next()
        #expect(plan.stateUpdates.isEmpty)
        #expect(!plan.diagnostics.contains { $0.code == "zoom.registrant-state-corrected" })
    }
}
