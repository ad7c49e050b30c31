import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// Reads Zoom's documents from Tests/Fixtures/zoom-openapi/ (in every clone): a missing or
/// unreadable document fails these tests.
@Suite("Simulator conformance to Zoom's OpenAPI documents")
struct SimulatorOpenAPIConformanceTests {
    static func documents() throws -> (meetings: OpenAPIDocument, users: OpenAPIDocument) {
        let zoom = try ZoomOpenAPI()
        return (zoom.meetings, zoom.users)
    }

    @Test("the fixtures are Zoom's Meetings and Users documents, with the known mistakes the checker allows")
    func documentsAndTheirKnownMistakes() throws {
        let (meetings, users) = try Self.documents()
        #expect(meetings.root["info"]?["title"]?.stringValue == "Meetings")
        #expect(users.root["info"]?["title"]?.stringValue == "Users")
        #expect(users.template(for: "/users/trainer@example.com", method: "GET") == "/users/{userId}")
        // Tests/Fixtures/zoom-openapi/SOURCE.md lists these; when Zoom fixes one, drop its exception.
        let create = meetings.resolve(try #require(meetings.requestSchema("POST", "/users/{userId}/meetings")))
        let recurrence = meetings.resolve(try #require(create["properties"]?["recurrence"]))
        #expect(recurrence["properties"]?["weekly_days"]?["enum"] == .array((1...7).map { .string(String($0)) }))
        #expect(recurrence["properties"]?["end_times"]?["maximum"]?.intValue == 60)
        #expect(create["properties"]?["start_time"]?["format"]?.stringValue == "date-time")
        let batch = meetings.operation("POST", "/meetings/{meetingId}/batch_registrants")?["responses"]?["201"]?[
            "description"]?.stringValue
        #expect(batch?.contains("`200`") == true)
    }

    @Test(
        "the checker catches what it should (type, enum, maxLength, required, undeclared keys) and allows weekly_days lists"
    )
    func checkerCatches() throws {
        let (meetings, _) = try Self.documents()
        let checker = SchemaChecker(document: meetings)
        let schema = try #require(meetings.requestSchema("POST", "/users/{userId}/meetings"))
        #expect(
            checker.validate(
                ["topic": "ok", "type": 8, "recurrence": ["type": 2, "weekly_days": "2,4,6", "end_times": 3]], schema
            ).isEmpty)
        #expect(!checker.validate(["topic": .string(String(repeating: "x", count: 201))], schema).isEmpty)
        #expect(!checker.validate(["type": 4], schema).isEmpty)
        #expect(!checker.validate(["duration": "60"], schema).isEmpty)
        #expect(!checker.validate(["duration": 1441], schema).isEmpty)
        #expect(!checker.validate(["recurrence": ["type": 2, "weekly_days": "2,9"]], schema).isEmpty)
        #expect(!checker.validate(["recurrence": ["weekly_days": "2"]], schema).isEmpty)  // type required
        #expect(!checker.validate(["topicc": "typo"], schema).isEmpty)
        #expect(!checker.validate(["start_time": "12.04.2027 16:00"], schema).isEmpty)
        let registrant = try #require(meetings.requestSchema("POST", "/meetings/{meetingId}/registrants"))
        #expect(!checker.validate(["email": "a@example.org"], registrant).isEmpty)  // first_name required (allOf)
        #expect(
            checker.validate(["email": "a@example.org", "first_name": "A", "auto_approve": true], registrant).isEmpty)
        #expect(
            meetings.template(for: "/meetings/85746065/registrants/status", method: "PUT")
                == "/meetings/{meetingId}/registrants/status")
    }

    @Test("every request body accepted and every answer sent for the calls semco-zoom makes validates")
    func scenarioValidates() async throws {
        let zoom = try ZoomOpenAPI()
        try await Fixture.run { _, client, token in
            // Meetings: scheduled with manual approval, recurring with automatic approval.
            let single = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 1, agenda: "Agenda"))["id"]?
                    .intValue)
            let seriesBody = Fixture.meetingBody(
                type: 8, start: "2027-04-12T16:00:00", approval: 0,
                recurrence: [
                    "type": 2, "repeat_interval": 1, "weekly_days": "2,4,6", "end_date_time": "2027-04-16T21:00:00Z",
                ])
            let series = try await Fixture.create(client, token, seriesBody)
            let seriesID = try #require(series["id"]?.intValue)
            let occurrence = try #require(series["occurrences"]?[1]?["occurrence_id"]?.stringValue)
            _ = try await Fixture.create(
                client, token,
                Fixture.meetingBody(
                    type: 8, start: "2027-05-03T09:00:00Z",
                    recurrence: ["type": 1, "repeat_interval": 2, "end_times": 50]))
            try await client.api("GET", "/meetings/\(single)", token: token)
            try await client.api("GET", "/meetings/\(seriesID)", query: "show_previous_occurrences=true", token: token)
            try await client.api("GET", "/meetings/\(seriesID)", query: "occurrence_id=\(occurrence)", token: token)
            try await client.api(
                "PATCH", "/meetings/\(single)",
                body: [
                    "topic": "Neu", "agenda": "B", "duration": 90, "timezone": "Europe/Berlin",
                    "start_time": "2027-02-02T16:00:00",
                    "settings": ["approval_type": 1, "registrants_email_notification": false],
                ], token: token)
            try await client.api(
                "PATCH", "/meetings/\(seriesID)", query: "occurrence_id=\(occurrence)",
                body: ["start_time": "2027-04-14T17:00:00", "duration": 60], token: token)
            try await client.api(
                "PATCH", "/meetings/\(seriesID)",
                body: ["recurrence": ["type": 2, "weekly_days": "2,4", "end_times": 4]], token: token)
            try await client.api(
                "GET", "/users/\(Fixture.host)/meetings", query: "type=upcoming&page_size=2", token: token)
            // Registrants.
            for (meeting, email, auto) in [
                (single, "a@example.org", false), (single, "b@example.org", true), (seriesID, "c@example.org", false),
            ] {
                try await client.api(
                    "POST", "/meetings/\(meeting)/registrants",
                    body: [
                        "email": .string(email), "first_name": "Erika", "last_name": "Muster",
                        "org": "Firma", "auto_approve": .bool(auto), "language": "de-DE",
                    ], token: token)
            }
            let pending = try await client.api(
                "GET", "/meetings/\(single)/registrants", query: "status=pending&page_size=300", token: token)
            let pendingID = try #require(pending.json?["registrants"]?[0]?["id"]?.stringValue)
            try await client.api("GET", "/meetings/\(single)/registrants/\(pendingID)", token: token)
            try await client.api(
                "PUT", "/meetings/\(single)/registrants/status",
                body: ["action": "approve", "registrants": [["id": .string(pendingID), "email": "a@example.org"]]],
                token: token)
            try await client.api(
                "PUT", "/meetings/\(single)/registrants/status",
                body: ["action": "cancel", "registrants": [["email": "b@example.org"]]], token: token)
            for status in ["approved", "denied"] {
                try await client.api("GET", "/meetings/\(single)/registrants", query: "status=\(status)", token: token)
            }
            try await client.api("GET", "/meetings/\(seriesID)/registrants", token: token)
            // Batch registration (scheduled meetings and webinars only).
            try await client.api(
                "POST", "/meetings/\(single)/batch_registrants",
                body: [
                    "auto_approve": true, "registrants_confirmation_email": false,
                    "registrants": [
                        ["email": "d@example.org", "first_name": "Dana", "last_name": "Dörr"],
                        ["email": "e@example.org", "first_name": "Emil"],
                    ],
                ],
                token: token)
            let scheduledWebinar = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(type: 5, approval: 0), webinar: true)["id"]?
                    .intValue)
            try await client.api(
                "POST", "/webinars/\(scheduledWebinar)/batch_registrants",
                body: [
                    "auto_approve": true,
                    "registrants": [["email": "f@example.org", "first_name": "Fritz", "last_name": "Fuß"]],
                ], token: token)
            // Webinars.
            let webinar = try await Fixture.create(
                client, token, Fixture.meetingBody(type: 9, approval: 0, recurrence: ["type": 1, "end_times": 2]),
                webinar: true)
            let webinarID = try #require(webinar["id"]?.intValue)
            try await client.api("GET", "/webinars/\(webinarID)", token: token)
            try await client.api("PATCH", "/webinars/\(webinarID)", body: ["topic": "Webinar neu"], token: token)
            try await client.api("GET", "/users/\(Fixture.host)/webinars", query: "page_size=30", token: token)
            let added = try await client.api(
                "POST", "/webinars/\(webinarID)/registrants", body: Fixture.registrant("w@example.org"), token: token)
            let webinarRegistrant = try #require(added.json?["registrant_id"]?.stringValue)
            try await client.api("GET", "/webinars/\(webinarID)/registrants", token: token)
            try await client.api("GET", "/webinars/\(webinarID)/registrants/\(webinarRegistrant)", token: token)
            try await client.api(
                "PUT", "/webinars/\(webinarID)/registrants/status",
                body: ["action": "cancel", "registrants": [["id": .string(webinarRegistrant)]]], token: token)
            try await client.api("DELETE", "/webinars/\(webinarID)/registrants/\(webinarRegistrant)", token: token)
            // Users, deletes.
            try await client.api("GET", "/users/\(Fixture.host)", token: token)
            try await client.api("DELETE", "/meetings/\(seriesID)", query: "occurrence_id=\(occurrence)", token: token)
            try await client.api("DELETE", "/meetings/\(single)", token: token)

            let exchanges = await client.log.exchanges
            var checkedRequests = 0
            var checkedResponses = 0
            var problems: [String] = []
            for exchange in exchanges {
                #expect(
                    (200..<300).contains(exchange.status),
                    "\(exchange.method) \(exchange.path) answered \(exchange.status): \(exchange.responseBody?.serialized() ?? "")"
                )
                problems += zoom.problems(
                    method: exchange.method, path: exchange.path, status: exchange.status,
                    request: exchange.requestBody, response: exchange.responseBody)
                if exchange.requestBody != nil { checkedRequests += 1 }
                if exchange.responseBody != nil { checkedResponses += 1 }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            #expect(checkedRequests >= 15)
            #expect(checkedResponses >= 20)
        }
    }
}
