import Foundation
import Testing
import ZoomSimulator

@Suite("Simulator registrants")
struct SimulatorRegistrantTests {
    static func emails(_ answer: HTTPResult) -> [String] {
        answer.json?["registrants"]?.arrayValue?.compactMap { $0["email"]?.stringValue }.sorted() ?? []
    }

    @Test("approval 0 approves with a personal join_url; approval 1 is pending without join_url unless auto_approve")
    func approvalTypes() async throws {
        try await Fixture.run { _, client, token in
            let auto = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            let a = try await client.api(
                "POST", "/meetings/\(auto)/registrants", body: Fixture.registrant("a@example.org"), token: token)
            let b = try await client.api(
                "POST", "/meetings/\(auto)/registrants", body: Fixture.registrant("b@example.org"), token: token)
            #expect(a.status == 201)
            #expect(a.json?["id"]?.intValue == auto)
            let joinA = try #require(a.json?["join_url"]?.stringValue)
            #expect(joinA != b.json?["join_url"]?.stringValue)
            #expect(a.json?["registrant_id"]?.stringValue?.isEmpty == false)
            #expect(a.json?["topic"]?.stringValue == "Excel Grundlagen")
            let approved = try await client.api("GET", "/meetings/\(auto)/registrants", token: token)
            #expect(Self.emails(approved) == ["a@example.org", "b@example.org"])
            #expect(approved.json?["registrants"]?[0]?["status"]?.stringValue == "approved")

            let manual = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 1))["id"]?.intValue)
            let c = try await client.api(
                "POST", "/meetings/\(manual)/registrants", body: Fixture.registrant("c@example.org"), token: token)
            #expect(c.status == 201)
            #expect(c.json?["join_url"] == nil)
            let d = try await client.api(
                "POST", "/meetings/\(manual)/registrants", body: Fixture.registrant("d@example.org", autoApprove: true),
                token: token)
            #expect(d.json?["join_url"] == nil)
            #expect(
                Self.emails(try await client.api("GET", "/meetings/\(manual)/registrants", token: token)) == [
                    "d@example.org"
                ])
            let pending = try await client.api(
                "GET", "/meetings/\(manual)/registrants", query: "status=pending", token: token)
            #expect(Self.emails(pending) == ["c@example.org"])
            #expect(pending.json?["registrants"]?[0]?["join_url"]?.stringValue?.isEmpty == false)

            let none = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 2))["id"]?.intValue)
            #expect(
                try await client.api(
                    "POST", "/meetings/\(none)/registrants", body: Fixture.registrant("e@example.org"), token: token
                ).code == 3000)
        }
    }

    @Test(
        "cancel makes denied, a denied address is refused on re-add, approve brings it back; active re-add returns the same registration"
    )
    func statusLifecycle() async throws {
        try await Fixture.run { simulator, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            let first = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("a@example.org"), token: token)
            let registrantID = try #require(first.json?["registrant_id"]?.stringValue)
            let again = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("A@example.org"), token: token)
            #expect(again.status == 201)
            #expect(again.json?["registrant_id"]?.stringValue == registrantID)
            let cancel = try await client.api(
                "PUT", "/meetings/\(id)/registrants/status",
                body: ["action": "cancel", "registrants": [["id": .string(registrantID), "email": "a@example.org"]]],
                token: token)
            #expect(cancel.status == 204)
            #expect(
                Self.emails(
                    try await client.api("GET", "/meetings/\(id)/registrants", query: "status=denied", token: token))
                    == ["a@example.org"])
            #expect(Self.emails(try await client.api("GET", "/meetings/\(id)/registrants", token: token)).isEmpty)
            let refused = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("a@example.org"), token: token)
            #expect(refused.status == 400 && refused.code == 3000)
            let approve = try await client.api(
                "PUT", "/meetings/\(id)/registrants/status",
                body: ["action": "approve", "registrants": [["email": "a@example.org"]]], token: token)
            #expect(approve.status == 204)
            #expect(
                Self.emails(try await client.api("GET", "/meetings/\(id)/registrants", token: token)) == [
                    "a@example.org"
                ])
            // deny also works on pending registrations; deleting frees the address.
            #expect(
                try await client.api(
                    "PUT", "/meetings/\(id)/registrants/status",
                    body: ["action": "deny", "registrants": [["id": .string(registrantID)]]], token: token
                ).status == 204)
            #expect(await simulator.snapshot().meeting(id)?.registrants.first?.status == "denied")
            #expect(
                try await client.api("DELETE", "/meetings/\(id)/registrants/\(registrantID)", token: token).status
                    == 204)
            #expect(
                try await client.api("DELETE", "/meetings/\(id)/registrants/\(registrantID)", token: token).status
                    == 404)
            #expect(await simulator.snapshot().meeting(id)?.registrants.isEmpty == true)
            // At most 30 per status call; unknown actions are refused.
            let many = JSONValue.array((0..<31).map { ["email": .string("x\($0)@example.org")] })
            #expect(
                try await client.api(
                    "PUT", "/meetings/\(id)/registrants/status", body: ["action": "approve", "registrants": many],
                    token: token
                ).code == 300)
            #expect(
                try await client.api(
                    "PUT", "/meetings/\(id)/registrants/status", body: ["action": "remove", "registrants": []],
                    token: token
                ).code == 300)
        }
    }

    @Test("the host cannot register (3027); a full meeting answers 3043; a meeting that is over answers 3038")
    func refusals() async throws {
        try await Fixture.run({ $0.registrantCapacity = 2 }) { simulator, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            let host = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant(Fixture.host), token: token)
            #expect(host.status == 400 && host.code == 3027)
            for email in ["a@example.org", "b@example.org"] {
                #expect(
                    try await client.api(
                        "POST", "/meetings/\(id)/registrants", body: Fixture.registrant(email), token: token
                    ).status == 201)
            }
            let full = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("c@example.org"), token: token)
            #expect(full.status == 400 && full.code == 3043)
            // Validation of the add body.
            let bad = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: ["email": "not-an-address"], token: token)
            #expect(bad.code == 300)
            #expect(
                Set(bad.json?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []) == [
                    "email", "first_name",
                ])
            // The meeting (2027-02-01 16:00 Berlin, 300 min) is over after 20:00 Berlin.
            await simulator.freezeClock(at: Fixture.date("2027-02-01T20:00:01Z"))
            let token = try await client.token()
            let over = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("d@example.org"), token: token)
            #expect(over.status == 400 && over.code == 3038)
        }
    }

    @Test("the default capacity is 4,999")
    func defaultCapacity() {
        #expect(SimulatorConfiguration().registrantCapacity == 4999)
    }

    @Test("registrant lists page with expiring tokens and filter by status")
    func paging() async throws {
        try await Fixture.run { _, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            for n in 0..<5 {
                _ = try await client.api(
                    "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("p\(n)@example.org"), token: token)
            }
            var seen: [String] = []
            var next = ""
            var pages = 0
            repeat {
                let page = try await client.api(
                    "GET", "/meetings/\(id)/registrants",
                    query: "status=approved&page_size=2" + (next.isEmpty ? "" : "&next_page_token=\(next)"),
                    token: token)
                #expect(page.json?["total_records"]?.intValue == 5)
                seen += Self.emails(page)
                next = page.json?["next_page_token"]?.stringValue ?? ""
                pages += 1
            } while !next.isEmpty && pages < 10
            #expect(pages == 3)
            #expect(seen.sorted() == (0..<5).map { "p\($0)@example.org" })
            // A token from one list is not valid for another.
            let meetingsPage = try await client.api(
                "GET", "/meetings/\(id)/registrants", query: "page_size=1", token: token)
            let foreign = try #require(meetingsPage.json?["next_page_token"]?.stringValue)
            #expect(
                try await client.api(
                    "GET", "/meetings/\(id)/registrants", query: "status=pending&next_page_token=\(foreign)",
                    token: token
                ).code == 300)
        }
    }

    @Test("webinar registrants work the same way")
    func webinarRegistrants() async throws {
        try await Fixture.run { _, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(type: 5, approval: 0), webinar: true)["id"]?
                    .intValue)
            let added = try await client.api(
                "POST", "/webinars/\(id)/registrants", body: Fixture.registrant("w@example.org"), token: token)
            #expect(added.status == 201)
            let registrantID = try #require(added.json?["registrant_id"]?.stringValue)
            #expect(
                Self.emails(try await client.api("GET", "/webinars/\(id)/registrants", token: token)) == [
                    "w@example.org"
                ])
            #expect(
                try await client.api("GET", "/webinars/\(id)/registrants/\(registrantID)", token: token).json?["email"]?
                    .stringValue == "w@example.org")
            #expect(
                try await client.api(
                    "PUT", "/webinars/\(id)/registrants/status",
                    body: ["action": "cancel", "registrants": [["id": .string(registrantID)]]], token: token
                ).status == 204)
            #expect(
                Self.emails(
                    try await client.api("GET", "/webinars/\(id)/registrants", query: "status=denied", token: token))
                    == ["w@example.org"])
            #expect(try await client.api("GET", "/meetings/\(id)/registrants", token: token).code == 3000)
        }
    }
}
