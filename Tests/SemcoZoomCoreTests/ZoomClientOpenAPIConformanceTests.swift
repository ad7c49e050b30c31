import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// Passes every request on and keeps it with its answer.
final class RecordingTransport: HTTPTransport {
    actor Calls {
        private(set) var all: [(request: HTTPRequest, response: HTTPResponse)] = []
        func add(_ request: HTTPRequest, _ response: HTTPResponse) { all.append((request, response)) }
    }

    let inner: any HTTPTransport
    let calls = Calls()

    init(_ inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await inner.send(request)
        await calls.add(request, response)
        return response
    }
}

/// What the client sends (and reads) validates against Zoom's OpenAPI documents
/// (Tests/Fixtures/zoom-openapi/): the simulator's conformance suite proves the simulator's
/// side, this one the bodies `HTTPZoomClient` builds, for every call semco-zoom makes.
@Suite(.serialized) struct ZoomClientOpenAPIConformanceTests {
    static let manual = MeetingSettings(
        approval: .manual, registration: .onceForAllSessions,
        registrantsEmailNotification: false, registrantsConfirmationEmail: false)

    /// Checks every `/v2` call recorded; answers the number of request and answer bodies checked.
    static func check(_ transport: RecordingTransport) async throws -> (requests: Int, responses: Int) {
        let zoom = try ZoomOpenAPI()
        var problems: [String] = []
        var requests = 0
        var responses = 0
        for (request, response) in await transport.calls.all {
            let path = request.url.path
            guard path.hasPrefix("/v2/") else { continue }  // the token call is not in the documents
            let api = String(path.dropFirst(3))
            #expect((200..<300).contains(response.status), "\(request.method) \(api) answered \(response.status)")
            let sent = try request.body.map { try JSONValue.parse($0) }
            // (Not `isEmpty ? nil : …`: JSONValue takes `nil` as its literal null.)
            let answered: JSONValue? = response.body.isEmpty ? .none : try JSONValue.parse(response.body)
            problems += zoom.problems(
                method: request.method, path: api, status: response.status, request: sent, response: answered)
            if sent != nil { requests += 1 }
            if answered != nil { responses += 1 }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        return (requests, responses)
    }

    @Test("meetings: every request the client builds and every answer it reads validates")
    func meetingCalls() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let transport = RecordingTransport(CurlTransport())
        let client = HTTPZoomClient(settings: SimHarness.settings(sim, configuration), transport: transport)
        let host = SimHarness.host

        var singleRequest = SimHarness.meetingRequest()
        singleRequest.settings = Self.manual
        let single = try await client.createMeeting(host: host, singleRequest, context: .none)
        let series = try await client.createMeeting(
            host: host,
            MeetingChange(
                topic: "Kurs 4712", kind: .meetingSeries, startTime: "2030-05-06T16:00:00", timezone: "Europe/Berlin",
                duration: 120,
                agenda: "[SEMCO 4712]",
                recurrence: MeetingRecurrence(
                    frequency: .weekly, repeatInterval: 1, weekdays: [.monday, .wednesday], endTimes: 4),
                settings: Self.manual), context: .none)
        let occurrences = try #require(series.occurrences)
        try #require(occurrences.count == 4)
        _ = try await client.getMeeting(id: series.id, context: .none)
        try await client.updateMeeting(
            id: single.id, occurrenceID: nil,
            MeetingChange(
                topic: "Kurs 4711 neu", agenda: "[SEMCO 4711]\nNeu",
                settings: MeetingSettings(approval: .manual)), context: .none)
        try await client.updateMeeting(
            id: series.id, occurrenceID: occurrences[1].occurrenceID,
            MeetingChange(startTime: "2030-05-08T17:00:00", duration: 90), context: .none)
        try await client.updateMeeting(
            id: series.id, occurrenceID: nil,
            MeetingChange(
                startTime: "2030-05-06T16:00:00", timezone: "Europe/Berlin",
                recurrence: MeetingRecurrence(
                    frequency: .weekly, repeatInterval: 1, weekdays: [.monday],
                    endDateTime: Date(timeIntervalSince1970: 1_905_000_000)
                )),
            context: .none)
        _ = try await client.listMeetings(host: host, context: .none)

        _ = try await client.addRegistrant(
            meetingID: single.id,
            ZoomRegistrantRequest(
                email: "a@example.org", firstName: "Erika",
                lastName: "Muster", org: "Firma GmbH"), context: .none)
        _ = try await client.addRegistrant(
            meetingID: series.id, ZoomRegistrantRequest(email: "b@example.org", firstName: "Bernd"), context: .none)
        let batch = try await client.addRegistrants(
            meetingID: single.id,
            [
                ZoomRegistrantRequest(email: "c@example.org", firstName: "Carla", lastName: "Chen"),
                ZoomRegistrantRequest(email: "d@example.org", firstName: "Dana"),
            ],
            autoApprove: true, confirmationEmail: false, context: .none)
        #expect(batch.count == 2)
        try await client.updateRegistrantStatus(
            meetingID: single.id, action: .cancel,
            registrants: [ZoomRegistrantReference(id: nil, email: "a@example.org")], context: .none)
        for status in ZoomRegistrantStatus.allCases {
            _ = try await client.listRegistrants(meetingID: single.id, status: status, context: .none)
        }
        let denied = try #require(
            try await client.listRegistrants(meetingID: single.id, status: .denied, context: .none).first)
        try await client.updateRegistrantStatus(
            meetingID: single.id, action: .approve,
            registrants: [ZoomRegistrantReference(id: denied.id, email: denied.email)], context: .none)
        try await client.deleteRegistrant(meetingID: single.id, registrantID: denied.id, context: .none)
        _ = try await client.getUser(id: host, context: .none)
        try await client.deleteMeeting(
            id: series.id, occurrenceID: occurrences[2].occurrenceID, notifyRegistrants: false, context: .none)
        try await client.deleteMeeting(id: single.id, occurrenceID: nil, notifyRegistrants: false, context: .none)

