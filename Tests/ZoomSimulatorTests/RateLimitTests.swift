import Foundation
import Testing
import ZoomSimulator

@Suite("Simulator rate limits")
struct SimulatorRateLimitTests {
    @Test("per-second limits per label (pro: Light 30, Medium 20) answer 429 with Zoom's headers")
    func perSecondPro() async throws {
        try await Fixture.run({ $0.enforceRateLimits = true }) { simulator, client, token in
            let light = "/users/\(Fixture.host)"
            for _ in 0..<30 { #expect(try await client.api("GET", light, token: token).status == 200) }
            let limited = try await client.api("GET", light, token: token)
            #expect(limited.status == 429)
            #expect(limited.code == 429)
            #expect(limited.json?["message"]?.stringValue?.isEmpty == false)
            #expect(limited.header("X-RateLimit-Category") == "Light")
            #expect(limited.header("x-ratelimit-type") == "QPS")
            #expect(limited.header("X-RateLimit-Limit") == "30")
            #expect(limited.header("X-RateLimit-Remaining") == "0")
            #expect(limited.header("Retry-After") == "2027-01-04T09:00:01Z")
            // Medium has its own window.
            let medium = "/users/\(Fixture.host)/meetings"
            for _ in 0..<20 { #expect(try await client.api("GET", medium, token: token).status == 200) }
            let mediumLimited = try await client.api("GET", medium, token: token)
            #expect(mediumLimited.status == 429 && mediumLimited.header("X-RateLimit-Category") == "Medium")
            #expect(mediumLimited.header("X-RateLimit-Limit") == "20")
            // The window slides: one second later calls pass again.
            await simulator.advanceClock(by: 1)
            #expect(try await client.api("GET", light, token: token).status == 200)
        }
    }

    @Test("the business plan allows 80 Light calls per second")
    func perSecondBusiness() async throws {
        try await Fixture.run({
            $0.enforceRateLimits = true
            $0.plan = .business
        }) { _, client, token in
            for _ in 0..<80 {
                #expect(try await client.api("GET", "/users/\(Fixture.host)", token: token).status == 200)
            }
            let limited = try await client.api("GET", "/users/\(Fixture.host)", token: token)
            #expect(limited.status == 429 && limited.header("X-RateLimit-Limit") == "80")
        }
    }

    @Test("100 meeting creates + updates per host per UTC day, then a daily 429 until 00:00 UTC")
    func hostDaily() async throws {
        try await Fixture.run({ $0.users.append(SimulatedUser(email: "other@example.com")) }) {
            simulator, client, token in
            var ids: [Int64] = []
            for n in 0..<99 {
                ids.append(
                    try #require(
                        try await Fixture.create(client, token, Fixture.meetingBody(topic: "M\(n)"))["id"]?.intValue))
            }
            #expect(
                try await client.api("PATCH", "/meetings/\(ids[0])", body: ["topic": "update 100"], token: token).status
                    == 204)
            let create = try await client.api(
                "POST", "/users/\(Fixture.host)/meetings", body: Fixture.meetingBody(), token: token)
            #expect(create.status == 429 && create.code == 429)
            #expect(create.header("X-RateLimit-Type") == "Daily-limit")
            #expect(create.header("X-RateLimit-Limit") == "100")
            #expect(create.header("Retry-After") == "2027-01-05T00:00:00Z")
            #expect(
                try await client.api("PATCH", "/meetings/\(ids[1])", body: ["topic": "x"], token: token).status == 429)
            // Reads and other hosts are not affected.
            #expect(try await client.api("GET", "/meetings/\(ids[1])", token: token).status == 200)
            _ = try await Fixture.create(client, token, Fixture.meetingBody(), host: "other@example.com")
            // Reset at 00:00 UTC.
            await simulator.freezeClock(at: Fixture.date("2027-01-05T00:00:00Z"))
            let token = try await client.token()
            _ = try await Fixture.create(client, token, Fixture.meetingBody())
        }
    }

    @Test("3 adds per address per meeting per day (re-adds count), then a daily 429")
    func registrantAdds() async throws {
        try await Fixture.run { simulator, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            let other = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            for _ in 0..<3 {
                #expect(
                    try await client.api(
                        "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("a@example.org"), token: token
                    ).status == 201)
            }
            let limited = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("a@example.org"), token: token)
            #expect(limited.status == 429)
            #expect(limited.header("X-RateLimit-Type") == "Daily-limit")
            #expect(limited.header("Retry-After") == "2027-01-05T00:00:00Z")
            // Another address, or the same address on another meeting, is fine.
            #expect(
                try await client.api(
                    "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("b@example.org"), token: token
                ).status == 201)
            #expect(
                try await client.api(
                    "POST", "/meetings/\(other)/registrants", body: Fixture.registrant("a@example.org"), token: token
                ).status == 201)
            await simulator.advanceClock(by: 15 * 3600)
            let token = try await client.token()
            #expect(
                try await client.api(
                    "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("a@example.org"), token: token
                ).status == 201)
        }
    }

    @Test("status changes have their own daily limit per registrant")
    func statusDaily() async throws {
        try await Fixture.run({ $0.registrantDailyStatusLimit = 2 }) { _, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 1))["id"]?.intValue)
            _ = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("a@example.org"), token: token)
            let body: JSONValue = ["action": "approve", "registrants": [["email": "a@example.org"]]]
            #expect(
                try await client.api("PUT", "/meetings/\(id)/registrants/status", body: body, token: token).status
                    == 204)
            #expect(
                try await client.api("PUT", "/meetings/\(id)/registrants/status", body: body, token: token).status
                    == 204)
            let limited = try await client.api("PUT", "/meetings/\(id)/registrants/status", body: body, token: token)
            #expect(limited.status == 429 && limited.header("X-RateLimit-Category") == "Medium")
        }
    }
}
