import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// The executor's batch registration, with hand-written plans, against the simulator over real HTTP.
@Suite("Apply: batch registration against the simulator", .serialized)
struct ApplyBatchRegistrationTests {
    typealias Rig = ApplyExecutorTests.Rig
    static let why = LocalizedText(de: "Test", en: "test")

    static func people(_ emails: [String]) -> [RegistrantAdd] {
        emails.enumerated().map { n, email in
            RegistrantAdd(
                booking: "BN-\(n)",
                request: ZoomRegistrantRequest(email: email, firstName: "Eva", lastName: "Lang \(n)"))
        }
    }

    @Test("one call registers everyone; each person is in the state with registrant id, join link and booking")
    func everyoneAnswered() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let meeting = try await rig.meeting()
        let people = Self.people((0..<12).map { "p\($0)@example.org" })
        let executor = try await rig.executor(
            SyncState(courses: ["4711": ApplyExecutorTests.managed("4711", meeting: meeting.id)]))
        let report = await executor.execute(
            Plan(actions: [
                PlannedAction(
                    course: "4711", booking: "BN-0", kind: .addRegistrants(.existing(meeting.id), registrants: people),
                    reason: Self.why)
            ]))
        #expect(report.actions.map(\.result) == [.applied])
        #expect(
            await rig.sim.servedCalls().filter { $0.method == "POST" && $0.path.hasSuffix("/batch_registrants") }.count
                == 1)
        let state = try rig.store.load().state
        let registrants = try #require(state[course: "4711"]?.registrants)
        #expect(registrants.count == 12)
        #expect(registrants["p5@example.org"]?.bookings == ["BN-5"])
        #expect(
            registrants.values.allSatisfy { $0.status == .registered && $0.registrantID != nil && $0.joinURL != nil })
        let approved = try await rig.client.listRegistrants(meetingID: meeting.id, status: .approved, context: .none)
        #expect(Set(approved.map(\.id)) == Set(registrants.values.compactMap(\.registrantID)))
    }

    @Test("an address Zoom leaves out of the answer (denied meanwhile) gets the single path: refused add, then approve")
    func leftOutIsBroughtBack() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let meeting = try await rig.meeting()
        // eva was registered and cancelled in Zoom after the plan was made.
        let eva = ZoomRegistrantRequest(email: "eva@example.org", firstName: "Eva", lastName: "Lang")
        let created = try await rig.client.addRegistrant(meetingID: meeting.id, eva, context: .none)
        try await rig.client.updateRegistrantStatus(
            meetingID: meeting.id, action: .cancel,
            registrants: [ZoomRegistrantReference(id: created.registrantID, email: eva.email)], context: .none)
        let people = Self.people(["a@example.org", "eva@example.org", "b@example.org"])
        let executor = try await rig.executor(
            SyncState(courses: ["4711": ApplyExecutorTests.managed("4711", meeting: meeting.id)]))
        let report = await executor.execute(
            Plan(actions: [
                PlannedAction(
                    course: "4711", booking: "BN-0", kind: .addRegistrants(.existing(meeting.id), registrants: people),
                    reason: Self.why)
            ]))
        #expect(report.actions.map(\.result) == [.applied])
        let calls = await rig.sim.servedCalls().filter {
            $0.path.hasPrefix("/v2/meetings/\(meeting.id)/") && $0.method != "GET"
        }
        #expect(
            calls.map { "\($0.method) \($0.path.replacingOccurrences(of: "/v2/meetings/\(meeting.id)", with: ""))" }
                .suffix(3)
                == ["POST /batch_registrants", "POST /registrants", "PUT /registrants/status"])
        let approved = try await rig.client.listRegistrants(meetingID: meeting.id, status: .approved, context: .none)
        #expect(Set(approved.map(\.email)) == ["a@example.org", "b@example.org", "eva@example.org"])
        let state = try rig.store.load().state
        #expect(state[course: "4711"]?.registrants.values.filter { $0.status == .registered }.count == 3)
        #expect(state[course: "4711"]?.registrants["eva@example.org"]?.bookings == ["BN-1"])
    }

    @Test("a meeting that became a series in Zoom refuses batches (303): everyone is added one by one")
    func refusedBatchFallsBackToSingleAdds() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let meeting = try await rig.meeting()
        try await rig.client.updateMeeting(
            id: meeting.id, occurrenceID: nil,
            MeetingChange(
                kind: .meetingSeries,
                recurrence: MeetingRecurrence(frequency: .weekly, repeatInterval: 1, weekdays: [.monday], endTimes: 2)),
            context: .none)
        let people = Self.people(["a@example.org", "b@example.org"])
        let executor = try await rig.executor(
            SyncState(courses: ["4711": ApplyExecutorTests.managed("4711", meeting: meeting.id)]))
        let report = await executor.execute(
            Plan(actions: [
                PlannedAction(
                    course: "4711", booking: "BN-0", kind: .addRegistrants(.existing(meeting.id), registrants: people),
                    reason: Self.why)
            ]))
        #expect(report.actions.map(\.result) == [.applied])
        #expect(report.actions.first?.note?.en.contains("no batch registration") == true)
        #expect(
            await rig.sim.servedCalls().filter {
                $0.method == "POST" && $0.path.hasSuffix("/\(meeting.id)/registrants")
            }.count == 2)
        #expect(try rig.store.load().state[course: "4711"]?.registrants.count == 2)
    }
}
