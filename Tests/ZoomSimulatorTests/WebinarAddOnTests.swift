import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// Webinar registration as Zoom does it (no `auto_approve` on the single add, manual approval
/// leaves the person pending until a status PUT approves them) and the webinar add-on (users
/// file `"webinar": true`, `feature.webinar` in the user's settings, a create refused without
/// it), checked against Zoom's OpenAPI documents (Tests/Fixtures/zoom-openapi/).
@Suite("Simulator: webinar registration and the webinar add-on")
struct WebinarAddOnTests {
    static let plain = "plain@example.com"

    static func withPlainUser(_ configuration: inout SimulatorConfiguration) {
        configuration.users.append(SimulatedUser(email: plain, type: 2, firstName: "Paul", lastName: "Plain"))
    }

    @Test("manual approval: the add leaves the person pending, the status PUT approves; every call validates")
    func manualApprovalValidates() async throws {
        let zoom = try ZoomOpenAPI()
        try await Fixture.run { _, client, token in
            let webinar = try await Fixture.create(
                client, token,
                Fixture.meetingBody(
                    type: 9, start: "2027-04-12T16:00:00", approval: 1,
                    recurrence: ["type": 2, "weekly_days": "2,4,6", "end_times": 3]), webinar: true)
            let id = try #require(webinar["id"]?.intValue)
            let added = try await client.api(
                "POST", "/webinars/\(id)/registrants", body: Fixture.registrant("w@example.org"), token: token)
            #expect(added.status == 201)
            // Under manual approval Zoom leaves the personal link out of the add answer.
            #expect(added.json?["join_url"] == nil)
            let registrantID = try #require(added.json?["registrant_id"]?.stringValue)
            let pending = try await client.api(
                "GET", "/webinars/\(id)/registrants", query: "status=pending&page_size=300", token: token)
            #expect(pending.json?["registrants"]?[0]?["id"]?.stringValue == registrantID)
            let approvedBefore = try await client.api("GET", "/webinars/\(id)/registrants", token: token)
            #expect(approvedBefore.json?["registrants"]?.arrayValue?.isEmpty == true)
            let approve = try await client.api(
                "PUT", "/webinars/\(id)/registrants/status",
                body: ["action": "approve", "registrants": [["id": .string(registrantID), "email": "w@example.org"]]],
                token: token)
            #expect(approve.status == 204)
            let approved = try await client.api(
                "GET", "/webinars/\(id)/registrants", query: "status=approved&page_size=300", token: token)
            #expect(approved.json?["registrants"]?[0]?["id"]?.stringValue == registrantID)
            #expect(approved.json?["registrants"]?[0]?["join_url"]?.stringValue?.isEmpty == false)
            let settings = try await client.api("GET", "/users/\(Fixture.host)/settings", token: token)
            #expect(settings.json?["feature"]?["webinar"] == .bool(true))
            #expect(settings.json?["feature"]?["webinar_capacity"]?.intValue == 500)

            var problems: [String] = []
            for exchange in await client.log.exchanges {
                #expect((200..<300).contains(exchange.status), "\(exchange.method) \(exchange.path)")
                problems += zoom.problems(
                    method: exchange.method, path: exchange.path, status: exchange.status,
                    request: exchange.requestBody, response: exchange.responseBody)
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test("a webinar's single add ignores auto_approve (Zoom's webinar add has none): still pending")
    func autoApproveIsNotAWebinarField() async throws {
        try await Fixture.run { simulator, client, token in
            let webinar = try await Fixture.create(
                client, token, Fixture.meetingBody(type: 5, approval: 1), webinar: true)
            let id = try #require(webinar["id"]?.intValue)
            let added = try await client.api(
                "POST", "/webinars/\(id)/registrants", body: Fixture.registrant("w@example.org", autoApprove: true),
                token: token)
            #expect(added.status == 201)
            let stored = try #require(await simulator.snapshot().meeting(Int64(id)))
            #expect(stored.registrants.map(\.status) == ["pending"])
            // A meeting's add still honours it.
            let meeting = try await Fixture.create(client, token, Fixture.meetingBody(approval: 1))
            let meetingID = try #require(meeting["id"]?.intValue)
            try await client.api(
                "POST", "/meetings/\(meetingID)/registrants",
                body: Fixture.registrant("m@example.org", autoApprove: true), token: token)
            #expect(await simulator.snapshot().meeting(Int64(meetingID))?.registrants.map(\.status) == ["approved"])
        }
    }

    @Test("without the add-on: settings say feature.webinar false, and a webinar create is refused as Zoom does")
    func withoutTheAddOn() async throws {
        let zoom = try ZoomOpenAPI()
        try await Fixture.run(Self.withPlainUser) { simulator, client, token in
            let settings = try await client.api("GET", "/users/\(Self.plain)/settings", token: token)
            #expect(settings.status == 200)
            #expect(settings.json?["feature"]?["webinar"] == .bool(false))
            #expect(settings.json?["feature"]?["webinar_capacity"] == nil)
            #expect(
                zoom.problems(
                    method: "GET", path: "/users/\(Self.plain)/settings", status: 200, request: nil,
                    response: settings.json
                ).isEmpty)

            let refused = try await client.api(
                "POST", "/users/\(Self.plain)/webinars", body: Fixture.meetingBody(type: 5, approval: 1), token: token)
            #expect(refused.status == 400)
            #expect(refused.json?["code"]?.intValue == 200)
            let message = try #require(refused.json?["message"]?.stringValue)
            #expect(
                message
                    == "Webinar plan is missing. You must subscribe to the webinar plan and enable webinars for user \(Self.plain) in order to perform this action."
            )
            // The code and the words are those Zoom's document gives for webinarCreate's 400.
            let described = try #require(
                zoom.meetings.operation("POST", "/users/{userId}/webinars")?["responses"]?["400"]?["description"]?
                    .stringValue)
            #expect(described.contains("**Error Code:** `200`"))
            #expect(described.contains(message.replacingOccurrences(of: Self.plain, with: "{userID}")))
            #expect(await simulator.snapshot().meetings.isEmpty)
            // A meeting for the same user is fine: the add-on is for webinars only.
            _ = try await Fixture.create(client, token, Fixture.meetingBody(approval: 1), host: Self.plain)
        }
    }
}