        let checked = try await Self.check(transport)
        #expect(checked.requests >= 9)
        #expect(checked.responses >= 12)
    }

    @Test("webinars: every request the client builds and every answer it reads validates")
    func webinarCalls() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let transport = RecordingTransport(CurlTransport())
        let client = HTTPZoomClient(
            settings: SimHarness.settings(sim, configuration, kind: .webinar), transport: transport)

        var request = SimHarness.meetingRequest("Webinar 4713")
        request.kind = .webinar
        request.settings = Self.manual
        let webinar = try await client.createMeeting(host: SimHarness.host, request, context: .none)
        _ = try await client.getMeeting(id: webinar.id, context: .none)
        try await client.updateMeeting(
            id: webinar.id, occurrenceID: nil, MeetingChange(topic: "Webinar 4713 neu"), context: .none)
        _ = try await client.listMeetings(host: SimHarness.host, context: .none)
        let added = try await client.addRegistrant(
            meetingID: webinar.id,
            ZoomRegistrantRequest(
                email: "w@example.org", firstName: "Wanda",
                lastName: "Weber", org: "Firma", autoApprove: true), context: .none)
        // The webinar add has no auto_approve (the strict check would report it): Wanda is pending.
        let pending = try await client.listRegistrants(meetingID: webinar.id, status: .pending, context: .none)
        #expect(pending.map(\.email) == ["w@example.org"])
        let features = try await client.getUserFeatures(id: SimHarness.host, context: .none)
        #expect(features == ZoomUserFeatures(webinar: true, webinarCapacity: 500))
        _ = try await client.addRegistrants(
            meetingID: webinar.id, [ZoomRegistrantRequest(email: "x@example.org", firstName: "Xaver")],
            autoApprove: true, confirmationEmail: nil, context: .none)
        try await client.updateRegistrantStatus(
            meetingID: webinar.id, action: .approve,
            registrants: [ZoomRegistrantReference(id: added.registrantID, email: "w@example.org")], context: .none)
        _ = try await client.listRegistrants(meetingID: webinar.id, status: .approved, context: .none)
        try await client.deleteMeeting(id: webinar.id, occurrenceID: nil, notifyRegistrants: false, context: .none)

        let checked = try await Self.check(transport)
        #expect(checked.requests >= 5)
        #expect(checked.responses >= 5)
    }
}
