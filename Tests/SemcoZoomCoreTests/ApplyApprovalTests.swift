import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// `approveAdded` alone, against the simulator over real HTTP: whom it approves, whom it leaves.
@Suite("Apply: approving people Zoom holds as pending", .serialized)
struct ApplyApprovalTests {
    typealias Rig = ApplyExecutorTests.Rig
    static let why = LocalizedText(de: "Test", en: "test")

    @Test(
        "one call approves a person seen pending in Zoom (even one handed to the import file) and one added this run; an add that never happened is left out"
    )
    func approvesWhomZoomHoldsPending() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let meeting = try await rig.meeting()
        // Without auto_approve under manual approval both stay pending in Zoom.
        let imported = try await rig.client.addRegistrant(
            meetingID: meeting.id, ZoomRegistrantRequest(email: "imp@example.org", firstName: "Ina"), context: .none)
        let added = try await rig.client.addRegistrant(
            meetingID: meeting.id, ZoomRegistrantRequest(email: "new@example.org", firstName: "Nils"), context: .none)
        var course = ManagedCourse(number: "4711", host: ApplyExecutorTests.host, meetingID: meeting.id)
        course.registrants = [
            "imp@example.org": ManagedRegistrant(
                email: "imp@example.org", firstName: "Ina", lastName: "", bookings: ["BN-1"], status: .handedToImport),
            "new@example.org": ManagedRegistrant(
                email: "new@example.org", firstName: "Nils", lastName: "", registrantID: added.registrantID,
                bookings: ["BN-2"], status: .pending),
            "gone@example.org": ManagedRegistrant(
                email: "gone@example.org", firstName: "Gero", lastName: "", bookings: ["BN-3"], status: .cancelled),
        ]
        let before = await rig.sim.servedCalls().count
        let executor = try await rig.executor(SyncState(courses: ["4711": course]))
        let report = await executor.execute(
            Plan(actions: [
                PlannedAction(
                    course: "4711", booking: "BN-1",
                    kind: .approveAdded(
                        .existing(meeting.id),
                        registrants: [
                            ZoomRegistrantReference(id: imported.registrantID, email: "imp@example.org"),
                            ZoomRegistrantReference(id: nil, email: "new@example.org"),
                            ZoomRegistrantReference(id: nil, email: "gone@example.org"),
                        ]), reason: Self.why)
            ]))
        #expect(report.actions.map(\.result) == [.applied])
        let calls = await rig.sim.servedCalls().dropFirst(before).filter { $0.method == "PUT" }
        #expect(calls.count == 1)
        let zoom = try #require(await rig.sim.snapshot().meeting(meeting.id))
        #expect(zoom.registrants.map(\.status) == ["approved", "approved"])
        let state = try rig.store.load().state
        #expect(state[course: "4711"]?.registrants["imp@example.org"]?.status == .registered)
        #expect(state[course: "4711"]?.registrants["new@example.org"]?.status == .registered)
        #expect(state[course: "4711"]?.registrants["gone@example.org"]?.status == .cancelled)

        // Nobody left waiting: no call, the action says why.
        let second = try await rig.executor(try rig.store.load().state)
        let idle = await second.execute(
            Plan(actions: [
                PlannedAction(
                    course: "4711",
                    kind: .approveAdded(
                        .existing(meeting.id),
                        registrants: [ZoomRegistrantReference(id: nil, email: "gone@example.org")]),
                    reason: Self.why)
            ]))
        #expect(idle.actions.map(\.result) == [.skipped])
        #expect(await rig.sim.servedCalls().dropFirst(before).filter { $0.method == "PUT" }.count == 1)
    }
}
