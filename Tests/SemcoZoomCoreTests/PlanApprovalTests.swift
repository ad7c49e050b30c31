import Foundation
import Testing

@testable import SemcoZoomCore

/// Approvals after the adds (webinars: Zoom's add has no `auto_approve`) and of booked people
/// Zoom lists as pending (both kinds). Pure planning against the test Zoom.
@Suite struct PlanApprovalTests {
    let snapshot = Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings())

    static var webinars: Configuration {
        var configuration = Configuration()
        configuration.kind = .webinar
        return configuration
    }

    @Test func aWebinarsFirstSyncAddsEveryoneAndThenApprovesThemInOneAction() {
        let (_, plan) = Fx.run(snapshot, configuration: Self.webinars)
        let adds = plan.actions.filter { if case .addRegistrant = $0.kind { return true } else { return false } }
        let approvals = plan.actions.compactMap { action -> [ZoomRegistrantReference]? in
            if case .approveAdded(.created("10062"), let people) = action.kind { return people } else { return nil }
        }
        #expect(adds.count >= 2)
        #expect(approvals.count == 1)
        #expect(approvals.first?.map(\.email) == adds.compactMap(\.email))
        #expect(approvals.first?.allSatisfy { $0.id == nil } == true)
        // After the last add, before the join links are read.
        let kinds = plan.actions.map(\.kind)
        let approveAt = kinds.firstIndex { if case .approveAdded = $0 { return true } else { return false } }!
        let lastAdd = kinds.lastIndex { if case .addRegistrant = $0 { return true } else { return false } }!
        #expect(approveAt == lastAdd + 1)
        #expect(kinds.last == .refreshRegistrants(.created("10062")))
    }

    @Test func meetingsAddWithAutoApproveAndPlanNoApproval() {
        let (_, plan) = Fx.run(snapshot)
        #expect(!plan.actions.contains { if case .approveAdded = $0.kind { return true } else { return false } })
    }

    @Test func aNewWebinarBookingIsAddedAndApproved() {
        let synced = Synced(snapshot, configuration: Self.webinars)
        var changed = snapshot
        changed.bookings.append(Fx.booking("BN27-00170", first: "Neu", last: "Person", email: "neu@x.de"))
        let (_, plan) = synced.next(changed)
        #expect(
            plan.actions.map(\.kind) == [
                .addRegistrant(
                    .existing(synced.meetingID),
                    request: ZoomRegistrantRequest(email: "neu@x.de", firstName: "Neu", lastName: "Person")),
                .approveAdded(
                    .existing(synced.meetingID), registrants: [ZoomRegistrantReference(id: nil, email: "neu@x.de")]),
                .refreshRegistrants(.existing(synced.meetingID)),
            ])
        #expect(plan.actions[1].booking == "BN27-00170")
        #expect(plan.actions[1].reason.en.contains("without automatic approval"))
    }

    @Test(arguments: [false, true])
    func aBookedPersonPendingInZoomIsRecordedPendingThenApproved(webinar: Bool) {
        var synced = Synced(snapshot, configuration: webinar ? Self.webinars : Configuration())
        let id = synced.meetingID
        let index = synced.zoom.meetings[id]!.registrants.firstIndex { $0.email == "s.miller@semcosoft.com" }!
        synced.zoom.meetings[id]!.registrants[index].status = .pending
        let zoomID = synced.zoom.meetings[id]!.registrants[index].id
        let (desired, plan) = synced.next()
        #expect(
            plan.actions.map(\.kind) == [
                .approveAdded(
                    .existing(id),
                    registrants: [ZoomRegistrantReference(id: zoomID, email: "s.miller@semcosoft.com")]),
                .refreshRegistrants(.existing(id)),
            ])
        // Not registered until approved: the state (and so the write-back) says pending meanwhile.
        let recorded = plan.stateUpdates["10062"]?.registrants["s.miller@semcosoft.com"]
        #expect(recorded?.status == .pending && recorded?.joinURL == nil)
        // SEMCO still wants the person: approved, not reported as a correction.
        #expect(!plan.diagnostics.contains { $0.code == "zoom.registrant-state-corrected" })
        synced.apply(desired, plan)
        #expect(synced.next().1.actions.isEmpty)
    }

    @Test func aPendingPersonNoLongerBookedIsCancelledNotApproved() {
        let synced = Synced(snapshot, configuration: Self.webinars)
        var zoom = synced.zoom
        let id = synced.meetingID
        let index = zoom.meetings[id]!.registrants.firstIndex { $0.email == "doro@semcoft.com" }!
        zoom.meetings[id]!.registrants[index].status = .pending
        var changed = snapshot
        changed.bookings[0].status = .cancelled
        let (_, plan) = synced.next(changed, zoom: zoom.observe(synced.state))
        #expect(!plan.actions.contains { if case .approveAdded = $0.kind { return true } else { return false } })
        #expect(
            plan.actions.contains {
                if case .cancelRegistrant(_, let who) = $0.kind { return who.email == "doro@semcoft.com" }
                return false
            })
    }
}
