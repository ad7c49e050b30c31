import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// Batch registration through `HTTPZoomClient` against the simulator over real HTTP, and the
/// protocol's default (single adds) for clients that have no batch call.
@Suite(.serialized) struct ZoomClientBatchTests {
    static func people(_ count: Int, prefix: String = "p") -> [ZoomRegistrantRequest] {
        (0..<count).map {
            ZoomRegistrantRequest(
                email: "\(prefix)\($0)@example.org", firstName: "Jürgen", lastName: "Müller-\($0)", org: nil)
        }
    }

    @Test func fortyFivePeopleGoInTwoHeavyCallsAndEveryoneIsAnswered() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let log = InMemoryAPICallLog()
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration), log: log)
        var request = SimHarness.meetingRequest()
        request.settings?.approval = .manual
        let meeting = try await client.createMeeting(host: SimHarness.host, request, context: .none)

        let added = try await client.addRegistrants(
            meetingID: meeting.id, Self.people(45), autoApprove: true, confirmationEmail: false,
            context: CallContext(course: CourseNumber("4711")))
        #expect(added.count == 45)
        #expect(Set(added.map(\.email)) == Set(Self.people(45).map(\.email)))
        #expect(added.allSatisfy { !$0.registrantID.isEmpty && $0.joinURL != nil })
        let calls = await SimHarness.served(sim, "POST", prefix: "/v2/meetings/\(meeting.id)/batch_registrants")
        #expect(calls.count == 2)
        #expect(await SimHarness.served(sim, "POST", prefix: "/v2/meetings/\(meeting.id)/registrants").isEmpty)
        let approved = try await client.listRegistrants(meetingID: meeting.id, status: .approved, context: .none)
        #expect(approved.count == 45)
        #expect(approved.first { $0.email == "p7@example.org" }?.lastName == "Müller-7")
        // Logged like every call, without addresses.
        let records = log.records.filter { $0.path.hasSuffix("/batch_registrants") }
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.course == "4711" && $0.status == 201 })
    }

    @Test func aRecurringMeetingIsRefusedWithZoomsCode() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration))
        var request = SimHarness.meetingRequest()
        request.kind = .meetingSeries
        request.recurrence = MeetingRecurrence(frequency: .weekly, repeatInterval: 1, weekdays: [.monday], endTimes: 3)
        let meeting = try await client.createMeeting(host: SimHarness.host, request, context: .none)
        await #expect {
            _ = try await client.addRegistrants(
                meetingID: meeting.id, Self.people(2), autoApprove: true, confirmationEmail: nil, context: .none)
        } throws: { error in
            guard case ZoomError.api(400, 303?, _, _) = error else { return false }
            return true
        }
    }

    @Test func webinarsUseTheWebinarBatchPathWithoutTheMeetingOnlyField() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration, kind: .webinar))
        var request = SimHarness.meetingRequest()
        request.kind = .webinar
        let webinar = try await client.createMeeting(host: SimHarness.host, request, context: .none)
        let added = try await client.addRegistrants(
            meetingID: webinar.id, Self.people(3), autoApprove: true, confirmationEmail: true, context: .none)
        #expect(added.count == 3)
        #expect(await SimHarness.served(sim, "POST", prefix: "/v2/webinars/\(webinar.id)/batch_registrants").count == 1)
    }

    /// A conformer without a batch call: the protocol's default adds one by one.
    struct SingleAddsOnly: ZoomClient {
        let base: HTTPZoomClient
        func createMeeting(host: String, _ request: MeetingChange, context: CallContext) async throws
            -> ZoomMeeting
        {
            try await base.createMeeting(host: host, request, context: context)
        }
        func getMeeting(id: ZoomMeetingID, context: CallContext) async throws -> ZoomMeeting {
            try await base.getMeeting(id: id, context: context)
        }
        func updateMeeting(
            id: ZoomMeetingID, occurrenceID: String?, _ request: MeetingChange, context: CallContext
        ) async throws {
            try await base.updateMeeting(id: id, occurrenceID: occurrenceID, request, context: context)
        }
        func deleteMeeting(id: ZoomMeetingID, occurrenceID: String?, notifyRegistrants: Bool, context: CallContext)
            async throws
        {
            try await base.deleteMeeting(
                id: id, occurrenceID: occurrenceID, notifyRegistrants: notifyRegistrants, context: context)
        }
        func listMeetings(host: String, context: CallContext) async throws -> [ZoomMeetingSummary] {
            try await base.listMeetings(host: host, context: context)
        }
        func listRegistrants(meetingID: ZoomMeetingID, status: ZoomRegistrantStatus, context: CallContext) async throws
            -> [ZoomRegistrant]
        {
            try await base.listRegistrants(meetingID: meetingID, status: status, context: context)
        }
        func addRegistrant(meetingID: ZoomMeetingID, _ request: ZoomRegistrantRequest, context: CallContext)
            async throws -> ZoomRegistrantCreated
        {
            try await base.addRegistrant(meetingID: meetingID, request, context: context)
        }
        func updateRegistrantStatus(
            meetingID: ZoomMeetingID, action: ZoomRegistrantAction, registrants: [ZoomRegistrantReference],
            context: CallContext
        ) async throws {
            try await base.updateRegistrantStatus(
                meetingID: meetingID, action: action, registrants: registrants, context: context)
        }
        func deleteRegistrant(meetingID: ZoomMeetingID, registrantID: String, context: CallContext) async throws {
            try await base.deleteRegistrant(meetingID: meetingID, registrantID: registrantID, context: context)
        }
        func getUser(id: String, context: CallContext) async throws -> ZoomUser {
            try await base.getUser(id: id, context: context)
        }
        func getUserFeatures(id: String, context: CallContext) async throws -> ZoomUserFeatures {
            try await base.getUserFeatures(id: id, context: context)
        }
        func remainingDailyWrites(host: String) async -> Int { await base.remainingDailyWrites(host: host) }
        func grantedScopes() async throws -> [String] { try await base.grantedScopes() }
    }

    @Test func theDefaultAddsOneByOneAndLeavesOutWhomZoomRefuses() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let client = SingleAddsOnly(base: HTTPZoomClient.overCurl(settings: SimHarness.settings(sim, configuration)))
        var request = SimHarness.meetingRequest()
        request.settings?.approval = .manual
        let meeting = try await client.createMeeting(host: SimHarness.host, request, context: .none)
        // The host cannot register (3027): left out of the answer, the others are added.
        let people = Self.people(2) + [ZoomRegistrantRequest(email: SimHarness.host, firstName: "Tina")]
        let added = try await client.addRegistrants(
            meetingID: meeting.id, people, autoApprove: true, confirmationEmail: nil, context: .none)
        #expect(added.map(\.email) == ["p0@example.org", "p1@example.org"])
        #expect(await SimHarness.served(sim, "POST", prefix: "/v2/meetings/\(meeting.id)/registrants").count == 3)
        #expect(await SimHarness.served(sim, "POST", prefix: "/v2/meetings/\(meeting.id)/batch_registrants").isEmpty)
        // auto_approve travelled with each single add: approved, not pending.
        #expect(try await client.listRegistrants(meetingID: meeting.id, status: .approved, context: .none).count == 2)
    }
}
