import Foundation
import Testing

@testable import SemcoZoomCore

/// The plan hands forward what the executor records (issue 15, point 2): the executor needs
/// neither the desired state nor the observation.
@Suite struct PlanActionRecordTests {
    let snapshot = Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings())

    @Test("a write to the meeting carries the meeting as desired; an add carries the person as SEMCO has them")
    func actionsCarryWhatIsRecorded() throws {
        let (desired, plan) = Fx.run(snapshot)
        guard case .sync(let meeting, _, let registrants, _) = try #require(desired.courses.first).intent else {
            Issue.record("the guide course is not synced")
            return
        }
        let create = try #require(plan.actions.first)
        #expect(create.sentSpec == meeting)
        var adds = 0
        for action in plan.actions {
            guard case .addRegistrant(_, let request) = action.kind else { continue }
            adds += 1
            let person = try #require(action.person(request.email))
            #expect(person == registrants.first { $0.key == request.email.lowercased() })
            #expect(action.bookings(of: request.email, booking: action.booking) == person.bookings.sorted())
            #expect(action.names(of: request.email) == (person.firstName, person.lastName))
        }
        #expect(adds == 3)
        #expect(plan.actions.last?.record == nil, "a refresh records only what Zoom answers")
    }

    @Test("an interrupted create the observer could not check is handed forward in the plan")
    func unresolvedCreatesAreHandedForward() {
        var observation = ZoomObservation()
        observation.unresolvedCreates = ["10062"]
        let (_, plan) = Fx.run(snapshot, zoom: observation)
        #expect(plan.unresolvedCreates == ["10062"])
    }
}
