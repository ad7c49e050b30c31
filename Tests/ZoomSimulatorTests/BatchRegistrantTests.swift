import Foundation
import Testing
import ZoomSimulator

@Suite("Simulator batch registration")
struct SimulatorBatchRegistrantTests {
    static func people(_ emails: [String]) -> JSONValue {
        .array(emails.map { Fixture.registrant($0) })
    }

    @Test(
        "batch_registrants registers up to 30 at once with join links; an active address answers its registration, a denied one and the host are left out"
    )
    func registersAndAnswers() async throws {
        try await Fixture.run { simulator, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 1))["id"]?.intValue)
            let earlier = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("old@example.org", autoApprove: true),
                token: token)
            let earlierID = try #require(earlier.json?["registrant_id"]?.stringValue)
            let gone = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("gone@example.org", autoApprove: true),
                token: token)
            _ = try await client.api(
                "PUT", "/meetings/\(id)/registrants/status",
                body: [
                    "action": "cancel",
                    "registrants": [["id": gone.json?["registrant_id"] ?? .null, "email": "gone@example.org"]],
                ],
                token: token)

            let emails = (0..<28).map { "p\($0)@example.org" } + ["OLD@example.org", "gone@example.org"]
            let answer = try await client.api(
                "POST", "/meetings/\(id)/batch_registrants",
                body: [
                    "auto_approve": true, "registrants_confirmation_email": false,
                    "registrants": Self.people(emails),
                ], token: token)
            #expect(answer.status == 201)
            let entries = try #require(answer.json?["registrants"]?.arrayValue)
            #expect(entries.count == 29)
            #expect(!entries.contains { $0["email"]?.stringValue == "gone@example.org" })
            #expect(
                entries.first { $0["email"]?.stringValue?.lowercased() == "old@example.org" }?["registrant_id"]?
                    .stringValue == earlierID)
            #expect(entries.allSatisfy { $0["join_url"]?.stringValue?.contains("/w/\(id)?tk=") == true })

            let meeting = try #require(await simulator.snapshot().meeting(id))
            #expect(meeting.registrants.count == 30)
            #expect(meeting.registrants.filter { $0.status == "approved" }.count == 29)
            #expect(meeting.registrants.first { $0.email == "gone@example.org" }?.status == "denied")

            // Without auto_approve, manual approval leaves them pending (no join link in the answer).
            let pending = try await client.api(
                "POST", "/meetings/\(id)/batch_registrants",
                body: ["registrants": Self.people(["q1@example.org", "q2@example.org", Fixture.host])], token: token)
            #expect(pending.status == 201)
            #expect(pending.json?["registrants"]?.arrayValue?.count == 2)
            #expect(pending.json?["registrants"]?.arrayValue?.allSatisfy { $0["join_url"] == nil } == true)
            let listed = try await client.api(
                "GET", "/meetings/\(id)/registrants", query: "status=pending", token: token)
            #expect(SimulatorRegistrantTests.emails(listed) == ["q1@example.org", "q2@example.org"])
        }
    }

    @Test(
        "batch_registrants refuses recurring meetings (303), more than 30 (300), bad entries (300 with the entry's field), no registration, a meeting that is over"
    )
    func refusals() async throws {
        try await Fixture.run({ $0.registrantCapacity = 3 }) { simulator, client, token in
            let recurrence: JSONValue = ["type": 2, "repeat_interval": 1, "weekly_days": "2", "end_times": 3]
            let series = try #require(
                try await Fixture.create(
                    client, token, Fixture.meetingBody(type: 8, approval: 0, recurrence: recurrence))["id"]?.intValue)
            let recurring = try await client.api(
                "POST", "/meetings/\(series)/batch_registrants",
                body: ["registrants": Self.people(["a@example.org", "b@example.org"])], token: token)
            #expect(recurring.status == 400 && recurring.code == 303)

            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            let tooMany = try await client.api(
                "POST", "/meetings/\(id)/batch_registrants",
                body: ["registrants": Self.people((0..<31).map { "x\($0)@example.org" })], token: token)
            #expect(tooMany.status == 400 && tooMany.code == 300)
            let bad = try await client.api(
                "POST", "/meetings/\(id)/batch_registrants",
                body: ["registrants": [["email": "a@example.org", "first_name": "A"], ["email": "nope"]]], token: token)
            #expect(bad.code == 300)
            #expect(
                Set(bad.json?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
                    == ["registrants[1].email", "registrants[1].first_name"])
            let full = try await client.api(
                "POST", "/meetings/\(id)/batch_registrants",
                body: ["registrants": Self.people((0..<4).map { "y\($0)@example.org" })], token: token)
            #expect(full.status == 400 && full.code == 3043)
            #expect(await simulator.snapshot().meeting(id)?.registrants.isEmpty == true)

            let closed = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 2))["id"]?.intValue)
            let noRegistration = try await client.api(
                "POST", "/meetings/\(closed)/batch_registrants",
                body: ["registrants": Self.people(["a@example.org"])], token: token)
            #expect(noRegistration.status == 400 && noRegistration.code == 404)

            await simulator.freezeClock(at: Fixture.date("2027-02-01T20:00:01Z"))
            let fresh = try await client.token()
            let over = try await client.api(
                "POST", "/meetings/\(id)/batch_registrants",
                body: ["registrants": Self.people(["a@example.org"])], token: fresh)
            #expect(over.status == 400 && over.code == 3038)
        }
    }

    @Test("batch_registrants is Heavy: the 11th call within a second answers 429 with X-RateLimit-Category Heavy")
    func heavyLabel() async throws {
        try await Fixture.run({ $0.enforceRateLimits = true }) { _, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            var statuses: [Int] = []
            var last: HTTPResult?
            for n in 0..<11 {
                let answer = try await client.api(
                    "POST", "/meetings/\(id)/batch_registrants",
                    body: ["registrants": Self.people(["h\(n)@example.org"])], token: token)
                statuses.append(answer.status)
                last = answer
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == 201 })
            #expect(statuses.last == 429)
            #expect(last?.header("X-RateLimit-Category") == "Heavy")
            // Light calls are not held back by the Heavy window.
            #expect(try await client.api("GET", "/meetings/\(id)", token: token).status == 200)
        }
    }

    @Test("webinars take batch registration at /webinars/{id}/batch_registrants (type 5)")
    func webinars() async throws {
        try await Fixture.run { _, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(type: 5, approval: 0), webinar: true)["id"]?
                    .intValue)
            let answer = try await client.api(
                "POST", "/webinars/\(id)/batch_registrants",
                body: ["registrants": Self.people(["w1@example.org", "w2@example.org"])],
                token: token)
            #expect(answer.status == 201)
            #expect(answer.json?["registrants"]?.arrayValue?.count == 2)
            // A webinar id on the meeting path is refused as elsewhere.
            #expect(
                try await client.api(
                    "POST", "/meetings/\(id)/batch_registrants", body: ["registrants": Self.people(["w3@example.org"])],
                    token: token
                ).code == 3000)
        }
    }
}
